/**
 * Wire shapes of the case workflow (/api/cases…): what the routes accept and answer,
 * what the services return, what the web imports (`import type` only). Defined once here.
 */
import { Type, type Static } from '@sinclair/typebox';
import {
  CASE_ACTIONS,
  CASE_SOURCES,
  CASE_STATES,
  CATEGORY_CLASSES,
  DEADLINE_OUTCOMES,
  EVENT_ACTOR_KINDS,
  SEVERITIES,
  type CaseAction,
} from '../case-enums.js';
import { OBSTACLE_KINDS } from '../project-enums.js';
import { SATISFACTION_RATINGS, SATISFACTION_REVIEWS } from '../public-enums.js';
import { CalendarDate, IdString, MAX_ID, NullableString, Paging, StringEnum } from './common.contract.js';
import { FactSums, IndicatorValues } from './dashboard.contract.js';

const Lon = Type.Number({ minimum: -180, maximum: 180 });
const Lat = Type.Number({ minimum: -90, maximum: 90 });
const Nullable = <T extends ReturnType<typeof Type.String> | typeof Lon | ReturnType<typeof Type.Integer>>(t: T) =>
  Type.Union([t, Type.Null()]);
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
const NullableInteger = Type.Union([Type.Integer(), Type.Null()]);

// ---- Requests --------------------------------------------------------------------------

/** Body of a report (JSON, or the `command` field of a multipart request with `photos`). */
export const ReportBody = Type.Object(
  {
    source: StringEnum(CASE_SOURCES),
    categoryCode: Type.String({ minLength: 1, maxLength: 32 }),
    severity: Type.Optional(StringEnum(SEVERITIES)),
    description: Type.String({ minLength: 1, maxLength: 2000 }),
    address: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
    lon: Type.Optional(Nullable(Lon)),
    lat: Type.Optional(Nullable(Lat)),
    areaUnitId: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: MAX_ID }))),
    checkPointId: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: MAX_ID }))),
    reporterContact: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  },
  { additionalProperties: false },
);
export type ReportBody = Static<typeof ReportBody>;

/** Actions on an existing case (every action but `report`). */
const ACT_ACTIONS = CASE_ACTIONS.filter((a): a is Exclude<CaseAction, 'report'> => a !== 'report');

/**
 * Body of an action (JSON, or the `command` field of a multipart request with `photos` /
 * `before`); `version` is the one the person saw. The domain checks which fields an action needs.
 */
export const ActBody = Type.Object(
  {
    action: StringEnum(ACT_ACTIONS),
    version: Type.Integer({ minimum: 1, maximum: MAX_ID }),
    unitId: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ID })),
    deadline: Type.Optional(Type.String({ maxLength: 40 })),
    reason: Type.Optional(Type.String({ maxLength: 1000 })),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
    requestedDeadline: Type.Optional(Type.String({ maxLength: 40 })),
    reviewDate: Type.Optional(CalendarDate()),
    targetCaseId: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ID })),
    categoryCode: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    severity: Type.Optional(StringEnum(SEVERITIES)),
  },
  { additionalProperties: false },
);
export type ActBody = Static<typeof ActBody>;

const csv = (description: string) => Type.Optional(Type.String({ maxLength: 400, description }));

/** Filters of GET /api/cases, /export and /map. */
export const CaseQuery = Type.Object(
  {
    state: csv(`comma-separated states: ${CASE_STATES.join(', ')}`),
    unitId: Type.Optional(IdString({ description: 'assigned unit (its subtree)' })),
    areaUnitId: Type.Optional(IdString({ description: 'area (its subtree)' })),
    categoryCode: Type.Optional(Type.String({ maxLength: 32 })),
    severity: Type.Optional(StringEnum(SEVERITIES)),
    source: Type.Optional(StringEnum(CASE_SOURCES)),
    overdue: Type.Optional(Type.Boolean()),
    mine: Type.Optional(Type.Boolean({ description: 'only cases I reported' })),
    pendingExtension: Type.Optional(Type.Boolean({ description: 'only cases with an extension request waiting for HQ' })),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'reported at or after' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'reported before' })),
    dispatchedFrom: Type.Optional(
      Type.String({
        format: 'date-time',
        description: 'first dispatched at or after, and assigned to a unit now (the cohort the indicators count)',
      }),
    ),
    dispatchedTo: Type.Optional(
      Type.String({ format: 'date-time', description: 'first dispatched before (with dispatchedFrom: the cohort)' }),
    ),
    q: Type.Optional(Type.String({ maxLength: 100 })),
    orderBy: Type.Optional(StringEnum(['deadline', 'created'] as const)),
    ...Paging,
  },
  { additionalProperties: false },
);
export type CaseQuery = Static<typeof CaseQuery>;

/** GET /api/cases/indicators query string. */
export const IndicatorQuery = Type.Object(
  {
    unitId: Type.Optional(IdString()),
    from: CalendarDate({ description: 'first cohort day (China date)' }),
    to: CalendarDate({ description: 'last cohort day (China date)' }),
  },
  { additionalProperties: false },
);
export type IndicatorQuery = Static<typeof IndicatorQuery>;

/** A severity's or category's deadline: so many hours, or so many working days. */
export const DeadlineRule = Type.Object(
  { unit: StringEnum(['hours', 'working_days'] as const), amount: Type.Integer({ minimum: 1, maximum: 10000 }) },
  { additionalProperties: false },
);
export type DeadlineRule = Static<typeof DeadlineRule>;

const AreaRules = Type.Record(Type.String({ maxLength: 32 }), Type.String({ maxLength: 32 }), { maxProperties: 500 });

/** A new case category. */
export const CategoryCreate = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    class: StringEnum(CATEGORY_CLASSES),
    parentCode: Type.Union([Type.String({ maxLength: 32 }), Type.Null()]),
    defaultSeverity: StringEnum(SEVERITIES),
    deadlineRule: Type.Optional(Type.Union([DeadlineRule, Type.Null()])),
    defaultUnitCode: Type.String({ minLength: 1, maxLength: 32 }),
    areaRules: Type.Optional(AreaRules),
    campaign: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type CategoryCreate = Static<typeof CategoryCreate>;

/** A change to a category: any of its rules, its name, or whether it is in force. */
export const CategoryPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    defaultSeverity: Type.Optional(StringEnum(SEVERITIES)),
    deadlineRule: Type.Optional(Type.Union([DeadlineRule, Type.Null()])),
    defaultUnitCode: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    areaRules: Type.Optional(AreaRules),
    campaign: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type CategoryPatch = Static<typeof CategoryPatch>;

export const CategoryParams = Type.Object({ code: Type.String({ maxLength: 32 }) }, { additionalProperties: false });
export const DayParams = Type.Object({ day: CalendarDate() }, { additionalProperties: false });

/** PUT /api/cases/calendar/:day: a holiday, a make-up working day (调休) or an ordinary day again. */
export const DayBody = Type.Object(
  {
    kind: StringEnum(['holiday', 'workday', 'normal'] as const),
    note: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type DayBody = Static<typeof DayBody>;

// ---- Replies ---------------------------------------------------------------------------

/** An extension request waiting for HQ. */
export const PendingExtension = Type.Object({
  requestedDeadline: Type.String(),
  reason: Type.String(),
  requestedBy: Type.Integer(),
  requestedAt: Type.String(),
});
export type PendingExtension = Static<typeof PendingExtension>;

/** A case in lists, queues and inboxes. */
export const CaseListItem = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  state: StringEnum(CASE_STATES),
  version: Type.Integer(),
  source: StringEnum(CASE_SOURCES),
  categoryCode: Type.String(),
  severity: StringEnum(SEVERITIES),
  description: Type.String(),
  address: NullableString(),
  lon: NullableNumber,
  lat: NullableNumber,
  assignedUnitId: NullableInteger,
  assignedUnitName: NullableString(),
  deadline: NullableString(),
  overdue: Type.Boolean(),
  remainingMs: Type.Union([Type.Number(), Type.Null()], {
    description: 'milliseconds until the deadline (negative when overdue); null without one',
  }),
  pendingExtension: Type.Union([PendingExtension, Type.Null()]),
  reopenCount: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type CaseListItem = Static<typeof CaseListItem>;

/** GET /api/cases: a page of cases and how many match. */
export const CaseList = Type.Object({ items: Type.Array(CaseListItem), total: Type.Integer() });
export type CaseList = Static<typeof CaseList>;

/** One entry of a case's timeline, with the photos it brought. */
export const CaseEventView = Type.Object({
  seq: Type.Integer(),
  action: StringEnum(CASE_ACTIONS),
  fromState: Type.Union([StringEnum(CASE_STATES), Type.Null()]),
  toState: StringEnum(CASE_STATES),
  actorId: NullableInteger,
  actorName: NullableString(),
  at: Type.String(),
  note: NullableString(),
  deadlineBefore: NullableString(),
  deadlineAfter: NullableString(),
  unitBefore: NullableInteger,
  unitAfter: NullableInteger,
  /** Unit names, so no page has to show a bare id (a citizen cannot read the unit list). */
  unitBeforeName: NullableString(),
  unitAfterName: NullableString(),
  /** Set in a reporter's view, where staff are named by role or unit instead of by name. */
  actorKind: Type.Optional(StringEnum(EVENT_ACTOR_KINDS)),
  /** The number of the case a merge went into, so the page never shows a bare id. */
  targetCaseNumber: Type.Optional(NullableString()),
  data: Type.Record(Type.String(), Type.Unknown()),
  photos: Type.Array(Type.Object({ id: Type.Integer(), phase: Type.String() })),
});
export type CaseEventView = Static<typeof CaseEventView>;

/** A deadline a case has had, and whether the unit met it. */
export const DeadlineView = Type.Object({
  /** The dispatch (or reopening / extension) that set it. */
  setBy: StringEnum(CASE_ACTIONS),
  setAt: Type.String(),
  deadline: Type.String(),
  outcome: StringEnum(DEADLINE_OUTCOMES, 'met / missed / open (still running) / superseded (replaced before it came due)'),
});
export type DeadlineView = Static<typeof DeadlineView>;

/** GET /api/cases/:id: the case, its timeline and deadlines, and what the caller may do now. */
export const CaseDetail = Type.Composite([
  CaseListItem,
  Type.Object({
    reporterContact: NullableString(),
    checkPointId: NullableInteger,
    areaUnitId: NullableInteger,
    events: Type.Array(CaseEventView),
    deadlines: Type.Array(DeadlineView),
    /** Actions this actor may try now (role and state; guards still apply). */
    allowedActions: Type.Array(StringEnum(CASE_ACTIONS)),
    /** The major project whose obstacle (要素保障) this case is, or null. */
    project: Type.Union([Type.Object({ id: Type.Integer(), name: Type.String(), kind: StringEnum(OBSTACLE_KINDS) }), Type.Null()]),
    /** Issue 15: citizens who said "我也遇到" (+1) instead of reporting it again. */
    plusOneCount: Type.Integer(),
    /** Issue 15: the reporter's 回访 rating after closure and HQ's review of a 不满意, or null. */
    satisfaction: Type.Union([
      Type.Object({
        rating: StringEnum(SATISFACTION_RATINGS),
        comment: NullableString(),
        ratedAt: Type.String(),
        review: Type.Union([StringEnum(SATISFACTION_REVIEWS), Type.Null()]),
        reviewNote: NullableString(),
      }),
      Type.Null(),
    ]),
    /** Issue 15: the logged-in reporter may rate this closed case now (not rated yet). */
    canRate: Type.Boolean(),
  }),
]);
export type CaseDetail = Static<typeof CaseDetail>;

/** POST /api/cases (201): the new case. */
export const ReportReply = Type.Object({ id: Type.Integer(), number: Type.String() });
export type ReportReply = Static<typeof ReportReply>;

/** POST /api/cases/:id/actions: the case's new version. */
export const ActReply = Type.Object({ id: Type.Integer(), number: Type.String(), version: Type.Integer() });
export type ActReply = Static<typeof ActReply>;

/** GET /api/cases/:id/suggestion: the unit and deadline the rules suggest for a dispatch. */
export const Suggestion = Type.Object({
  unitId: NullableInteger,
  unitCode: Type.String(),
  unitName: NullableString(),
  deadline: Type.String(),
});
export type Suggestion = Static<typeof Suggestion>;

/** A located case on the map. */
export const MapPoint = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  state: StringEnum(CASE_STATES),
  overdue: Type.Boolean(),
  lon: Type.Number(),
  lat: Type.Number(),
  categoryCode: Type.String(),
});
export type MapPoint = Static<typeof MapPoint>;

/** GET /api/cases/map. */
export const CaseMapReply = Type.Object({ items: Type.Array(MapPoint) });
export type CaseMapReply = Static<typeof CaseMapReply>;

/** One category of problem with its rules. */
export const Category = Type.Object({
  code: Type.String(),
  class: StringEnum(CATEGORY_CLASSES),
  name: Type.String(),
  parentCode: NullableString(),
  defaultSeverity: StringEnum(SEVERITIES),
  /** Replaces the severity's deadline rule for every case of this category when set. */
  deadlineRule: Type.Optional(DeadlineRule),
  responsibleUnitRule: Type.Object({
    defaultUnitCode: Type.String(),
    byArea: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'area unit code → responsible unit code' })),
  }),
  /** Campaign the category was added for, absent for standard ones. */
  campaign: Type.Optional(Type.String()),
});
export type Category = Static<typeof Category>;

/** GET /api/cases/categories: the categories in force and the deadline rule of each severity. */
export const Categories = Type.Object({
  items: Type.Array(Category),
  severityRules: Type.Object({
    urgent: DeadlineRule,
    major: DeadlineRule,
    normal: DeadlineRule,
    minor: DeadlineRule,
  }),
});
export type Categories = Static<typeof Categories>;

/** GET /api/cases/calendar: the configured holidays and make-up working days. */
export const WorkCalendarView = Type.Object({ holidays: Type.Array(Type.String()), makeUpWorkdays: Type.Array(Type.String()) });
export type WorkCalendarView = Static<typeof WorkCalendarView>;

/** GET /api/cases/indicators: summed facts, cases overdue now, and the standard indicators. */
export const IndicatorsReply = Type.Object({ sums: FactSums, overduePending: Type.Integer(), indicators: IndicatorValues });
export type IndicatorsReply = Static<typeof IndicatorsReply>;
