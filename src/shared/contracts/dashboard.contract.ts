/**
 * Wire shapes of the dashboards (/api/dashboard…: headline figures and unit rankings),
 * shared by the routes, the dashboard service and the web (`import type` only).
 */
import { Type, type Static } from '@sinclair/typebox';
import { DASHBOARD_PERIODS } from '../case-enums.js';
import { StringEnum } from './common.contract.js';

const Ratio = Type.Union([Type.Number(), Type.Null()]);

/** GET /api/dashboard/ranking query string. */
export const RankingQuery = Type.Object(
  {
    period: Type.Optional(
      Type.Union(
        DASHBOARD_PERIODS.map((p) => Type.Literal(p)),
        { description: 'week (Monday–Sunday, China time, the default) or month' },
      ),
    ),
  },
  { additionalProperties: false },
);
export type RankingQuery = Static<typeof RankingQuery>;

/** Summed per-case facts (see src/domain/cases/indicators.ts: FACT_FIELDS). */
export const FactSums = Type.Object({
  dispatched: Type.Integer(),
  handled: Type.Integer(),
  handledOnTime: Type.Integer(),
  closed: Type.Integer(),
  closedOnTime: Type.Integer(),
  reopened: Type.Integer(),
  extended: Type.Integer(),
  suspended: Type.Integer(),
  rerouted: Type.Integer(),
});
export type FactSums = Static<typeof FactSums>;

/** The standard indicators (ratios in [0, 1], 返工率 may exceed 1; null when undefined) and the composite. */
export const IndicatorValues = Type.Object({
  disposalRate: Ratio,
  onTimeDisposalRate: Ratio,
  closureRate: Ratio,
  onTimeClosureRate: Ratio,
  reworkRate: Ratio,
  overduePendingRate: Ratio,
  extensionRate: Ratio,
  accurateDispatchRate: Ratio,
  composite: Ratio,
});
export type IndicatorValues = Static<typeof IndicatorValues>;

/** Headline figures of one period: cases first dispatched in it (cohort), where they stand now. */
export const PeriodHeadline = Type.Object({
  period: StringEnum(DASHBOARD_PERIODS),
  /** First and last China day of the period (inclusive). */
  from: Type.String(),
  to: Type.String(),
  /** Units with at least one case of the period. */
  units: Type.Integer(),
  sums: FactSums,
  /** Cases of the period the unit still owes past their deadline. */
  overduePending: Type.Integer(),
  indicators: IndicatorValues,
});
export type PeriodHeadline = Static<typeof PeriodHeadline>;

/** GET /api/dashboard/headline. */
export const HeadlineView = Type.Object({
  asOf: Type.String(),
  /** Overdue cases the units owe now, whatever their period. */
  overdueNow: Type.Integer(),
  week: PeriodHeadline,
  month: PeriodHeadline,
});
export type HeadlineView = Static<typeof HeadlineView>;

/** One unit's standing in a ranking. */
export const RankedUnitView = Type.Object({
  /** 1 for the best composite; equal composites share a rank (1, 2, 2, 4). */
  rank: Type.Integer(),
  unitId: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  /** The period's cohort: cases first dispatched in the period. */
  sums: FactSums,
  overduePending: Type.Integer(),
  /** Older cases the unit still owes now (and how many are overdue): counted in the indicators as unhandled work. */
  backlog: Type.Object({ owed: Type.Integer({ minimum: 0 }), overdue: Type.Integer({ minimum: 0 }) }),
  /** Over the cohort and the backlog. */
  indicators: IndicatorValues,
});
export type RankedUnitView = Static<typeof RankedUnitView>;

/** GET /api/dashboard/ranking: the units with cases in the period, best first. */
export const RankingView = Type.Object({
  period: StringEnum(DASHBOARD_PERIODS),
  from: Type.String(),
  to: Type.String(),
  asOf: Type.String(),
  items: Type.Array(RankedUnitView),
});
export type RankingView = Static<typeof RankingView>;
