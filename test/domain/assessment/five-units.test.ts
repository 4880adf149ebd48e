/**
 * One group of five units computed by hand, line by line (issue 13, point 1). The group is
 * COUNTIES (fixtures.ts): evaluation 40, cases 60 (sub-weights 按期处置 50 / 结案 30 / 返工 20),
 * letters 1 / 3 / 10 (+2 if unanswered, cap 10), bonus 0.5 per point above 90 % (cap 3),
 * total in [0, 100], 红榜 top 2, 黑榜 bottom 1.
 */
import { describe, expect, it } from 'vitest';
import { redBlackLists, rankChanges } from '../../../src/domain/assessment/lists.js';
import { scoreGroup, type UnitScore } from '../../../src/domain/assessment/scoring.js';
import type { Adjustment, UnitInputs } from '../../../src/domain/assessment/inputs.js';
import { COUNTIES, inspection, kase, letter, owedCase } from './fixtures.js';

const A = 101;
const B = 102;
const C = 103;
const D = 104;
const E = 105;

// A: inspections 90 %, 100 %. Four cases, all handled and closed on time. No letters.
const aCases = [kase(), kase(), kase(), kase()];
// B: inspection 80 %. Five cases:
//   b1 handled on time, closed on time; b2 the same but reworked once; b3 handled late, closed late;
//   b4 not yet due and not handled; b5 unhandled and overdue at period end (owed).
//   Letters: a 提醒函 answered, a 督办函 unanswered at period end. Adjustment +2.
const bCases = [
  kase(),
  kase({ reworks: 1 }),
  kase({ handledOnTime: false, closedOnTime: false }),
  kase({ handled: false, handledOnTime: false, closed: false, closedOnTime: false }),
  owedCase(),
];
// C: no inspection. Two cases handled and closed on time, the second reworked three times.
//   Letters: 问责函, 督办函, 提醒函, all answered.
const cCases = [kase(), kase({ reworks: 3 })];
// D: inspections 50 %, 70 %, 60 %. One case handled and closed on time, one owed. Adjustment +1.8.
const dCases = [kase(), owedCase()];
// E: inspection 40 %. One owed case. An unanswered 问责函. Adjustment −10.
const eCases = [owedCase()];

const inputs: UnitInputs[] = [
  { unitId: A, inspections: [inspection(0.9), inspection(1)], cases: aCases, letters: [] },
  { unitId: B, inspections: [inspection(0.8)], cases: bCases, letters: [letter('reminder'), letter('supervision', true)] },
  { unitId: C, inspections: [], cases: cCases, letters: [letter('accountability'), letter('supervision'), letter('reminder')] },
  { unitId: D, inspections: [inspection(0.5), inspection(0.7), inspection(0.6)], cases: dCases, letters: [] },
  { unitId: E, inspections: [inspection(0.4)], cases: eCases, letters: [letter('accountability', true)] },
];
const adjustments: Adjustment[] = [
  { id: 1, unitId: B, points: 2, reason: '承办全市现场会', approverId: 9 },
  { id: 2, unitId: D, points: 1.8, reason: '志愿服务表彰', approverId: 9 },
  { id: 3, unitId: E, points: -10, reason: '迎检材料弄虚作假', approverId: 9 },
  { id: 4, unitId: 999, points: 50, reason: 'another group’s unit: ignored', approverId: 9 },
];

const results = scoreGroup(COUNTIES, inputs, adjustments);
const of = (id: number): UnitScore => results.find((r) => r.unitId === id)!;
const part = (id: number, kind: string) => of(id).parts.find((p) => p.kind === kind)!;
/** The points of the counted lines (notes carry none) of one part. */
const linePoints = (id: number, kind: string) =>
  part(id, kind)
    .lines.filter((l) => l.kind !== 'note')
    .map((l) => l.points);

describe('the hand-computed group of five', () => {
  it('A: 38 + 60 + 3 = 101, capped at 100', () => {
    // evaluation: 40 × (0.9 + 1.0) / 2 = 38; lines 40 × 0.9 / 2 = 18 and 40 × 1.0 / 2 = 20.
    expect(part(A, 'evaluation').points).toBe(38);
    expect(linePoints(A, 'evaluation')).toEqual([18, 20]);
    // cases: 按期处置 4/4, 结案 4/4, 返工 0/4 → (50 + 30 + 20) / 100 = 1 → 60 × 1 = 60;
    // each case 0.6 × (50/4 + 30/4 + 20 × (1 − 0)/4) = 0.6 × 25 = 15.
    expect(part(A, 'cases').points).toBe(60);
    expect(linePoints(A, 'cases')).toEqual([15, 15, 15, 15]);
    // letters: none → 0.
    expect(part(A, 'letters').points).toBe(0);
    // bonus: 按期结案 4/4 = 100 % → (100 − 90) × 0.5 = 5, capped at 3: lines +5 and −2.
    expect(part(A, 'bonus').points).toBe(3);
    expect(linePoints(A, 'bonus')).toEqual([5, -2]);
    // total 38 + 60 + 0 + 3 = 101 → the cap line −1 → 100.
    expect(part(A, 'limit').lines).toEqual([{ kind: 'cap', refId: null, label: '总分封顶 100 分', points: -1 }]);
    expect(of(A).score).toBe(100);
  });

  it('B: 32 + 33.8 − 6 + 0 + 2 = 61.8 (owed and pending cases count against it)', () => {
    // evaluation: 40 × 0.8 = 32.
    expect(part(B, 'evaluation').points).toBe(32);
    // cases: 按期处置 = on time / (handled + owed) = {b1, b2} / {b1, b2, b3, b5} = 2/4 = 0.5;
    //   结案 = {b1, b2, b3} / 5 = 0.6; 返工 = 1 rework / 3 ever handled → 1 − 1/3 = 2/3;
    //   rate = (50 × 0.5 + 30 × 0.6 + 20 × 2/3) / 100 = (25 + 18 + 13.333…) / 100 = 0.563333…;
    //   points = 60 × 0.563333… = 33.8.
    expect(part(B, 'cases').rate).toBeCloseTo(0.5633333333, 9);
    expect(part(B, 'cases').points).toBe(33.8);
    // Per case, 0.6 × (its share of each rate):
    //   b1 0.6 × (50/4 + 30/5 + 20 × 1/3) = 0.6 × 25.1666… = 15.1
    //   b2 0.6 × (50/4 + 30/5 + 20 × 0/3) = 0.6 × 18.5     = 11.1
    //   b3 0.6 × (0    + 30/5 + 20 × 1/3) = 0.6 × 12.6666… = 7.6
    //   b4 not due, not closed, never handled              = 0
    //   b5 owed: due but late, not closed                  = 0      Σ = 33.8
    expect(linePoints(B, 'cases')).toEqual([15.1, 11.1, 7.6, 0, 0]);
    expect(
      part(B, 'cases')
        .lines.filter((l) => l.kind === 'note')
        .map((l) => l.label),
    ).toEqual(['按期处置率 2/4 = 50.00%', '结案率 3/5 = 60.00%', '返工率 1/3 = 33.33%']);
    // letters: 提醒函 −1; 督办函 −3 and −2 unanswered = −5; Σ −6 (within the cap of 10).
    expect(linePoints(B, 'letters')).toEqual([-1, -5]);
    expect(part(B, 'letters').points).toBe(-6);
    // bonus: 按期结案 {b1, b2} / 5 = 40 % ≤ 90 % → 0.
    expect(part(B, 'bonus').points).toBe(0);
    // adjustment +2 → 32 + 33.8 − 6 + 0 + 2 = 61.8; no limit.
    expect(part(B, 'adjustments').lines).toEqual([{ kind: 'adjustment', refId: 1, label: '承办全市现场会', points: 2 }]);
    expect(of(B).parts.map((p) => p.kind)).toEqual(['evaluation', 'cases', 'letters', 'bonus', 'adjustments']);
    expect(of(B).score).toBe(61.8);
  });

  it('C: no inspection, so cases carry all 100 points: 80 − 10 + 3 = 73', () => {
    // evaluation: no figure → 0, its weight 40 shared out: cases' effective weight 60 × 100 / 60 = 100.
    expect(part(C, 'evaluation')).toMatchObject({ points: 0, rate: null, effectiveWeight: 0 });
    expect(part(C, 'cases').effectiveWeight).toBe(100);
    // cases: 按期处置 2/2 = 1; 结案 2/2 = 1; 返工 3/2 = 150 % → counted as 100 % → 1 − 1 = 0;
    //   rate = (50 + 30 + 0) / 100 = 0.8 → 100 × 0.8 = 80.
    //   c1: 1 × (50/2 + 30/2 + 20 × 1/2)        = 50
    //   c2: 1 × (50/2 + 30/2 + 20 × (1 − 3)/2)  = 20
    //   cap line for 返工率 > 100 %: 20 × (1.5 − 1) = +10        Σ = 80
    expect(part(C, 'cases').points).toBe(80);
    expect(linePoints(C, 'cases')).toEqual([50, 20, 10]);
    // letters: −10 −3 −1 = −14, capped at 10: cap line +4.
    expect(linePoints(C, 'letters')).toEqual([-10, -3, -1, 4]);
    expect(part(C, 'letters').points).toBe(-10);
    // bonus: 按期结案 2/2 = 100 % → 5, capped at 3.
    expect(part(C, 'bonus').points).toBe(3);
    expect(of(C).score).toBe(73);
  });

  it('D: 24 + 36 + 1.8 = 61.8, tied with B', () => {
    // evaluation: 40 × (0.5 + 0.7 + 0.6) / 3 = 24; lines 6.666…, 9.333…, 8 → shown 6.67, 9.33, 8.00 (Σ 24).
    expect(linePoints(D, 'evaluation')).toEqual([6.67, 9.33, 8]);
    // cases: 按期处置 1/2; 结案 1/2; 返工 0/1 → 1; rate = (25 + 15 + 20) / 100 = 0.6 → 36.
    //   d1: 0.6 × (50/2 + 30/2 + 20/1) = 36; d2 (owed): 0.
    expect(linePoints(D, 'cases')).toEqual([36, 0]);
    // bonus: 1/2 = 50 % → 0. Adjustment +1.8.
    expect(of(D).score).toBe(61.8);
  });

  it('E: 16 + 0 − 10 − 10 = −4, raised to the floor 0', () => {
    // evaluation: 40 × 0.4 = 16.
    // cases: 按期处置 0/1 = 0; 结案 0/1 = 0; 返工: nothing ever handled → no figure, its sub-weight
    //   left out: rate = (50 × 0 + 30 × 0) / 80 = 0 → 0.
    expect(part(E, 'cases')).toMatchObject({ points: 0, rate: 0 });
    // letters: 问责函 −10, unanswered −2 = −12, capped at 10: +2.
    expect(linePoints(E, 'letters')).toEqual([-12, 2]);
    // adjustment −10; total 16 + 0 − 10 + 0 − 10 = −4 → floor line +4 → 0.
    expect(part(E, 'limit').lines).toEqual([{ kind: 'floor', refId: null, label: '总分保底 0 分', points: 4 }]);
    expect(of(E).score).toBe(0);
  });

  it('ranks 1, 2, 3, 3, 5 (B and D tied), best first', () => {
    expect(results.map((r) => [r.unitId, r.score, r.rank])).toEqual([
      [A, 100, 1],
      [C, 73, 2],
      [B, 61.8, 3],
      [D, 61.8, 3],
      [E, 0, 5],
    ]);
  });

  it('every explanation adds up exactly: lines to parts, parts to the score', () => {
    const cents = (x: number) => Math.round(x * 100);
    for (const r of results) {
      expect(r.parts.reduce((a, p) => a + cents(p.points), 0)).toBe(cents(r.score!));
      for (const p of r.parts) expect(p.lines.reduce((a, l) => a + cents(l.points), 0)).toBe(cents(p.points));
    }
  });

  it('红榜 top 2 = A, C; 黑榜 bottom 1 = E; a tie at the boundary takes every tied unit', () => {
    expect(redBlackLists(COUNTIES.lists, results)).toEqual([
      { unitId: A, list: 'red', rank: 1, score: 100 },
      { unitId: C, list: 'red', rank: 2, score: 73 },
      { unitId: E, list: 'black', rank: 5, score: 0 },
    ]);
    // Top 3: B and D share rank 3, so both are in. Bottom 2: only E scored below B and D, so both are in.
    expect(redBlackLists({ kind: 'rank', red: 3, black: 0 }, results).map((e) => e.unitId)).toEqual([A, C, B, D]);
    expect(redBlackLists({ kind: 'rank', red: 0, black: 2 }, results).map((e) => e.unitId)).toEqual([E, B, D]);
    // Thresholds: ≥ 70 red, < 62 black.
    expect(redBlackLists({ kind: 'threshold', redMin: 70, blackBelow: 62 }, results).map((e) => [e.unitId, e.list])).toEqual([
      [A, 'red'],
      [C, 'red'],
      [E, 'black'],
      [B, 'black'],
      [D, 'black'],
    ]);
  });

  it('moves against last period: A ↑1, C ↑1, B ↓2, D new, E same', () => {
    const previous = [
      { unitId: B, score: 90, rank: 1 },
      { unitId: A, score: 85, rank: 2 },
      { unitId: C, score: 80, rank: 3 },
      { unitId: E, score: 10, rank: 5 },
    ];
    expect(rankChanges(results, previous)).toEqual([
      { unitId: A, move: 'up', places: 1, previousRank: 2 },
      { unitId: C, move: 'up', places: 1, previousRank: 3 },
      { unitId: B, move: 'down', places: -2, previousRank: 1 },
      { unitId: D, move: 'new', places: null, previousRank: null },
      { unitId: E, move: 'same', places: 0, previousRank: 5 },
    ]);
  });
});
