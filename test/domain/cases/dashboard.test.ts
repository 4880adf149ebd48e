import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { periodDays, rankingFacts, rankUnits, totalFacts } from '../../../src/domain/cases/dashboard.js';
import { zeroFacts, type FactVector } from '../../../src/domain/cases/indicators.js';

const facts = (v: Partial<FactVector>): FactVector => ({ ...zeroFacts(), ...v });

describe('periodDays', () => {
  it('gives the Monday–Sunday week containing the day', () => {
    expect(periodDays('week', '2026-03-02')).toEqual({ from: '2026-03-02', to: '2026-03-08' }); // a Monday
    expect(periodDays('week', '2026-03-08')).toEqual({ from: '2026-03-02', to: '2026-03-08' }); // its Sunday
    expect(periodDays('week', '2026-12-31')).toEqual({ from: '2026-12-28', to: '2027-01-03' }); // across the year
  });

  it('gives the calendar month, leap February included', () => {
    expect(periodDays('month', '2026-03-17')).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    expect(periodDays('month', '2026-02-01')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(periodDays('month', '2028-02-29')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(periodDays('month', '2026-12-05')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });
});

describe('rankUnits', () => {
  it('ranks by composite, equal composites share a rank, units without cases are left out', () => {
    const all = { dispatched: 2, handled: 2, handledOnTime: 2, closed: 2, closedOnTime: 2 };
    const half = { dispatched: 2, handled: 1, handledOnTime: 1, closed: 1, closedOnTime: 1 };
    const ranked = rankUnits([
      { unitId: 4, sums: facts(half), overduePending: 0 },
      { unitId: 3, sums: facts({ ...all, dispatched: 4, handled: 4, handledOnTime: 4, closed: 4, closedOnTime: 4 }), overduePending: 0 },
      { unitId: 2, sums: facts(all), overduePending: 0 },
      { unitId: 1, sums: facts({}), overduePending: 0 },
      { unitId: 5, sums: facts(half), overduePending: 1 },
    ]);
    // Units 3 and 2 both score 100 (3 has more cases); 4 scores 75; 5 is 75 − 20·½ = 65.
    expect(ranked.map((r) => [r.rank, r.unitId, r.indicators.composite])).toEqual([
      [1, 3, 100],
      [1, 2, 100],
      [3, 4, 75],
      [4, 5, 65],
    ]);
  });

  it('does not reward a backlog: older work still owed counts as unhandled, overdue as overdue', () => {
    const perfect = { dispatched: 2, handled: 2, handledOnTime: 2, closed: 2, closedOnTime: 2 };
    // Unit 1 finished this period's two cases but still owes 11 older ones, all overdue:
    // judged on 13, 30·2/13 + 20·2/13 + 20·1 + 20·(1 − 11/13) + 10 = 100/13 + 20 + 40/13 + 10.
    // Unit 2 handled one of two and owes nothing older: 30·½ + 20·½ + 20 + 20·½ + 10 = 65.
    const ranked = rankUnits([
      { unitId: 1, sums: facts(perfect), overduePending: 0, backlog: { owed: 11, overdue: 11 } },
      { unitId: 2, sums: facts({ dispatched: 2, handled: 1, handledOnTime: 1, closed: 1, closedOnTime: 1 }), overduePending: 1 },
      // Unit 3 has nothing new, owes two older cases of which one is overdue: 0 + 0 + 20·1 + 20·½ + 10 = 40.
      { unitId: 3, sums: facts({}), overduePending: 0, backlog: { owed: 2, overdue: 1 } },
      // Unit 4 had nothing in the period and owes nothing: not ranked.
      { unitId: 4, sums: facts({}), overduePending: 0, backlog: { owed: 0, overdue: 0 } },
    ]);
    expect(ranked.map((r) => [r.rank, r.unitId])).toEqual([
      [1, 2],
      [2, 1],
      [3, 3],
    ]);
    expect(ranked[1]!.indicators.composite).toBeCloseTo(100 / 13 + 20 + 40 / 13 + 10, 9);
    expect(ranked[2]!.indicators.composite).toBeCloseTo(40, 9);
    // The period's own sums are kept as they are; only the judged facts add the backlog.
    expect(ranked[1]!.sums.dispatched).toBe(2);
    expect(rankingFacts(ranked[1]!)).toEqual({ sums: facts({ ...perfect, dispatched: 13 }), overduePending: 11 });
  });

  it('never ranks a unit higher for owing more, all else equal', () => {
    fc.assert(
      fc.property(
        fc.record({ handled: fc.nat(20), extra: fc.nat(20), owed: fc.nat(20), more: fc.integer({ min: 1, max: 20 }) }),
        ({ handled, extra, owed, more }) => {
          const sums = facts({ dispatched: handled + extra, handled, handledOnTime: handled, closed: handled, closedOnTime: handled });
          const score = (o: number) =>
            rankUnits([{ unitId: 1, sums, overduePending: 0, backlog: { owed: o, overdue: o } }])[0]?.indicators.composite ?? null;
          const less = score(owed);
          const moreOwed = score(owed + more);
          return less === null || (moreOwed !== null && moreOwed <= less + 1e-9);
        },
      ),
    );
  });

  it('totals units for a headline', () => {
    const t = totalFacts([
      { unitId: 1, sums: facts({ dispatched: 2, closed: 1 }), overduePending: 1 },
      { unitId: 2, sums: facts({}), overduePending: 0 },
    ]);
    expect(t).toEqual({ sums: facts({ dispatched: 2, closed: 1 }), overduePending: 1, units: 1 });
  });
});
