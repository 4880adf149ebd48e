/**
 * Wire shapes of the assessment (考核奖惩, DOMAIN.md §3.5): the versioned model HQ edits per
 * campaign and the scored results the services return. The meaning of every field and the
 * formulas are in src/domain/assessment (model-check.ts, scoring.ts, lists.ts); rates on
 * the wire are fractions 0–1, thresholds typed by HQ are percentages 0–100.
 */
import { Type, type Static } from '@sinclair/typebox';
import {
  EXPLANATION_LINE_KINDS,
  LIST_KINDS,
  MODEL_PROBLEM_CODES,
  MODEL_STATUSES,
  PERIOD_KINDS,
  RANK_MOVES,
  RUN_STATUSES,
  SCORE_PART_KINDS,
} from '../assessment-enums.js';
import { IdString, MAX_ID, ProblemSchema, StringEnum, UnitKindEnum } from './common.contract.js';

/** Ids of this module's records (shared with the adjustment and appeal contracts). */
export const Id = Type.Integer({ minimum: 1, maximum: MAX_ID });

// ---------------------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------------------

/** Which units a group ranks together: every unit of the kinds listed, plus the units listed by id. */
export const GroupMembers = Type.Object({
  unitKinds: Type.Array(UnitKindEnum),
  unitIds: Type.Array(Id),
});
export type GroupMembers = Static<typeof GroupMembers>;

/** 测评得分率: the mean 得分率 of the inspections at the check points the unit is responsible for. */
export const EvaluationComponent = Type.Object({ kind: Type.Literal('evaluation'), weight: Type.Number() });
export type EvaluationComponent = Static<typeof EvaluationComponent>;

/**
 * 案件处置: 按期处置率, 结案率 and (1 − 返工率), weighted by the sub-weights (summing to 100).
 * Open cases that are overdue at the end of the period count, and count as not handled on time.
 */
export const CasesComponent = Type.Object({
  kind: Type.Literal('cases'),
  weight: Type.Number(),
  onTimeWeight: Type.Number(),
  closureWeight: Type.Number(),
  reworkWeight: Type.Number(),
});
export type CasesComponent = Static<typeof CasesComponent>;

/**
 * Deductions per letter received, by rung key (e.g. `{ reminder: 1, supervision: 3,
 * accountability: 10 }`), plus `unansweredDeduction` for each letter still unanswered past
 * its reply date at the end of the period; the total deduction is at most `cap` points.
 */
export const LettersComponent = Type.Object({
  kind: Type.Literal('letters'),
  deductions: Type.Record(Type.String(), Type.Number()),
  unansweredDeduction: Type.Number(),
  cap: Type.Number(),
});
export type LettersComponent = Static<typeof LettersComponent>;

/** 按期结案 bonus: `pointsPerPercent` per percentage point of 按期结案率 above `thresholdPercent`, at most `cap`. */
export const BonusComponent = Type.Object({
  kind: Type.Literal('bonus'),
  thresholdPercent: Type.Number(),
  pointsPerPercent: Type.Number(),
  cap: Type.Number(),
});
export type BonusComponent = Static<typeof BonusComponent>;

/**
 * 群众满意率 from the reporters' 回访 ratings of the unit's cases in the period:
 * (满意 + basicallySatisfiedCredit × 基本满意) / rated. A credit of 1 counts 基本满意 fully
 * (Dudao's published 满意率); 0.9 is the 12345-style weighting of DESIGN.md §3.3.
 */
export const SatisfactionComponent = Type.Object({
  kind: Type.Literal('satisfaction'),
  weight: Type.Number(),
  basicallySatisfiedCredit: Type.Number(),
});
export type SatisfactionComponent = Static<typeof SatisfactionComponent>;

export const AssessmentComponent = Type.Union([
  EvaluationComponent,
  CasesComponent,
  SatisfactionComponent,
  LettersComponent,
  BonusComponent,
]);
export type AssessmentComponent = Static<typeof AssessmentComponent>;

/** 红黑榜 rule: the best `red` and worst `black` ranks, or everyone at least `redMin` / below `blackBelow`. */
export const ListRule = Type.Union([
  Type.Object({ kind: Type.Literal('rank'), red: Type.Integer(), black: Type.Integer() }),
  Type.Object({ kind: Type.Literal('threshold'), redMin: Type.Number(), blackBelow: Type.Number() }),
]);
export type ListRule = Static<typeof ListRule>;

/** One group of units ranked together (e.g. 中心城区各区, 县市区, 市直部门, 工作专班). */
export const AssessmentGroup = Type.Object({
  key: Type.String({ maxLength: 40 }),
  name: Type.String({ maxLength: 100 }),
  members: GroupMembers,
  components: Type.Array(AssessmentComponent),
  /** The total is kept within [floor, cap] after the manual adjustments. */
  total: Type.Object({ floor: Type.Number(), cap: Type.Number() }),
  lists: ListRule,
});
export type AssessmentGroup = Static<typeof AssessmentGroup>;

/** A campaign's assessment model; every saved change is a new version. */
export const AssessmentModel = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  name: Type.String({ maxLength: 100 }),
  groups: Type.Array(AssessmentGroup),
});
export type AssessmentModel = Static<typeof AssessmentModel>;

// ---------------------------------------------------------------------------------------
// Periods and results
// ---------------------------------------------------------------------------------------

/** An assessment period: `[start, end)` as UTC instants of China midnights. */
export const AssessmentPeriod = Type.Object({
  kind: StringEnum(PERIOD_KINDS),
  /** `2026-W49`, `2026-12`, `2026-Q4`, `2026`. */
  key: Type.String(),
  /** `2026年第49周`, `2026年12月`, `2026年第4季度`, `2026年`. */
  label: Type.String(),
  start: Type.String(),
  end: Type.String(),
});
export type AssessmentPeriod = Static<typeof AssessmentPeriod>;

/** One line of an explanation: a case, an inspection, a letter, an adjustment, a cap… and its points. */
export const ExplanationLine = Type.Object({
  kind: StringEnum(EXPLANATION_LINE_KINDS),
  /** The case, inspection, letter or adjustment id; null for rates, caps and notes. */
  refId: Type.Union([Type.Integer(), Type.Null()]),
  label: Type.String(),
  /** Contribution in points (2 decimals); the lines of a part add up to the part. */
  points: Type.Number(),
});
export type ExplanationLine = Static<typeof ExplanationLine>;

/** One part of a score: a component, the manual adjustments, or the total's cap / floor. */
export const ScorePart = Type.Object({
  kind: StringEnum(SCORE_PART_KINDS),
  /** The configured weight (weighted components), else null. */
  weight: Type.Union([Type.Number(), Type.Null()]),
  /** The weight applied after sharing out the weight of components with no figure. */
  effectiveWeight: Type.Union([Type.Number(), Type.Null()]),
  /** The component's rate 0–1 (weighted components, bonus), null when there is no figure or none applies. */
  rate: Type.Union([Type.Number(), Type.Null()]),
  points: Type.Number(),
  lines: Type.Array(ExplanationLine),
});
export type ScorePart = Static<typeof ScorePart>;

/** A unit's result in its group for one period. `score` and `rank` are null when the unit has no figure at all. */
export const UnitScore = Type.Object({
  unitId: Id,
  score: Type.Union([Type.Number(), Type.Null()]),
  rank: Type.Union([Type.Integer(), Type.Null()]),
  parts: Type.Array(ScorePart),
});
export type UnitScore = Static<typeof UnitScore>;

/** A unit's move against the previous period's rank. */
export const RankChange = Type.Object({
  unitId: Id,
  move: StringEnum(RANK_MOVES),
  /** Places gained (positive) or lost (negative); null for new or unranked units. */
  places: Type.Union([Type.Integer(), Type.Null()]),
  previousRank: Type.Union([Type.Integer(), Type.Null()]),
});
export type RankChange = Static<typeof RankChange>;

/** A unit on a red or black list. */
export const ListEntry = Type.Object({ unitId: Id, list: StringEnum(LIST_KINDS), rank: Type.Integer(), score: Type.Number() });
export type ListEntry = Static<typeof ListEntry>;

// ---------------------------------------------------------------------------------------
// Stored model versions (/api/assessment/models)
// ---------------------------------------------------------------------------------------

/**
 * A stored version of a campaign's model. Drafts are edited (each save bumps `revision`),
 * published versions are frozen; the campaign's latest published version is in force.
 */
export const AssessmentModelVersion = Type.Object({
  id: Id,
  campaignId: Id,
  /** 1, 2, 3 … within the campaign; equals `model.version`. */
  version: Type.Integer({ minimum: 1 }),
  status: StringEnum(MODEL_STATUSES),
  /** Saved edits of the draft; send it back with the next edit (a stale one gets 409). */
  revision: Type.Integer({ minimum: 1 }),
  model: AssessmentModel,
  createdByName: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.Union([Type.String(), Type.Null()]),
  publishedByName: Type.Union([Type.String(), Type.Null()]),
  publishedAt: Type.Union([Type.String(), Type.Null()]),
});
export type AssessmentModelVersion = Static<typeof AssessmentModelVersion>;

export const AssessmentModelList = Type.Object({ items: Type.Array(AssessmentModelVersion) });
export type AssessmentModelList = Static<typeof AssessmentModelList>;

/** `?campaignId=`: the campaign whose versions (or model in force) are asked for. */
export const AssessmentModelQuery = Type.Object({ campaignId: IdString() }, { additionalProperties: false });
export type AssessmentModelQuery = Static<typeof AssessmentModelQuery>;

/** One problem of a model the server refused (see ProblemSchema). */
export const AssessmentProblem = ProblemSchema(MODEL_PROBLEM_CODES, {
  field: 'path in the model, e.g. groups[1].components; empty for the whole model',
  codes: 'MODEL_PROBLEM_CODES in src/shared/assessment-enums.ts',
  paramsExample: '{"sum": 110} for weights_sum',
});
export type AssessmentProblem = Static<typeof AssessmentProblem>;

/**
 * The model as HQ types it. Checked whole by the service (checkAssessmentModel: 422 naming
 * the first field, every problem in `details.problems`, each an AssessmentProblem), hence
 * not described here; its `version` is the server's to assign and is overwritten.
 */
const ModelInput = Type.Unknown({ description: 'An AssessmentModel (version is assigned by the server)' });

/** Creates a draft version of a campaign's model. */
export const AssessmentModelCreate = Type.Object({ campaignId: Id, model: ModelInput }, { additionalProperties: false });
export type AssessmentModelCreate = Static<typeof AssessmentModelCreate>;

/** Replaces the model of a draft; `revision` is the one last read (409 when someone saved since). */
export const AssessmentModelUpdate = Type.Object(
  { revision: Type.Integer({ minimum: 1, maximum: MAX_ID }), model: ModelInput },
  { additionalProperties: false },
);
export type AssessmentModelUpdate = Static<typeof AssessmentModelUpdate>;

// ---------------------------------------------------------------------------------------
// Results runs (/api/assessment/runs): computed as drafts, published frozen, corrected
// ---------------------------------------------------------------------------------------

export const Instant = Type.String({ description: 'UTC ISO instant' });
export const NullableInstant = Type.Union([Instant, Type.Null()]);
export const NullableName = Type.Union([Type.String(), Type.Null()]);
export const NullableId = Type.Union([Id, Type.Null()]);
/** A period key: `2026-W49`, `2026-12`, `2026-Q4` or `2026` (checked by the service: 422 naming `periodKey`). */
export const PeriodKey = Type.String({ minLength: 4, maxLength: 8 });

/**
 * One unit's line in a group of a run. `parts` is the explanation (components → lines whose
 * points add up to the score); it is empty when the reader may not see this unit's
 * explanation (a unit sees its own only), which `explained` says.
 */
export const AssessmentRunItem = Type.Object({
  unitId: Id,
  unitName: Type.String(),
  score: Type.Union([Type.Number(), Type.Null()]),
  rank: Type.Union([Type.Integer(), Type.Null()]),
  change: RankChange,
  /** The 红黑榜 the unit is on in this run, if any. */
  list: Type.Union([StringEnum(LIST_KINDS), Type.Null()]),
  explained: Type.Boolean(),
  parts: Type.Array(ScorePart),
});
export type AssessmentRunItem = Static<typeof AssessmentRunItem>;

/** A unit on a group's red or black list, with its name. */
export const AssessmentListEntry = Type.Object({
  unitId: Id,
  unitName: Type.String(),
  list: StringEnum(LIST_KINDS),
  rank: Type.Integer(),
  score: Type.Number(),
});
export type AssessmentListEntry = Static<typeof AssessmentListEntry>;

/** A group's results in a run: every member best first, and its 红黑榜 (red best first, black worst first). */
export const AssessmentRunGroup = Type.Object({
  key: Type.String(),
  name: Type.String(),
  items: Type.Array(AssessmentRunItem),
  lists: Type.Array(AssessmentListEntry),
});
export type AssessmentRunGroup = Static<typeof AssessmentRunGroup>;

/** What a list of runs shows of each. */
export const AssessmentRunSummary = Type.Object({
  id: Id,
  campaignId: Id,
  campaignName: Type.String(),
  /** The model version (row id and number) the run was computed with. */
  modelId: Id,
  modelVersion: Type.Integer({ minimum: 1 }),
  modelName: Type.String(),
  period: AssessmentPeriod,
  /** 1, 2 … per campaign and period; a version above 1 corrects the one before (after an appeal). */
  version: Type.Integer({ minimum: 1 }),
  status: StringEnum(RUN_STATUSES),
  unitCount: Type.Integer({ minimum: 0 }),
  /** sha256 of the frozen snapshot (published and superseded runs), null for drafts. */
  hash: Type.Union([Type.String(), Type.Null()]),
  computedByName: NullableName,
  computedAt: Instant,
  publishedByName: NullableName,
  publishedAt: NullableInstant,
  /** The run this one corrects, and why (the appeal's decision). */
  correctsRunId: NullableId,
  correctionReason: NullableName,
  /** The corrected version that replaced this one (superseded runs). */
  supersededByRunId: NullableId,
  /** Last instant a unit may appeal (end of the N-th working day after publication); null for drafts. */
  appealDeadline: NullableInstant,
});
export type AssessmentRunSummary = Static<typeof AssessmentRunSummary>;

/** A run with its groups (GET /runs/:id, /runs/latest). */
export const AssessmentRun = Type.Composite([AssessmentRunSummary, Type.Object({ groups: Type.Array(AssessmentRunGroup) })]);
export type AssessmentRun = Static<typeof AssessmentRun>;

export const AssessmentRunList = Type.Object({ items: Type.Array(AssessmentRunSummary) });
export type AssessmentRunList = Static<typeof AssessmentRunList>;

/** `GET /runs?campaignId&periodKind&periodKey&status`: newest period first, then newest version. */
export const AssessmentRunQuery = Type.Object(
  {
    campaignId: IdString(),
    periodKind: Type.Optional(StringEnum(PERIOD_KINDS)),
    periodKey: Type.Optional(PeriodKey),
    status: Type.Optional(StringEnum(RUN_STATUSES)),
  },
  { additionalProperties: false },
);
export type AssessmentRunQuery = Static<typeof AssessmentRunQuery>;

/** `GET /runs/latest?campaignId&periodKind`: the latest published run (cockpit card, briefing); 404 when none. */
export const AssessmentRunLatestQuery = Type.Object(
  { campaignId: IdString(), periodKind: StringEnum(PERIOD_KINDS) },
  { additionalProperties: false },
);
export type AssessmentRunLatestQuery = Static<typeof AssessmentRunLatestQuery>;

/**
 * `POST /runs`: compute a period's results as a draft with the campaign's model in force
 * (422 when none is published); an existing draft of the same campaign and period is replaced.
 */
export const AssessmentRunCompute = Type.Object({ campaignId: Id, periodKey: PeriodKey }, { additionalProperties: false });
export type AssessmentRunCompute = Static<typeof AssessmentRunCompute>;

/** `POST /runs/:id/publish` takes no body: the draft is frozen as it was reviewed. */
