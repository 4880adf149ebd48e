/**
 * The links the cockpit's tiles open (web/src/features/home/cockpit/periods.ts). The
 * periods themselves are now computed by the server (src/domain/cases/cockpit.ts, with
 * its own tests); the links carry exactly the bounds the server counted.
 */
import { describe, expect, it } from 'vitest';
import type { CockpitPeriod } from '../../src/shared/contracts/dashboard.contract.js';
import { casesLink, cohortLink, lettersLink, resultsLink, resultsPeriod } from '../../web/src/features/home/cockpit/periods.js';

const week = {
  from: '2026-11-30',
  to: '2026-12-06',
  dispatchedFrom: '2026-11-29T16:00:00.000Z',
  dispatchedTo: '2026-12-06T16:00:00.000Z',
} as CockpitPeriod;

describe('cockpit links', () => {
  it('carry the filters the list pages read', () => {
    expect(casesLink({ overdue: 'true' })).toBe('/cases?overdue=true');
    expect(Object.fromEntries(new URL(cohortLink(week, { state: 'closed' }), 'http://x').searchParams)).toEqual({
      dispatchedFrom: '2026-11-29T16:00:00.000Z',
      dispatchedTo: '2026-12-06T16:00:00.000Z',
      state: 'closed',
    });
    expect(cohortLink(null)).toBe('/cases');
    expect(Object.fromEntries(new URL(lettersLink(week, { unsigned: 'true' }), 'http://x').searchParams)).toEqual({
      issuedFrom: '2026-11-29T16:00:00.000Z',
      issuedTo: '2026-12-06T16:00:00.000Z',
      unsigned: 'true',
    });
    expect(resultsLink(week, { groupBy: 'point' })).toBe('/evaluation/results?from=2026-11-30&to=2026-12-06&groupBy=point');
    expect(resultsPeriod(week)).toEqual({ from: '2026-11-30', to: '2026-12-07' });
  });
});
