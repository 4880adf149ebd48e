/**
 * Wire shapes of the investment progress of major projects (issue 14 point 4): annual plans,
 * monthly reports (versions kept), the light with its reason, and late or missing reports.
 * Amounts are decimals in 万元 (2 places; stored as 万元 × 100). Rates are fractions (0.702).
 */
import { Type, type Static } from '@sinclair/typebox';
import { INVESTMENT_LIGHT_REASONS, INVESTMENT_STATUSES, REPORT_STANDINGS } from '../project-enums.js';
import { IdString, Paging, PositiveInt, StringEnum } from './common.contract.js';

const Int = Type.Integer();
const Text = Type.Union([Type.String(), Type.Null()]);
const UserRef = Type.Union([Type.Object({ id: Int, name: Type.String() }), Type.Null()]);
const Wan = (description = '万元, at most 2 decimals') => Type.Number({ minimum: 0, maximum: 100_000_000, description });
const Amount = Type.Number({ description: '万元' });
const Year = () => Type.Integer({ minimum: 2000, maximum: 2099 });
const Month = () => Type.Integer({ minimum: 1, maximum: 12 });
const Standing = StringEnum(REPORT_STANDINGS);

/** GET/PUT /api/projects/:id/plans/:year. */
export const PlanParams = Type.Object({ id: IdString(), year: Year() }, { additionalProperties: false });
export type PlanParams = Static<typeof PlanParams>;

/** PUT /api/projects/:id/plans/:year: the projects office sets the annual planned investment (the version read when changing one). */
export const SetPlanBody = Type.Object(
  {
    plan: Wan('年度计划投资, 万元, at most 2 decimals'),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    /** The plan's version read; required when the year already has a plan (409 when it moved). */
    version: Type.Optional(PositiveInt()),
  },
  { additionalProperties: false },
);
export type SetPlanBody = Static<typeof SetPlanBody>;

/** A project's annual plan. */
export const InvestmentPlan = Type.Object({
  year: Int,
  plan: Amount,
  note: Text,
  version: Int,
  setBy: UserRef,
  setAt: Type.String(),
});
export type InvestmentPlan = Static<typeof InvestmentPlan>;

/** A photo of a monthly report. */
export const ReportFile = Type.Object({ id: Int, name: Text, mime: Type.String(), createdAt: Type.String() });
export type ReportFile = Static<typeof ReportFile>;

/** POST /api/projects/:id/reports (JSON, or multipart: "command" + files "photos"): the project unit files a month. */
export const FileReportBody = Type.Object(
  {
    year: Year(),
    month: Month(),
    /** Completed in the month, 万元. */
    completed: Wan('completed this month, 万元, at most 2 decimals'),
    /** Completed since the start before this month (开工以来累计); only on the project's earliest month. */
    opening: Type.Optional(Wan('completed since the start before this month, 万元')),
    progress: Type.String({ minLength: 1, maxLength: 4000 }),
    problems: Type.Optional(Type.String({ maxLength: 4000 })),
    /** To correct a filed month: the version read (the correction becomes the next version). */
    version: Type.Optional(PositiveInt()),
    /** Why the month is corrected (required with `version`). */
    correctionReason: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type FileReportBody = Static<typeof FileReportBody>;

/** One version of a month's report. */
export const ReportVersion = Type.Object({
  id: Int,
  version: Int,
  completed: Amount,
  opening: Type.Union([Amount, Type.Null()]),
  progress: Type.String(),
  problems: Type.String(),
  correctionReason: Text,
  submittedBy: UserRef,
  submittedAt: Type.String(),
  files: Type.Array(ReportFile),
});
export type ReportVersion = Static<typeof ReportVersion>;

/** A letter about a missing report. */
export const LapseLetterRef = Type.Object({ id: Int, type: Type.String(), number: Text, status: Type.String() });
export type LapseLetterRef = Static<typeof LapseLetterRef>;

/** A month of a project: its report (latest version first among `versions`), standing and sums. */
export const ProjectMonth = Type.Object({
  year: Int,
  month: Int,
  /** Whether the month is owed (a planned year, from the month the project was registered). */
  owed: Type.Boolean(),
  dueAt: Type.String(),
  /** First filing (corrections do not move it). */
  filedAt: Text,
  standing: Standing,
  /** Completed in the month (latest version), null when not filed. */
  completed: Type.Union([Amount, Type.Null()]),
  cumulativeThisYear: Amount,
  cumulativeSinceStart: Amount,
  /** Every version, the latest first. */
  versions: Type.Array(ReportVersion),
  letters: Type.Array(LapseLetterRef),
});
export type ProjectMonth = Static<typeof ProjectMonth>;

/** GET /api/projects/:id/investment?year=: the year's progress against plan and 序时进度, and each month. */
export const ProjectInvestment = Type.Object({
  projectId: Int,
  year: Int,
  /** The China day the figures are as of (today, or 31 December of a past year). */
  asOf: Type.String(),
  plan: Type.Union([InvestmentPlan, Type.Null()]),
  completedThisYear: Amount,
  completedSinceStart: Amount,
  /** 完成率 = completed this year / annual plan; null without a plan. */
  completionRate: Type.Union([Type.Number(), Type.Null()]),
  /** 序时进度 = elapsedDays / daysInYear. */
  scheduleShare: Type.Number(),
  elapsedDays: Int,
  daysInYear: Int,
  light: Type.Union([StringEnum(INVESTMENT_STATUSES), Type.Null()]),
  reason: StringEnum(INVESTMENT_LIGHT_REASONS),
  /** The day of the next month by which a month's report is due. */
  dueDay: Int,
  /** Months of the year up to the last ended one (filed months of the year too). */
  months: Type.Array(ProjectMonth),
  /** Owed months of any year whose report is late or missing. */
  lapses: Type.Array(ProjectMonth),
  canReport: Type.Boolean(),
  canPlan: Type.Boolean(),
});
export type ProjectInvestment = Static<typeof ProjectInvestment>;

/** GET /api/projects/:id/investment. */
export const InvestmentQuery = Type.Object({ year: Type.Optional(Year()) }, { additionalProperties: false });
export type InvestmentQuery = Static<typeof InvestmentQuery>;

/** GET /api/projects/:id/reports/:reportId/files/:fileId. */
export const ReportFileParams = Type.Object({ id: IdString(), reportId: IdString(), fileId: IdString() }, { additionalProperties: false });
export type ReportFileParams = Static<typeof ReportFileParams>;

/** A late or missing month of a project, in the office's list. */
export const ReportLapse = Type.Object({
  projectId: Int,
  projectCode: Type.String(),
  projectName: Type.String(),
  countyUnitId: Int,
  countyName: Type.String(),
  year: Int,
  month: Int,
  dueAt: Type.String(),
  filedAt: Text,
  standing: Standing,
  letters: Type.Array(LapseLetterRef),
});
export type ReportLapse = Static<typeof ReportLapse>;

/** GET /api/project-reports/lapses. */
export const ReportLapseQuery = Type.Object(
  {
    countyUnitId: Type.Optional(IdString()),
    year: Type.Optional(Year()),
    /** late or missing; both when absent. */
    standing: Type.Optional(StringEnum(['late', 'missing'] as const)),
    ...Paging,
  },
  { additionalProperties: false },
);
export type ReportLapseQuery = Static<typeof ReportLapseQuery>;

export const ReportLapseList = Type.Object({ items: Type.Array(ReportLapse), total: Int });
export type ReportLapseList = Static<typeof ReportLapseList>;

/** A month the project unit still has to file (本月待报, and missing ones). */
export const ReportDue = Type.Object({
  projectId: Int,
  projectCode: Type.String(),
  projectName: Type.String(),
  year: Int,
  month: Int,
  dueAt: Type.String(),
  standing: StringEnum(['open', 'missing'] as const),
});
export type ReportDue = Static<typeof ReportDue>;

/** GET /api/project-reports/due: the caller's own projects' months not filed yet, oldest first. */
export const ReportDueList = Type.Object({ items: Type.Array(ReportDue) });
export type ReportDueList = Static<typeof ReportDueList>;
