import { createHash, randomUUID, type Hash } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** One thing found in storage by {@link FileStorage.list}, for the clean-up sweep. */
export interface StoredEntry {
  /** The object's key; for a temporary or unknown file, its path under the root (with `/`). */
  name: string;
  /**
   * `object`: stored under a key; `temp`: a write that never finished (the process died
   * between writing and renaming; local folder only: an S3 object exists only once complete);
   * `other`: nothing Dudao writes, never touched.
   */
  kind: 'object' | 'temp' | 'other';
  modifiedAt: Date;
}

/** Where a stored object went, with its content's SHA-256 and length. */
export interface StoredObject {
  key: string;
  sha256: string;
  size: number;
}

/** An object opened for reading: its bytes as a stream, and their count (for Content-Length). */
export interface StoredStream {
  body: Readable;
  /** Null when the service did not say (an S3 implementation without Content-Length). */
  size: number | null;
}

/** The new key's folder (`originals`, `public`, `thumbs`) and extension. */
export interface PutOptions {
  prefix: string;
  extension: string;
}

/**
 * Where photos, evidence and rendered documents live: a local folder
 * ({@link LocalFileStorage}, the default) or an S3-compatible bucket
 * (S3FileStorage in s3-file-storage.ts), chosen by `DUDAO_STORAGE_URL`.
 */
export interface FileStorage {
  /**
   * Stores bytes already in memory under a new key and returns it with the content's SHA-256:
   * what FileService does with photos, which must be decoded whole before anything is stored.
   */
  put(bytes: Buffer, opts: PutOptions): Promise<StoredObject>;
  /**
   * Stores a stream under a new key, hashing as the bytes pass: never holds the whole
   * content in memory. Nothing is left under the key when the stream fails.
   */
  putStream(source: Readable | AsyncIterable<Uint8Array>, opts: PutOptions): Promise<StoredObject>;
  /** The object's bytes; rejects with an error whose `code` is `ENOENT` when there is none. */
  get(key: string): Promise<Buffer>;
  /**
   * The object as a stream, for serving it without holding it in memory. Resolves only once
   * the object is known to exist (so a route can still answer 404: rejects with `code`
   * `ENOENT` as {@link get} does); the caller must consume or destroy `body`.
   */
  getStream(key: string): Promise<StoredStream>;
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Everything in storage, objects and leftovers, in no particular order. */
  list(): AsyncIterable<StoredEntry>;
  /**
   * Whether the storage can be used, checked once at start: rejects with a message naming
   * the place, what went wrong and the likely fix (so a wrong bucket or key stops the start,
   * not the first upload).
   */
  check(): Promise<void>;
  /** Deletes an object or a temporary file that {@link list} returned; refuses `other`. */
  remove(entry: StoredEntry): Promise<void>;
}

const KEY_PATTERN = /^[a-z0-9][a-z0-9/_-]*\.[a-z0-9]{1,8}$/;

/** Whether `key` is one Dudao writes: lower-case folders, a name and an extension, never `..`. */
export function isStorageKey(key: string): boolean {
  return KEY_PATTERN.test(key) && !key.includes('..');
}

/**
 * A fresh key `<prefix>/<shard>/<uuid>.<ext>`. The two-character shard spreads keys over
 * 256 folders (a local folder slows down with very many entries); `put` shards by the
 * content's hash, `putStream` by the UUID since the hash is known only at the end.
 */
export function newStorageKey(opts: PutOptions, shard?: string): string {
  const id = randomUUID();
  return `${opts.prefix.replace(/[^a-z0-9/_-]/g, '')}/${(shard ?? id).slice(0, 2)}/${id}.${opts.extension.toLowerCase()}`;
}

/** Counts and hashes the bytes that pass through, unchanged. */
export class HashingCounter extends Transform {
  private readonly hash: Hash = createHash('sha256');
  /** Bytes passed so far. (Not `size`: lib-storage's Upload takes a Body's `size` for its total length.) */
  byteCount = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null, data?: Buffer) => void): void {
    this.hash.update(chunk);
    this.byteCount += chunk.length;
    done(null, chunk);
  }

  /** The SHA-256 in hex; call once, after the stream ended. */
  digest(): string {
    return this.hash.digest('hex');
  }
}

/** The error `get` rejects with for a missing object, whatever the adapter. */
export function missingObject(key: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`no stored object under ${key}`), { code: 'ENOENT' });
}
/** The name {@link LocalFileStorage.put} writes before renaming: `<key>.tmp-<pid>`. */
const TEMP_PATTERN = /^(.+)\.tmp-\d+$/;

function kindOf(name: string): StoredEntry['kind'] {
  if (isStorageKey(name)) return 'object';
  const temp = TEMP_PATTERN.exec(name);
  return temp && isStorageKey(temp[1] as string) ? 'temp' : 'other';
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
    if (!isStorageKey(key)) throw new Error(`invalid storage key: ${key}`);
    const p = resolve(this.root, key);
    if (!p.startsWith(this.root + sep)) throw new Error(`invalid storage key: ${key}`);
    return p;
  }

  async put(bytes: Buffer, opts: PutOptions): Promise<StoredObject> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const key = newStorageKey(opts, sha256);
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.tmp-${process.pid}`;
    await writeFile(tmp, bytes, { flag: 'wx' });
    await rename(tmp, path);
    return { key, sha256, size: bytes.length };
  }

  async putStream(source: Readable | AsyncIterable<Uint8Array>, opts: PutOptions): Promise<StoredObject> {
    const key = newStorageKey(opts);
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.tmp-${process.pid}`;
    const counter = new HashingCounter();
    // Opened before the bytes flow, so that a failure at any point finds the file to remove.
    const handle = await open(tmp, 'wx');
    try {
      await pipeline(source, counter, handle.createWriteStream());
    } catch (e) {
      await handle.close().catch(() => undefined);
      await rm(tmp, { force: true });
      throw e;
    }
    await rename(tmp, path);
    return { key, sha256: counter.digest(), size: counter.byteCount };
  }

  async get(key: string): Promise<Buffer> {
    return readFile(this.pathOf(key));
  }

  async getStream(key: string): Promise<StoredStream> {
    // Opened (and sized) before resolving, so a missing file is an ENOENT here, not a
    // stream error after the reply's headers went out.
    const handle = await open(this.pathOf(key), 'r');
    try {
      const { size } = await handle.stat();
      return { body: handle.createReadStream(), size };
    } catch (e) {
      await handle.close();
      throw e;
    }
  }

  async check(): Promise<void> {
    try {
      await mkdir(this.root, { recursive: true });
      await access(this.root, constants.W_OK);
    } catch (e) {
      throw new Error(`file storage: cannot write to the folder ${this.root} (${(e as Error).message})`, { cause: e });
    }
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
