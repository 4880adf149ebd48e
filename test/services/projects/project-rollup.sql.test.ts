/**
 * The roll-ups are summed in SQL (project-rollup.repository.ts) from the domain's constants; this
 * checks, on both databases, that they give exactly what the domain's rules give
 * (src/domain/projects/rollups.ts rollUp / countMatching over stageAsOf and signedOn) on random
 * registers: random projects, random stage records (moves back and same-day records included),
 * random days and filters.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRollupRepository } from '../../../src/db/repositories/project-rollup.repository.js';
import { signedOn } from '../../../src/domain/projects/rates.js';
import { countMatching, matchesFilter, rollUp, type RollupProject } from '../../../src/domain/projects/rollups.js';
import { stageAsOf, type StageRecord } from '../../../src/domain/projects/stages.js';
import { PROJECT_CATEGORIES, PROJECT_LEVELS, PROJECT_STAGES } from '../../../src/shared/project-enums.js';
import { ROLLUP_DIMENSIONS, ROLLUP_NONE } from '../../../src/shared/project-rollup-enums.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { makeCity, makeUnit } from '../../helpers/factories.js';

const day = fc.integer({ min: 0, max: 700 }).map((n) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
const project = fc.record({
  county: fc.integer({ min: 0, max: 1 }),
  chain: fc.constantFrom(null, '生物医药', '智能零部件'),
  team: fc.boolean(),
  level: fc.constantFrom(...PROJECT_LEVELS),
  category: fc.constantFrom(...PROJECT_CATEGORIES),
  investment: fc.integer({ min: 0, max: 3_000_000_000 }),
  records: fc.array(
    fc.record({ stage: fc.constantFrom(...PROJECT_STAGES), actualDate: day, status: fc.constantFrom('confirmed', 'rejected') }),
    {
      maxLength: 5,
    },
  ),
});

for (const dialect of DIALECTS) {
  describe(`roll-up SQL equals the domain's rules on ${dialect}`, () => {
    let database: TestDatabase;
    let counties: number[];
    let team: number;
    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      const city = await makeCity(database);
      counties = [city.district.id, city.otherDistrict.id];
      team = (await makeUnit(database, { code: 'WT-1', name: '专班', kind: 'work_team', parent: city.city })).id;
    });
    afterAll(async () => database.drop());

    it('every dimension and the filters, on random registers and days (property)', async () => {
      const db = database.db;
      await fc.assert(
        fc.asyncProperty(fc.array(project, { minLength: 1, maxLength: 12 }), day, async (ps, asOf) => {
          await db.deleteFrom('project_stage_spans').execute();
          await db.deleteFrom('project_stage_records').execute();
          await db.deleteFrom('projects').execute();
          const expected: RollupProject[] = [];
          for (const [i, p] of ps.entries()) {
            const { id } = await db
              .insertInto('projects')
              .values({
                code: `P-${i}`,
                name: `项目${i}`,
                county_unit_id: counties[p.county]!,
                industry_chain: p.chain,
                level: p.level,
                category: p.category,
                total_investment_wan_cents: p.investment,
                work_team_unit_id: p.team ? team : null,
                current_stage: 'planning',
                status: 'active',
                // Registered long before every day drawn: presence depends on termination only.
                created_at: '2024-01-01T00:00:00.000Z',
                updated_at: '2024-01-01T00:00:00.000Z',
              })
              .returning('id')
              .executeTakeFirstOrThrow();
            for (const r of p.records)
              await db
                .insertInto('project_stage_records')
                .values({
                  project_id: Number(id),
                  stage: r.stage,
                  from_stage: 'planning',
                  actual_date: r.actualDate,
                  note: '',
                  move: 'next',
                  status: r.status,
                  recorded_at: '2024-01-01T00:00:00.000Z',
                })
                .execute();
            // Records in id order, as the register reads them.
            const records: StageRecord[] = p.records.map((r) => ({ ...r }));
            const signed = signedOn(records);
            expected.push({
              countyId: counties[p.county]!,
              chain: p.chain,
              teamId: p.team ? team : null,
              level: p.level,
              category: p.category,
              investment: p.investment,
              stage: stageAsOf(records, asOf),
              signedOn: signed !== null && signed <= asOf ? signed : null,
              batchIds: [],
            });
          }
          await projectRollupRepository.refreshStageSpans(db, null);
          const q = {
            scope: { all: true, countyPaths: [], workTeamPaths: [], memberUserId: null },
            asOf,
            endOfDay: '2099-01-01T00:00:00.000Z',
          };
          for (const by of ROLLUP_DIMENSIONS.filter((d) => d !== 'batch')) {
            const sqlGroups = (await projectRollupRepository.groups(db, q, by)).map((g) => ({
              key: g.key === null || g.key === '' ? ROLLUP_NONE : by === 'stage' ? PROJECT_STAGES[Number(g.key)]! : String(g.key),
              count: g.count,
              investment: g.investment,
              underConstruction: g.under_construction,
              producing: g.producing,
            }));
            const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : 1);
            expect(sqlGroups.sort(byKey), by).toEqual(rollUp(expected, by).sort(byKey));
          }
          const filter = { signedFrom: `${asOf.slice(0, 4)}-01-01`, signedTo: asOf, minInvestment: 1_000_000, industrial: true };
          const [g] = await projectRollupRepository.groups(db, q, null, filter);
          expect({ count: g?.count ?? 0, investment: g?.investment ?? 0 }).toEqual(countMatching(expected, filter));
          const uc = { underConstruction: true };
          expect((await projectRollupRepository.groups(db, q, null, uc))[0]?.count ?? 0).toBe(
            expected.filter((p) => matchesFilter(p, uc)).length,
          );
        }),
        { numRuns: 15, seed: 14 },
      );
    }, 120_000);
  });
}
