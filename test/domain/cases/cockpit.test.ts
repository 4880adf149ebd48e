import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shiftDay } from '../../../src/domain/calendar/work-calendar.js';
import { lastWeeks, mostOverdue, periodPair, sumBySpan, weakest } from '../../../src/domain/cases/cockpit.js';
import { zeroFacts } from '../../../src/domain/cases/indicators.js';

describe('cockpit periods', () => {
  it('pairs a week with the week before and a month with the calendar month before', () => {
    expect(periodPair('week', '2026-03-06')).toEqual({
      current: { from: '2026-03-02', to: '2026-03-08' },
      previous: { from: '2026-02-23', to: '2026-03-01' },
    });
    // A Monday and a Sunday are in their own week.
    expect(periodPair('week', '2026-03-02').current.from).toBe('2026-03-02');
    expect(periodPair('week', '2026-03-08').current.from).toBe('2026-03-02');
    expect(periodPair('month', '2026-03-31')).toEqual({
      current: { from: '2026-03-01', to: '2026-03-31' },
      previous: { from: '2026-02-01', to: '2026-02-28' },
    });
    expect(periodPair('month', '2026-01-15').previous).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(periodPair('month', '2028-03-01').previous).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });

  it('the previous period ends the day before the current one starts (any day)', () => {
    const day = fc.integer({ min: 0, max: 3650 }).map((n) => shiftDay('2024-01-01', n));
    fc.assert(
      fc.property(day, fc.constantFrom('week' as const, 'month' as const), (today, period) => {
        const { current, previous } = periodPair(period, today);
        expect(current.from <= today && today <= current.to).toBe(true);
        expect(shiftDay(previous.to, 1)).toBe(current.from);
      }),
    );
  });

  it('the last weeks are consecutive Monday–Sunday weeks ending with this one', () => {
    const weeks = lastWeeks('2026-03-06', 8);
    expect(weeks).toHaveLength(8);
    expect(weeks[7]).toEqual({ from: '2026-03-02', to: '2026-03-08' });
    expect(weeks[0]).toEqual({ from: '2026-01-12', to: '2026-01-18' });
    for (let i = 1; i < weeks.length; i++) expect(shiftDay(weeks[i - 1]!.to, 1)).toBe(weeks[i]!.from);
  });

  it('sums days into spans and ignores days outside them', () => {
    const v = (n: number) => ({ ...zeroFacts(), dispatched: n, handled: n - 1 });
    const byDay = new Map([
      ['2026-03-01', v(2)],
      ['2026-03-02', v(3)],
      ['2026-03-08', v(4)],
      ['2026-03-09', v(9)],
    ]);
    const [a, b] = sumBySpan(byDay, [
      { from: '2026-02-23', to: '2026-03-01' },
      { from: '2026-03-02', to: '2026-03-08' },
    ]);
    expect([a!.dispatched, a!.handled, b!.dispatched, b!.handled]).toEqual([2, 1, 7, 5]);
  });

  it('names the units owing most and the weakest points, stably', () => {
    expect(
      mostOverdue(
        new Map([
          [5, 1],
          [3, 4],
          [9, 0],
          [2, 4],
        ]),
        2,
      ),
    ).toEqual([
      { unitId: 2, overdue: 4 },
      { unitId: 3, overdue: 4 },
    ]);
    expect(
      weakest(
        [
          { key: 'b', rate: 0.5 },
          { key: 'a', rate: 0.5 },
          { key: 'c', rate: null },
          { key: 'd', rate: 0.1 },
        ],
        3,
      ).map((c) => c.key),
    ).toEqual(['d', 'a', 'b']);
  });
});
