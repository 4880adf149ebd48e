import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileRepository } from '../../src/db/repositories/file.repository.js';
import { fileCleanupSweep } from '../../src/jobs/file-cleanup.sweep.js';
import { SweepRunner } from '../../src/jobs/sweep-runner.js';
import { ManualClock } from '../../src/core/clock.js';
import { FileService } from '../../src/services/files/file.service.js';
import { LocalFileStorage } from '../../src/storage/file-storage.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/db.js';

const MIN = 60_000;

for (const dialect of DIALECTS) {
  describe(`file clean-up sweep on ${dialect}`, () => {
    let database: TestDatabase;
    let dir: string;
    let storage: LocalFileStorage;
    let files: FileService;
    const clock = new ManualClock(new Date('2026-03-02T01:00:00.000Z'));

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      dir = mkdtempSync(join(tmpdir(), 'dudao-sweep-'));
      storage = new LocalFileStorage(dir);
      files = new FileService(database, storage, clock, { maxBytes: 1024, maxFiles: 3 });
    });
    afterAll(async () => database.drop());

    /** Sets a stored file's mtime to `minutes` before the injected clock's now. */
    const age = (name: string, minutes: number) => {
      const t = new Date(clock.now().getTime() - minutes * MIN);
      utimesSync(join(dir, name), t, t);
    };
    const put = async (text: string) => (await storage.put(Buffer.from(text), { prefix: 'originals', extension: 'jpg' })).key;
    /** A write killed between writeFile and rename leaves `<key>.tmp-<pid>`. */
    const tempFile = (name: string) => {
      writeFileSync(join(dir, name), 'half a photo');
      return name;
    };
    const present = (name: string) => existsSync(join(dir, name));

    it('removes temp files and unreferenced objects older than the grace period, keeps the rest, records the run', async () => {
      // A committed row's three objects, stored long ago.
      const [orig, pub, thumb] = [await put('o'), await put('p'), await put('t')] as [string, string, string];
      await fileRepository.insert(database.db, [
        {
          case_id: null,
          event_id: null,
          phase: 'report',
          mime: 'image/jpeg',
          size: 1,
          sha256: 'x'.repeat(64),
          width: 1,
          height: 1,
          original_key: orig,
          public_key: pub,
          thumb_key: thumb,
          taken_at: null,
          created_by: null,
          created_at: clock.now().toISOString(),
        },
      ]);
      for (const k of [orig, pub, thumb]) age(k, 120);
      // Orphans: stored, then the transaction failed and the process died before discarding them.
      const oldOrphan = await put('old');
      const freshOrphan = await put('fresh'); // a transaction in flight may be about to reference this one
      age(oldOrphan, 61);
      age(freshOrphan, 59);
      const folder = oldOrphan.slice(0, oldOrphan.lastIndexOf('/'));
      const oldTemp = tempFile(`${folder}/${randomUUID()}.jpg.tmp-4242`);
      const freshTemp = tempFile(`${folder}/${randomUUID()}.jpg.tmp-4243`);
      age(oldTemp, 61);
      age(freshTemp, 59);
      // Something Dudao never writes is never touched, however old.
      const foreign = tempFile('README.txt');
      age(foreign, 600);

      const sweep = fileCleanupSweep(files);
      const runner = new SweepRunner(database, clock, [sweep]);
      const outcome = await runner.runOnce(sweep);
      expect(outcome).toMatchObject({
        ran: true,
        status: 'done',
        detail: { scanned: 8, tempRemoved: 1, orphansRemoved: 1, young: 2, unknown: 1, failed: 0, graceMinutes: 60 },
      });
      expect([orig, pub, thumb, freshOrphan, freshTemp, foreign].filter(present)).toHaveLength(6);
      expect(present(oldOrphan)).toBe(false);
      expect(present(oldTemp)).toBe(false);
      const runs = await database.db
        .selectFrom('job_runs')
        .select(['name', 'status', 'detail'])
        .where('name', '=', 'file-cleanup')
        .execute();
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ status: 'done' });
      expect(JSON.parse(runs[0]!.detail!)).toMatchObject({ tempRemoved: 1, orphansRemoved: 1 });

      // Safe to run again: nothing more is old enough.
      expect(await runner.runOnce(sweep)).toMatchObject({ detail: { tempRemoved: 0, orphansRemoved: 0, young: 2 } });
      // Two minutes on, the 59-minute leftovers are 61 minutes old and go; the referenced objects stay.
      clock.advance(2 * MIN);
      expect(await runner.runOnce(sweep)).toMatchObject({ detail: { tempRemoved: 1, orphansRemoved: 1, young: 0 } });
      expect([orig, pub, thumb, foreign].every(present)).toBe(true);
      expect([freshOrphan, freshTemp].some(present)).toBe(false);
      // All of a row's objects are still readable.
      expect((await storage.get(orig)).toString()).toBe('o');
    });

    it('skips the run while another instance holds the lease', async () => {
      const sweep = fileCleanupSweep(files);
      const other = new SweepRunner(database, clock, [sweep]);
      const { jobRepository } = await import('../../src/db/repositories/job.repository.js');
      const now = clock.now();
      expect(
        await jobRepository.tryAcquire(
          database.db,
          'file-cleanup',
          'someone-else',
          now.toISOString(),
          new Date(now.getTime() + 10 * MIN).toISOString(),
        ),
      ).toBe(true);
      expect(await other.runOnce(sweep)).toEqual({ ran: false, reason: 'lease_held' });
      await jobRepository.release(database.db, 'file-cleanup', 'someone-else', now.toISOString());
    });
  });
}
