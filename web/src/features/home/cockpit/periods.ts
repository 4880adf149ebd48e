/**
 * The links that open the list behind a cockpit figure, with exactly the filter the
 * server counted (so the list's total equals the tile).
 */
import type { CockpitPeriod } from '../../../../../src/shared/contracts/dashboard.contract.js';
import { shiftDate } from '../../../components/time.js';

/** Inclusive China days. */
export interface Span {
  from: string;
  to: string;
}

const withQuery = (path: string, q: Record<string, string>) => {
  const qs = new URLSearchParams(q).toString();
  return qs ? `${path}?${qs}` : path;
};

/** /cases of the period's cohort (first dispatched in it, as the indicators count) plus any other filter. */
export function cohortLink(p: CockpitPeriod | null | undefined, extra: Record<string, string> = {}): string {
  return withQuery('/cases', p ? { dispatchedFrom: p.dispatchedFrom, dispatchedTo: p.dispatchedTo, ...extra } : extra);
}

/** /cases with a filter only (overdue now, a unit). */
export function casesLink(extra: Record<string, string> = {}): string {
  return withQuery('/cases', extra);
}

/** /letters issued in the period (and optionally still unsigned). */
export function lettersLink(p: CockpitPeriod | null | undefined, extra: Record<string, string> = {}): string {
  return withQuery('/letters', p ? { issuedFrom: p.dispatchedFrom, issuedTo: p.dispatchedTo, ...extra } : extra);
}

/** /evaluation/results over the span (the page reads inclusive China days). */
export function resultsLink(s: Span | null | undefined, extra: Record<string, string> = {}): string {
  return withQuery('/evaluation/results', s ? { from: s.from, to: s.to, ...extra } : extra);
}

/** The span as the results API reads it: China dates, `to` exclusive. */
export const resultsPeriod = (s: Span) => ({ from: s.from, to: shiftDate(s.to, 1) });
