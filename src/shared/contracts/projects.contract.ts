/**
 * Wire shapes of /api/projects and /api/project-batches (重大项目, issue 14 points 1–3).
 * Amounts are decimals in 万元 (2 places; stored as 万元 × 100), land in 亩 (2 places).
 * ProjectService, ProjectStageService and ProjectBatchService return these types.
 */
import { Type, type Static, type TOptional, type TSchema } from '@sinclair/typebox';
import {
  BATCH_ROLES,
  PROJECT_CATEGORIES,
  PROJECT_LEVELS,
  PROJECT_RATES,
  PROJECT_STAGES,
  PROJECT_STATUSES,
  STAGE_MOVES,
  STAGE_RECORD_STATUSES,
} from '../project-enums.js';
import { CalendarDate, IdString, MAX_ID, Paging, PositiveInt, StringEnum } from './common.contract.js';

const Int = Type.Integer();
const Id = Type.Integer({ minimum: 1, maximum: MAX_ID });
const Text = Type.Union([Type.String(), Type.Null()]);
const UserRef = Type.Union([Type.Object({ id: Int, name: Type.String() }), Type.Null()]);
/** 万元, at most 2 decimals (1万亿 at most). */
const Wan = (description = '万元, at most 2 decimals') => Type.Number({ minimum: 0, maximum: 100_000_000, description });
const NullableWan = (description?: string) => Type.Union([Wan(description), Type.Null()]);
const Amount = Type.Number({ description: '万元' });
const NullableAmount = Type.Union([Amount, Type.Null()]);
const Stage = StringEnum(PROJECT_STAGES);

/** A person of the project unit on the project's people list. */
export const ProjectMember = Type.Object({ userId: Int, name: Type.String(), title: Text });
export type ProjectMember = Static<typeof ProjectMember>;

/** A step of the plan (一套方案): a stage or a free-text milestone with its planned day. */
export const ProjectMilestone = Type.Object({
  stage: Type.Union([Stage, Type.Null()]),
  name: Type.String(),
  plannedDate: Type.String(),
  /** For a stage: the actual day of its confirmed record, if any. */
  actualDate: Text,
});
export type ProjectMilestone = Static<typeof ProjectMilestone>;

/** Evidence of a recorded stage: a photo or a PDF. */
export const ProjectStageFile = Type.Object({ id: Int, name: Text, mime: Type.String(), createdAt: Type.String() });
export type ProjectStageFile = Static<typeof ProjectStageFile>;

/** A stage as the project unit recorded it, and what the work team or the projects office decided. */
export const ProjectStageRecord = Type.Object({
  id: Int,
  stage: Stage,
  /** The project's stage when it was recorded. */
  fromStage: Stage,
  /** next: the following stage; skip: over a stage; back: to an earlier stage (both with a reason). */
  move: StringEnum(STAGE_MOVES),
  actualDate: Type.String(),
  note: Type.String(),
  reason: Text,
  status: StringEnum(STAGE_RECORD_STATUSES),
  recordedBy: UserRef,
  recordedAt: Type.String(),
  decidedBy: UserRef,
  decidedAt: Text,
  /** Why it was sent back. */
  decisionReason: Text,
  files: Type.Array(ProjectStageFile),
});
export type ProjectStageRecord = Static<typeof ProjectStageRecord>;

/** A project as listed. */
export const ProjectSummary = Type.Object({
  id: Int,
  code: Type.String(),
  name: Type.String(),
  countyUnitId: Int,
  countyName: Type.String(),
  industryChain: Text,
  level: StringEnum(PROJECT_LEVELS),
  category: StringEnum(PROJECT_CATEGORIES),
  investor: Text,
  totalInvestment: Amount,
  workTeamUnitId: Type.Union([Int, Type.Null()]),
  workTeamName: Text,
  leader: UserRef,
  currentStage: Stage,
  currentStageDate: Text,
  status: StringEnum(PROJECT_STATUSES),
  /** The stage awaiting confirmation, if one was recorded. */
  pendingStage: Type.Union([Stage, Type.Null()]),
  version: Int,
});
export type ProjectSummary = Static<typeof ProjectSummary>;

/** A project's batch memberships. */
export const ProjectBatchRef = Type.Object({ id: Int, name: Type.String(), seq: Int, role: StringEnum(BATCH_ROLES) });
export type ProjectBatchRef = Static<typeof ProjectBatchRef>;

/** One project with everything the register holds. */
export const Project = Type.Composite([
  ProjectSummary,
  Type.Object({
    landMu: NullableAmount,
    floorAreaM2: Type.Union([Int, Type.Null()]),
    expectedAnnualOutput: NullableAmount,
    expectedAnnualTax: NullableAmount,
    jobs: Type.Union([Int, Type.Null()]),
    lon: Type.Union([Type.Number(), Type.Null()]),
    lat: Type.Union([Type.Number(), Type.Null()]),
    terminationReason: Text,
    terminatedAt: Text,
    members: Type.Array(ProjectMember),
    milestones: Type.Array(ProjectMilestone),
    /** Recorded stages, newest first. */
    stages: Type.Array(ProjectStageRecord),
    batches: Type.Array(ProjectBatchRef),
    /** What the caller may do. */
    canEdit: Type.Boolean(),
    canManage: Type.Boolean(),
    canReport: Type.Boolean(),
    canConfirm: Type.Boolean(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  }),
]);
export type Project = Static<typeof Project>;

export const ProjectList = Type.Object({ items: Type.Array(ProjectSummary), total: Int });
export type ProjectList = Static<typeof ProjectList>;

/** GET /api/projects: search (code or name) and filters; the caller sees only the projects in its scope. */
export const ProjectQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    /** A county / district (its subtree). */
    countyUnitId: Type.Optional(IdString()),
    industryChain: Type.Optional(Type.String({ maxLength: 100 })),
    level: Type.Optional(StringEnum(PROJECT_LEVELS)),
    category: Type.Optional(StringEnum(PROJECT_CATEGORIES)),
    workTeamUnitId: Type.Optional(IdString()),
    stage: Type.Optional(Stage),
    status: Type.Optional(StringEnum(PROJECT_STATUSES)),
    /** Total investment at least this (万元), e.g. 10000 for 亿元以上. */
    minInvestment: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000_000 })),
    batchId: Type.Optional(IdString()),
    ...Paging,
  },
  { additionalProperties: false },
);
export type ProjectQuery = Static<typeof ProjectQuery>;

const MemberInput = Type.Object(
  { userId: Id, title: Type.Optional(Type.Union([Type.String({ maxLength: 50 }), Type.Null()])) },
  { additionalProperties: false },
);
const MilestoneInput = Type.Object(
  {
    stage: Type.Optional(Type.Union([Stage, Type.Null()])),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    plannedDate: CalendarDate(),
  },
  { additionalProperties: false },
);

/** The fields a project must be created with. */
const requiredFields = {
  code: Type.String({ minLength: 1, maxLength: 64 }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  countyUnitId: Id,
  level: StringEnum(PROJECT_LEVELS),
  category: StringEnum(PROJECT_CATEGORIES),
  totalInvestment: Wan('total investment, 万元 (2 decimals)'),
};

/** The fields a project may be created without. */
const optionalFields = {
  industryChain: Type.Union([Type.String({ maxLength: 100 }), Type.Null()]),
  investor: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
  landMu: NullableWan('land, 亩 (2 decimals)'),
  floorAreaM2: Type.Union([Type.Integer({ minimum: 0, maximum: 100_000_000 }), Type.Null()]),
  expectedAnnualOutput: NullableWan('expected annual output, 万元'),
  expectedAnnualTax: NullableWan('expected annual tax, 万元'),
  jobs: Type.Union([Type.Integer({ minimum: 0, maximum: 10_000_000 }), Type.Null()]),
  lon: Type.Union([Type.Number({ minimum: -180, maximum: 180 }), Type.Null()]),
  lat: Type.Union([Type.Number({ minimum: -90, maximum: 90 }), Type.Null()]),
  workTeamUnitId: Type.Union([Id, Type.Null()]),
  leaderUserId: Type.Union([Id, Type.Null()]),
  members: Type.Array(MemberInput, { maxItems: 50 }),
  milestones: Type.Array(MilestoneInput, { maxItems: 100 }),
};

/** Each schema of `fields` made optional: one list of fields serves the create body and the patch. */
function optional<T extends Record<string, TSchema>>(fields: T): { [K in keyof T]: TOptional<T[K]> } {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Type.Optional(v)])) as { [K in keyof T]: TOptional<T[K]> };
}

/** POST /api/projects: a new project of the register (stage 谋划). */
export const ProjectCreate = Type.Object({ ...requiredFields, ...optional(optionalFields) }, { additionalProperties: false });
export type ProjectCreate = Static<typeof ProjectCreate>;

/**
 * PATCH /api/projects/:id at the version read (409 when it moved): only the fields given change.
 * The project unit may change the project's data but not its code, county, work team, leader
 * or people (403 naming the field); the projects office may change all.
 */
export const ProjectPatch = Type.Object(
  { version: PositiveInt(), ...optional(requiredFields), ...optional(optionalFields) },
  { additionalProperties: false },
);
export type ProjectPatch = Static<typeof ProjectPatch>;

/** POST /api/projects/:id/terminate: 终止, with a reason. */
export const TerminateProjectBody = Type.Object(
  { version: PositiveInt(), reason: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);
export type TerminateProjectBody = Static<typeof TerminateProjectBody>;

/** POST /api/projects/:id/stages (JSON, or multipart: "command" + files "evidence"): the project unit records a stage. */
export const RecordStageBody = Type.Object(
  {
    stage: Stage,
    /** China day the stage was reached (not in the future). */
    actualDate: CalendarDate(),
    note: Type.Optional(Type.String({ maxLength: 4000 })),
    /** Required when going back or skipping a stage. */
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type RecordStageBody = Static<typeof RecordStageBody>;

/** POST /api/projects/:id/stages/:recordId/confirm. */
export const ConfirmStageBody = Type.Object({}, { additionalProperties: false });
export type ConfirmStageBody = Static<typeof ConfirmStageBody>;

/** POST /api/projects/:id/stages/:recordId/reject: sent back with a reason. */
export const RejectStageBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });
export type RejectStageBody = Static<typeof RejectStageBody>;

export const StageRecordParams = Type.Object({ id: IdString(), recordId: IdString() }, { additionalProperties: false });
export type StageRecordParams = Static<typeof StageRecordParams>;

export const StageFileParams = Type.Object({ id: IdString(), recordId: IdString(), fileId: IdString() }, { additionalProperties: false });
export type StageFileParams = Static<typeof StageFileParams>;

/** A "三个一批" batch (e.g. 西华县第五期). */
export const ProjectBatch = Type.Object({
  id: Int,
  countyUnitId: Int,
  countyName: Type.String(),
  name: Type.String(),
  /** 期数, per county. */
  seq: Int,
  eventDate: Type.String(),
  projectCount: Int,
  totalInvestment: Amount,
  createdAt: Type.String(),
});
export type ProjectBatch = Static<typeof ProjectBatch>;

export const ProjectBatchList = Type.Object({ items: Type.Array(ProjectBatch) });
export type ProjectBatchList = Static<typeof ProjectBatchList>;

export const ProjectBatchQuery = Type.Object({ countyUnitId: Type.Optional(IdString()) }, { additionalProperties: false });
export type ProjectBatchQuery = Static<typeof ProjectBatchQuery>;

/** POST /api/project-batches. */
export const CreateProjectBatchBody = Type.Object(
  {
    countyUnitId: Id,
    name: Type.String({ minLength: 1, maxLength: 100 }),
    seq: Type.Integer({ minimum: 1, maximum: 1000 }),
    eventDate: CalendarDate(),
  },
  { additionalProperties: false },
);
export type CreateProjectBatchBody = Static<typeof CreateProjectBatchBody>;

/** A confirmed stage of a project with its actual day. */
export const ProjectStageDate = Type.Object({ stage: Stage, actualDate: Type.String() });
export type ProjectStageDate = Static<typeof ProjectStageDate>;

/** A project of a batch, in its role, with its stages. */
export const ProjectBatchItem = Type.Object({
  projectId: Int,
  code: Type.String(),
  name: Type.String(),
  role: StringEnum(BATCH_ROLES),
  totalInvestment: Amount,
  currentStage: Stage,
  currentStageDate: Text,
  status: StringEnum(PROJECT_STATUSES),
  /** Confirmed stages, oldest first. */
  stages: Type.Array(ProjectStageDate),
});
export type ProjectBatchItem = Static<typeof ProjectBatchItem>;

export const ProjectBatchDetail = Type.Composite([ProjectBatch, Type.Object({ items: Type.Array(ProjectBatchItem) })]);
export type ProjectBatchDetail = Static<typeof ProjectBatchDetail>;

/** POST /api/project-batches/:id/projects. */
export const AddBatchProjectBody = Type.Object({ projectId: Id, role: StringEnum(BATCH_ROLES) }, { additionalProperties: false });
export type AddBatchProjectBody = Static<typeof AddBatchProjectBody>;

export const BatchProjectParams = Type.Object({ id: IdString(), projectId: IdString() }, { additionalProperties: false });
export type BatchProjectParams = Static<typeof BatchProjectParams>;

/** One rate, count-based and investment-weighted; null when its denominator is empty. */
export const ProjectRateValue = Type.Object({
  rate: StringEnum(PROJECT_RATES),
  count: Int,
  of: Int,
  value: Type.Union([Type.Number(), Type.Null()]),
  investment: Amount,
  investmentOf: Amount,
  investmentValue: Type.Union([Type.Number(), Type.Null()]),
});
export type ProjectRateValue = Static<typeof ProjectRateValue>;

/** The rates of a set of projects (a batch, or several periods) as of a day. */
export const ProjectRates = Type.Object({
  asOf: Type.String(),
  projects: Int,
  totalInvestment: Amount,
  rates: Type.Array(ProjectRateValue),
});
export type ProjectRates = Static<typeof ProjectRates>;

export const RatesQuery = Type.Object({ asOf: Type.Optional(CalendarDate()) }, { additionalProperties: false });
export type RatesQuery = Static<typeof RatesQuery>;

/** GET /api/project-batches/rates: periods `fromSeq`–`toSeq` of a county together ("前四期"). */
export const RangeRatesQuery = Type.Object(
  {
    countyUnitId: IdString(),
    fromSeq: Type.Integer({ minimum: 1, maximum: 1000 }),
    toSeq: Type.Integer({ minimum: 1, maximum: 1000 }),
    asOf: Type.Optional(CalendarDate()),
  },
  { additionalProperties: false },
);
export type RangeRatesQuery = Static<typeof RangeRatesQuery>;

/** POST /api/projects/import: how many projects the accepted sheet created (a refused one is a 422 listing each bad row). */
export const ProjectImportResult = Type.Object({ created: Int });
export type ProjectImportResult = Static<typeof ProjectImportResult>;
