/**
 * Wire shapes of /api/results (测评结果): 得分率 roll-ups, the simulated index with the
 * annual scheme, the trend, and what the Excel export shows. EvaluationResultsService
 * returns these types, documents/xlsx/results.sheets.ts renders ResultsExport, and
 * web/src/api/results.ts imports them.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ANNUAL_PARTS, RESULT_GROUPS, TREND_BUCKETS, TREND_GROUPS } from '../evaluation-enums.js';
import { IdString, StringEnum } from './common.contract.js';

/**
 * The period of a results request. `from`/`to`: a China date (YYYY-MM-DD = 00:00 China
 * time) or an ISO-8601 instant with a zone; `to` is exclusive and must be after `from`
 * (the service answers 422 naming the field). Without `frameworkId`, the version pinned
 * by the campaign (named, else current) is used.
 */
const Period = {
  frameworkId: Type.Optional(IdString({ description: 'Framework version; default: the campaign’s pinned one' })),
  from: Type.String({
    minLength: 1,
    maxLength: 40,
    description: 'Start (inclusive): YYYY-MM-DD (China time) or an ISO instant with a zone',
  }),
  to: Type.String({ minLength: 1, maxLength: 40, description: 'End (exclusive)' }),
};

const literals = <T extends string>(xs: readonly T[]) => Type.Union(xs.map((x) => Type.Literal(x)));

/** GET /api/results/rates. */
export const RatesQuery = Type.Object({ ...Period, groupBy: literals(RESULT_GROUPS) }, { additionalProperties: false });
export type RatesQuery = Static<typeof RatesQuery>;

/** GET /api/results/index (and the export). */
export const IndexQuery = Type.Object(
  { ...Period, campaignId: Type.Optional(IdString({ description: 'Campaign whose weights apply; default: the current one' })) },
  { additionalProperties: false },
);
export type IndexQuery = Static<typeof IndexQuery>;

/** GET /api/results/trend; the bucket defaults to week, the grouping to district. */
export const TrendQuery = Type.Object(
  { ...Period, bucket: Type.Optional(literals(TREND_BUCKETS)), groupBy: Type.Optional(literals(TREND_GROUPS)) },
  { additionalProperties: false },
);
export type TrendQuery = Static<typeof TrendQuery>;

/** GET /api/inspections/results, kept for existing clients: /api/results/rates with a required frameworkId. */
export const InspectionResultsQuery = Type.Object(
  {
    frameworkId: IdString(),
    from: Type.String({ maxLength: 40 }),
    to: Type.String({ maxLength: 40 }),
    groupBy: literals(RESULT_GROUPS),
  },
  { additionalProperties: false },
);
export type InspectionResultsQuery = Static<typeof InspectionResultsQuery>;

/** 实得分, 应得分 and 得分率 (= earned / possible; null when nothing applicable was checked). */
export const PartCell = Type.Object({ earned: Type.Number(), possible: Type.Number(), rate: Type.Union([Type.Number(), Type.Null()]) });
export type PartCell = Static<typeof PartCell>;

/** A roll-up cell with what its key stands for: the unit / point / node / type code and its name. */
export const NamedRateCell = Type.Composite([
  PartCell,
  Type.Object({
    key: Type.String(),
    code: Type.String(),
    name: Type.String(),
    /** Answers counted (pass, fail, score). */
    answered: Type.Integer(),
    /** Answers that were "not applicable". */
    na: Type.Integer(),
  }),
]);
export type NamedRateCell = Static<typeof NamedRateCell>;

/** One value per annual part: 网上材料 (online + material), 实地测评 (field), 问卷调查 (survey). */
const ByAnnualPart = <T extends TSchema>(value: T) => Type.Object({ online: value, field: value, survey: value });

/** A district's (or the whole city's) simulated index and annual scheme. */
export const DistrictIndexRow = Type.Object({
  /** Null for the whole-city row. */
  districtId: Type.Union([Type.Integer(), Type.Null()]),
  code: Type.String(),
  name: Type.String(),
  /** 1 = best; equal indices share a rank; null without an index (and for the city). */
  rank: Type.Union([Type.Integer(), Type.Null()]),
  /** Simulated evaluation index 0–100, null when nothing was inspected. */
  index: Type.Union([Type.Number(), Type.Null()]),
  /** Sum of the weights of the items with data (100 = all measured); the index is rescaled to it. */
  coveredWeight: Type.Number(),
  /** Item codes without data, in framework order. */
  missingItems: Type.Array(Type.String()),
  earned: Type.Number(),
  possible: Type.Number(),
  rate: Type.Union([Type.Number(), Type.Null()]),
  /** By item code, every item of the framework. */
  items: Type.Record(Type.String(), PartCell),
  annual: Type.Object({
    parts: ByAnnualPart(PartCell),
    /** 年度分 0–100 rescaled to the parts with data; null without data. */
    score: Type.Union([Type.Number(), Type.Null()]),
    coveredWeight: Type.Number(),
    missingParts: Type.Array(StringEnum(ANNUAL_PARTS)),
  }),
});
export type DistrictIndexRow = Static<typeof DistrictIndexRow>;

/** The framework version results were computed against. */
export const FrameworkRef = Type.Object({ id: Type.Integer(), name: Type.String(), version: Type.Integer() });
export type FrameworkRef = Static<typeof FrameworkRef>;

/** GET /api/results/index. */
export const IndexView = Type.Object({
  framework: FrameworkRef,
  /** The campaign whose settings applied (named, else current); null = defaults. */
  campaignId: Type.Union([Type.Integer(), Type.Null()]),
  /** The period as ISO instants; `to` exclusive. */
  from: Type.String(),
  to: Type.String(),
  /** The items with the weights in use; `weightsSource` says whose they are. */
  items: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), weight: Type.Number() })),
  weightsSource: StringEnum(['campaign', 'framework'] as const),
  annualWeights: ByAnnualPart(Type.Number()),
  /** Ranked by index, best first; districts without an index last. */
  districts: Type.Array(DistrictIndexRow),
  city: DistrictIndexRow,
  /** Stored answers that could not be scored (should be 0). */
  rejected: Type.Integer(),
});
export type IndexView = Static<typeof IndexView>;

/** GET /api/results/rates (and /api/inspections/results). */
export const RatesView = Type.Object({
  framework: FrameworkRef,
  groupBy: StringEnum(RESULT_GROUPS),
  cells: Type.Array(NamedRateCell),
  rejected: Type.Integer(),
});
export type RatesView = Static<typeof RatesView>;

/** GET /api/results/trend. */
export const TrendView = Type.Object({
  framework: FrameworkRef,
  from: Type.String(),
  to: Type.String(),
  bucket: StringEnum(TREND_BUCKETS),
  groupBy: StringEnum(TREND_GROUPS),
  /** China dates; `start` inclusive (a Monday for weeks, the 1st for months), `end` exclusive. */
  buckets: Type.Array(Type.Object({ start: Type.String(), end: Type.String() })),
  /** One cell per bucket; rate null where nothing applicable was inspected. */
  series: Type.Array(Type.Object({ key: Type.String(), code: Type.String(), name: Type.String(), cells: Type.Array(PartCell) })),
  rejected: Type.Integer(),
});
export type TrendView = Static<typeof TrendView>;

/**
 * Everything the Excel export (GET /api/results/export.xlsx) shows, from one load of the
 * period: the index, every roll-up but `all`, and the trend (weekly, monthly for long
 * periods) by district and for the whole city.
 */
export const ResultsExport = Type.Object({
  index: IndexView,
  rates: Type.Object({
    standard: Type.Array(NamedRateCell),
    point: Type.Array(NamedRateCell),
    pointType: Type.Array(NamedRateCell),
    indicator: Type.Array(NamedRateCell),
    item: Type.Array(NamedRateCell),
    unit: Type.Array(NamedRateCell),
    district: Type.Array(NamedRateCell),
  }),
  trend: TrendView,
  trendCity: TrendView,
});
export type ResultsExport = Static<typeof ResultsExport>;
