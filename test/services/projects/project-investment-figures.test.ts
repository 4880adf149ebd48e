import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectInvestmentFigures } from '../../../src/db/repositories/project-investment.repository.js';
import type { Project } from '../../../src/shared/contracts/projects.contract.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { projectBody, projectWorld, type ProjectWorld } from './project-world.js';

/**
 * The roll-ups' 在建工业项目 investment (issue 14 points 4 and 7): plans and the latest version of
 * each ended month's report, summed in SQL, read back through the summary a leader sees.
 */
for (const dialect of DIALECTS) {
  describe(`investment figures of the roll-ups on ${dialect}`, () => {
    let database: TestDatabase;
    let w: ProjectWorld;
    let a: Project;
    let b: Project;
    const inv = () => w.env.services.projectInvestment;
    const at = (iso: string) => w.env.clock.set(new Date(iso));
    const figures = (ids: number[], asOf: string) => projectInvestmentFigures.yearFigures(database.db, ids, asOf);

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      w = await projectWorld(database);
      at('2025-12-20T02:00:00.000Z');
      a = await w.env.services.projects.create(w.officeA.ctx, projectBody(w));
      b = await w.env.services.projects.create(w.officeA.ctx, projectBody(w, { code: 'XM-B2', name: '凯旺二期' }));
    });
    afterAll(async () => database.drop());

    it('is null while no project has a plan or a report for the year', async () => {
      expect(await figures([a.id, b.id], '2026-03-31')).toBeNull();
      expect(await figures([], '2026-03-31')).toBeNull();
    });

    it('sums the plans and the latest version of each month ended by the day, per year', async () => {
      at('2026-01-10T02:00:00.000Z');
      await inv().setPlan(w.officeA.ctx, a.id, 2026, { plan: 10000 });
      await inv().setPlan(w.officeA.ctx, b.id, 2026, { plan: 5000.5 });
      await inv().setPlan(w.officeA.ctx, b.id, 2025, { plan: 99999 });
      expect(await figures([a.id, b.id], '2026-01-31')).toEqual({ completedWanCents: 0, planWanCents: 1_500_050 });

      at('2026-02-03T02:00:00.000Z');
      await inv().file(w.ownerA.ctx, a.id, { year: 2026, month: 1, completed: 800, progress: '桩基施工' });
      await inv().file(w.ownerA.ctx, b.id, { year: 2026, month: 1, completed: 300.25, progress: '场地平整' });
      at('2026-03-03T02:00:00.000Z');
      await inv().file(w.ownerA.ctx, a.id, { year: 2026, month: 2, completed: 1200, progress: '主体施工' });
      // A correction of January: only the latest version counts.
      await inv().file(w.ownerA.ctx, a.id, {
        year: 2026,
        month: 1,
        completed: 900,
        progress: '桩基施工',
        version: 1,
        correctionReason: '漏报设备款',
      });

      // January has ended at the end of 31 January, not before; February at the end of the 28th.
      expect(await figures([a.id, b.id], '2026-01-30')).toEqual({ completedWanCents: 0, planWanCents: 1_500_050 });
      expect(await figures([a.id, b.id], '2026-01-31')).toEqual({ completedWanCents: 120_025, planWanCents: 1_500_050 });
      expect(await figures([a.id, b.id], '2026-02-27')).toEqual({ completedWanCents: 120_025, planWanCents: 1_500_050 });
      expect(await figures([a.id, b.id], '2026-02-28')).toEqual({ completedWanCents: 240_025, planWanCents: 1_500_050 });
      // Only the projects asked for; another year's plan is another year's.
      expect(await figures([a.id], '2026-12-31')).toEqual({ completedWanCents: 210_000, planWanCents: 1_000_000 });
      expect(await figures([b.id], '2025-12-31')).toEqual({ completedWanCents: 0, planWanCents: 9_999_900 });
    });
  });
}
