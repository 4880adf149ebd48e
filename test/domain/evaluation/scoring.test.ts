import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { StandardNode } from '../../../src/domain/evaluation/framework.js';
import {
  annualScore,
  checkAnnualWeights,
  checkCycleWeights,
  cycleScore,
  GROUP_BY,
  itemWeights,
  rollUp,
  scoreAnswer,
  simulatedIndex,
  type RateCell,
} from '../../../src/domain/evaluation/scoring.js';
import { RESULTS, tinyFramework, type Row } from './fixtures.js';

const fw = tinyFramework();
const std = (code: string): StandardNode => fw.standards.find((s) => s.code === code) as StandardNode;
/** [earned, possible, rate] of each cell, by key. */
const table = (cells: Map<string, RateCell>) => Object.fromEntries([...cells].map(([k, c]) => [k, [c.earned, c.possible, c.rate]]));

describe('scoreAnswer', () => {
  it('scores pass, fail, na and scores', () => {
    expect(scoreAnswer(std('S1'), { standardCode: 'S1', answer: 'pass' })).toEqual({ ok: true, earned: 4, possible: 4 });
    expect(scoreAnswer(std('S1'), { standardCode: 'S1', answer: 'fail' })).toEqual({ ok: true, earned: 0, possible: 4 });
    expect(scoreAnswer(std('S1'), { standardCode: 'S1', answer: 'na' })).toEqual({ ok: true, earned: 0, possible: 0 });
    expect(scoreAnswer(std('S2'), { standardCode: 'S2', answer: 'score', score: 4.5 })).toEqual({ ok: true, earned: 4.5, possible: 6 });
    expect(scoreAnswer(std('S2'), { standardCode: 'S2', answer: 'score', score: 6 })).toEqual({ ok: true, earned: 6, possible: 6 });
    expect(scoreAnswer(std('S2'), { standardCode: 'S2', answer: 'score', score: 0 })).toEqual({ ok: true, earned: 0, possible: 6 });
    expect(scoreAnswer(std('S2'), { standardCode: 'S2', answer: 'pass' })).toEqual({ ok: true, earned: 6, possible: 6 });
    // float noise from a client is clamped, not refused
    expect(scoreAnswer(std('S2'), { standardCode: 'S2', answer: 'score', score: 6 + 1e-12 })).toEqual({ ok: true, earned: 6, possible: 6 });
  });

  it('refuses invalid answers with a reason', () => {
    const code = (s: string, a: Parameters<typeof scoreAnswer>[1], pointType?: string) => {
      const r = scoreAnswer(std(s), a, pointType === undefined ? {} : { pointType });
      return r.ok ? 'ok' : r.code;
    };
    expect(code('S3', { standardCode: 'S3', answer: 'pass' }, 'park')).toBe('not_applicable');
    expect(code('S3', { standardCode: 'S3', answer: 'pass' }, 'community')).toBe('ok');
    expect(code('S2', { standardCode: 'S2', answer: 'score', score: 6.5 })).toBe('score_above_points');
    expect(code('S2', { standardCode: 'S2', answer: 'score', score: -0.5 })).toBe('negative_score');
    expect(code('S2', { standardCode: 'S2', answer: 'score' })).toBe('score_missing');
    expect(code('S2', { standardCode: 'S2', answer: 'score', score: Number.NaN })).toBe('score_missing');
    expect(code('S1', { standardCode: 'S1', answer: 'score', score: 2 })).toBe('score_not_allowed');
    expect(code('S1', { standardCode: 'S1', answer: 'pass', score: 2 })).toBe('score_not_expected');
    expect(code('S1', { standardCode: 'S1', answer: 'maybe' })).toBe('unknown_answer');
    expect(code('S1', { standardCode: 'S2', answer: 'pass' })).toBe('wrong_standard');
  });
});

describe('rollUp (hand-computed, see fixtures.ts)', () => {
  it('per standard', () => {
    const r = rollUp(RESULTS, fw, GROUP_BY.standard);
    expect(r.rejected).toEqual([]);
    expect(table(r.cells)).toEqual({
      S1: [8, 12, 8 / 12], // P1 4/4, P2 0/4, P5 4/4
      S2: [9, 12, 0.75], // P1 3/6, P5 6/6
      S5: [1.5, 4, 0.375], // P1 na, P3 1.5/2, P5 0/2
      S4: [3, 6, 0.5], // P2 3/3, P3 0/3
      S3: [5, 5, 1],
    });
    expect(r.cells.get('S5')).toMatchObject({ answered: 2, na: 1 });
  });

  it('per indicator, item and overall', () => {
    expect(table(rollUp(RESULTS, fw, GROUP_BY.indicator).cells)).toEqual({ A1: [17, 24, 17 / 24], B1: [4.5, 10, 0.45], A2: [5, 5, 1] });
    expect(table(rollUp(RESULTS, fw, GROUP_BY.content).cells)).toEqual({
      'A1.1': [17, 24, 17 / 24],
      'B1.1': [4.5, 10, 0.45],
      'A2.1': [5, 5, 1],
    });
    expect(table(rollUp(RESULTS, fw, GROUP_BY.item).cells)).toEqual({ A: [22, 29, 22 / 29], B: [4.5, 10, 0.45] });
    expect(table(rollUp(RESULTS, fw, GROUP_BY.all).cells)).toEqual({ all: [26.5, 39, 26.5 / 39] });
  });

  it('per point, point type, unit and district', () => {
    expect(table(rollUp(RESULTS, fw, GROUP_BY.point).cells)).toEqual({
      P1: [7, 10, 0.7],
      P2: [3, 7, 3 / 7],
      P3: [1.5, 5, 0.3],
      P4: [5, 5, 1],
      P5: [10, 12, 10 / 12],
    });
    expect(table(rollUp(RESULTS, fw, GROUP_BY.pointType).cells)).toEqual({
      park: [17, 22, 17 / 22],
      bus_stop: [3, 7, 3 / 7],
      back_street: [1.5, 5, 0.3],
      community: [5, 5, 1],
    });
    expect(table(rollUp(RESULTS, fw, GROUP_BY.unit).cells)).toEqual({ 11: [8.5, 15, 8.5 / 15], 12: [13, 19, 13 / 19], 13: [5, 5, 1] });
    expect(table(rollUp(RESULTS, fw, GROUP_BY.district).cells)).toEqual({ D1: [10, 17, 10 / 17], D2: [16.5, 22, 0.75] });
  });

  it('groups by any key and gives a null rate when nothing applicable was checked', () => {
    const onlyNa: Row[] = [
      { pointId: 'P9', pointType: 'park', districtId: 'D3', unitId: 1, answers: [{ standardCode: 'S1', answer: 'na' }] },
    ];
    expect(rollUp(onlyNa, fw, GROUP_BY.point).cells.get('P9')).toEqual({
      key: 'P9',
      earned: 0,
      possible: 0,
      rate: null,
      answered: 0,
      na: 1,
    });
    const byDistrictItem = rollUp(RESULTS, fw, (a) => `${a.result.districtId}|${a.lineage.item}`);
    expect(table(byDistrictItem.cells)).toEqual({
      'D1|A': [7, 14, 0.5],
      'D1|B': [3, 3, 1],
      'D2|B': [1.5, 7, 1.5 / 7],
      'D2|A': [15, 15, 1],
    });
    const failsOnly = rollUp(RESULTS, fw, (a) => (a.answer.answer === 'fail' ? a.standard.code : null));
    expect([...failsOnly.cells.keys()]).toEqual(['S1', 'S4', 'S5']);
  });

  it('skips and lists answers it cannot score instead of aborting', () => {
    const bad: Row[] = [
      {
        pointId: 'P7',
        pointType: 'bus_stop',
        districtId: 'D1',
        unitId: 11,
        answers: [
          { standardCode: 'S1', answer: 'pass' },
          { standardCode: 'S9', answer: 'pass' },
          { standardCode: 'A1', answer: 'pass' },
          { standardCode: 'S3', answer: 'pass' },
        ],
      },
    ];
    const r = rollUp(bad, fw, GROUP_BY.all);
    expect(table(r.cells)).toEqual({ all: [4, 4, 1] });
    expect(r.rejected.map((x) => [x.standardCode, x.code])).toEqual([
      ['S9', 'unknown_standard'],
      ['A1', 'unknown_standard'],
      ['S3', 'not_applicable'],
    ]);
  });

  it('is consistent: a parent earns exactly what its children earn, for random inspections', () => {
    const answerArb = fc.oneof(
      fc.constant({ answer: 'pass' }),
      fc.constant({ answer: 'fail' }),
      fc.constant({ answer: 'na' }),
      fc.integer({ min: 0, max: 4 }).map((q) => ({ answer: 'score', score: q / 2 })),
    );
    const resultArb = fc
      .record({
        pointId: fc.constantFrom('P1', 'P2', 'P3', 'P4'),
        districtId: fc.constantFrom('D1', 'D2'),
        unitId: fc.constantFrom(1, 2, 3),
        pointType: fc.constantFrom('park', 'bus_stop', 'back_street', 'community'),
        picks: fc.array(answerArb, { minLength: 5, maxLength: 5 }),
      })
      .map(({ picks, ...r }): Row => ({
        ...r,
        answers: fw.standards
          .filter((s) => s.pointTypes.includes(r.pointType))
          .map((s, i) => {
            const a = picks[i] as { answer: string; score?: number };
            return a.answer === 'score' && s.passRule.kind !== 'scored'
              ? { standardCode: s.code, answer: 'pass' }
              : { standardCode: s.code, ...a };
          }),
      }));
    fc.assert(
      fc.property(fc.array(resultArb, { maxLength: 12 }), (results) => {
        const by = (g: (a: Parameters<typeof GROUP_BY.item>[0]) => string | null) => rollUp(results, fw, g);
        const std = by(GROUP_BY.standard);
        expect(std.rejected).toEqual([]);
        const total = by(GROUP_BY.all).cells.get('all');
        for (const level of ['content', 'indicator', 'item'] as const) {
          const parents = by(GROUP_BY[level]).cells;
          for (const [code, cell] of parents) {
            const kids = fw.standards.filter((s) => fw.lineage.get(s.code)?.[level] === code).map((s) => std.cells.get(s.code));
            expect(kids.reduce((s, c) => s + (c?.earned ?? 0), 0)).toBe(cell.earned);
            expect(kids.reduce((s, c) => s + (c?.possible ?? 0), 0)).toBe(cell.possible);
          }
          expect([...parents.values()].reduce((s, c) => s + c.earned, 0)).toBe(total?.earned ?? 0);
        }
        for (const g of [GROUP_BY.point, GROUP_BY.pointType, GROUP_BY.unit, GROUP_BY.district]) {
          expect([...by(g).cells.values()].reduce((s, c) => s + c.possible, 0)).toBe(total?.possible ?? 0);
        }
        for (const c of std.cells.values()) {
          if (c.rate !== null) expect(c.rate >= 0 && c.rate <= 1).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('simulatedIndex', () => {
  it('weights item rates: 60·0.9 + 40·0.5 = 74', () => {
    expect(itemWeights(fw)).toEqual({ A: 60, B: 40 });
    expect(simulatedIndex(fw, { A: 0.9, B: 0.5 })).toEqual({ index: 74, coveredWeight: 100, missingItems: [] });
    expect(
      simulatedIndex(
        fw,
        new Map([
          ['A', 0.9],
          ['B', 0.5],
        ]),
        { A: 50, B: 50 },
      ).index,
    ).toBeCloseTo(70, 12);
  });

  it('for district D2 from the roll-up: 60·1 + 40·(1.5/7) = 68.571…', () => {
    const d2 = rollUp(
      RESULTS.filter((r) => r.districtId === 'D2'),
      fw,
      GROUP_BY.item,
    ).cells;
    const rates = Object.fromEntries([...d2].map(([k, c]) => [k, c.rate]));
    expect(simulatedIndex(fw, rates).index).toBeCloseTo(60 + (40 * 1.5) / 7, 12);
  });

  it('rescales over the items that have a rate and says which are missing', () => {
    expect(simulatedIndex(fw, { A: 0.9 })).toEqual({ index: 90, coveredWeight: 60, missingItems: ['B'] });
    expect(simulatedIndex(fw, { A: null, B: 0.25 })).toEqual({ index: 25, coveredWeight: 40, missingItems: ['A'] });
    expect(simulatedIndex(fw, {})).toEqual({ index: null, coveredWeight: 0, missingItems: ['A', 'B'] });
  });

  it('refuses bad weights and rates', () => {
    expect(() => simulatedIndex(fw, { A: 1 }, { A: 60, B: 41 })).toThrow(RangeError);
    expect(() => simulatedIndex(fw, { A: 1 }, { A: 100 })).toThrow(/no weight for item B/);
    expect(() => simulatedIndex(fw, { A: 1 }, { A: 60, B: 40, C: 0 })).toThrow(/C is not an item/);
    expect(() => simulatedIndex(fw, { A: 1.2 })).toThrow(RangeError);
    expect(() => simulatedIndex(fw, { Z: 0.5 })).toThrow(RangeError);
  });
});

describe('annual and cycle scores', () => {
  it('年度分 = 40·online + 40·field + 20·survey', () => {
    expect(annualScore({ online: 0.9, field: 0.8, survey: 0.75 })).toBeCloseTo(36 + 32 + 15, 12);
    expect(annualScore({ online: 1, field: 1, survey: 1 })).toBe(100);
    expect(annualScore({ online: 0.9, field: 0.8, survey: 0.75 }, { online: 50, field: 30, survey: 20 })).toBeCloseTo(45 + 24 + 15, 12);
  });

  it('cycle = 0.15·Y1 + 0.25·Y2 + 0.60·Y3', () => {
    expect(cycleScore([80, 85, 90])).toBeCloseTo(12 + 21.25 + 54, 12);
    expect(cycleScore([80, 85, 90], [0.2, 0.3, 0.5])).toBeCloseTo(16 + 25.5 + 45, 12);
    expect(cycleScore([70, 90], [0.5, 0.5])).toBe(80);
  });

  it('validates weights to within 1e-9 and inputs to their ranges', () => {
    expect(checkAnnualWeights({ online: 40, field: 40, survey: 20 })).toEqual([]);
    expect(checkAnnualWeights({ online: 40, field: 40, survey: 20 + 5e-10 })).toEqual([]);
    expect(checkAnnualWeights({ online: 40, field: 40, survey: 21 })).toHaveLength(1);
    expect(checkAnnualWeights({ online: -10, field: 90, survey: 20 })).toHaveLength(1);
    expect(checkCycleWeights([0.15, 0.25, 0.6 + 5e-10])).toEqual([]);
    expect(checkCycleWeights([0.15, 0.25, 0.6 + 1e-7])).toHaveLength(1);
    expect(checkCycleWeights([])).toHaveLength(1);
    expect(() => annualScore({ online: 0.9, field: 0.8, survey: 0.75 }, { online: 40, field: 40, survey: 30 })).toThrow(RangeError);
    expect(() => annualScore({ online: 1.1, field: 0.8, survey: 0.75 })).toThrow(RangeError);
    expect(() => cycleScore([80, 85])).toThrow(/3 annual scores/);
    expect(() => cycleScore([80, 85, 101])).toThrow(RangeError);
    expect(() => cycleScore([80, 85, 90], [0.15, 0.25, 0.61])).toThrow(RangeError);
  });
});
