import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeRunGroups, type RunUnit } from '../../../src/domain/assessment/run.js';
import type { UnitInputs } from '../../../src/domain/assessment/inputs.js';
import { inspection, kase, letter, MODEL, owedCase } from './fixtures.js';

const units: RunUnit[] = [
  { id: 11, name: '甲区', kind: 'district' },
  { id: 12, name: '乙区', kind: 'district' },
  { id: 21, name: '丙县', kind: 'county' },
  { id: 501, name: '专班一', kind: 'department' },
  { id: 90, name: '街道', kind: 'street' },
];
const inputs = (entries: [number, Partial<UnitInputs>][]) =>
  new Map(entries.map(([unitId, u]) => [unitId, { unitId, cases: [], inspections: [], letters: [], ...u }]));

describe('computeRunGroups', () => {
  it('places units by the model (an id beats a kind; units of no group left out), ranks, lists and names them', () => {
    const groups = computeRunGroups(
      MODEL,
      units,
      inputs([
        [11, { inspections: [inspection(0.95)] }],
        [12, { inspections: [inspection(0.5)] }],
        [21, { cases: [kase()], inspections: [inspection(1)], letters: [letter('reminder')] }],
        [501, { cases: [kase(), owedCase()] }],
      ]),
      [],
    );
    expect(groups.map((g) => [g.key, g.items.map((i) => i.unitName)])).toEqual([
      ['districts', ['甲区', '乙区']],
      ['counties', ['丙县']],
      ['teams', ['专班一']],
    ]);
    const districts = groups[0]!;
    expect(districts.items.map((i) => [i.score, i.rank, i.list, i.change.move])).toEqual([
      [95, 1, 'red', 'new'],
      [50, 2, 'black', 'new'],
    ]);
    expect(districts.lists).toEqual([
      { unitId: 11, unitName: '甲区', list: 'red', rank: 1, score: 95 },
      { unitId: 12, unitName: '乙区', list: 'black', rank: 2, score: 50 },
    ]);
    // 40 + 60 − 1 (提醒函) + 3 (bonus at its cap) = 102, capped at 100 by a limit part.
    expect(groups[1]!.items[0]!.score).toBe(100);
    expect(groups[1]!.items[0]!.parts.find((p) => p.kind === 'limit')?.points).toBe(-2);
  });

  it('compares with the previous run by group key; a unit without facts has no score and no rank', () => {
    const before = computeRunGroups(
      MODEL,
      units,
      inputs([
        [11, { inspections: [inspection(0.5)] }],
        [12, { inspections: [inspection(0.9)] }],
      ]),
      [],
    );
    const now = computeRunGroups(MODEL, units, inputs([[11, { inspections: [inspection(0.9)] }]]), [], before);
    expect(now[0]!.items.map((i) => [i.unitId, i.rank, i.change])).toEqual([
      [11, 1, { unitId: 11, move: 'up', places: 1, previousRank: 2 }],
      [12, null, { unitId: 12, move: 'unranked', places: null, previousRank: 1 }],
    ]);
  });

  it('property: every explained item adds up — lines to parts, parts to the score — and approved adjustments count', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean(), fc.integer({ min: -500, max: 500 })), {
          minLength: 1,
          maxLength: 4,
        }),
        (specs) => {
          const us = specs.map((_, i): RunUnit => ({ id: 100 + i, name: `单位${i}`, kind: 'county' }));
          const facts = inputs(
            specs.map(([rate, owed], i) => [100 + i, { inspections: [inspection(rate)], cases: owed ? [owedCase()] : [kase()] }]),
          );
          const adj = specs.map(([, , cents], i) => ({ id: i + 1, unitId: 100 + i, points: cents / 100, reason: '加减分', approverId: 1 }));
          for (const g of computeRunGroups(MODEL, us, facts, adj))
            for (const item of g.items) {
              const c = (x: number) => Math.round(x * 100);
              expect(item.parts.reduce((s, p) => s + c(p.points), 0)).toBe(c(item.score ?? 0));
              for (const p of item.parts) expect(p.lines.reduce((s, l) => s + c(l.points), 0)).toBe(c(p.points));
              if (adj[item.unitId - 100]!.points !== 0) expect(item.parts.some((p) => p.kind === 'adjustments')).toBe(true);
            }
        },
      ),
    );
  });
});
