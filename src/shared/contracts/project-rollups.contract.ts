/**
 * Wire shapes of /api/project-rollups (重大项目 roll-ups, issue 14 point 7). Amounts are decimals
 * in 万元 (stored as 万元 × 100); rates are fractions in [0, 1] (完成率 may exceed 1), null when
 * their denominator is empty. ProjectRollupService returns these types.
 */
import { Type, type Static } from '@sinclair/typebox';
import { PROJECT_STAGES } from '../project-enums.js';
import { ROLLUP_DIMENSIONS } from '../project-rollup-enums.js';
import { CalendarDate, IdString, StringEnum } from './common.contract.js';
import { ProjectBatch, ProjectRates } from './projects.contract.js';

const Int = Type.Integer();
const Amount = Type.Number({ description: '万元' });
const NullableAmount = Type.Union([Amount, Type.Null()]);
const NullableRate = Type.Union([Type.Number(), Type.Null()]);

/** GET /api/project-rollups: one dimension, as of a day, optionally a county and a period. */
export const ProjectRollupQuery = Type.Object(
  {
    by: StringEnum(ROLLUP_DIMENSIONS, 'what the projects are grouped by'),
    asOf: Type.Optional(CalendarDate({ description: 'the day the stages are taken on (default today, China time)' })),
    county: Type.Optional(IdString({ description: 'only the projects of this county / district (its subtree)' })),
    from: Type.Optional(CalendarDate({ description: 'only projects signed on or after this day' })),
    to: Type.Optional(CalendarDate({ description: 'only projects signed on or before this day (inclusive)' })),
    minInvestment: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000_000, description: '万元; 10000 = 亿元以上' })),
    industrial: Type.Optional(Type.Boolean({ description: 'only 先进制造业 and 战略性新兴产业' })),
    underConstruction: Type.Optional(Type.Boolean({ description: 'only projects at 开工 or 部分投产 as of the day' })),
  },
  { additionalProperties: false },
);
export type ProjectRollupQuery = Static<typeof ProjectRollupQuery>;

/** A count of projects and their total investment. */
export const ProjectCount = Type.Object({ count: Int, investment: Amount });
export type ProjectCount = Static<typeof ProjectCount>;

/** One group: its key (an id, an enum value, a chain's name or `none`), its name where it has one. */
export const ProjectRollupGroup = Type.Object({
  key: Type.String(),
  /** County, work team or batch name; the chain itself; null for enum keys (the client labels them) and `none`. */
  name: Type.Union([Type.String(), Type.Null()]),
  count: Int,
  investment: Amount,
  /** At 开工 or 部分投产 as of the day. */
  underConstruction: Int,
  /** At 投产 or 达产 as of the day. */
  producing: Int,
});
export type ProjectRollupGroup = Static<typeof ProjectRollupGroup>;

export const ProjectRollup = Type.Object({
  asOf: Type.String(),
  by: StringEnum(ROLLUP_DIMENSIONS),
  /** The projects taken (each once, even when `by=batch` lists one in two batches). */
  total: ProjectCount,
  groups: Type.Array(ProjectRollupGroup),
});
export type ProjectRollup = Static<typeof ProjectRollup>;

/** GET /api/project-rollups/summary and /points. */
export const ProjectRollupSummaryQuery = Type.Object(
  {
    asOf: Type.Optional(CalendarDate({ description: 'default today, China time' })),
    county: Type.Optional(IdString({ description: 'only the projects of this county / district' })),
  },
  { additionalProperties: false },
);
export type ProjectRollupSummaryQuery = Static<typeof ProjectRollupSummaryQuery>;

/**
 * 在建工业项目 and their investment this year. The investment figures come from the monthly
 * reports; `investmentReports` is false (and the figures null) when none of the projects has an
 * annual plan or a monthly report for the year.
 */
export const IndustrialUnderConstruction = Type.Object({
  count: Int,
  investment: Amount,
  investmentReports: Type.Boolean(),
  /** Completed from 1 January to the as-of day's month. */
  completedThisYear: NullableAmount,
  annualPlan: NullableAmount,
  /** 完成率 = completedThisYear / annualPlan. */
  completionRate: NullableRate,
});
export type IndustrialUnderConstruction = Static<typeof IndustrialUnderConstruction>;

/** Headline figures of the projects dashboard and the cockpit tile. */
export const ProjectRollupSummary = Type.Object({
  asOf: Type.String(),
  total: ProjectCount,
  underConstruction: Int,
  producing: Int,
  /** 今年以来新签约亿元以上项目: signed from 1 January to the day, at least 1亿元. */
  newlySigned: Type.Object({ from: Type.String(), to: Type.String(), minInvestment: Amount, count: Int, investment: Amount }),
  industrialUnderConstruction: IndustrialUnderConstruction,
  /** The latest batch on or before the day of the counties the caller covers (null: none, or not a county viewer). */
  latestBatch: Type.Union([Type.Object({ batch: ProjectBatch, rates: ProjectRates }), Type.Null()]),
});
export type ProjectRollupSummary = Static<typeof ProjectRollupSummary>;

/** A project on the map. */
export const ProjectPoint = Type.Object({
  id: Int,
  name: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  stage: Type.Union([StringEnum(PROJECT_STAGES), Type.Null()]),
  investment: Amount,
});
export type ProjectPoint = Static<typeof ProjectPoint>;

export const ProjectPoints = Type.Object({ asOf: Type.String(), items: Type.Array(ProjectPoint) });
export type ProjectPoints = Static<typeof ProjectPoints>;
