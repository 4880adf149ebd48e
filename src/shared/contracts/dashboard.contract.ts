/**
 * Wire shapes of the dashboards (/api/dashboard…: headline figures and unit rankings),
 * shared by the routes, the dashboard service and the web (`import type` only).
 */
import { Type, type Static } from '@sinclair/typebox';
import { DASHBOARD_PERIODS } from '../case-enums.js';
import { StringEnum } from './common.contract.js';

const Ratio = Type.Union([Type.Number(), Type.Null()]);

/**
 * Ranked units in a ranking answer unless `limit` says otherwise. A month ranks ≈ 480 units,
 * ≈ 240 KB of JSON with every figure of every unit; screens show the first ten.
 */
export const RANKING_DEFAULT_LIMIT = 50;
/** The most ranked units one answer carries (more than the city's units: all of them at once). */
export const RANKING_MAX_LIMIT = 1000;

/** GET /api/dashboard/ranking query string. */
export const RankingQuery = Type.Object(
  {
    period: Type.Optional(
      Type.Union(
        DASHBOARD_PERIODS.map((p) => Type.Literal(p)),
        { description: 'week (Monday–Sunday, China time, the default) or month' },
      ),
    ),
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: RANKING_MAX_LIMIT,
        description: `ranked units in the answer (default ${RANKING_DEFAULT_LIMIT}): the best first, from offset`,
      }),
    ),
    offset: Type.Optional(Type.Integer({ minimum: 0, description: 'ranked units to skip (default 0)' })),
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
  /** Units ranked in all (items holds those from offset, at most limit). */
  total: Type.Integer(),
  offset: Type.Integer(),
  limit: Type.Integer(),
  items: Type.Array(RankedUnitView),
});
export type RankingView = Static<typeof RankingView>;

/** GET /api/dashboard/cockpit query string. */
export const CockpitQuery = Type.Object(
  {
    period: Type.Optional(
      Type.Union(
        DASHBOARD_PERIODS.map((p) => Type.Literal(p)),
        { description: 'week (Monday–Sunday, China time, the default) or month: compared with the one before' },
      ),
    ),
    weeks: Type.Optional(Type.Integer({ minimum: 2, maximum: 26, description: 'weeks in the trend (default 8)' })),
  },
  { additionalProperties: false },
);
export type CockpitQuery = Static<typeof CockpitQuery>;

/** The evaluation figures of a period (测评 得分率 and the simulated index of the city or the viewer's units). */
export const CockpitEvaluation = Type.Object({
  rate: Ratio,
  index: Ratio,
});
export type CockpitEvaluation = Static<typeof CockpitEvaluation>;

/** One period of the cockpit: the cohort of cases first dispatched in it, its letters and its evaluation. */
export const CockpitPeriod = Type.Object({
  /** First and last China day (inclusive). */
  from: Type.String(),
  to: Type.String(),
  /** The list behind the case tiles: `first dispatched at` in [dispatchedFrom, dispatchedTo) (ISO instants). */
  dispatchedFrom: Type.String(),
  dispatchedTo: Type.String(),
  sums: FactSums,
  /** Cases of the period the unit still owes past their deadline. */
  overduePending: Type.Integer(),
  indicators: IndicatorValues,
  /** Letters issued in the period (in force or withdrawn since), and those of them still issued and not signed for. */
  lettersIssued: Type.Integer({ minimum: 0 }),
  lettersUnsigned: Type.Integer({ minimum: 0 }),
  /** Null when no framework applies or the viewer may not read results. */
  evaluation: Type.Union([CockpitEvaluation, Type.Null()]),
});
export type CockpitPeriod = Static<typeof CockpitPeriod>;

/** One week of the trend. */
export const CockpitWeek = Type.Object({
  from: Type.String(),
  to: Type.String(),
  dispatched: Type.Integer(),
  disposalRate: Ratio,
  onTimeDisposalRate: Ratio,
  /** The evaluation 得分率 of the week (null: nothing inspected, or no framework). */
  evalRate: Ratio,
});
export type CockpitWeek = Static<typeof CockpitWeek>;

/** A unit owing overdue cases now (assigned to it, not its sub-units). */
export const CockpitOverdueUnit = Type.Object({
  unitId: Type.Integer(),
  name: Type.String(),
  overdue: Type.Integer({ minimum: 1 }),
});
export type CockpitOverdueUnit = Static<typeof CockpitOverdueUnit>;

/** A check point with a low 得分率 in the period. */
export const CockpitWeakPoint = Type.Object({
  key: Type.String(),
  code: Type.String(),
  name: Type.String(),
  rate: Type.Number(),
  answered: Type.Integer(),
});
export type CockpitWeakPoint = Static<typeof CockpitWeakPoint>;

/**
 * GET /api/dashboard/cockpit: the leader's landing in one answer, from the maintained
 * aggregates, indexed counts and the period's inspections — never a scan of the history.
 */
export const CockpitView = Type.Object({
  period: StringEnum(DASHBOARD_PERIODS),
  asOf: Type.String(),
  /** The current campaign (its assessment results fill the 红黑榜 card); null when none. */
  campaignId: Type.Union([Type.Integer(), Type.Null()]),
  current: CockpitPeriod,
  previous: CockpitPeriod,
  /** Overdue cases the viewer's units owe now, whatever their period. */
  overdueNow: Type.Integer({ minimum: 0 }),
  /** Oldest week first; the last is the current week. */
  trend: Type.Array(CockpitWeek),
  /** Most overdue first (at most 8). */
  overdueUnits: Type.Array(CockpitOverdueUnit),
  /** Lowest 得分率 first (at most 8) of the current period. */
  weakPoints: Type.Array(CockpitWeakPoint),
});
export type CockpitView = Static<typeof CockpitView>;
