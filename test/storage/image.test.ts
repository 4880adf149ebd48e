import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  describeBytes,
  exifDateTimeOriginal,
  ImageError,
  inspectImage,
  processImage,
  PUBLIC_MAX_EDGE,
  THUMB_MAX_EDGE,
} from '../../src/storage/image.js';
import { CORRUPT_JPEG, exifPng, exifWebp, pixelBombPng, plainJpeg, rotatedPhoneJpeg, TEXT_FILE } from './images.js';

/** Every metadata block sharp can report; a public copy must have none of them. */
async function metadataBlocks(bytes: Buffer) {
  const m = await sharp(bytes).metadata();
  return { exif: m.exif, xmp: m.xmp, iptc: m.iptc, icc: m.icc, orientation: m.orientation, comments: m.comments };
}

const NONE = { exif: undefined, xmp: undefined, iptc: undefined, icc: undefined, orientation: undefined, comments: undefined };

describe('inspectImage', () => {
  it('recognises JPEG, PNG and WebP by their bytes alone', async () => {
    expect(inspectImage(await plainJpeg(8, 8))?.mime).toBe('image/jpeg');
    expect(inspectImage(await exifPng())?.mime).toBe('image/png');
    expect(inspectImage(await exifWebp())?.mime).toBe('image/webp');
  });

  it('refuses everything else and says what it looks like', async () => {
    expect(inspectImage(TEXT_FILE)).toBeNull();
    expect(describeBytes(TEXT_FILE)).toBe('text');
    // A long Chinese text whose 512th byte falls inside a character is still text.
    expect(describeBytes(Buffer.from('现场照片'.repeat(200)))).toBe('text');
    expect(inspectImage(Buffer.alloc(0))).toBeNull();
    expect(describeBytes(Buffer.alloc(0))).toBe('an empty file');
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: 'red' } })
      .gif()
      .toBuffer();
    expect(inspectImage(gif)).toBeNull();
    expect(describeBytes(gif)).toBe('GIF image');
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.alloc(16)]);
    expect(describeBytes(heic)).toBe('HEIC/HEIF image');
    expect(describeBytes(Buffer.from('%PDF-1.7\n'))).toBe('PDF document');
    expect(describeBytes(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe('XML/HTML/SVG text');
    // A RIFF that is not WebP (a WAV file) is not accepted.
    expect(inspectImage(Buffer.from('RIFF\x10\0\0\0WAVEfmt ', 'latin1'))).toBeNull();
  });
});

describe('processImage', () => {
  it('applies the EXIF orientation and strips every metadata block from the public copy and thumbnail', async () => {
    const original = await rotatedPhoneJpeg(600, 300);
    const before = Buffer.from(original);
    expect((await sharp(original).metadata()).exif).toBeDefined();

    const out = await processImage(original);

    expect(out.type.kind).toBe('jpeg');
    // Portrait once oriented, in the reported size and in both copies.
    expect([out.width, out.height]).toEqual([300, 600]);
    expect([out.public.width, out.public.height]).toEqual([300, 600]);
    const pubMeta = await sharp(out.public.bytes).metadata();
    expect([pubMeta.format, pubMeta.width, pubMeta.height]).toEqual(['jpeg', 300, 600]);
    // Orientation 6 turns the stored left (red) half into the top.
    const { data } = await sharp(out.public.bytes).raw().toBuffer({ resolveWithObject: true });
    const px = (x: number, y: number) => [...data.subarray((y * 300 + x) * 3, (y * 300 + x) * 3 + 3)];
    expect(px(150, 100)[0]).toBeGreaterThan(200);
    expect(px(150, 500)[2]).toBeGreaterThan(200);

    expect(await metadataBlocks(out.public.bytes)).toEqual(NONE);
    expect(await metadataBlocks(out.thumb.bytes)).toEqual(NONE);
    const thumbMeta = await sharp(out.thumb.bytes).metadata();
    expect(thumbMeta.format).toBe('jpeg');
    expect(Math.max(thumbMeta.width, thumbMeta.height)).toBeLessThanOrEqual(THUMB_MAX_EDGE);
    expect(thumbMeta.height).toBeGreaterThan(thumbMeta.width);

    // Local capture time, China time when the camera gave no zone.
    expect(out.takenAt).toBe('2026-03-01T06:05:09.000Z');
    // The input is not touched.
    expect(original.equals(before)).toBe(true);
  });

  it('caps the public copy at 2560 px and the thumbnail at 320 px on the long side', async () => {
    const out = await processImage(await plainJpeg(4000, 1000));
    expect([out.width, out.height]).toEqual([4000, 1000]);
    expect([out.public.width, out.public.height]).toEqual([PUBLIC_MAX_EDGE, 640]);
    expect([out.thumb.width, out.thumb.height]).toEqual([THUMB_MAX_EDGE, 80]);
    expect(out.takenAt).toBeNull();
  });

  it('keeps PNG and WebP as such in the public copy, stripped, and makes JPEG thumbnails', async () => {
    const png = await processImage(await exifPng(200, 100));
    expect(png.public.mime).toBe('image/png');
    expect((await sharp(png.public.bytes).metadata()).hasAlpha).toBe(true);
    expect(await metadataBlocks(png.public.bytes)).toEqual(NONE);
    expect(png.thumb.mime).toBe('image/jpeg');

    const webp = await processImage(await exifWebp(120, 80));
    expect(webp.public.mime).toBe('image/webp');
    expect([webp.public.width, webp.public.height]).toEqual([80, 120]);
    expect(await metadataBlocks(webp.public.bytes)).toEqual(NONE);
    expect(await metadataBlocks(webp.thumb.bytes)).toEqual(NONE);
  });

  it('refuses a pixel bomb from its header, as a client error', async () => {
    const bomb = await pixelBombPng(8000);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const err = await processImage(bomb).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImageError);
    expect((err as ImageError).reason).toBe('too_many_pixels');
  });

  it('refuses data that only starts like an image, and anything not accepted', async () => {
    await expect(processImage(CORRUPT_JPEG)).rejects.toMatchObject({ name: 'ImageError', reason: 'undecodable' });
    await expect(processImage(TEXT_FILE)).rejects.toMatchObject({ name: 'ImageError', reason: 'unsupported' });
    // A real JPEG cut in half.
    const jpeg = await plainJpeg(400, 400);
    await expect(processImage(jpeg.subarray(0, jpeg.length / 2))).rejects.toMatchObject({ reason: 'undecodable' });
  });
});

describe('exifDateTimeOriginal', () => {
  const exifOf = async (ifd2: Record<string, string>) =>
    (
      await sharp(await plainJpeg(8, 8))
        .withExif({ IFD2: ifd2 })
        .jpeg()
        .toBuffer()
        .then((b) => sharp(b).metadata())
    ).exif!;

  it('uses OffsetTimeOriginal when the camera recorded it', async () => {
    expect(exifDateTimeOriginal(await exifOf({ DateTimeOriginal: '2026:03:01 14:05:09', OffsetTimeOriginal: '-05:00' }))).toBe(
      '2026-03-01T19:05:09.000Z',
    );
  });

  it('gives null for blank, impossible or missing dates and for garbage', async () => {
    expect(exifDateTimeOriginal(await exifOf({ DateTimeOriginal: '0000:00:00 00:00:00' }))).toBeNull();
    expect(exifDateTimeOriginal(await exifOf({ DateTimeOriginal: '2026:02:30 10:00:00' }))).toBeNull();
    expect(exifDateTimeOriginal(await exifOf({ ExposureTime: '1/100' }))).toBeNull();
    expect(exifDateTimeOriginal(Buffer.from('Exif\0\0MM\0*\0\0\0\x08\xff\xff', 'latin1'))).toBeNull();
    expect(exifDateTimeOriginal(Buffer.alloc(3))).toBeNull();
  });
});
