/**
 * Properties of scoreGroup for random groups and facts: explanations add up, ranks follow
 * scores, scores stay within [floor, cap], and owed work never raises a score (a ranking
 * must not reward a backlog, issue 13).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { apportionCents, toCents } from '../../../src/domain/assessment/apportion.js';
import { checkAssessmentModel, type AssessmentGroup } from '../../../src/domain/assessment/model-check.js';
import { scoreGroup } from '../../../src/domain/assessment/scoring.js';
import type { Adjustment, CaseFact, UnitInputs } from '../../../src/domain/assessment/inputs.js';
import { owedCase } from './fixtures.js';

const cents = (x: number) => Math.round(x * 100);

/** Two non-negative numbers (tenths) summing to 100, as weights. */
const split = fc.integer({ min: 1, max: 999 }).map((t) => [t / 10, 100 - t / 10] as const);
const subWeights = fc
  .tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }))
  .map(([a, b]) => [Math.min(a, b), Math.max(a, b) - Math.min(a, b), 100 - Math.max(a, b)] as const);

const groupArb: fc.Arbitrary<AssessmentGroup> = fc
  .record({
    weights: split,
    which: fc.constantFrom('both', 'evaluation', 'cases'),
    subs: subWeights,
    letters: fc.option(
      fc.record({
        r: fc.integer({ min: 0, max: 10 }),
        s: fc.integer({ min: 0, max: 20 }),
        u: fc.integer({ min: 0, max: 5 }),
        cap: fc.integer({ min: 0, max: 30 }),
      }),
    ),
    bonus: fc.option(
      fc.record({ t: fc.integer({ min: 0, max: 99 }), p: fc.integer({ min: 1, max: 20 }), cap: fc.integer({ min: 0, max: 10 }) }),
    ),
    satisfaction: fc.option(fc.record({ w: fc.integer({ min: 1, max: 60 }), credit: fc.integer({ min: 0, max: 10 }) })),
    floor: fc.integer({ min: -20, max: 40 }),
    span: fc.integer({ min: 1, max: 80 }),
  })
  .map(({ weights, which, subs, letters, bonus, satisfaction, floor, span }): AssessmentGroup => {
    // 群众满意率 takes its weight from the others in proportion, so the weights still sum to 100.
    const k = satisfaction ? (100 - satisfaction.w) / 100 : 1;
    return {
      key: 'g',
      name: '组',
      members: { unitKinds: ['county'], unitIds: [] },
      components: [
        ...(which !== 'cases' ? [{ kind: 'evaluation' as const, weight: k * (which === 'both' ? weights[0] : 100) }] : []),
        ...(which !== 'evaluation'
          ? [
              {
                kind: 'cases' as const,
                weight: k * (which === 'both' ? weights[1] : 100),
                onTimeWeight: subs[0],
                closureWeight: subs[1],
                reworkWeight: subs[2],
              },
            ]
          : []),
        ...(letters
          ? [
              {
                kind: 'letters' as const,
                deductions: { reminder: letters.r / 2, supervision: letters.s / 2 },
                unansweredDeduction: letters.u,
                cap: letters.cap,
              },
            ]
          : []),
        ...(bonus ? [{ kind: 'bonus' as const, thresholdPercent: bonus.t, pointsPerPercent: bonus.p / 10, cap: bonus.cap }] : []),
        ...(satisfaction
          ? [{ kind: 'satisfaction' as const, weight: satisfaction.w, basicallySatisfiedCredit: satisfaction.credit / 10 }]
          : []),
      ],
      total: { floor, cap: floor + span },
      lists: { kind: 'rank', red: 1, black: 1 },
    };
  });

const caseArb: fc.Arbitrary<CaseFact> = fc
  .record({
    id: fc.integer({ min: 1, max: 10_000 }),
    handled: fc.boolean(),
    handledOnTime: fc.boolean(),
    closed: fc.boolean(),
    closedOnTime: fc.boolean(),
    reworks: fc.integer({ min: 0, max: 4 }),
    overdueAtEnd: fc.boolean(),
  })
  .map((c) => ({ ...c, label: `案件${c.id}` }));

const unitArb = (unitId: number): fc.Arbitrary<UnitInputs> =>
  fc.record({
    unitId: fc.constant(unitId),
    cases: fc.array(caseArb, { maxLength: 12 }),
    inspections: fc.array(
      fc.record({ id: fc.integer({ min: 1, max: 10_000 }), label: fc.constant('检查'), rate: fc.double({ min: 0, max: 1, noNaN: true }) }),
      { maxLength: 6 },
    ),
    letters: fc.array(
      fc.record({
        id: fc.integer({ min: 1, max: 10_000 }),
        label: fc.constant('函'),
        rungKey: fc.constantFrom('reminder', 'supervision', 'other'),
        unansweredAtEnd: fc.boolean(),
      }),
      { maxLength: 5 },
    ),
    ratings: fc.array(
      fc.record({
        id: fc.integer({ min: 1, max: 10_000 }),
        label: fc.constant('回访'),
        rating: fc.constantFrom('satisfied', 'basically_satisfied', 'dissatisfied'),
      }),
      { maxLength: 6 },
    ),
  });

const unitsArb = fc.integer({ min: 1, max: 7 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => unitArb(i + 1))));
const adjustmentsArb = fc.array(
  fc.record({
    id: fc.integer({ min: 1, max: 1000 }),
    unitId: fc.integer({ min: 1, max: 7 }),
    points: fc.integer({ min: -2000, max: 2000 }).map((c) => c / 100),
    reason: fc.constant('加减分'),
    approverId: fc.constant(1),
  }),
  { maxLength: 4 },
) as fc.Arbitrary<Adjustment[]>;

describe('scoreGroup properties', () => {
  it('the generated groups are valid models', () => {
    fc.assert(
      fc.property(groupArb, (g) => {
        expect(checkAssessmentModel({ version: 1, name: 'm', groups: [g] })).toEqual([]);
      }),
    );
  });

  it('explanation lines add up to each part and the parts to the score, exactly in hundredths', () => {
    fc.assert(
      fc.property(groupArb, unitsArb, adjustmentsArb, (group, units, adjustments) => {
        for (const r of scoreGroup(group, units, adjustments)) {
          if (r.score === null) continue;
          expect(r.parts.reduce((a, p) => a + cents(p.points), 0)).toBe(cents(r.score));
          for (const p of r.parts) {
            expect(p.lines.reduce((a, l) => a + cents(l.points), 0)).toBe(cents(p.points));
            for (const l of p.lines)
              expect(Number.isInteger(cents(l.points)) && Math.abs(l.points * 100 - cents(l.points)) < 1e-6).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('scores stay within [floor, cap]; ranks are standard competition ranks of the scores', () => {
    fc.assert(
      fc.property(groupArb, unitsArb, adjustmentsArb, (group, units, adjustments) => {
        const results = scoreGroup(group, units, adjustments);
        expect(results).toHaveLength(units.length);
        const rated = results.filter((r) => r.score !== null);
        for (const r of results) {
          if (r.score === null) {
            expect(r.rank).toBeNull();
            continue;
          }
          expect(r.score).toBeGreaterThanOrEqual(group.total.floor);
          expect(r.score).toBeLessThanOrEqual(group.total.cap);
          expect(r.rank).toBe(1 + rated.filter((o) => o.score! > r.score!).length);
          for (const o of rated) if (o.score! > r.score) expect(o.rank!).toBeLessThan(r.rank!);
        }
        // Best first.
        const order = rated.map((r) => r.score!);
        expect(order).toEqual([...order].sort((a, b) => b - a));
      }),
      { numRuns: 300 },
    );
  });

  it('more owed overdue work never raises the cases rate nor the score, all else equal', () => {
    fc.assert(
      fc.property(groupArb, unitArb(1), fc.integer({ min: 1, max: 4 }), adjustmentsArb, (group, unit, extra, adjustments) => {
        const more: UnitInputs = { ...unit, cases: [...unit.cases, ...Array.from({ length: extra }, owedCase)] };
        const [before] = scoreGroup(group, [unit], adjustments);
        const [after] = scoreGroup(group, [more], adjustments);
        const rate = (r: typeof before) => r!.parts.find((p) => p.kind === 'cases')?.rate ?? null;
        if (rate(before) === null) expect(rate(after) ?? 0).toBe(0);
        else expect(rate(after)!).toBeLessThanOrEqual(rate(before)! + 1e-12);
        // Owed cases only ever give a figure of 0, so a unit without a score before may get one (≤ any other).
        if (before!.score !== null) expect(after!.score!).toBeLessThanOrEqual(before!.score);
      }),
      { numRuns: 300 },
    );
  });

  it('one more 不满意 never raises the satisfaction rate nor the score, all else equal', () => {
    fc.assert(
      fc.property(groupArb, unitArb(1), adjustmentsArb, (group, unit, adjustments) => {
        const more: UnitInputs = { ...unit, ratings: [...(unit.ratings ?? []), { id: 99_999, label: '回访', rating: 'dissatisfied' }] };
        const [before] = scoreGroup(group, [unit], adjustments);
        const [after] = scoreGroup(group, [more], adjustments);
        const rate = (r: typeof before) => r!.parts.find((p) => p.kind === 'satisfaction')?.rate ?? null;
        if (rate(before) !== null) expect(rate(after)!).toBeLessThanOrEqual(rate(before)! + 1e-12);
        if (before!.score !== null) expect(after!.score!).toBeLessThanOrEqual(before!.score);
      }),
      { numRuns: 300 },
    );
  });

  it('a unit with no figure at all has no score and no rank', () => {
    const group: AssessmentGroup = {
      key: 'g',
      name: '组',
      members: { unitKinds: ['county'], unitIds: [] },
      components: [{ kind: 'evaluation', weight: 100 }],
      total: { floor: 0, cap: 100 },
      lists: { kind: 'rank', red: 1, black: 1 },
    };
    const [r] = scoreGroup(
      group,
      [{ unitId: 1, cases: [], inspections: [], letters: [] }],
      [{ id: 1, unitId: 1, points: 5, reason: 'x', approverId: 1 }],
    );
    expect(r).toMatchObject({ unitId: 1, score: null, rank: null });
    expect(r!.parts[0]!.lines[0]!.label).toBe('本期无数据');
  });
});

describe('apportionCents', () => {
  it('shares out exactly the rounded total, each value within a hundredth', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1000, max: 1000, noNaN: true }), { minLength: 1, maxLength: 20 }), (values) => {
        const total = toCents(values.reduce((a, b) => a + b, 0));
        const shares = apportionCents(values, total);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
        shares.forEach((s, i) => expect(Math.abs(s - values[i]! * 100)).toBeLessThan(1 + 1e-6));
      }),
    );
  });

  it('gives the left-over hundredth to the largest remainder: 1/3 × 3 of 1.00 → 0.34, 0.33, 0.33', () => {
    expect(apportionCents([1 / 3, 1 / 3, 1 / 3], 100)).toEqual([34, 33, 33]);
    expect(apportionCents([0.29, 0.7], 99)).toEqual([29, 70]);
    expect(apportionCents([], 0)).toEqual([]);
  });
});
