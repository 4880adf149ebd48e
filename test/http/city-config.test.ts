import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.js';
import { caseWorld, commandForm, createTestApp, type TestApp } from '../helpers/http.js';
import { jpeg } from '../helpers/images.js';

const REPORT = { source: 'inspection', categoryCode: 'E01-01', description: '垃圾暴露', address: '七一路' };

/** The city area and the photo limit come from config alone: services and HTTP uploads both use them. */
for (const dialect of DIALECTS) {
  describe(`city area and photo limit from config (${dialect})`, () => {
    let t: TestApp | undefined;
    afterEach(async () => {
      await t?.close();
      t = undefined;
    });
    const report = async (app: TestApp, at: { lon: number; lat: number }, photo?: Buffer) => {
      const w = await caseWorld(app);
      const f = commandForm({ ...REPORT, ...at }, [photo ?? (await jpeg())]);
      return w.insp.post('/api/cases', f.payload, f.headers);
    };

    it('production refuses a report outside the configured area, naming lon and the area', async () => {
      t = await createTestApp(dialect, { env: { mode: 'production', cityBbox: [100, 20, 101, 21] } });
      const outside = await report(t, { lon: 114.65, lat: 33.62 });
      expect(outside.statusCode, outside.body).toBe(422);
      expect(outside.json()).toMatchObject({ details: { field: 'lon' }, message: 'lon: must lie within the city area (100–101)' });
      // The web app reads the same area (before login: a public route).
      const area = await t.app.inject({ method: 'GET', url: '/api/city/area' });
      expect(area.statusCode, area.body).toBe(200);
      expect(area.json()).toEqual({ bbox: [100, 20, 101, 21] });
    });

    it('production takes a report inside the configured area', async () => {
      t = await createTestApp(dialect, { env: { mode: 'production', cityBbox: [100, 20, 101, 21] } });
      const inside = await report(t, { lon: 100.5, lat: 20.5 });
      expect(inside.statusCode, inside.body).toBe(201);
    });

    it("demo mode without a configured area uses the demo city's (周口市)", async () => {
      t = await createTestApp(dialect);
      const outside = await report(t, { lon: 120.1, lat: 33.62 });
      expect(outside.statusCode, outside.body).toBe(422);
      expect(outside.json<{ message: string }>().message).toBe('lon: must lie within the city area (114.09–115.66)');
      expect((await t.app.inject({ method: 'GET', url: '/api/city/area' })).json()).toEqual({ bbox: [114.09, 33.05, 115.66, 34.34] });
    });

    it('the configured photo limit holds for HTTP uploads (413 naming photos) as for the file service', async () => {
      t = await createTestApp(dialect, { env: { photoLimitBytes: 20_000 } });
      expect(t.env.services.files.limits.maxBytes).toBe(20_000);
      const big = Buffer.concat([await jpeg(), Buffer.alloc(30_000, 0xff)]);
      const res = await report(t, { lon: 114.65, lat: 33.62 }, big);
      expect(res.statusCode, res.body).toBe(413);
      expect(res.json()).toMatchObject({ error: 'file_too_large' });
      expect(res.json<{ message: string }>().message).toContain('photos');
    });
  });
}
