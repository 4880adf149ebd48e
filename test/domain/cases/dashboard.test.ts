import { describe, expect, it } from 'vitest';
import { periodDays, rankUnits, totalFacts } from '../../../src/domain/cases/dashboard.js';
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

  it('totals units for a headline', () => {
    const t = totalFacts([
      { unitId: 1, sums: facts({ dispatched: 2, closed: 1 }), overduePending: 1 },
      { unitId: 2, sums: facts({}), overduePending: 0 },
    ]);
    expect(t).toEqual({ sums: facts({ dispatched: 2, closed: 1 }), overduePending: 1, units: 1 });
  });
});
