import { describe, expect, it } from 'vitest';
import { assessWeakness, checkWeaknessRule, DEFAULT_WEAKNESS_RULE, type WeaknessRule } from '../../../src/domain/evaluation/weak-points.js';

const RULE: WeaknessRule = { lastN: 3, rateThreshold: 0.8, minCases: 3, caseWindowDays: 30 };
const NOW = new Date('2026-03-31T00:00:00.000Z');
const POINT = { id: 42, name: '人民公园' };
/** Window start: exactly 30 × 24 h before NOW. */
const EDGE = '2026-03-01T00:00:00.000Z';
const JUST_OUTSIDE = '2026-02-28T23:59:59.999Z';

const rates = (recentRates: (number | null)[]) => assessWeakness(POINT, { recentRates, caseTimes: [], now: NOW }, RULE);
const cases = (caseTimes: string[]) => assessWeakness(POINT, { recentRates: [], caseTimes, now: NOW }, RULE);

describe('low 得分率 over the last N inspections', () => {
  it('a mean exactly at the threshold is not weak; just below is', () => {
    expect(rates([0.7, 0.9, 0.8])).toEqual({ point: POINT, weak: false, reasons: [] }); // mean 0.8
    const below = rates([0.7, 0.9, 0.797]); // mean 0.799
    expect(below.weak).toBe(true);
    expect(below.reasons).toHaveLength(1);
    expect(below.reasons[0]).toMatchObject({ kind: 'low_rate', threshold: 0.8, over: 3 });
    expect((below.reasons[0] as { rate: number }).rate).toBeCloseTo(0.799, 12);
  });

  it('only the newest N count', () => {
    expect(rates([0.9, 0.9, 0.9, 0.1, 0.1]).weak).toBe(false);
    expect(rates([0.1, 0.9, 0.9, 0.9, 0.9]).weak).toBe(true); // (0.1 + 0.9 + 0.9) / 3 = 0.633…
  });

  it('averages what there is when there are fewer than N, skipping inspections with nothing applicable', () => {
    expect(rates([0.5]).reasons).toEqual([{ kind: 'low_rate', rate: 0.5, threshold: 0.8, over: 1 }]);
    expect(rates([null, 0.6, null, 0.8]).reasons).toEqual([{ kind: 'low_rate', rate: 0.7, threshold: 0.8, over: 2 }]);
    expect(rates([]).weak).toBe(false);
    expect(rates([null, null]).weak).toBe(false);
  });
});

describe('repeated cases within M days', () => {
  it('K − 1 cases is not weak, K is', () => {
    expect(cases(['2026-03-20T08:00:00Z', '2026-03-25T08:00:00Z']).weak).toBe(false);
    expect(cases(['2026-03-20T08:00:00Z', '2026-03-25T08:00:00Z', '2026-03-30T08:00:00Z']).reasons).toEqual([
      { kind: 'repeated_cases', count: 3, minCases: 3, days: 30 },
    ]);
  });

  it('a case at the window start is inside; a millisecond earlier is outside', () => {
    const two = ['2026-03-20T08:00:00Z', '2026-03-25T08:00:00Z'];
    expect(cases([...two, EDGE]).weak).toBe(true);
    expect(cases([...two, JUST_OUTSIDE]).weak).toBe(false);
    // the same instant written in China time counts the same
    expect(cases([...two, '2026-03-01T08:00:00+08:00']).weak).toBe(true);
  });

  it('ignores cases dated after now, so the past can be re-assessed', () => {
    expect(cases(['2026-03-20T08:00:00Z', '2026-03-25T08:00:00Z', '2026-03-31T00:00:00.001Z']).weak).toBe(false);
    expect(cases(['2026-03-20T08:00:00Z', '2026-03-25T08:00:00Z', NOW.toISOString()]).weak).toBe(true);
  });
});

describe('both rules and configuration', () => {
  it('lists both reasons, low rate first', () => {
    const a = assessWeakness(
      POINT,
      {
        recentRates: [0.5, 0.6],
        caseTimes: ['2026-03-10T00:00:00Z', '2026-03-11T00:00:00Z', '2026-03-12T00:00:00Z', '2026-01-01T00:00:00Z'],
        now: NOW,
      },
      RULE,
    );
    expect(a.weak).toBe(true);
    expect(a.reasons.map((r) => r.kind)).toEqual(['low_rate', 'repeated_cases']);
    expect(a.reasons[1]).toEqual({ kind: 'repeated_cases', count: 3, minCases: 3, days: 30 });
  });

  it('other N, K, M and threshold are honoured', () => {
    const rule: WeaknessRule = { lastN: 1, rateThreshold: 0.6, minCases: 1, caseWindowDays: 7 };
    expect(assessWeakness(POINT, { recentRates: [0.6, 0.1], caseTimes: [], now: NOW }, rule).weak).toBe(false);
    expect(assessWeakness(POINT, { recentRates: [0.59, 1], caseTimes: [], now: NOW }, rule).weak).toBe(true);
    expect(assessWeakness(POINT, { recentRates: [], caseTimes: ['2026-03-24T00:00:00Z'], now: NOW }, rule).weak).toBe(true);
    expect(assessWeakness(POINT, { recentRates: [], caseTimes: ['2026-03-23T23:59:59Z'], now: NOW }, rule).weak).toBe(false);
  });

  it('validates the rule and the history', () => {
    expect(checkWeaknessRule(DEFAULT_WEAKNESS_RULE)).toEqual([]);
    expect(checkWeaknessRule({ lastN: 0, rateThreshold: 1.5, minCases: 2.5, caseWindowDays: 0 })).toHaveLength(4);
    expect(() => assessWeakness(POINT, { recentRates: [], caseTimes: [], now: NOW }, { ...RULE, lastN: 0 })).toThrow(RangeError);
    expect(() => rates([1.2])).toThrow(RangeError);
    expect(() => cases(['yesterday'])).toThrow(RangeError);
  });
});
