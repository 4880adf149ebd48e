import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { contextFor, makeCity, makeEnv, type TestEnv } from '../../helpers/factories.js';
import { unitRepository } from '../../../src/db/repositories/unit.repository.js';
import { AppError } from '../../../src/core/errors.js';

for (const dialect of DIALECTS) {
  describe(`UnitService on ${dialect}`, () => {
    let database: TestDatabase;
    let env: TestEnv;
    let city: Awaited<ReturnType<typeof makeCity>>;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      env = makeEnv(database);
      city = await makeCity(database);
    });
    afterAll(async () => database.drop());

    it('creates a unit under a parent with a materialized path and audits it', async () => {
      const ctx = await contextFor(database, city.sysadmin.id);
      const u = await env.services.units.create(ctx, { code: '411602002', name: '七一路街道', kind: 'street', parentId: city.district.id });
      expect(u.path).toBe(`${city.district.path}${u.id}/`);
      expect(u.depth).toBe(2);
      const audit = await database.db.selectFrom('audit_log').selectAll().where('action', '=', 'unit.create').execute();
      expect(audit.some((a) => a.target_id === String(u.id))).toBe(true);
    });

    it('refuses a duplicate code with 409 and writes nothing', async () => {
      const ctx = await contextFor(database, city.sysadmin.id);
      const before = await unitRepository.count(database.db);
      await expect(
        env.services.units.create(ctx, { code: '411602', name: 'x', kind: 'district', parentId: city.city.id }),
      ).rejects.toMatchObject({
        status: 409,
        details: { field: 'code', text: { zh: expect.stringMatching(/^单位编码“411602”已被.+使用$/) } },
      });
      expect(await unitRepository.count(database.db)).toBe(before);
    });

    it('refuses moving a unit under its own descendant', async () => {
      const ctx = await contextFor(database, city.sysadmin.id);
      const err = await env.services.units.update(ctx, city.district.id, { parentId: city.street.id }).catch((e: AppError) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).status).toBe(422);
      expect((err as AppError).message).toMatch(/parentId/);
      expect((err as AppError).details).toMatchObject({
        text: { zh: expect.stringMatching(/^不能把.+移到它自己或它的下级单位（.+）之下$/) },
      });
    });

    it('moves a subtree and rewrites descendant paths', async () => {
      const ctx = await contextFor(database, city.sysadmin.id);
      const team = await env.services.units.create(ctx, { code: 'WT-A', name: '专班A', kind: 'work_team', parentId: city.city.id });
      const moved = await env.services.units.update(ctx, team.id, { parentId: city.dept.id });
      expect(moved.path).toBe(`${city.dept.path}${team.id}/`);
      expect(moved.depth).toBe(2);
    });

    it('keeps a district sysadmin inside the district', async () => {
      const ctx = await contextFor(database, city.districtAdmin.id);
      await expect(
        env.services.units.create(ctx, { code: 'X-OUT', name: '外部', kind: 'department', parentId: city.city.id }),
      ).rejects.toMatchObject({ status: 403 });
      const inside = await env.services.units.create(ctx, {
        code: '411602099',
        name: '新街道',
        kind: 'street',
        parentId: city.district.id,
      });
      expect(inside.parentId).toBe(city.district.id);
    });

    it('refuses deleting a unit with children or people (409) and deletes an empty leaf', async () => {
      const ctx = await contextFor(database, city.sysadmin.id);
      await expect(env.services.units.remove(ctx, city.district.id)).rejects.toMatchObject({ status: 409 });
      const leaf = await env.services.units.create(ctx, { code: 'LEAF', name: '叶', kind: 'department', parentId: city.city.id });
      await env.services.units.remove(ctx, leaf.id);
      expect(await unitRepository.byId(database.db, leaf.id)).toBeUndefined();
    });

    it('an auditor cannot change units', async () => {
      const ctx = await contextFor(database, city.auditor.id);
      await expect(
        env.services.units.create(ctx, { code: 'AUD', name: 'x', kind: 'department', parentId: city.city.id }),
      ).rejects.toMatchObject({ status: 403 });
    });
  });
}
