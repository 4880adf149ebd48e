/**
 * Wire shapes of the dashboards (headline figures and unit rankings), shared by
 * server and web. Only plain data; no server code.
 */

/** Periods the dashboards summarise: the current week (Monday–Sunday, China time) or month. */
export const DASHBOARD_PERIODS = ['week', 'month'] as const;
/** One of {@link DASHBOARD_PERIODS}. */
export type DashboardPeriod = (typeof DASHBOARD_PERIODS)[number];

/** Summed per-case facts (see src/domain/cases/indicators.ts: FACT_FIELDS). */
export interface FactSums {
  dispatched: number;
  handled: number;
  handledOnTime: number;
  closed: number;
  closedOnTime: number;
  reopened: number;
  extended: number;
  suspended: number;
  rerouted: number;
}

/** The standard indicators (ratios in [0, 1], 返工率 may exceed 1; null when undefined) and the composite. */
export interface IndicatorValues {
  disposalRate: number | null;
  onTimeDisposalRate: number | null;
  closureRate: number | null;
  onTimeClosureRate: number | null;
  reworkRate: number | null;
  overduePendingRate: number | null;
  extensionRate: number | null;
  accurateDispatchRate: number | null;
  composite: number | null;
}

/** Headline figures of one period: cases first dispatched in it (cohort), where they stand now. */
export interface PeriodHeadline {
  period: DashboardPeriod;
  /** First and last China day of the period (inclusive). */
  from: string;
  to: string;
  /** Units with at least one case of the period. */
  units: number;
  sums: FactSums;
  /** Cases of the period the unit still owes past their deadline. */
  overduePending: number;
  indicators: IndicatorValues;
}

/** GET /api/dashboard/headline. */
export interface HeadlineView {
  asOf: string;
  /** Overdue cases the units owe now, whatever their period. */
  overdueNow: number;
  week: PeriodHeadline;
  month: PeriodHeadline;
}

/** One unit's standing in a ranking. */
export interface RankedUnitView {
  /** 1 for the best composite; equal composites share a rank (1, 2, 2, 4). */
  rank: number;
  unitId: number;
  code: string;
  name: string;
  kind: string;
  sums: FactSums;
  overduePending: number;
  indicators: IndicatorValues;
}

/** GET /api/dashboard/ranking: the units with cases in the period, best first. */
export interface RankingView {
  period: DashboardPeriod;
  from: string;
  to: string;
  asOf: string;
  items: RankedUnitView[];
}
