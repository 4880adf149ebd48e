import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

/**
 * Test images made with sharp at run time, so no binary fixtures live in the repo.
 * The EXIF ones carry what a phone writes: orientation, camera, capture time, GPS.
 */

/** EXIF of a phone photo taken in Zhoukou: device, local capture time, GPS position. */
export const PHONE_EXIF = {
  IFD0: { Make: 'TestPhone', Model: 'Dudao-1' },
  // IFD2 is the Exif sub-IFD in libvips' numbering, IFD3 the GPS one.
  IFD2: { DateTimeOriginal: '2026:03:01 14:05:09' },
  IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '33/1 37/1 30/1', GPSLongitudeRef: 'E', GPSLongitude: '114/1 39/1 0/1' },
};

/**
 * A landscape JPEG (left half red, right half blue) whose EXIF says "rotate 90°
 * clockwise" (orientation 6), as a phone held upright writes it.
 */
export async function rotatedPhoneJpeg(width = 600, height = 300): Promise<Buffer> {
  const half = Math.floor(width / 2);
  return sharp({ create: { width, height, channels: 3, background: { r: 0, g: 0, b: 255 } } })
    .composite([{ input: { create: { width: half, height, channels: 3, background: { r: 255, g: 0, b: 0 } } }, left: 0, top: 0 }])
    .withExif(PHONE_EXIF)
    .withMetadata({ orientation: 6 })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** A plain JPEG of the given size, without metadata. */
export async function plainJpeg(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 30, g: 120, b: 60 } } })
    .jpeg()
    .toBuffer();
}

/** A half-transparent PNG with EXIF (PNG's eXIf chunk) and GPS. */
export async function exifPng(width = 200, height = 100): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: { r: 10, g: 200, b: 10, alpha: 0.5 } } })
    .withExif(PHONE_EXIF)
    .png()
    .toBuffer();
}

/** A WebP with EXIF and GPS. */
export async function exifWebp(width = 120, height = 80): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 200, b: 10 } } })
    .withExif(PHONE_EXIF)
    .withMetadata({ orientation: 6 })
    .webp()
    .toBuffer();
}

/** A PNG of one colour whose header claims `side × side` pixels: tiny on disk, huge decoded. */
export function pixelBombPng(side = 8000): Promise<Buffer> {
  // Encoding 64 MP takes a second or so: make each size once per test file.
  let p = bombs.get(side);
  if (!p) bombs.set(side, (p = makeBomb(side)));
  return p;
}
const bombs = new Map<number, Promise<Buffer>>();

async function makeBomb(side: number): Promise<Buffer> {
  return sharp({ create: { width: side, height: side, channels: 3, background: { r: 0, g: 0, b: 0 } } })
    .png({ compressionLevel: 9 })
    .toBuffer();
}

/** A text file, whatever it is named. */
export const TEXT_FILE = Buffer.from('这不是照片 — just text pretending to be scene.jpg\n');

/** Starts like a JPEG, then garbage. */
export const CORRUPT_JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 0x41)]);

/** Number of files under a folder (recursively); 0 if it does not exist. */
export function countFiles(dir: string): number {
  let n = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) n += e.isDirectory() ? countFiles(join(dir, e.name)) : 1;
  return n;
}
