import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext } from '../../../src/core/context.js';
import type { AppError, ImportRowError } from '../../../src/core/errors.js';
import { expectRowsSaidInBoth } from '../../helpers/import-said.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { contextFor, makeCity, makeEnv, makeUser, type TestEnv } from '../../helpers/factories.js';

for (const dialect of DIALECTS) {
  describe(`CheckpointService on ${dialect}`, () => {
    let database: TestDatabase;
    let env: TestEnv;
    let hq: RequestContext;
    let city: Awaited<ReturnType<typeof makeCity>>;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      env = makeEnv(database);
      city = await makeCity(database);
      hq = await contextFor(
        database,
        (await makeUser(database, { unit: city.city, roles: [{ role: 'hq_dispatcher', unit: city.city }] })).id,
      );
    });
    afterAll(async () => database.drop());

    it('creates, filters and updates points', async () => {
      const p = await env.services.checkpoints.create(hq, {
        code: 'P1',
        name: '人民公园',
        type: '公园',
        lon: 114.65,
        lat: 33.62,
        responsibleUnitId: city.dept.id,
        areaUnitId: city.district.id,
        mustCheck: true,
      });
      expect(p).toMatchObject({ type: 'park', mustCheck: true, isNew: false, weakness: { weak: false, reasons: [] } });
      await expect(env.services.checkpoints.create(hq, { code: 'P1', name: 'x', type: 'park' })).rejects.toMatchObject({
        status: 409,
        details: { text: { zh: '点位编码“P1”已存在' } },
      });
      await expect(env.services.checkpoints.create(hq, { code: 'P2', name: 'x', type: 'park', lon: 1, lat: 1 })).rejects.toMatchObject({
        status: 422,
      });
      await env.services.checkpoints.update(hq, p.id, { isNew: true });
      expect((await env.services.checkpoints.list(hq, { isNew: true, q: '人民' })).map((x) => x.code)).toEqual(['P1']);
      expect(await env.services.checkpoints.list(hq, { type: 'school' })).toEqual([]);
    });

    it('imports GeoJSON, reporting bad features by index and writing nothing', async () => {
      const feature = (code: string, type: string, coords: unknown = [114.6, 33.6]) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: coords },
        properties: { code, name: code, type, unitCode: '411602' },
      });
      const bad = { type: 'FeatureCollection', features: [feature('G1', 'park'), feature('G2', '火星'), feature('G3', 'park', 'x')] };
      const err = (await env.services.checkpoints.importGeoJson(hq, bad).catch((e: unknown) => e)) as AppError;
      expect(err.status).toBe(422);
      const errors = (err.details as { errors: ImportRowError[] }).errors;
      expect(errors.map((e) => e.row)).toEqual([1, 2]);
      expectRowsSaidInBoth(errors);
      expect(errors.map((e) => e.text?.zh)).toEqual(['未知点位类型“火星”', '几何须为点（Point），坐标为 [经度, 纬度]']);
      expect(await env.services.checkpoints.list(hq, { q: 'G' })).toEqual([]);
      const ok = await env.services.checkpoints.importGeoJson(hq, {
        type: 'FeatureCollection',
        features: [feature('G1', 'park'), feature('G2', 'school')],
      });
      expect(ok).toEqual({ created: 2, updated: 0 });
      const map = await env.services.checkpoints.map(hq, {});
      expect(map.map((m) => m.code)).toEqual(expect.arrayContaining(['G1', 'G2', 'P1']));
    });
  });
}
