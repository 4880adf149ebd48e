import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { makeEnv, makeUnit, type TestEnv } from '../../helpers/factories.js';
import { DEFAULT_CATEGORIES } from '../../../src/domain/cases/categories.js';

/**
 * The shipped categories route to the demo city's departments (411600-ZJJ …). A production
 * install has none of them: its categories come without a responsible unit, and the ones
 * left unrouted are listed for the start's warning until HQ sets them.
 */
for (const dialect of DIALECTS) {
  describe(`case categories of a production install on ${dialect}`, () => {
    let database: TestDatabase;
    let env: TestEnv;
    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      env = makeEnv(database);
    });
    afterAll(async () => database.drop());

    it('are seeded without the demo departments, and every one is listed as unrouted', async () => {
      await env.services.casePolicy.ensureDefaults({ demoUnits: false });
      const rows = await database.db.selectFrom('categories').select(['code', 'default_unit_code', 'area_rules']).execute();
      expect(rows.length).toBeGreaterThanOrEqual(DEFAULT_CATEGORIES.length);
      expect(rows.filter((r) => r.default_unit_code !== null || r.area_rules !== '{}')).toEqual([]);
      const unrouted = await env.services.casePolicy.unroutedCategories();
      expect(unrouted.map((c) => c.code).sort()).toEqual(rows.map((r) => r.code).sort());
    });

    it('one routed to a unit of the city is no longer listed; one naming a missing unit is, with that code', async () => {
      const city = await makeUnit(database, { code: '411600', name: '周口市', kind: 'city' });
      const dept = await makeUnit(database, { code: 'P-CGJ', name: '市城市管理局', kind: 'department', parent: city });
      await database.db.updateTable('categories').set({ default_unit_code: dept.code }).where('code', '=', 'C03').execute();
      await database.db.updateTable('categories').set({ default_unit_code: '411600-ZJJ' }).where('code', '=', 'C01').execute();
      const unrouted = await env.services.casePolicy.unroutedCategories();
      expect(unrouted.find((c) => c.code === 'C03')).toBeUndefined();
      expect(unrouted.find((c) => c.code === 'C01')).toMatchObject({ unitCode: '411600-ZJJ' });
    });
  });
}
