/** The cockpit's China-calendar periods and the links its tiles open (web/src/features/home/cockpit/periods.ts). */
import { describe, expect, it } from 'vitest';
import {
  casesLink,
  inSpan,
  lastWeeks,
  previousMonth,
  previousWeek,
  resultsLink,
  resultsPeriod,
} from '../../web/src/features/home/cockpit/periods.js';

describe('cockpit periods', () => {
  it('the week before a Monday-to-Sunday week', () => {
    expect(previousWeek({ from: '2026-11-30', to: '2026-12-06' })).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(previousWeek({ from: '2026-01-05', to: '2026-01-11' })).toEqual({ from: '2025-12-29', to: '2026-01-04' });
  });

  it('the month before, across the year and in a leap February', () => {
    expect(previousMonth({ from: '2026-12-01', to: '2026-12-31' })).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(previousMonth({ from: '2026-01-01', to: '2026-01-31' })).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(previousMonth({ from: '2028-03-01', to: '2028-03-31' })).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });

  it('the last weeks end with the current one, oldest first, each Monday to Sunday', () => {
    const weeks = lastWeeks({ from: '2026-11-30', to: '2026-12-06' }, 3);
    expect(weeks).toEqual([
      { from: '2026-11-16', to: '2026-11-22' },
      { from: '2026-11-23', to: '2026-11-29' },
      { from: '2026-11-30', to: '2026-12-06' },
    ]);
  });

  it('a span in Beijing time: its first instant counts, the next day’s midnight does not', () => {
    const week = { from: '2026-11-30', to: '2026-12-06' };
    expect(inSpan('2026-11-29T16:00:00.000Z', week)).toBe(true); // 11-30 00:00 Beijing
    expect(inSpan('2026-11-29T15:59:59.999Z', week)).toBe(false);
    expect(inSpan('2026-12-06T15:59:59.999Z', week)).toBe(true);
    expect(inSpan('2026-12-06T16:00:00.000Z', week)).toBe(false); // 12-07 00:00 Beijing
    expect(inSpan(null, week)).toBe(false);
  });

  it('links carry the filters the list pages read', () => {
    const week = { from: '2026-11-30', to: '2026-12-06' };
    expect(casesLink(null, { overdue: 'true' })).toBe('/cases?overdue=true');
    const u = new URL(casesLink(week, { state: 'closed' }), 'http://x');
    expect(Object.fromEntries(u.searchParams)).toEqual({
      state: 'closed',
      from: '2026-11-29T16:00:00.000Z',
      to: '2026-12-06T16:00:00.000Z',
    });
    expect(resultsLink(week, { groupBy: 'point' })).toBe('/evaluation/results?from=2026-11-30&to=2026-12-06&groupBy=point');
    expect(resultsPeriod(week)).toEqual({ from: '2026-11-30', to: '2026-12-07' });
  });
});
