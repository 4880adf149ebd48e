/**
 * Phone photos are often 4–12 MB: a photo larger than needed is drawn smaller in a canvas
 * and sent as JPEG, so the upload fits the server's limit and a poor connection.
 */
const SIDES = [2048, 1600, 1280, 1024];
/** Enough for a clear photo of a street problem; larger only costs the citizen's data. */
const TARGET_BYTES = 1_500_000;

/** The photo as sent: the original when small enough, else a downscaled JPEG (smaller sides until it fits). */
export async function shrinkPhoto(file: File, maxBytes: number): Promise<Blob> {
  const target = Math.min(maxBytes, TARGET_BYTES);
  if (file.size <= target) return file;
  try {
    const bitmap = await createImageBitmap(file);
    let best: Blob = file;
    for (const side of SIDES) {
      const scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
      const canvas = document.createElement('canvas');
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.82));
      if (blob && blob.size < best.size) best = blob;
      if (best.size <= target) break;
    }
    bitmap.close();
    return best;
  } catch {
    // Not decodable here (e.g. HEIC on a desktop browser): let the server judge it.
    return file;
  }
}
