import { Type, type Static } from '@sinclair/typebox';
import { CASE_ACTIONS, CASE_SOURCES, CASE_STATES, CATEGORY_CLASSES, SEVERITIES } from '../../shared/case-enums.js';
import { CalendarDate, Paging, StringEnum, MAX_ID, IdString } from '../../shared/contracts/common.contract.js';

const Lon = Type.Number({ minimum: -180, maximum: 180 });
const Lat = Type.Number({ minimum: -90, maximum: 90 });
const Nullable = <T extends ReturnType<typeof Type.String> | typeof Lon | ReturnType<typeof Type.Integer>>(t: T) =>
  Type.Union([t, Type.Null()]);

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

/** Body of an action (JSON, or the `command` field of a multipart request with `photos` / `before`). */
export const ActBody = Type.Object(
  {
    action: StringEnum(CASE_ACTIONS.filter((a) => a !== 'report')),
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
    q: Type.Optional(Type.String({ maxLength: 100 })),
    orderBy: Type.Optional(StringEnum(['deadline', 'created'] as const)),
    ...Paging,
  },
  { additionalProperties: false },
);
export type CaseQuery = Static<typeof CaseQuery>;

export const IndicatorQuery = Type.Object(
  {
    unitId: Type.Optional(IdString()),
    from: CalendarDate({ description: 'first cohort day (China date)' }),
    to: CalendarDate({ description: 'last cohort day (China date)' }),
  },
  { additionalProperties: false },
);

export const FileParams = Type.Object(
  { id: IdString(), variant: StringEnum(['original', 'public', 'thumb'] as const) },
  { additionalProperties: false },
);

const DeadlineRuleSchema = Type.Object(
  { unit: StringEnum(['hours', 'working_days'] as const), amount: Type.Integer({ minimum: 1, maximum: 10000 }) },
  { additionalProperties: false },
);
const AreaRules = Type.Record(Type.String({ maxLength: 32 }), Type.String({ maxLength: 32 }), { maxProperties: 500 });

/** A new case category. */
export const CategoryCreate = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    class: StringEnum(CATEGORY_CLASSES),
    parentCode: Type.Union([Type.String({ maxLength: 32 }), Type.Null()]),
    defaultSeverity: StringEnum(SEVERITIES),
    deadlineRule: Type.Optional(Type.Union([DeadlineRuleSchema, Type.Null()])),
    defaultUnitCode: Type.String({ minLength: 1, maxLength: 32 }),
    areaRules: Type.Optional(AreaRules),
    campaign: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type CategoryCreate = Static<typeof CategoryCreate>;

export const CategoryPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    defaultSeverity: Type.Optional(StringEnum(SEVERITIES)),
    deadlineRule: Type.Optional(Type.Union([DeadlineRuleSchema, Type.Null()])),
    defaultUnitCode: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    areaRules: Type.Optional(AreaRules),
    campaign: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const CategoryParams = Type.Object({ code: Type.String({ maxLength: 32 }) }, { additionalProperties: false });
export const DayParams = Type.Object({ day: CalendarDate() }, { additionalProperties: false });
export const DayBody = Type.Object(
  {
    kind: StringEnum(['holiday', 'workday', 'normal'] as const),
    note: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
  },
  { additionalProperties: false },
);
