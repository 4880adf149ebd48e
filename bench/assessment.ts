/**
 * `assessment_month_s` (issue 13): computing one month's 考核 results with every explanation
 * for all units of the bench city, the way HQ does (the service's compute, draft stored).
 */
import type { Database } from '../src/db/database.js';
import { assessmentModelRepository } from '../src/db/repositories/assessment-model.repository.js';
import { checkAssessmentModel } from '../src/domain/assessment/model-check.js';
import { periodOf, previousPeriod } from '../src/domain/assessment/periods.js';
import type { Actor } from '../src/domain/policies/permissions.js';
import type { AssessmentModel } from '../src/shared/contracts/assessment.contract.js';
import type { Services } from '../src/services/index.js';

const LETTERS = {
  kind: 'letters',
  deductions: { reminder: 1, supervision: 3, accountability: 10 },
  unansweredDeduction: 2,
  cap: 10,
} as const;
const CASES = { kind: 'cases', weight: 60, onTimeWeight: 50, closureWeight: 30, reworkWeight: 20 } as const;

/** The bench city's model: every kind of unit that holds cases is in a group. */
export const BENCH_ASSESSMENT_MODEL: AssessmentModel = {
  version: 1,
  name: '基准考核办法',
  groups: [
    {
      key: 'districts',
      name: '中心城区各区',
      members: { unitKinds: ['district', 'dev_zone'], unitIds: [] },
      components: [
        { kind: 'evaluation', weight: 40 },
        CASES,
        LETTERS,
        { kind: 'bonus', thresholdPercent: 90, pointsPerPercent: 0.5, cap: 3 },
      ],
      total: { floor: 0, cap: 100 },
      lists: { kind: 'rank', red: 2, black: 2 },
    },
    {
      key: 'counties',
      name: '县市区',
      members: { unitKinds: ['county', 'county_city'], unitIds: [] },
      components: [{ kind: 'evaluation', weight: 40 }, CASES, LETTERS],
      total: { floor: 0, cap: 100 },
      lists: { kind: 'rank', red: 2, black: 2 },
    },
    {
      key: 'streets',
      name: '街道乡镇',
      members: { unitKinds: ['street', 'town', 'township', 'farm'], unitIds: [] },
      components: [{ ...CASES, weight: 100 }, LETTERS],
      total: { floor: 0, cap: 100 },
      lists: { kind: 'threshold', redMin: 95, blackBelow: 60 },
    },
    {
      key: 'departments',
      name: '市直部门',
      members: { unitKinds: ['department'], unitIds: [] },
      components: [{ ...CASES, weight: 100 }, LETTERS],
      total: { floor: 0, cap: 100 },
      lists: { kind: 'rank', red: 3, black: 3 },
    },
  ],
};

/** Stores the bench model as the campaign's published version (checked like HQ's would be). */
export async function publishBenchModel(database: Database, campaignId: number, at: string): Promise<void> {
  const problems = checkAssessmentModel(BENCH_ASSESSMENT_MODEL);
  if (problems.length > 0) throw new Error(`bench assessment model: ${JSON.stringify(problems)}`);
  const id = await assessmentModelRepository.insert(database.db, {
    campaign_id: campaignId,
    version: 1,
    model: JSON.stringify(BENCH_ASSESSMENT_MODEL),
    created_by: null,
    created_at: at,
  });
  await database.db.updateTable('assessment_models').set({ status: 'published', published_at: at }).where('id', '=', id).execute();
}

/** Times HQ's compute of the last full month; returns seconds, units and explanation lines. */
export async function measureAssessmentMonth(
  services: Services,
  hq: Actor,
  campaignId: number,
  nowMs: number,
): Promise<{ seconds: number; period: string; units: number; lines: number }> {
  const period = previousPeriod(periodOf('month', new Date(nowMs)));
  const t = performance.now();
  const run = await services.assessmentResults.compute(
    { actor: hq, requestId: 'bench', clientIp: null },
    { campaignId, periodKey: period.key },
  );
  const seconds = Math.round((performance.now() - t) / 10) / 100;
  const lines = run.groups.reduce((s, g) => s + g.items.reduce((a, i) => a + i.parts.reduce((b, p) => b + p.lines.length, 0), 0), 0);
  return { seconds, period: period.key, units: run.unitCount, lines };
}
