import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.js';
import { makeUser } from '../helpers/factories.js';
import {
  caseCounts,
  caseWorld,
  createTestApp,
  loginClient,
  multipartForm,
  storageRoot,
  storedFileCount,
  type CaseWorld,
  type Client,
  type TestApp,
} from '../helpers/http.js';
import { CORRUPT_JPEG, exifPng, exifWebp, pixelBombPng, rotatedPhoneJpeg } from '../storage/images.js';

/** Photos over HTTP: types by their bytes, originals for officials, stripped copies for everyone else. */
for (const dialect of DIALECTS) {
  describe(`case photos over HTTP on ${dialect}`, () => {
    let t: TestApp;
    let w: CaseWorld;
    let otherCitizen: Client;
    let caseId: number;
    let uploads: { jpg: Buffer; png: Buffer; webp: Buffer };
    let photoIds: number[];

    beforeAll(async () => {
      t = await createTestApp(dialect);
      w = await caseWorld(t);
      otherCitizen = await loginClient(
        t,
        await makeUser(t.database, { unit: w.units.city, roles: [{ role: 'citizen', unit: w.units.city }] }),
      );
      uploads = { jpg: await rotatedPhoneJpeg(), png: await exifPng(), webp: await exifWebp() };
      // A citizen's report with three photos whose names and declared types lie.
      const f = multipartForm([
        {
          name: 'command',
          value: JSON.stringify({ source: 'citizen', categoryCode: 'E05-01', description: '占道经营', lon: 114.65, lat: 33.62 }),
        },
        { name: 'photos', filename: 'a.png', type: 'image/png', value: uploads.jpg },
        { name: 'photos', filename: 'b.jpg', type: 'image/jpeg', value: uploads.png },
        { name: 'photos', filename: 'c.gif', type: 'application/octet-stream', value: uploads.webp },
      ]);
      const res = await w.citizen.post('/api/cases', f.payload, f.headers);
      expect(res.statusCode, res.body).toBe(201);
      caseId = res.json<{ id: number }>().id;
      const c = (await w.hq.get(`/api/cases/${caseId}`)).json<{ events: { photos: { id: number; phase: string }[] }[] }>();
      photoIds = c.events[0]!.photos.map((p) => p.id);
    });
    afterAll(async () => t.close());

    it('detects the type from the bytes and serves each variant with its image type', async () => {
      expect(photoIds).toHaveLength(3);
      const types = [];
      for (const id of photoIds) {
        const res = await w.hq.get(`/api/files/${id}/original`);
        expect(res.statusCode).toBe(200);
        expect(res.headers['cache-control']).toContain('private');
        types.push(res.headers['content-type']);
      }
      expect(types.sort()).toEqual(['image/jpeg', 'image/png', 'image/webp']);
    });

    it('gives officials the untouched original, and a public copy without EXIF, turned upright', async () => {
      const originals = await Promise.all(photoIds.map(async (id) => (await w.hq.get(`/api/files/${id}/original`)).rawPayload));
      const jpgId = photoIds[originals.findIndex((b) => b.equals(uploads.jpg))]!;
      expect(jpgId).toBeDefined();
      expect((await sharp(uploads.jpg).metadata()).exif).toBeDefined();

      const pub = (await w.hq.get(`/api/files/${jpgId}/public`)).rawPayload;
      const meta = await sharp(pub).metadata();
      expect(meta.exif).toBeUndefined();
      // 600 × 300 with orientation 6 is a portrait photo.
      expect([meta.width, meta.height]).toEqual([300, 600]);
      const thumb = await sharp((await w.hq.get(`/api/files/${jpgId}/thumb`)).rawPayload).metadata();
      expect(thumb.exif).toBeUndefined();
      expect(thumb.height).toBeLessThanOrEqual(600);
      expect(thumb.width < thumb.height).toBe(true);
    });

    it('gives the reporting citizen the public copy even when asking for the original; other citizens get 404', async () => {
      for (const id of photoIds) {
        const orig = await w.citizen.get(`/api/files/${id}/original`);
        expect(orig.statusCode).toBe(200);
        expect(orig.rawPayload.equals((await w.citizen.get(`/api/files/${id}/public`)).rawPayload)).toBe(true);
        expect((await sharp(orig.rawPayload).metadata()).exif).toBeUndefined();
        for (const variant of ['original', 'public', 'thumb'])
          expect((await otherCitizen.get(`/api/files/${id}/${variant}`)).statusCode).toBe(404);
      }
    });

    it('refuses corrupt data and a pixel bomb with 422 naming the field, leaving no rows and no files', async () => {
      const root = storageRoot(t.env.services);
      const before = { counts: await caseCounts(t.database), stored: storedFileCount(root) };
      for (const bytes of [CORRUPT_JPEG, await pixelBombPng()]) {
        const f = multipartForm([
          {
            name: 'command',
            value: JSON.stringify({ source: 'inspection', categoryCode: 'E01-01', description: '垃圾', lon: 114.65, lat: 33.62 }),
          },
          { name: 'photos', filename: 'ok.jpg', type: 'image/jpeg', value: uploads.jpg },
          { name: 'photos', filename: 'bad.jpg', type: 'image/jpeg', value: bytes },
        ]);
        const res = await w.insp.post('/api/cases', f.payload, f.headers);
        expect(res.statusCode, res.body).toBe(422);
        expect(res.json()).toMatchObject({ details: { field: 'photos', index: 1 } });
      }
      expect({ counts: await caseCounts(t.database), stored: storedFileCount(root) }).toEqual(before);
    });
  });
}
