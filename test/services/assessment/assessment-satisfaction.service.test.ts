/**
 * 群众满意率 in the assessment (issue 15 point 3, "usable by the assessment model"): the
 * reporters' 回访 ratings, given through SatisfactionService, are read for the period and
 * weigh in the unit's score with one explanation line per rating, on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext } from '../../../src/core/context.js';
import type { AssessmentModel, AssessmentRun } from '../../../src/shared/contracts/assessment.contract.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { cityWithStaff, type CityWithStaff } from '../../helpers/factories.js';
import { makeCampaign } from '../../helpers/assessment.js';
import { explanationMismatches } from '../../helpers/assessment-results.js';
import { closingCrew, publicCase, type ClosingCrew } from '../../helpers/satisfaction.js';

/** 市直部门 on case handling (60) and citizen satisfaction (40, 基本满意 counted 0.9). */
function model(): Omit<AssessmentModel, 'version'> {
  return {
    name: '考核办法（含群众满意率）',
    groups: [
      {
        key: 'departments',
        name: '市直部门',
        members: { unitKinds: ['department'], unitIds: [] },
        components: [
          { kind: 'cases', weight: 60, onTimeWeight: 50, closureWeight: 30, reworkWeight: 20 },
          { kind: 'satisfaction', weight: 40, basicallySatisfiedCredit: 0.9 },
        ],
        total: { floor: 0, cap: 100 },
        lists: { kind: 'rank', red: 1, black: 0 },
      },
    ],
  };
}

for (const dialect of DIALECTS) {
  describe(`the satisfaction component of an assessment run on ${dialect}`, () => {
    let database: TestDatabase;
    let w: CityWithStaff;
    let crew: ClosingCrew;
    let campaignId: number;
    const anon: RequestContext = { actor: null, requestId: 'anon', clientIp: '10.0.0.9' };

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      w = await cityWithStaff(database);
      crew = await closingCrew(database, w.city.city, w.city.dept);
      campaignId = await makeCampaign(database);
      const m = await w.env.services.assessmentModels.create(w.hq, { campaignId, model: model() });
      await w.env.services.assessmentModels.publish(w.hq, m.id);
    });
    afterAll(async () => database.drop());

    const deptItem = (run: AssessmentRun) => run.groups[0]!.items.find((i) => i.unitId === w.city.dept.id)!;

    it('counts the ratings given in the period, each as a line naming its case', async () => {
      const s = w.env.services;
      // Three public reports closed by the department in March (the test clock starts on 2 March).
      const cases: Awaited<ReturnType<typeof publicCase>>[] = [];
      for (let i = 0; i < 3; i++) cases.push(await publicCase(database, s, w.env.clock, crew));
      const rate = (c: (typeof cases)[number], rating: string) =>
        s.satisfaction.rate(anon, { number: c.number }, { token: c.token }, { rating, comment: null } as never);
      await rate(cases[0]!, 'satisfied');
      await rate(cases[1]!, 'basically_satisfied');
      // The third is rated in April: it belongs to April's score, not March's.
      w.env.clock.set('2026-04-02T02:00:00.000Z');
      await rate(cases[2]!, 'dissatisfied');

      const march = await s.assessmentResults.compute(w.hq, { campaignId, periodKey: '2026-03' });
      const it3 = deptItem(march);
      const part = it3.parts.find((p) => p.kind === 'satisfaction')!;
      // (1 + 0.9) / 2 = 95 %; cases all on time and closed: 60 + 40 × 0.95 = 98.
      expect(part).toMatchObject({ weight: 40, effectiveWeight: 40, rate: 0.95, points: 38 });
      expect(it3.score).toBe(98);
      expect(part.lines.map((l) => [l.kind, l.refId, l.points])).toEqual([
        ['note', null, 0],
        ['case', cases[0]!.id, 20],
        ['case', cases[1]!.id, 18],
      ]);
      expect(part.lines[1]!.label).toMatch(new RegExp(`^${cases[0]!.number} \\S+：满意$`));
      expect(part.lines[2]!.label).toMatch(new RegExp(`^${cases[1]!.number} \\S+：基本满意$`));
      expect(explanationMismatches(march.groups)).toEqual([]);

      // April: no case of the department's is due, only the 不满意 rating counts, so it is ranked on it alone.
      const april = await s.assessmentResults.compute(w.hq, { campaignId, periodKey: '2026-04' });
      const a = deptItem(april);
      expect(a.score).toBe(0);
      expect(a.parts.find((p) => p.kind === 'satisfaction')).toMatchObject({ rate: 0, effectiveWeight: 100 });
      expect(a.parts.find((p) => p.kind === 'cases')!.lines[0]!.label).toBe('本期无案件数据，权重分摊至其他指标');
    });
  });
}
