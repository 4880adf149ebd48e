import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileStorage, StoredEntry } from '../../src/storage/file-storage.js';
import { S3FileStorage } from '../../src/storage/s3-file-storage.js';
import { DIALECTS } from '../helpers/db.js';
import { caseWorld, commandForm, createTestApp, type CaseWorld, type TestApp } from '../helpers/http.js';
import { jpeg } from '../helpers/images.js';
import { startTestS3, type TestS3 } from '../helpers/s3-server.js';

const REPORT = { source: 'inspection', categoryCode: 'E01-01', description: '垃圾暴露', lon: 114.65, lat: 33.62, address: '七一路' };

async function listed(storage: S3FileStorage): Promise<string[]> {
  const out: StoredEntry[] = [];
  for await (const e of storage.list()) out.push(e);
  return out.map((e) => e.name).sort();
}

/** The bucket's storage, with a hook run once before the next put (to make the transaction after it fail). */
function hooked(inner: FileStorage): FileStorage & { beforeNextPut: (() => Promise<void>) | null } {
  const s = {
    beforeNextPut: null as (() => Promise<void>) | null,
    put: async (bytes: Buffer, opts: { prefix: string; extension: string }) => {
      const hook = s.beforeNextPut;
      s.beforeNextPut = null;
      if (hook) await hook();
      return inner.put(bytes, opts);
    },
    putStream: inner.putStream.bind(inner),
    get: inner.get.bind(inner),
    getStream: inner.getStream.bind(inner),
    exists: inner.exists.bind(inner),
    delete: inner.delete.bind(inner),
    list: inner.list.bind(inner),
    remove: inner.remove.bind(inner),
    check: inner.check.bind(inner),
  };
  return s;
}

for (const dialect of DIALECTS) {
  describe(`photos through the API into an S3-compatible bucket (${dialect})`, () => {
    let s3: TestS3;
    let storage: S3FileStorage;
    let wrapped: ReturnType<typeof hooked>;
    let t: TestApp;
    let w: CaseWorld;

    beforeAll(async () => {
      s3 = await startTestS3();
      storage = new S3FileStorage(s3.config);
      wrapped = hooked(storage);
      t = await createTestApp(dialect, { env: { storage: wrapped } });
      w = await caseWorld(t);
    });
    afterAll(async () => {
      await t?.close();
      await s3?.stop();
    });

    it('stores a reported photo in the bucket and serves its three copies back; a refused action leaves no object behind', async () => {
      const photo = await jpeg('#aa3366', 640, 480);
      const f = commandForm(REPORT, [photo]);
      const res = await w.insp.post('/api/cases', f.payload, f.headers);
      expect(res.statusCode, res.body).toBe(201);
      const { id } = res.json<{ id: number }>();
      const detail = (await w.hq.get(`/api/cases/${id}`)).json<{ version: number; events: { photos: { id: number }[] }[] }>();
      const fileId = detail.events[0]!.photos[0]!.id;

      // Original, public copy and thumbnail: three objects under the bucket's prefix.
      const keys = await listed(storage);
      expect(keys).toHaveLength(3);
      expect(keys.map((k) => k.split('/')[0]).sort()).toEqual(['originals', 'public', 'thumbs']);

      const original = await w.hq.get(`/api/files/${fileId}/original`);
      expect(original.statusCode).toBe(200);
      expect(original.rawPayload.equals(photo)).toBe(true);
      for (const variant of ['public', 'thumb']) {
        const r = await w.hq.get(`/api/files/${fileId}/${variant}`);
        expect(r.statusCode, variant).toBe(200);
        expect(r.headers['content-type']).toMatch(/^image\//);
        expect(r.rawPayload.length).toBeGreaterThan(100);
      }

      // Stored before the transaction, which then fails (someone else acted on the case meanwhile):
      // the three new objects are discarded.
      wrapped.beforeNextPut = async () => {
        await t.database.db
          .updateTable('cases')
          .set({ version: detail.version + 1 })
          .where('id', '=', id)
          .execute();
      };
      const raced = commandForm({ version: detail.version, action: 'accept' }, [await jpeg('#112233')]);
      const refused = await w.hq.post(`/api/cases/${id}/actions`, raced.payload, raced.headers);
      expect(refused.statusCode, refused.body).toBe(409);
      expect(refused.json<{ error: string }>().error).toBe('stale_version');
      expect(wrapped.beforeNextPut).toBeNull();
      expect(await listed(storage)).toEqual(keys);

      // An object gone from the bucket is a 404 naming the copy, not a 500.
      await storage.delete(keys.find((k) => k.startsWith('thumbs/'))!);
      const gone = await w.hq.get(`/api/files/${fileId}/thumb`);
      expect(gone.statusCode).toBe(404);
      expect(gone.json<{ message: string }>().message).toMatch(/thumb copy is missing/);
    });
  });
}
