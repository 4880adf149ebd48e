import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataVersionRepository } from '../../../src/db/repositories/data-version.repository.js';
import { projectBatchRepository } from '../../../src/db/repositories/project-batch.repository.js';
import { projectInvestmentFigures, projectInvestmentRepository } from '../../../src/db/repositories/project-investment.repository.js';
import { projectRollupRepository } from '../../../src/db/repositories/project-rollup.repository.js';
import { projectRepository } from '../../../src/db/repositories/project.repository.js';
import type { Project } from '../../../src/shared/contracts/projects.contract.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { projectBody, projectWorld, type ProjectWorld } from './project-world.js';

/**
 * The roll-ups' data version (migration 0023, docs/PERFORMANCE.md): one counter row bumped in the
 * same transaction by every repository write of what the roll-ups read, so their memo is reused
 * while nothing changed and never answers stale after a write.
 */

/** The tables the roll-ups (and the summary's latest batch rates) read. */
const WATCHED = [
  'projects',
  'project_members',
  'project_batches',
  'project_batch_items',
  'project_stage_records',
  'project_stage_spans',
  'project_investment_plans',
  'project_investment_reports',
];
const WRITE = new RegExp(`(insertInto|updateTable|deleteFrom)\\(\\s*'(${WATCHED.join('|')})'`);
const REPOSITORIES = [
  'src/db/repositories/project.repository.ts',
  'src/db/repositories/project-batch.repository.ts',
  'src/db/repositories/project-investment.repository.ts',
  'src/db/repositories/project-rollup.repository.ts',
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('the roll-ups data version: writers', () => {
  it('only the project repositories write the tables the roll-ups read (migrations and the demo reset aside)', () => {
    const writers = sources('src')
      .filter((f) => !f.startsWith('src/db/migrations/'))
      .filter((f) => WRITE.test(readFileSync(f, 'utf8')));
    expect(writers.sort()).toEqual([...REPOSITORIES].sort());
  });

  it('every repository function writing them bumps the version in the same call', () => {
    for (const file of REPOSITORIES) {
      // Split at each method of the repository objects (two-space indent).
      const parts = readFileSync(file, 'utf8').split(/\n {2}(?=(?:async )?\w+\()/);
      for (const part of parts.slice(1))
        if (WRITE.test(part))
          expect(`${file}: ${part.slice(0, part.indexOf('('))} bumps`).toBe(
            `${file}: ${part.slice(0, part.indexOf('('))} ${part.includes("dataVersionRepository.bump(db, 'project_rollups')") ? 'bumps' : 'does not bump'}`,
          );
    }
  });
});

for (const dialect of DIALECTS) {
  describe(`the roll-ups data version on ${dialect}`, () => {
    let database: TestDatabase;
    let w: ProjectWorld;
    let p: Project;
    const at = (iso: string) => w.env.clock.set(new Date(iso));
    const version = () => dataVersionRepository.get(database.db, 'project_rollups');

    /** `write` moves both the counter and the roll-ups' fingerprint. */
    const bumps = async (write: () => Promise<unknown>) => {
      const before = [await version(), await projectRollupRepository.dataVersion(database.db)] as const;
      await write();
      expect(await version()).toBeGreaterThan(before[0]);
      expect(await projectRollupRepository.dataVersion(database.db)).not.toBe(before[1]);
    };

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      w = await projectWorld(database);
      at('2026-03-10T02:00:00.000Z');
      p = await w.env.services.projects.create(w.officeA.ctx, projectBody(w));
    });
    afterAll(async () => database.drop());

    it('each repository write bumps it, in the writer transaction', async () => {
      const db = database.db;
      const now = '2026-03-10T02:00:00.000Z';
      let q = 0;
      await bumps(async () => {
        q = await projectRepository.insert(db, {
          code: 'XM-V-1',
          name: '版本项目',
          county_unit_id: w.city.district.id,
          industry_chain: null,
          level: 'municipal',
          category: 'advanced_manufacturing',
          investor: null,
          total_investment_wan_cents: 100,
          lon: null,
          lat: null,
          work_team_unit_id: null,
          leader_user_id: null,
          current_stage: 'planning',
          current_stage_date: null,
          status: 'active',
          created_at: now,
          updated_at: now,
        });
      });
      await bumps(() => projectRepository.update(db, q, 1, { name: '版本项目二' }));
      await bumps(() => projectRepository.replaceMembers(db, q, [{ userId: w.ownerA.id, title: null }]));
      await bumps(() => projectRepository.replaceMembers(db, q, []));
      let record = 0;
      await bumps(async () => {
        record = await projectRepository.insertStageRecord(db, {
          project_id: q,
          stage: 'signed',
          from_stage: 'planning',
          actual_date: '2026-03-01',
          note: '',
          move: 'next',
          reason: null,
          status: 'pending',
          recorded_by: null,
          recorded_at: now,
          decided_by: null,
          decided_at: null,
          decision_reason: null,
        });
      });
      await bumps(() => projectRepository.decideStageRecord(db, record, { status: 'confirmed', decided_at: now }));
      await bumps(() => projectRollupRepository.refreshStageSpans(db, [q]));
      let batch = 0;
      await bumps(async () => {
        batch = await projectBatchRepository.insert(db, {
          county_unit_id: w.city.district.id,
          name: '第9期',
          seq: 9,
          event_date: '2026-03-01',
          created_by: null,
          created_at: now,
        });
      });
      await bumps(() => projectBatchRepository.addItem(db, { batch_id: batch, project_id: q, role: 'sign', added_at: now }));
      await bumps(() => projectBatchRepository.removeItem(db, batch, q));
      await bumps(() =>
        projectInvestmentRepository.insertPlan(db, {
          project_id: q,
          year: 2026,
          plan_wan_cents: 500,
          note: null,
          set_by: w.officeA.id,
          set_at: now,
        }),
      );
      await bumps(() =>
        projectInvestmentRepository.updatePlan(db, q, 2026, 1, { plan_wan_cents: 600, note: null, set_by: w.officeA.id, set_at: now }),
      );
      await bumps(() =>
        projectInvestmentRepository.insertReport(db, {
          project_id: q,
          year: 2026,
          month: 2,
          version: 1,
          completed_wan_cents: 50,
          opening_wan_cents: null,
          progress: '施工',
          problems: '',
          correction_reason: null,
          submitted_by: w.ownerA.id,
          submitted_at: now,
        }),
      );
      // A write rolled back leaves the version as it was.
      const before = await version();
      await expect(
        db.transaction().execute(async (trx) => {
          await projectRepository.update(trx, q, 2, { name: '回滚' });
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(await version()).toBe(before);
    });

    it('a roll-up after each service write is fresh, never the memo of before', async () => {
      const rollups = w.env.services.projectRollups;
      const inv = w.env.services.projectInvestment;
      const county = async () => (await rollups.rollup(w.leader.ctx, { by: 'county' })).total;
      const summary = () => rollups.summary(w.leader.ctx);

      // 在建工业项目: p is industrial; its stages up to 开工 make it 在建.
      for (const [stage, actualDate] of [
        ['signed', '2026-01-05'],
        ['performing', '2026-01-20'],
        ['started', '2026-02-01'],
      ] as const) {
        const before = (await summary()).industrialUnderConstruction.count;
        const r = await w.env.services.projectStages.record(w.ownerA.ctx, p.id, { stage, actualDate });
        await w.env.services.projectStages.confirm(w.officeCity.ctx, p.id, r.stages.find((s) => s.status === 'pending')!.id);
        if (stage === 'started') expect((await summary()).industrialUnderConstruction.count).toBe(before + 1);
      }
      expect((await summary()).industrialUnderConstruction).toMatchObject({ count: 1, investmentReports: false, annualPlan: null });
      await inv.setPlan(w.officeA.ctx, p.id, 2026, { plan: 12000 });
      expect((await summary()).industrialUnderConstruction).toMatchObject({
        investmentReports: true,
        annualPlan: 12000,
        completedThisYear: 0,
      });
      await inv.file(w.ownerA.ctx, p.id, { year: 2026, month: 2, completed: 800, progress: '主体施工' });
      expect((await summary()).industrialUnderConstruction).toMatchObject({ completedThisYear: 800 });
      await inv.file(w.ownerA.ctx, p.id, {
        year: 2026,
        month: 2,
        completed: 900,
        progress: '主体施工',
        version: 1,
        correctionReason: '漏报',
      });
      const s = await summary();
      expect(s.industrialUnderConstruction).toMatchObject({ completedThisYear: 900, annualPlan: 12000 });
      // The subquery the summary passes gives what the same projects as a list of ids give.
      const rq = {
        scope: { all: true, countyPaths: [], workTeamPaths: [], memberUserId: null },
        asOf: s.asOf,
        endOfDay: '2026-03-10T16:00:00.000Z',
      };
      const ids = await projectRollupRepository.ids(database.db, rq, { industrial: true, underConstruction: true });
      expect(ids).toContain(p.id);
      expect(await projectInvestmentFigures.yearFigures(database.db, ids, s.asOf)).toEqual(
        await projectInvestmentFigures.yearFigures(
          database.db,
          projectRollupRepository.idsQuery(database.db, rq, { industrial: true, underConstruction: true })!,
          s.asOf,
        ),
      );

      const total = await county();
      const fresh = await w.env.services.projects.get(w.officeA.ctx, p.id);
      await w.env.services.projects.update(w.officeA.ctx, p.id, { version: fresh.version, totalInvestment: 140000 });
      expect((await county()).investment).toBe(total.investment + 5000);

      const batch = await w.env.services.projectBatches.create(w.officeA.ctx, {
        countyUnitId: w.city.district.id,
        name: '第1期',
        seq: 1,
        eventDate: '2026-03-01',
      });
      const byBatch = async () =>
        (await rollups.rollup(w.leader.ctx, { by: 'batch' })).groups.find((g) => g.key === String(batch.id))?.count ?? 0;
      expect(await byBatch()).toBe(0);
      await w.env.services.projectBatches.addProject(w.officeA.ctx, batch.id, { projectId: p.id, role: 'start' });
      expect(await byBatch()).toBe(1);
      await w.env.services.projectBatches.removeProject(w.officeA.ctx, batch.id, p.id);
      expect(await byBatch()).toBe(0);

      const again = await w.env.services.projects.get(w.officeA.ctx, p.id);
      const count = (await county()).count;
      at('2026-03-10T03:00:00.000Z');
      await w.env.services.projects.terminate(w.officeA.ctx, p.id, { version: again.version, reason: '企业撤资' });
      expect((await county()).count).toBe(count - 1);
    });
  });
}
