import type Sharp from 'sharp';

/**
 * Photo handling for case evidence: recognise the accepted formats by their bytes,
 * and derive the copies a public view may show. The uploaded bytes themselves are
 * never changed here; callers store them as the original for officials.
 */

/** The formats accepted for photos and evidence. */
export type ImageKind = 'jpeg' | 'png' | 'webp';

/** An accepted format as recognised from the leading bytes. */
export interface ImageType {
  kind: ImageKind;
  mime: string;
  /** Storage key extension, lower case, no dot. */
  extension: string;
}

const TYPES: Record<ImageKind, ImageType> = {
  jpeg: { kind: 'jpeg', mime: 'image/jpeg', extension: 'jpg' },
  png: { kind: 'png', mime: 'image/png', extension: 'png' },
  webp: { kind: 'webp', mime: 'image/webp', extension: 'webp' },
};

/** Pixels (width × height) above which an upload is refused before decoding: a guard against decompression bombs. */
export const MAX_INPUT_PIXELS = 50_000_000;
/** Long edge of the public copy. Phone photos are larger; 2560 px is plenty for a case page and keeps copies small. */
export const PUBLIC_MAX_EDGE = 2560;
/** Long edge of thumbnails (lists, timelines, map pop-ups). */
export const THUMB_MAX_EDGE = 320;

let sharpLoading: Promise<typeof Sharp> | null = null;
/** sharp (libvips, a native library of tens of MB) is loaded with the first photo, not at server start. */
const loadSharp = () =>
  (sharpLoading ??= import('sharp').then((m) => {
    // Every photo is decoded once: libvips' operation cache (up to 50 MB by default) never
    // hits and only holds memory, which the soak saw as steady RSS growth under photo load.
    m.default.cache(false);
    return m.default;
  }));

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, magic: readonly number[], at = 0): boolean {
  if (bytes.length < at + magic.length) return false;
  return magic.every((b, i) => bytes[at + i] === b);
}

function ascii(bytes: Uint8Array, at: number, length: number): string {
  return Buffer.from(bytes.subarray(at, at + length)).toString('latin1');
}

/**
 * The accepted format of `bytes`, from their signature only: a file name or a
 * declared Content-Type is what a client says, the bytes are what it sent.
 * Anything else (including an empty upload) is null.
 */
export function inspectImage(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return TYPES.jpeg;
  if (startsWith(bytes, PNG_MAGIC)) return TYPES.png;
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return TYPES.webp;
  return null;
}

/**
 * A short human description of what `bytes` look like, for the message that
 * refuses them (e.g. "HEIC image" tells an iPhone user what to change).
 */
export function describeBytes(bytes: Uint8Array): string {
  const type = inspectImage(bytes);
  if (type) return `${type.kind.toUpperCase()} image`;
  if (bytes.length === 0) return 'an empty file';
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return 'GIF image';
  if (bytes.length >= 12 && ascii(bytes, 4, 4) === 'ftyp') {
    const brand = ascii(bytes, 8, 4);
    if (/^(heic|heix|hevc|heim|heis|mif1|msf1)$/.test(brand)) return 'HEIC/HEIF image';
    if (brand === 'avif' || brand === 'avis') return 'AVIF image';
    return 'video or MP4-family file';
  }
  if (ascii(bytes, 0, 4) === 'II*\0' || ascii(bytes, 0, 4) === 'MM\0*') return 'TIFF image';
  if (ascii(bytes, 0, 2) === 'BM') return 'BMP image';
  if (ascii(bytes, 0, 5) === '%PDF-') return 'PDF document';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'ZIP archive (or an Office document)';
  // stream: true holds back a character cut at the 512-byte mark instead of flagging it.
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 512), { stream: true });
  if (/^\s*<(\?xml|svg|!doctype|html)/i.test(head)) return 'XML/HTML/SVG text';
  // Text if the head decodes as UTF-8 without replacement or control characters.
  const control = [...head].some((c) => {
    const code = c.charCodeAt(0);
    return code < 0x09 || (code > 0x0d && code < 0x20);
  });
  if (!head.includes('\uFFFD') && !control) return 'text';
  return 'unrecognised binary data';
}

/** The mime type for a key extension we write. */
export function mimeOfExtension(extension: string): string {
  const e = extension.toLowerCase();
  return e === 'jpg' || e === 'jpeg'
    ? TYPES.jpeg.mime
    : e === 'png'
      ? TYPES.png.mime
      : e === 'webp'
        ? TYPES.webp.mime
        : e === 'pdf'
          ? 'application/pdf'
          : 'application/octet-stream';
}

/** Why an image could not be processed; the service turns it into a 4xx naming the field. */
export class ImageError extends Error {
  constructor(
    readonly reason: 'unsupported' | 'undecodable' | 'too_many_pixels',
    message: string,
  ) {
    super(message);
    this.name = 'ImageError';
  }
}

/** One derived copy, ready to store. */
export interface Rendition {
  bytes: Buffer;
  mime: string;
  extension: string;
  width: number;
  height: number;
}

/** What {@link processImage} derives from one upload. */
export interface ProcessedImage {
  type: ImageType;
  /** Size of the original once its EXIF orientation is applied. */
  width: number;
  height: number;
  /** EXIF DateTimeOriginal as ISO-8601 UTC, when the camera recorded it. */
  takenAt: string | null;
  /** Re-encoded, oriented, at most PUBLIC_MAX_EDGE, every metadata block removed. */
  public: Rendition;
  /** JPEG of at most THUMB_MAX_EDGE, oriented, no metadata. */
  thumb: Rendition;
}

/**
 * Decodes an accepted image (its bytes, or the path of a file holding them, with
 * `opts.head` its first bytes) and derives its public copy and thumbnail.
 *
 * sharp writes no metadata unless asked (no EXIF, GPS, XMP, IPTC, comments) and
 * converts to sRGB without embedding a profile, so re-encoding is what strips the
 * location and device data a citizen or inspector did not mean to publish.
 * `.rotate()` bakes the EXIF orientation into the pixels first, since the tag that
 * described it is dropped with the rest.
 *
 * Throws {@link ImageError}: `unsupported` when the bytes are not JPEG/PNG/WebP,
 * `too_many_pixels` past `maxPixels` (checked from the header, before decoding),
 * `undecodable` when the decoder fails on the data.
 */
export async function processImage(source: Buffer | string, opts: { maxPixels?: number; head?: Uint8Array } = {}): Promise<ProcessedImage> {
  // A path is read by libvips itself, so an upload on disk is never copied into the JS heap;
  // its type is decided from the head the caller read.
  const head = typeof source === 'string' ? opts.head : source;
  if (!head) throw new Error('processImage: a path needs the head of its file');
  const type = inspectImage(head);
  if (!type) throw new ImageError('unsupported', `not a JPEG, PNG or WebP image (detected: ${describeBytes(head)})`);
  const maxPixels = opts.maxPixels ?? MAX_INPUT_PIXELS;
  const sharp = await loadSharp();
  // failOn 'error': refuse data the decoder cannot read, but tolerate the warnings
  // (stray bytes after the end marker and the like) that real phone photos produce.
  const input = () => sharp(source, { limitInputPixels: maxPixels, failOn: 'error' }).timeout({ seconds: 30 });
  try {
    const meta = await input().metadata();
    if (meta.format !== type.kind) throw new ImageError('undecodable', `the data is not a valid ${type.kind.toUpperCase()} image`);
    const publicOut = input().rotate().resize({ width: PUBLIC_MAX_EDGE, height: PUBLIC_MAX_EDGE, fit: 'inside', withoutEnlargement: true });
    const encoded =
      type.kind === 'png' ? publicOut.png() : type.kind === 'webp' ? publicOut.webp({ quality: 85 }) : publicOut.jpeg({ quality: 85 });
    const pub = await encoded.toBuffer({ resolveWithObject: true });
    const thumb = await input()
      .rotate()
      .resize({ width: THUMB_MAX_EDGE, height: THUMB_MAX_EDGE, fit: 'inside', withoutEnlargement: true })
      // JPEG has no alpha: transparent PNG/WebP areas become white, not black.
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 80 })
      .toBuffer({ resolveWithObject: true });
    return {
      type,
      width: meta.autoOrient.width,
      height: meta.autoOrient.height,
      takenAt: meta.exif ? exifDateTimeOriginal(meta.exif) : null,
      public: { bytes: pub.data, mime: type.mime, extension: type.extension, width: pub.info.width, height: pub.info.height },
      thumb: {
        bytes: thumb.data,
        mime: TYPES.jpeg.mime,
        extension: TYPES.jpeg.extension,
        width: thumb.info.width,
        height: thumb.info.height,
      },
    };
  } catch (e) {
    if (e instanceof ImageError) throw e;
    const message = (e as Error).message;
    if (/pixel limit/i.test(message)) {
      throw new ImageError('too_many_pixels', `the image has more than ${maxPixels} pixels`);
    }
    throw new ImageError('undecodable', `the image data could not be decoded (${message})`);
  }
}

/** China has kept UTC+8 without daylight saving since 1991; cameras here record local time without a zone. */
const DEFAULT_EXIF_OFFSET = '+08:00';

/**
 * DateTimeOriginal (tag 0x9003 in the Exif sub-IFD) from a raw EXIF block as
 * ISO-8601 UTC, using OffsetTimeOriginal (0x9011) when present and UTC+8 otherwise.
 * Null when absent, blank or not a real date. Every read is bounds-checked: the
 * block comes from the client.
 */
export function exifDateTimeOriginal(exif: Buffer, fallbackOffset = DEFAULT_EXIF_OFFSET): string | null {
  const base = exif.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? 6 : 0;
  const tiff = exif.subarray(base);
  if (tiff.length < 8) return null;
  const order = tiff.subarray(0, 2).toString('latin1');
  if (order !== 'II' && order !== 'MM') return null;
  const le = order === 'II';
  const u16 = (at: number) => (at + 2 <= tiff.length ? (le ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at)) : null);
  const u32 = (at: number) => (at + 4 <= tiff.length ? (le ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at)) : null);

  /** Entries of the IFD at `offset`: tag → { type, count, the 4-byte value/offset field's position }. */
  const entries = (offset: number | null) => {
    const out = new Map<number, { type: number; count: number; field: number }>();
    const n = offset === null ? null : u16(offset);
    if (offset === null || n === null) return out;
    for (let i = 0; i < n; i++) {
      const at = offset + 2 + i * 12;
      const tag = u16(at);
      const t = u16(at + 2);
      const count = u32(at + 4);
      if (tag === null || t === null || count === null || at + 12 > tiff.length) break;
      out.set(tag, { type: t, count, field: at + 8 });
    }
    return out;
  };
  const asciiTag = (ifd: Map<number, { type: number; count: number; field: number }>, tag: number): string | null => {
    const e = ifd.get(tag);
    if (!e || e.type !== 2 || e.count > 64) return null;
    const start = e.count <= 4 ? e.field : u32(e.field);
    if (start === null || start + e.count > tiff.length) return null;
    return tiff
      .subarray(start, start + e.count)
      .toString('latin1')
      .replace(/\0+$/, '')
      .trim();
  };

  const ifd0 = entries(u32(4));
  const exifPointer = ifd0.get(0x8769);
  if (!exifPointer) return null;
  const exifIfd = entries(u32(exifPointer.field));
  const value = asciiTag(exifIfd, 0x9003);
  const m = value ? /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(value) : null;
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const offset = asciiTag(exifIfd, 0x9011);
  const zone = /^([+-])(\d{2}):(\d{2})$/;
  const om = (offset ? zone.exec(offset) : null) ?? zone.exec(fallbackOffset);
  if (!om) return null;
  const offsetMs = (om[1] === '-' ? -1 : 1) * (Number(om[2]) * 60 + Number(om[3])) * 60_000;
  const local = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(local);
  // "0000:00:00 00:00:00" and impossible dates (month 13, Feb 30) do not round-trip.
  if (
    y < 1900 ||
    check.getUTCFullYear() !== y ||
    check.getUTCMonth() !== mo - 1 ||
    check.getUTCDate() !== d ||
    h > 23 ||
    mi > 59 ||
    s > 59
  ) {
    return null;
  }
  return new Date(local - offsetMs).toISOString();
}
