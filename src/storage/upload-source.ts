import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';

/**
 * The content of one uploaded file, wherever it is. An HTTP upload is a temporary file
 * that readMultipart streamed to disk ({@link fileSource}); the demo and tests hold
 * their photos in memory already ({@link bytesSource}). FileService reads only what it
 * needs: a head for the type, a tail for a PDF's end marker, and the whole as a stream
 * (to storage) or through sharp (which reads a path itself, off the JS heap).
 *
 * One interface over both instead of "always a temp file": the in-memory callers would
 * otherwise each have to write and remove temp files for bytes they already hold.
 */
export interface UploadSource {
  /** Length in bytes. */
  readonly size: number;
  /** SHA-256 of the content in hex, known up front (hashed as it was received). */
  readonly sha256: string;
  /** The first `n` bytes (fewer when the content is shorter). */
  head(n: number): Promise<Buffer>;
  /** The last `n` bytes (the whole content when it is shorter). */
  tail(n: number): Promise<Buffer>;
  /** The whole content, from the start; a fresh stream on every call. */
  stream(): Readable;
  /** What sharp should read: the file's path, or the bytes when they are in memory. */
  imageInput(): string | Buffer;
}

/** An upload already in memory (the demo's bundled photos, tests). */
export function bytesSource(bytes: Buffer): UploadSource {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return {
    size: bytes.length,
    sha256,
    head: async (n) => bytes.subarray(0, n),
    tail: async (n) => bytes.subarray(Math.max(0, bytes.length - n)),
    stream: () => Readable.from([bytes]),
    imageInput: () => bytes,
  };
}

/** Reads `length` bytes at `position` of the file (fewer at its end). */
async function readRange(path: string, position: number, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buf, 0, length, position);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * An upload in a file on disk, of `size` bytes hashing to `sha256` (both counted while it
 * was written). The file belongs to whoever wrote it (readMultipart removes it when the
 * request ends); this only reads it.
 */
export function fileSource(path: string, size: number, sha256: string): UploadSource {
  return {
    size,
    sha256,
    head: (n) => readRange(path, 0, Math.min(n, size)),
    tail: (n) => readRange(path, Math.max(0, size - n), Math.min(n, size)),
    stream: () => createReadStream(path),
    imageInput: () => path,
  };
}
