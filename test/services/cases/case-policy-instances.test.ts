import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dataVersionRepository } from '../../../src/db/repositories/data-version.repository.js';
import { policyRepository } from '../../../src/db/repositories/policy.repository.js';
import { POLICY_RECHECK_MS } from '../../../src/services/cases/case-policy.service.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { cityWithStaff, makeEnv, type CityWithStaff, type TestEnv } from '../../helpers/factories.js';

/**
 * Several instances on one database each cache the case policy. A change HQ makes on one
 * instance must reach the others within a second (the version check), not after the cache's
 * minute: a case reported on the second instance would otherwise get the old category's rules.
 */
for (const dialect of DIALECTS) {
  describe(`the case policy across two instances on ${dialect}`, () => {
    let database: TestDatabase;
    let a: CityWithStaff;
    let b: TestEnv;
    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      a = await cityWithStaff(database);
      b = makeEnv(database);
    });
    afterAll(async () => database.drop());

    const nameOn = async (env: TestEnv, now: number) =>
      (await env.services.casePolicy.policy(now)).categories.find((c) => c.code === 'C01')?.name;

    it('a category renamed on one instance shows on the other after the recheck interval, not before', async () => {
      const t0 = Date.now();
      const old = await nameOn(b, t0);
      expect(old).toBeTruthy();
      await a.env.services.caseConfig.updateCategory(a.hq, 'C01', { name: '市容环境（改）' });
      expect(await nameOn(a.env, t0)).toBe('市容环境（改）');
      expect(await nameOn(b, t0 + POLICY_RECHECK_MS - 100)).toBe(old);
      expect(await nameOn(b, t0 + POLICY_RECHECK_MS + 100)).toBe('市容环境（改）');
    });

    it('a holiday set on one instance is in the other’s calendar after the recheck interval', async () => {
      const t0 = Date.now() + 10 * POLICY_RECHECK_MS;
      expect((await b.services.casePolicy.policy(t0)).calendar.holidays).not.toContain('2027-03-03');
      await a.env.services.caseConfig.setDay(a.hq, '2027-03-03', 'holiday', '测试');
      expect((await b.services.casePolicy.policy(t0 + POLICY_RECHECK_MS - 100)).calendar.holidays).not.toContain('2027-03-03');
      expect((await b.services.casePolicy.policy(t0 + POLICY_RECHECK_MS + 100)).calendar.holidays).toContain('2027-03-03');
    });

    it('without a change the version is read at most once per interval, and the rows not at all', async () => {
      const t0 = Date.now() + 100 * POLICY_RECHECK_MS;
      const p0 = await b.services.casePolicy.policy(t0);
      const rows = vi.spyOn(policyRepository, 'categories');
      const version = vi.spyOn(dataVersionRepository, 'get');
      try {
        for (let k = 1; k <= 5; k += 1) expect(await b.services.casePolicy.policy(t0 + k * 100)).toBe(p0);
        expect(version).not.toHaveBeenCalled();
        expect(await b.services.casePolicy.policy(t0 + POLICY_RECHECK_MS + 1)).toBe(p0);
        expect(await b.services.casePolicy.policy(t0 + POLICY_RECHECK_MS + 2)).toBe(p0);
        expect(version).toHaveBeenCalledTimes(1);
        expect(rows).not.toHaveBeenCalled();
      } finally {
        rows.mockRestore();
        version.mockRestore();
      }
    });
  });
}
