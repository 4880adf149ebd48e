/**
 * 群众满意率 as a component of the assessment (issue 15 point 3): the citizens' 回访 ratings
 * of a unit's cases weigh in its score like the other weighted components, with the model's
 * credit for 基本满意, and the explanation names every rating.
 */
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { checkAssessmentModel, type AssessmentGroup } from '../../../src/domain/assessment/model-check.js';
import { scoreGroup } from '../../../src/domain/assessment/scoring.js';
import type { RatingFact, UnitInputs } from '../../../src/domain/assessment/inputs.js';
import { AssessmentModel as AssessmentModelSchema } from '../../../src/shared/contracts/assessment.contract.js';
import { kase } from './fixtures.js';

const GROUP: AssessmentGroup = {
  key: 'departments',
  name: '市直部门',
  members: { unitKinds: ['department'], unitIds: [] },
  components: [
    { kind: 'evaluation', weight: 50 },
    { kind: 'cases', weight: 30, onTimeWeight: 50, closureWeight: 30, reworkWeight: 20 },
    { kind: 'satisfaction', weight: 20, basicallySatisfiedCredit: 0.9 },
  ],
  total: { floor: 0, cap: 100 },
  lists: { kind: 'rank', red: 1, black: 1 },
};

const rating = (id: number, r: RatingFact['rating']): RatingFact => ({ id, label: `2026-00000${id} 占道经营`, rating: r });

function unit(ratings: RatingFact[] | undefined): UnitInputs {
  return { unitId: 7, cases: [kase()], inspections: [{ id: 1, label: '人民公园', rate: 0.8 }], letters: [], ratings };
}

describe('the satisfaction component', () => {
  it('scores (满意 + 0.9 × 基本满意) / rated × weight, one line per rating', () => {
    const ratings = [rating(1, 'satisfied'), rating(2, 'basically_satisfied'), rating(3, 'dissatisfied'), rating(4, 'satisfied')];
    const [r] = scoreGroup(GROUP, [unit(ratings)]);
    // 50 × 0.8 + 30 × 1 + 20 × (2 + 0.9) / 4 = 40 + 30 + 14.5
    expect(r!.score).toBe(84.5);
    const part = r!.parts.find((p) => p.kind === 'satisfaction')!;
    expect(part).toMatchObject({ weight: 20, effectiveWeight: 20, rate: 0.725, points: 14.5 });
    expect(part.lines[0]).toMatchObject({ kind: 'note', label: '满意率 (满意 + 0.9 × 基本满意) / 回访 = (2 + 0.9 × 1) / 4 = 72.50%' });
    expect(part.lines.slice(1).map((l) => [l.refId, l.label, l.points])).toEqual([
      [1, '2026-000001 占道经营：满意', 5],
      [2, '2026-000002 占道经营：基本满意', 4.5],
      [3, '2026-000003 占道经营：不满意', 0],
      [4, '2026-000004 占道经营：满意', 5],
    ]);
  });

  it('counts 基本满意 fully with a credit of 1 (Dudao’s published 满意率)', () => {
    const group: AssessmentGroup = {
      ...GROUP,
      components: GROUP.components.map((c) => (c.kind === 'satisfaction' ? { ...c, basicallySatisfiedCredit: 1 } : c)),
    };
    const [r] = scoreGroup(group, [unit([rating(1, 'basically_satisfied'), rating(2, 'dissatisfied')])]);
    const part = r!.parts.find((p) => p.kind === 'satisfaction')!;
    expect(part.rate).toBe(0.5);
    expect(part.lines[0]!.label).toBe('满意率 (满意 + 基本满意) / 回访 = (0 + 1) / 2 = 50.00%');
    expect(r!.score).toBe(80); // 40 + 30 + 10
  });

  it('without any rating its weight is shared out over the others', () => {
    for (const ratings of [undefined, []]) {
      const [r] = scoreGroup(GROUP, [unit(ratings)]);
      // evaluation 50 × 100 / 80 = 62.5 at 0.8; cases 37.5 at 1.
      expect(r!.score).toBe(87.5);
      const part = r!.parts.find((p) => p.kind === 'satisfaction')!;
      expect(part).toMatchObject({ effectiveWeight: 0, rate: null, points: 0 });
      expect(part.lines).toEqual([{ kind: 'note', refId: null, label: '本期无回访评价数据，权重分摊至其他指标', points: 0 }]);
    }
  });

  it('a unit with ratings alone is ranked on them', () => {
    const [r] = scoreGroup(GROUP, [{ unitId: 9, cases: [], inspections: [], letters: [], ratings: [rating(1, 'satisfied')] }]);
    expect(r).toMatchObject({ score: 100, rank: 1 });
  });

  it('the model check and the wire schema accept it, and name a bad credit or weight', () => {
    const model = { version: 1, name: '考核办法', groups: [GROUP] };
    expect(checkAssessmentModel(model)).toEqual([]);
    expect(new Ajv({ strict: false }).validate(AssessmentModelSchema, model)).toBe(true);
    const bad = structuredClone(model);
    bad.groups[0]!.components[2] = { kind: 'satisfaction', weight: 30, basicallySatisfiedCredit: 1.5 };
    expect(checkAssessmentModel(bad)).toEqual([
      {
        field: 'groups[0].components[2].basicallySatisfiedCredit',
        code: 'above_max',
        params: { max: 1, value: 1.5 },
        message: 'must be at most 1, got 1.5',
      },
      {
        field: 'groups[0].components',
        code: 'weights_sum',
        params: { sum: 110 },
        message: 'the weights of evaluation, cases and satisfaction must sum to 100, got 110',
      },
    ]);
    bad.groups[0]!.components = [{ kind: 'satisfaction', weight: 100, basicallySatisfiedCredit: 1 }];
    expect(checkAssessmentModel(bad)).toEqual([]);
  });
});
