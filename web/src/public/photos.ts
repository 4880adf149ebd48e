/**
 * Phone photos are often 4–12 MB: a photo larger than needed is drawn smaller in a canvas
 * and sent as JPEG, so the upload fits the server's limit and a poor connection.
 */
const MAX_SIDE = 2048;

/** The photo as sent: the original when small enough, else a downscaled JPEG. */
export async function shrinkPhoto(file: File, maxBytes: number): Promise<Blob> {
  if (file.size <= Math.min(maxBytes, 1_500_000)) return file;
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
    return blob && blob.size < file.size ? blob : file;
  } catch {
    // Not decodable here (e.g. HEIC on a desktop browser): let the server judge it.
    return file;
  }
}
