import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

/** Where photos, evidence and rendered documents live. Local folder now; S3-compatible later. */
export interface FileStorage {
  /** Stores bytes under a new key and returns it with the content's SHA-256. */
  put(bytes: Buffer, opts: { prefix: string; extension: string }): Promise<{ key: string; sha256: string; size: number }>;
  get(key: string): Promise<Buffer>;
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
}

const KEY_PATTERN = /^[a-z0-9][a-z0-9/_-]*\.[a-z0-9]{1,8}$/;

/**
 * Files under a folder (by default `<data dir>/files`). Writes go to a temporary
 * name and are renamed into place, so a crash never leaves a half-written file
 * under a real key. Keys are checked so none can escape the folder.
 */
export class LocalFileStorage implements FileStorage {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  private pathOf(key: string): string {
    if (!KEY_PATTERN.test(key) || key.includes('..')) throw new Error(`invalid storage key: ${key}`);
    const p = resolve(this.root, key);
    if (!p.startsWith(this.root + sep)) throw new Error(`invalid storage key: ${key}`);
    return p;
  }

  async put(bytes: Buffer, opts: { prefix: string; extension: string }) {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const key = `${opts.prefix.replace(/[^a-z0-9/_-]/g, '')}/${sha256.slice(0, 2)}/${randomUUID()}.${opts.extension.toLowerCase()}`;
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.tmp-${process.pid}`;
    await writeFile(tmp, bytes, { flag: 'wx' });
    await rename(tmp, path);
    return { key, sha256, size: bytes.length };
  }

  async get(key: string): Promise<Buffer> {
    return readFile(this.pathOf(key));
  }

  async exists(key: string): Promise<boolean> {
    try {
      await stat(this.pathOf(key));
      return true;
    } catch {
      return false;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}

/** The default folder for files under a data directory. */
export function defaultFilesDir(dataDir: string): string {
  return join(dataDir, 'files');
}
