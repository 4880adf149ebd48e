import sharp from 'sharp';

/** A small real JPEG (solid colour), for tests that upload photos. */
export async function jpeg(color = '#3366aa', width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: color } })
    .jpeg()
    .toBuffer();
}

/** Uploads as the HTTP layer hands them to services. */
export async function photos(n = 1, field = 'photos'): Promise<{ bytes: Buffer; filename: string; field: string }[]> {
  return Promise.all(Array.from({ length: n }, async (_, i) => ({ bytes: await jpeg(), filename: `p${i}.jpg`, field })));
}

/** A minimal PDF (header, one empty page, end marker): what an appeal's scanned letter looks like to the checks. */
export function pdf(text = 'Dudao test'): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
    'latin1',
  );
}
