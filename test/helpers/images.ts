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
