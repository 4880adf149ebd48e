/**
 * Wire shapes of /api/briefings (周例会通报). BriefingService returns these types, the
 * documents in src/documents/briefings render Briefing, src/domain/briefings composes
 * BriefingContent, and web/src/api/briefings.ts imports them.
 */
import { Type, type Static } from '@sinclair/typebox';
import { LIST_KINDS, RANK_MOVES } from '../assessment-enums.js';
import { BRIEFING_PERIOD_KINDS, BRIEFING_STATUSES } from '../briefing-enums.js';
import { BriefingActionItem } from './action-items.contract.js';
import { CalendarDate, NullableInt, PositiveInt, StringEnum } from './common.contract.js';

const Rate = Type.Union([Type.Number(), Type.Null()]);
const Int = Type.Integer();

/** The headline figures of one period (cohort of cases first dispatched in it). */
export const BriefingFigures = Type.Object({
  /** 新派遣案件 (first dispatched in the period). */
  newCases: Int,
  /** Of them, handled / closed so far. */
  handled: Int,
  closed: Int,
  /** 处置率 and 按期处置率 (0–1), null without cases. */
  disposalRate: Rate,
  onTimeDisposalRate: Rate,
  /** Of them, owed past their deadline when the briefing was composed (超期待处置). */
  overduePending: Int,
});
export type BriefingFigures = Static<typeof BriefingFigures>;

/** Changes from the previous period: counts as differences, rates in percentage points. */
export const BriefingFigureChanges = Type.Object({
  newCases: Int,
  handled: Int,
  closed: Int,
  disposalRate: Rate,
  onTimeDisposalRate: Rate,
  overduePending: Int,
});
export type BriefingFigureChanges = Static<typeof BriefingFigureChanges>;

export const BriefingRankingRow = Type.Object({
  rank: Int,
  /** Rank in the previous period; null when the unit was not ranked then. */
  previousRank: NullableInt(),
  /** Places gained (+) or lost (−); null when not ranked before. */
  change: Type.Union([Type.Integer(), Type.Null()]),
  unitId: Int,
  name: Type.String(),
  composite: Rate,
  disposalRate: Rate,
  onTimeDisposalRate: Rate,
  dispatched: Int,
  overdue: Int,
  /** Older work still owed at the period's end (counted in the ranking). */
  backlogOwed: Int,
});
export type BriefingRankingRow = Static<typeof BriefingRankingRow>;

export const BriefingCaseRow = Type.Object({
  id: Int,
  number: Type.String(),
  category: Type.String(),
  unitName: Type.String(),
  address: Type.Union([Type.String(), Type.Null()]),
  /** ISO instant: first dispatch (new cases) or closure (closed cases). */
  at: Type.String(),
});
export type BriefingCaseRow = Static<typeof BriefingCaseRow>;

/** A list of cases with its full count; only the first `items` are listed. */
export const BriefingCaseList = Type.Object({ total: Int, items: Type.Array(BriefingCaseRow) });
export type BriefingCaseList = Static<typeof BriefingCaseList>;

export const BriefingLetterRow = Type.Object({
  number: Type.String(),
  type: Type.String(),
  unitName: Type.String(),
  title: Type.String(),
  issuedAt: Type.String(),
});
export type BriefingLetterRow = Static<typeof BriefingLetterRow>;

/** A unit in a group of the published 考核 results the briefing reports. */
export const BriefingAssessmentRow = Type.Object({
  rank: NullableInt(),
  unitId: Int,
  unitName: Type.String(),
  score: Rate,
  /** Against the previous period: up / down / same / new / unranked, with the places moved. */
  move: StringEnum(RANK_MOVES),
  /** Places gained (positive) or lost (negative); null for new or unranked units. */
  places: Type.Union([Type.Integer(), Type.Null()]),
  list: Type.Union([StringEnum(LIST_KINDS), Type.Null()]),
});
export type BriefingAssessmentRow = Static<typeof BriefingAssessmentRow>;

/** The published 考核 run of the briefing's period: rankings per group with their changes and 红黑榜. */
export const BriefingAssessment = Type.Object({
  runId: Int,
  campaignName: Type.String(),
  periodKey: Type.String(),
  periodLabel: Type.String(),
  /** The run's version (above 1 after a corrected version replaced the first). */
  version: Int,
  publishedAt: Type.Union([Type.String(), Type.Null()]),
  groups: Type.Array(
    Type.Object({
      key: Type.String(),
      name: Type.String(),
      items: Type.Array(BriefingAssessmentRow),
      /** Names on the red list (best first) and the black list (worst first). */
      red: Type.Array(Type.String()),
      black: Type.Array(Type.String()),
    }),
  ),
});
export type BriefingAssessment = Static<typeof BriefingAssessment>;

export const BriefingContent = Type.Object({
  period: Type.Object({ kind: StringEnum(BRIEFING_PERIOD_KINDS), from: Type.String(), to: Type.String() }),
  previous: Type.Object({ from: Type.String(), to: Type.String() }),
  /** When the content was composed (ISO). */
  asOf: Type.String(),
  headline: Type.Object({
    current: BriefingFigures,
    previous: BriefingFigures,
    change: BriefingFigureChanges,
    /** Every case owed past its deadline when the briefing was composed, whenever dispatched. */
    overdueNow: Int,
  }),
  ranking: Type.Array(BriefingRankingRow),
  newCases: BriefingCaseList,
  closedCases: BriefingCaseList,
  overdueByUnit: Type.Array(Type.Object({ unitId: Int, name: Type.String(), overdue: Int })),
  letters: Type.Object({
    byType: Type.Array(Type.Object({ type: Type.String(), count: Int, numbers: Type.Array(Type.String()) })),
    items: Type.Array(BriefingLetterRow),
  }),
  /** Check points with the lowest 得分率 in the period; null when no framework is in use. */
  weakCheckpoints: Type.Union([
    Type.Array(Type.Object({ code: Type.String(), name: Type.String(), rate: Rate, answered: Int })),
    Type.Null(),
  ]),
  /** Simulated evaluation index by district; null when no framework is in use. */
  evaluationByDistrict: Type.Union([
    Type.Array(Type.Object({ name: Type.String(), rank: NullableInt(), index: Rate, rate: Rate })),
    Type.Null(),
  ]),
  /** 考核 results and 红黑榜 of the published run of the briefing's week or month; null when none is published. */
  assessment: Type.Union([BriefingAssessment, Type.Null()]),
  /**
   * 交办事项 of the last meeting (the latest published briefing whose period ended before this
   * one began) and where each stood at this period's end: 完成 / 逾期 / 进行中 (issue 13, point 8).
   */
  actionItems: Type.Array(BriefingActionItem),
});
export type BriefingContent = Static<typeof BriefingContent>;

/** 形势分析 and 下步工作: paragraphs HQ writes. */
export const BriefingCommentary = Type.Object(
  {
    situation: Type.Array(Type.String({ maxLength: 4000 }), { maxItems: 30 }),
    nextSteps: Type.Array(Type.String({ maxLength: 4000 }), { maxItems: 30 }),
  },
  { additionalProperties: false },
);
export type BriefingCommentary = Static<typeof BriefingCommentary>;

const UserRef = Type.Union([Type.Object({ id: Int, name: Type.String() }), Type.Null()]);

/** A briefing as listed. */
export const BriefingSummary = Type.Object({
  id: Int,
  status: StringEnum(BRIEFING_STATUSES),
  periodKind: StringEnum(BRIEFING_PERIOD_KINDS),
  from: Type.String(),
  to: Type.String(),
  /** 第N期 once published. */
  year: NullableInt(),
  seq: NullableInt(),
  numberText: Type.Union([Type.String(), Type.Null()]),
  title: Type.String(),
  version: Int,
  createdAt: Type.String(),
  publishedAt: Type.Union([Type.String(), Type.Null()]),
});
export type BriefingSummary = Static<typeof BriefingSummary>;

/** A briefing in full. */
export const Briefing = Type.Composite([
  BriefingSummary,
  Type.Object({
    commentary: BriefingCommentary,
    content: BriefingContent,
    snapshotHash: Type.String(),
    issuer: Type.String(),
    createdBy: UserRef,
    publishedBy: UserRef,
  }),
]);
export type Briefing = Static<typeof Briefing>;

export const BriefingList = Type.Object({ items: Type.Array(BriefingSummary) });
export type BriefingList = Static<typeof BriefingList>;

/** POST /api/briefings: a draft for a week (default: the last full week, China time) or chosen days. */
export const GenerateBriefingBody = Type.Object(
  {
    periodKind: Type.Optional(StringEnum(BRIEFING_PERIOD_KINDS)),
    /** First day; for a week any day of it, for a month any day of it. */
    from: Type.Optional(CalendarDate()),
    /** Last day (inclusive), custom periods only. */
    to: Type.Optional(CalendarDate()),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type GenerateBriefingBody = Static<typeof GenerateBriefingBody>;

/** PUT /api/briefings/:id: title and commentary of a draft, at the version read. */
export const EditBriefingBody = Type.Object(
  {
    version: PositiveInt(),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    commentary: Type.Optional(BriefingCommentary),
  },
  { additionalProperties: false },
);
export type EditBriefingBody = Static<typeof EditBriefingBody>;

/** POST /api/briefings/:id/publish and /regenerate. */
export const BriefingVersionBody = Type.Object({ version: PositiveInt() }, { additionalProperties: false });
export type BriefingVersionBody = Static<typeof BriefingVersionBody>;
