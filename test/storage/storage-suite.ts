import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { fileRepository } from '../../src/db/repositories/file.repository.js';
import { FileService } from '../../src/services/files/file.service.js';
import type { FileStorage, StoredEntry } from '../../src/storage/file-storage.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/db.js';

/** One storage under test, fresh and empty, with a way to plant what Dudao never writes. */
export interface StorageBackend {
  storage: FileStorage;
  /** A storage over the same place listing `page` entries per request (where the adapter pages). */
  paged?: (page: number) => FileStorage;
  /** Writes bytes under `name` behind the adapter's back (a file someone else put there). */
  plant(name: string, bytes: Buffer): Promise<void>;
  close(): Promise<void>;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function listAll(storage: FileStorage): Promise<StoredEntry[]> {
  const out: StoredEntry[] = [];
  for await (const e of storage.list()) out.push(e);
  return out;
}

/** Chunks of `total` bytes of a repeating pattern, `chunk` bytes at a time, generated as read. */
async function* pattern(total: number, chunk: number): AsyncGenerator<Buffer> {
  for (let sent = 0; sent < total; sent += chunk) {
    const n = Math.min(chunk, total - sent);
    yield Buffer.from(Array.from({ length: n }, (_, i) => (sent + i) % 251));
  }
}

/**
 * The behaviour every FileStorage owes FileService, run against each adapter
 * (test/storage/file-storage.test.ts): the local folder and an S3-protocol server.
 */
export function storageSuite(name: string, open: () => Promise<StorageBackend>): void {
  describe(`FileStorage contract: ${name}`, () => {
    let b: StorageBackend;
    beforeAll(async () => {
      b = await open();
    });
    afterAll(async () => b?.close());

    it('stores, reads, and deletes bytes under a fresh key with their hash', async () => {
      const bytes = Buffer.from('现场照片 bytes');
      const { key, sha256, size } = await b.storage.put(bytes, { prefix: 'evidence', extension: 'JPG' });
      expect(key).toMatch(/^evidence\/[0-9a-f]{2}\/[0-9a-f-]{36}\.jpg$/);
      expect(sha256).toBe(sha(bytes));
      expect(size).toBe(bytes.length);
      expect(await b.storage.get(key)).toEqual(bytes);
      expect(await b.storage.exists(key)).toBe(true);
      await b.storage.delete(key);
      expect(await b.storage.exists(key)).toBe(false);
      await b.storage.delete(key); // deleting twice is fine
    });

    it('passes its start check', async () => {
      await expect(b.storage.check()).resolves.toBeUndefined();
    });

    it('answers a missing object with ENOENT, and refuses keys that are not storage keys', async () => {
      await expect(b.storage.get('originals/00/missing.jpg')).rejects.toMatchObject({ code: 'ENOENT' });
      await expect(b.storage.get('../../etc/passwd')).rejects.toThrow(/invalid storage key/);
      await expect(b.storage.get('/etc/passwd')).rejects.toThrow(/invalid storage key/);
    });

    it('streams a put of unknown length, hashing as it goes: small, and larger than one 5 MiB part', async () => {
      for (const total of [10_000, 6 * 1024 * 1024 + 123]) {
        const chunks: Buffer[] = [];
        for await (const c of pattern(total, 64 * 1024)) chunks.push(c);
        const expected = Buffer.concat(chunks);
        const r = await b.storage.putStream(pattern(total, 64 * 1024), { prefix: 'originals', extension: 'pdf' });
        expect(r.key).toMatch(/^originals\/[0-9a-f]{2}\/[0-9a-f-]{36}\.pdf$/);
        expect(r.size).toBe(total);
        expect(r.sha256).toBe(sha(expected));
        expect((await b.storage.get(r.key)).equals(expected)).toBe(true);
        await b.storage.delete(r.key);
      }
    });

    it('reads an object back as a stream with its size; a missing one is ENOENT before any byte', async () => {
      const chunks: Buffer[] = [];
      for await (const c of pattern(300_000, 64 * 1024)) chunks.push(c);
      const expected = Buffer.concat(chunks);
      const { key } = await b.storage.put(expected, { prefix: 'originals', extension: 'jpg' });
      const opened = await b.storage.getStream(key);
      expect(opened.size).toBe(expected.length);
      const read: Buffer[] = [];
      for await (const c of opened.body) read.push(Buffer.from(c as Uint8Array));
      expect(Buffer.concat(read).equals(expected)).toBe(true);
      // A stream dropped unread (a client that went away) is simply destroyed.
      (await b.storage.getStream(key)).body.destroy();
      await b.storage.delete(key);
      await expect(b.storage.getStream(key)).rejects.toMatchObject({ code: 'ENOENT' });
      await expect(b.storage.getStream('../../etc/passwd')).rejects.toThrow(/invalid storage key/);
    });

    it('leaves no object behind when the stream fails midway', async () => {
      const before = await listAll(b.storage);
      async function* broken(): AsyncGenerator<Buffer> {
        yield Buffer.alloc(1024, 1);
        throw new Error('client went away');
      }
      await expect(b.storage.putStream(broken(), { prefix: 'originals', extension: 'jpg' })).rejects.toThrow(/client went away/);
      await expect(b.storage.putStream(Readable.from(broken()), { prefix: 'originals', extension: 'jpg' })).rejects.toThrow();
      expect(await listAll(b.storage)).toEqual(before);
    });

    it('lists objects and foreign files, page after page, and removes only objects', async () => {
      const keys: string[] = [];
      for (let i = 0; i < 5; i += 1) keys.push((await b.storage.put(Buffer.from(`x${i}`), { prefix: 'thumbs', extension: 'webp' })).key);
      await b.plant('notes.TXT', Buffer.from('not ours'));
      for (const storage of [b.storage, ...(b.paged ? [b.paged(2)] : [])]) {
        const entries = await listAll(storage);
        const mine = entries.filter((e) => keys.includes(e.name) || e.name === 'notes.TXT');
        expect(mine.map((e) => [e.name, e.kind]).sort()).toEqual([...keys.map((k) => [k, 'object']), ['notes.TXT', 'other']].sort());
        expect(new Set(entries.map((e) => e.name)).size).toBe(entries.length); // no entry twice across pages
        expect(mine.every((e) => e.modifiedAt instanceof Date && Math.abs(e.modifiedAt.getTime() - Date.now()) < 10 * 60_000)).toBe(true);
      }
      await expect(b.storage.remove({ name: 'notes.TXT', kind: 'other', modifiedAt: new Date() })).rejects.toThrow(/not a storage/);
      await expect(b.storage.remove({ name: 'notes.TXT', kind: 'object', modifiedAt: new Date() })).rejects.toThrow(/not a storage/);
      for (const k of keys) await b.storage.remove({ name: k, kind: 'object', modifiedAt: new Date() });
      expect((await listAll(b.storage)).map((e) => e.name)).toEqual(['notes.TXT']);
    });

    for (const dialect of DIALECTS) {
      it(`sweeps objects no row refers to after the grace period, keeping referenced and foreign ones (${dialect})`, async () => {
        const database: TestDatabase = await createTestDatabase(dialect);
        try {
          const clock = new ManualClock(new Date());
          const files = new FileService(database, b.storage, clock, { maxBytes: 1024, maxFiles: 3 });
          const put = async (text: string) => (await b.storage.put(Buffer.from(text), { prefix: 'originals', extension: 'jpg' })).key;
          const kept = await put('kept');
          const orphan = await put('orphan'); // stored, then the transaction failed and the process died
          await fileRepository.insert(database.db, [
            {
              case_id: null,
              event_id: null,
              phase: 'report',
              mime: 'image/jpeg',
              size: 4,
              sha256: 'x'.repeat(64),
              width: 1,
              height: 1,
              original_key: kept,
              public_key: kept,
              thumb_key: kept,
              taken_at: null,
              created_by: null,
              created_at: clock.now().toISOString(),
            },
          ]);
          // Within the grace period nothing is examined: a transaction may be about to reference it.
          const young = await files.sweepStorage(clock.now(), { graceMs: 60 * 60_000 });
          expect(young).toMatchObject({ orphansRemoved: 0, young: 2, unknown: 1, failed: 0 });
          expect(await b.storage.exists(orphan)).toBe(true);
          const later = new Date(clock.now().getTime() + 2 * 60 * 60_000);
          const r = await files.sweepStorage(later, { graceMs: 60 * 60_000 });
          expect(r).toMatchObject({ scanned: 3, orphansRemoved: 1, tempRemoved: 0, young: 0, unknown: 1, failed: 0 });
          expect(await b.storage.exists(orphan)).toBe(false);
          expect(await b.storage.exists(kept)).toBe(true);
          expect((await listAll(b.storage)).map((e) => e.name).sort()).toEqual([kept, 'notes.TXT'].sort());
          await b.storage.delete(kept);
        } finally {
          await database.drop();
        }
      });
    }
  });
}
