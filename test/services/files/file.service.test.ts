import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transaction } from 'kysely';
import { fileRepository } from '../../../src/db/repositories/file.repository.js';
import type { DB } from '../../../src/db/schema.js';
import { transactOrUndo } from '../../../src/db/transactions.js';
import { ManualClock } from '../../../src/core/clock.js';
import { AppError } from '../../../src/core/errors.js';
import { FileService, type PreparedImage, type Upload } from '../../../src/services/files/file.service.js';
import { LocalFileStorage, type FileStorage, type StoredEntry } from '../../../src/storage/file-storage.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { CORRUPT_JPEG, countFiles, exifPng, exifWebp, pixelBombPng, plainJpeg, rotatedPhoneJpeg, TEXT_FILE } from '../../storage/images.js';
import { pdf, readAll, upload } from '../../helpers/images.js';

const LIMITS = { maxBytes: 512 * 1024, maxFiles: 3 };

/** The rejection of `p` as an AppError (fails the test if it resolves or throws something else). */
async function appErrorOf(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

/** A storage whose n-th write (`put` or `putStream`) fails, to simulate a disk filling up midway. */
class FailingStorage implements FileStorage {
  calls = 0;
  constructor(
    private readonly inner: FileStorage,
    private readonly failOn: number,
  ) {}
  async put(bytes: Buffer, opts: { prefix: string; extension: string }) {
    this.calls += 1;
    if (this.calls === this.failOn) throw new Error('ENOSPC: no space left on device');
    return this.inner.put(bytes, opts);
  }
  putStream: FileStorage['putStream'] = async (source, opts) => {
    this.calls += 1;
    if (this.calls === this.failOn) throw new Error('ENOSPC: no space left on device');
    return this.inner.putStream(source, opts);
  };
  get = (key: string) => this.inner.get(key);
  getStream = (key: string) => this.inner.getStream(key);
  exists = (key: string) => this.inner.exists(key);
  delete = (key: string) => this.inner.delete(key);
  list = () => this.inner.list();
  remove = (entry: StoredEntry) => this.inner.remove(entry);
  check = () => this.inner.check();
}

for (const dialect of DIALECTS) {
  describe(`FileService (${dialect})`, () => {
    let database: TestDatabase;
    let dir: string;
    let storage: LocalFileStorage;
    let files: FileService;
    let caseId: number;
    let eventId: number;
    const clock = new ManualClock(new Date('2026-03-02T01:00:00.000Z'));

    const rowCount = async () =>
      Number(
        (
          await database.db
            .selectFrom('files')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const photo = (bytes: Buffer, filename = 'scene.jpg'): Upload => upload(bytes, 'photos', filename);
    /** A caller's transaction using prepared files, as a case command runs it: the files go when it fails. */
    const withPrepared = <T>(prepared: PreparedImage[], fn: (trx: Transaction<DB>) => Promise<T>) =>
      transactOrUndo(database, fn, () => files.discard(prepared));

    /** Runs `refused` (started only after counting) and checks it wrote no object and no row. */
    async function refusesCleanly(refused: () => Promise<unknown>): Promise<AppError> {
      const objects = countFiles(dir);
      const rows = await rowCount();
      const err = await appErrorOf(refused());
      expect(countFiles(dir)).toBe(objects);
      expect(await rowCount()).toBe(rows);
      return err;
    }

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      dir = mkdtempSync(join(tmpdir(), 'dudao-files-'));
      storage = new LocalFileStorage(dir);
      files = new FileService(database, storage, clock, LIMITS);
      const now = clock.now().toISOString();
      ({ id: caseId } = await database.db
        .insertInto('cases')
        .values({
          number: '2026-000001',
          year: 2026,
          source: 'inspection',
          state: 'reported',
          version: 1,
          category_code: 'E01',
          severity: 'normal',
          description: '占道经营',
          reopen_count: 0,
          extension_count: 0,
          snapshot: '{}',
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow());
      ({ id: eventId } = await database.db
        .insertInto('case_events')
        .values({ case_id: caseId, seq: 1, action: 'report', from_state: null, to_state: 'reported', at: now, data: '{}' })
        .returning('id')
        .executeTakeFirstOrThrow());
    });

    afterAll(async () => {
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('stores the original untouched plus a stripped, oriented public copy and thumbnail, and attaches them in a transaction', async () => {
      const original = await rotatedPhoneJpeg(600, 300);
      const before = countFiles(dir);
      const prepared = await files.prepare([photo(original)]);
      expect(countFiles(dir)).toBe(before + 3);
      const p = prepared[0]!;
      expect(p.originalKey).toMatch(/^originals\//);
      expect(p.publicKey).toMatch(/^public\/.*\.jpg$/);
      expect(p.thumbKey).toMatch(/^thumbs\/.*\.jpg$/);

      const ids = await withPrepared(prepared, (trx) => files.attach(trx, prepared, { caseId, eventId, phase: 'report', createdBy: null }));
      expect(ids).toHaveLength(1);
      const id = ids[0]!;

      const orig = await files.read(id, 'original');
      const origBytes = await readAll(orig.body);
      expect(origBytes.equals(original)).toBe(true);
      expect(orig.size).toBe(original.length);
      expect(orig.mime).toBe('image/jpeg');
      expect((await sharp(origBytes).metadata()).exif).toBeDefined();
      expect(orig.row).toMatchObject({
        case_id: caseId,
        event_id: eventId,
        phase: 'report',
        mime: 'image/jpeg',
        size: original.length,
        sha256: createHash('sha256').update(original).digest('hex'),
        width: 300,
        height: 600,
        taken_at: '2026-03-01T06:05:09.000Z',
        created_at: '2026-03-02T01:00:00.000Z',
      });

      const pub = await files.read(id, 'public');
      const pm = await sharp(await readAll(pub.body)).metadata();
      expect([pub.mime, pm.width, pm.height, pm.exif, pm.xmp, pm.icc, pm.orientation]).toEqual([
        'image/jpeg',
        300,
        600,
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
      const thumb = await files.read(id, 'thumb');
      const tm = await sharp(await readAll(thumb.body)).metadata();
      expect(thumb.mime).toBe('image/jpeg');
      expect(Math.max(tm.width, tm.height)).toBeLessThanOrEqual(320);
      expect([tm.exif, tm.xmp, tm.icc]).toEqual([undefined, undefined, undefined]);

      expect((await files.listForCase(caseId)).map((r) => r.id)).toContain(id);
    });

    it('accepts PNG and WebP, whatever they are called, and keeps their format in the public copy', async () => {
      const prepared = await files.prepare([photo(await exifPng(), 'a.jpg'), photo(await exifWebp(), 'b')]);
      expect(prepared.map((p) => p.mime)).toEqual(['image/png', 'image/webp']);
      const ids = await withPrepared(prepared, (trx) =>
        files.attach(trx, prepared, { caseId, eventId: null, phase: 'before', createdBy: null }),
      );
      const png = await files.read(ids[0]!, 'public');
      png.body.destroy();
      expect(png.mime).toBe('image/png');
      const webp = await files.read(ids[1]!, 'public');
      expect(webp.mime).toBe('image/webp');
      expect((await sharp(await readAll(webp.body)).metadata()).exif).toBeUndefined();
      expect(webp.row).toMatchObject({ mime: 'image/webp', width: 80, height: 120 });
    });

    it('refuses a text file named .jpg with 415 naming the field, writing nothing, even after a valid photo', async () => {
      const good = await plainJpeg(50, 50);
      const err = await refusesCleanly(() => files.prepare([photo(good), photo(TEXT_FILE, 'scene.jpg')]));
      expect(err.status).toBe(415);
      expect(err.message).toMatch(/^photos: file 2 \("scene\.jpg"\) is not a JPEG, PNG or WebP image \(detected: text\)/);
      expect(err.details).toMatchObject({ field: 'photos', index: 1, filename: 'scene.jpg', detected: 'text' });
    });

    it('documents: a PDF is stored once, as it came, only where documents are allowed; a fake PDF is refused', async () => {
      const doc = pdf('evidence');
      const plain = await refusesCleanly(() => files.prepare([photo(doc, 'scan.pdf')]));
      expect(plain.status).toBe(415);
      expect(plain.details).toMatchObject({ field: 'photos', detected: 'PDF document' });
      // A header without the end marker (a truncated upload) is not taken for a document.
      const truncated = await refusesCleanly(() => files.prepare([photo(doc.subarray(0, 40), 'cut.pdf')], { documents: true }));
      expect(truncated.status).toBe(415);
      expect(truncated.details).toMatchObject({ accepted: expect.arrayContaining(['application/pdf']) });

      const objects = countFiles(dir);
      const prepared = await files.prepare([photo(doc, 'scan.pdf'), photo(await plainJpeg(40, 30))], { documents: true });
      expect(countFiles(dir)).toBe(objects + 1 + 3);
      const p = prepared[0]!;
      expect(p).toMatchObject({ mime: 'application/pdf', size: doc.length, width: null, height: null, filename: 'scan.pdf' });
      expect(new Set([p.originalKey, p.publicKey, p.thumbKey]).size).toBe(1);
      const [id] = await withPrepared(prepared, (trx) =>
        files.attach(trx, prepared, { caseId: null, eventId: null, phase: 'evidence', createdBy: null }),
      );
      const read = await files.read(id!, 'original');
      expect(read.mime).toBe('application/pdf');
      expect((await readAll(read.body)).equals(doc)).toBe(true);
      expect(read.row).toMatchObject({ width: null, height: null });
      const pdfPublic = await files.read(id!, 'public');
      pdfPublic.body.destroy();
      expect(pdfPublic.mime).toBe('application/pdf');

      // Discarding a document whose transaction failed removes its one object.
      const again = await files.prepare([photo(doc, 'again.pdf')], { documents: true });
      await files.discard(again);
      expect(await storage.exists(again[0]!.originalKey)).toBe(false);
    });

    it('refuses an oversized file with 413 naming the field and the limit', async () => {
      const big = Buffer.concat([await plainJpeg(10, 10), Buffer.alloc(LIMITS.maxBytes)]);
      const err = await refusesCleanly(() => files.prepare([photo(big)]));
      expect(err.status).toBe(413);
      expect(err.message).toContain('photos:');
      expect(err.message).toContain(String(LIMITS.maxBytes));
      expect(err.details).toMatchObject({ field: 'photos', limit: LIMITS.maxBytes });
    });

    it('refuses too many files with 413', async () => {
      const jpeg = await plainJpeg(10, 10);
      const err = await refusesCleanly(() => files.prepare(Array.from({ length: LIMITS.maxFiles + 1 }, () => photo(jpeg))));
      expect([err.status, err.code]).toEqual([413, 'too_many_files']);
      expect(err.details).toMatchObject({ field: 'photos', limit: LIMITS.maxFiles });
    });

    it('refuses corrupt data and pixel bombs with 422, writing nothing', async () => {
      const good = await plainJpeg(50, 50);
      const corrupt = await refusesCleanly(() => files.prepare([photo(good), photo(CORRUPT_JPEG)]));
      expect([corrupt.status, corrupt.code]).toEqual([422, 'invalid_image']);
      expect(corrupt.message).toMatch(/^photos: file 2/);
      const bombBytes = await pixelBombPng();
      const bomb = await refusesCleanly(() => files.prepare([photo(bombBytes, 'bomb.png')]));
      expect([bomb.status, bomb.code, bomb.details?.field]).toEqual([422, 'image_too_large', 'photos']);
    });

    it('removes what it already stored when a storage write fails midway', async () => {
      const failing = new FailingStorage(storage, 5);
      const service = new FileService(database, failing, clock, LIMITS);
      const before = countFiles(dir);
      const jpeg = await plainJpeg(40, 40);
      await expect(service.prepare([photo(jpeg), photo(jpeg)])).rejects.toThrow(/ENOSPC/);
      expect(failing.calls).toBe(5);
      expect(countFiles(dir)).toBe(before);
    });

    it('leaves no rows and no objects when the transaction that attaches them is rolled back', async () => {
      const objects = countFiles(dir);
      const rows = await rowCount();
      const prepared = await files.prepare([photo(await plainJpeg(60, 40)), photo(await exifPng())]);
      expect(countFiles(dir)).toBe(objects + 6);
      await expect(
        withPrepared(prepared, async (trx) => {
          await files.attach(trx, prepared, { caseId, eventId, phase: 'after', createdBy: null });
          throw new Error('stale case version');
        }),
      ).rejects.toThrow('stale case version');
      expect(await rowCount()).toBe(rows);
      expect(countFiles(dir)).toBe(objects);
      for (const p of prepared) expect(await storage.exists(p.originalKey)).toBe(false);
    });

    it('discard keeps objects that a committed row references', async () => {
      const prepared = await files.prepare([photo(await plainJpeg(30, 30))]);
      await database.db
        .transaction()
        .execute((trx) => files.attach(trx, prepared, { caseId, eventId: null, phase: 'verify', createdBy: null }));
      await files.discard(prepared);
      const p = prepared[0]!;
      for (const key of [p.originalKey, p.publicKey, p.thumbKey]) expect(await storage.exists(key)).toBe(true);
    });

    it('answers 404 for a missing file or a missing stored copy', async () => {
      const missing = await appErrorOf(files.read(999_999, 'public'));
      expect(missing.status).toBe(404);
      const prepared = await files.prepare([photo(await plainJpeg(20, 20))]);
      const [id] = await withPrepared(prepared, (trx) =>
        files.attach(trx, prepared, { caseId, eventId: null, phase: 'evidence', createdBy: null }),
      );
      await storage.delete(prepared[0]!.thumbKey);
      const gone = await appErrorOf(files.read(id!, 'thumb'));
      expect([gone.status, gone.details?.variant]).toEqual([404, 'thumb']);
    });

    it('repository: attaches loose rows to a case and event', async () => {
      const now = clock.now().toISOString();
      const [id] = await fileRepository.insert(database.db, [
        {
          case_id: null,
          event_id: null,
          phase: 'evidence',
          mime: 'image/jpeg',
          size: 1,
          sha256: 'x'.repeat(64),
          width: 1,
          height: 1,
          original_key: 'originals/aa/x.jpg',
          public_key: 'public/aa/x.jpg',
          thumb_key: 'thumbs/aa/x.jpg',
          taken_at: null,
          created_by: null,
          created_at: now,
        },
      ]);
      expect(await fileRepository.attach(database.db, [id!], { caseId, eventId })).toBe(1);
      expect(await fileRepository.byId(database.db, id!)).toMatchObject({ case_id: caseId, event_id: eventId });
      expect((await fileRepository.byIds(database.db, [id!])).length).toBe(1);
      expect(await fileRepository.referencedKeys(database.db, ['public/aa/x.jpg', 'public/none.jpg'])).toEqual(
        new Set(['public/aa/x.jpg']),
      );
    });
  });
}
