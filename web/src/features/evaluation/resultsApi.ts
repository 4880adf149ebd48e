/**
 * Wire types of /api/results (index, trend, rates, export): the shapes of
 * src/shared/results-views.ts, which the server's EvaluationResultsService returns.
 */
export type {
  DistrictIndexRow,
  FrameworkRef,
  IndexView,
  NamedRateCell,
  PartCell,
  RatesView,
  TrendView,
} from '../../../../src/shared/results-views.js';

/** A score on 0–100 with one decimal, or a dash. */
export function score(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : v.toFixed(1);
}
