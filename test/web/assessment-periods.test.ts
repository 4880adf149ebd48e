/**
 * The web's period keys of the assessment agree with the server's (src/domain/assessment/periods.ts):
 * ISO weeks whose year is that of their Thursday, months, quarters, years, and the last
 * complete period HQ computes by default.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { firstDayOf, lastCompleteKey, periodKeyOf, periodLabel } from '../../web/src/features/assessment/periodKeys.js';
import { periodOf } from '../../src/domain/assessment/periods.js';
import type { PeriodKind } from '../../src/shared/assessment-enums.js';

describe('assessment period keys (web)', () => {
  it('numbers weeks like ISO 8601, at year ends too', () => {
    expect(periodKeyOf('week', '2026-12-06')).toBe('2026-W49');
    expect(periodKeyOf('week', '2026-12-31')).toBe('2026-W53');
    expect(periodKeyOf('week', '2027-01-01')).toBe('2026-W53');
    expect(periodKeyOf('week', '2021-01-03')).toBe('2020-W53');
    expect(firstDayOf('2026-W49')).toBe('2026-11-30');
    expect(firstDayOf('2020-W53')).toBe('2020-12-28');
  });

  it('gives the last complete period before today', () => {
    expect(lastCompleteKey('week', '2026-12-06')).toBe('2026-W48');
    expect(lastCompleteKey('month', '2026-12-06')).toBe('2026-11');
    expect(lastCompleteKey('quarter', '2026-12-06')).toBe('2026-Q3');
    expect(lastCompleteKey('year', '2026-12-06')).toBe('2025');
    expect(lastCompleteKey('month', '2026-01-01')).toBe('2025-12');
  });

  it('labels keys in Chinese', () => {
    expect(periodLabel('2026-W49', true)).toBe('2026年第49周');
    expect(periodLabel('2026-12', true)).toBe('2026年12月');
    expect(periodLabel('2026-Q4', true)).toBe('2026年第4季度');
    expect(periodLabel('2026', true)).toBe('2026年');
  });

  it('agrees with the server for every day and kind, and a key’s first day lies in it', () => {
    const kinds: PeriodKind[] = ['week', 'month', 'quarter', 'year'];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 30 }), fc.constantFrom(...kinds), (offset, kind) => {
        const day = new Date(Date.UTC(2010, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
        const key = periodKeyOf(kind, day);
        expect(key).toBe(periodOf(kind, new Date(`${day}T12:00:00+08:00`)).key);
        expect(periodKeyOf(kind, firstDayOf(key))).toBe(key);
      }),
    );
  });
});
