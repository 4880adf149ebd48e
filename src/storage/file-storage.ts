import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

/** One thing found in storage by {@link FileStorage.list}, for the clean-up sweep. */
export interface StoredEntry {
  /** The object's key; for a temporary or unknown file, its path under the root (with `/`). */
  name: string;
  /**
   * `object`: stored under a key; `temp`: a write that never finished (the process died
   * between writing and renaming); `other`: nothing Dudao writes, never touched.
   */
  kind: 'object' | 'temp' | 'other';
  modifiedAt: Date;
}

/** Where photos, evidence and rendered documents live. Local folder now; S3-compatible later. */
export interface FileStorage {
  /** Stores bytes under a new key and returns it with the content's SHA-256. */
  put(bytes: Buffer, opts: { prefix: string; extension: string }): Promise<{ key: string; sha256: string; size: number }>;
  get(key: string): Promise<Buffer>;
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Everything in storage, objects and leftovers, in no particular order. */
  list(): AsyncIterable<StoredEntry>;
  /** Deletes an object or a temporary file that {@link list} returned; refuses `other`. */
  remove(entry: StoredEntry): Promise<void>;
}

const KEY_PATTERN = /^[a-z0-9][a-z0-9/_-]*\.[a-z0-9]{1,8}$/;
/** The name {@link LocalFileStorage.put} writes before renaming: `<key>.tmp-<pid>`. */
const TEMP_PATTERN = /^(.+)\.tmp-\d+$/;

function kindOf(name: string): StoredEntry['kind'] {
  const valid = (key: string) => KEY_PATTERN.test(key) && !key.includes('..');
  if (valid(name)) return 'object';
  const temp = TEMP_PATTERN.exec(name);
  return temp && valid(temp[1] as string) ? 'temp' : 'other';
}

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

  async *list(): AsyncIterable<StoredEntry> {
    // Depth first, one folder read at a time: memory stays flat however many files there are.
    const walk = async function* (dir: string, rel: string): AsyncGenerator<StoredEntry> {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return; // nothing stored yet, or removed meanwhile
        throw e;
      }
      for (const e of entries) {
        const name = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) yield* walk(join(dir, e.name), name);
        else if (e.isFile()) {
          let modifiedAt: Date;
          try {
            modifiedAt = (await stat(join(dir, e.name))).mtime;
          } catch {
            continue; // renamed into place or deleted since the folder was read
          }
          yield { name, kind: kindOf(name), modifiedAt };
        }
      }
    };
    yield* walk(this.root, '');
  }

  async remove(entry: StoredEntry): Promise<void> {
    const kind = kindOf(entry.name);
    if (kind === 'other' || kind !== entry.kind) throw new Error(`not a storage object or temporary file: ${entry.name}`);
    const key = kind === 'object' ? entry.name : (TEMP_PATTERN.exec(entry.name)![1] as string);
    // pathOf checks the key stays inside the folder; the temporary name only adds a suffix.
    await rm(kind === 'object' ? this.pathOf(key) : `${this.pathOf(key)}${entry.name.slice(key.length)}`, { force: true });
  }
}

/** The default folder for files under a data directory. */
export function defaultFilesDir(dataDir: string): string {
  return join(dataDir, 'files');
}
