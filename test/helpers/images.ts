import sharp from 'sharp';
import type { Upload } from '../../src/services/files/file.service.js';
import { bytesSource } from '../../src/storage/upload-source.js';

/** A small real JPEG (solid colour), for tests that upload photos. */
export async function jpeg(color = '#3366aa', width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: color } })
    .jpeg()
    .toBuffer();
}

/** Uploads as the HTTP layer hands them to services. */
export async function photos(n = 1, field = 'photos'): Promise<Upload[]> {
  return Promise.all(Array.from({ length: n }, async (_, i) => upload(await jpeg(), field, `p${i}.jpg`)));
}

/** One upload of `bytes` held in memory (what the HTTP layer hands over, minus the temporary file). */
export function upload(bytes: Buffer, field = 'photos', filename?: string): Upload {
  return { source: bytesSource(bytes), field, ...(filename !== undefined ? { filename } : {}) };
}

/** Everything a stream yields, as one buffer (a download read back in a test). */
export async function readAll(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

/** A minimal PDF (header, one empty page, end marker): what an appeal's scanned letter looks like to the checks. */
export function pdf(text = 'Dudao test'): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
    'latin1',
  );
}
