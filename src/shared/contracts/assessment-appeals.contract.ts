/**
 * Wire shapes of appeals (申诉, DOMAIN.md §3.5): a unit disputes items of its published 考核
 * result with a reason and evidence files; HQ accepts (a corrected version) or rejects.
 */
import { Type, type Static } from '@sinclair/typebox';
import { APPEAL_STATUSES, EXPLANATION_LINE_KINDS, SCORE_PART_KINDS } from '../assessment-enums.js';
import { IdString, StringEnum } from './common.contract.js';
import { AssessmentPeriod, Id, Instant, NullableId, NullableInstant, NullableName } from './assessment.contract.js';

// ---------------------------------------------------------------------------------------
// Appeals (申诉, /api/assessment/appeals): a unit disputes a published result, HQ decides
// ---------------------------------------------------------------------------------------

/** One disputed item: a part of the score and, optionally, one of its lines (by kind and refId). */
export const AppealItem = Type.Object(
  {
    partKind: StringEnum(SCORE_PART_KINDS),
    lineKind: Type.Optional(Type.Union([StringEnum(EXPLANATION_LINE_KINDS), Type.Null()])),
    refId: Type.Optional(NullableId),
    /** The line's or part's label as the unit saw it (filled in by the server when omitted). */
    label: Type.Optional(Type.String({ maxLength: 300 })),
  },
  { additionalProperties: false },
);
export type AppealItem = Static<typeof AppealItem>;

/** A file attached to an appeal: its name as uploaded, type and size (bytes). */
export const AppealFile = Type.Object({
  id: Id,
  name: Type.Union([Type.String(), Type.Null()]),
  mime: Type.String(),
  size: Type.Integer({ minimum: 0 }),
});
export type AppealFile = Static<typeof AppealFile>;

/** `GET /appeals/:id/files/:fileId`. */
export const AppealFileParams = Type.Object({ id: IdString(), fileId: IdString() }, { additionalProperties: false });
export type AppealFileParams = Static<typeof AppealFileParams>;

export const AssessmentAppeal = Type.Object({
  id: Id,
  runId: Id,
  campaignId: Id,
  period: AssessmentPeriod,
  unitId: Id,
  unitName: Type.String(),
  items: Type.Array(
    Type.Object({
      partKind: StringEnum(SCORE_PART_KINDS),
      lineKind: Type.Union([StringEnum(EXPLANATION_LINE_KINDS), Type.Null()]),
      refId: NullableId,
      label: Type.String(),
    }),
  ),
  reason: Type.String(),
  /** Evidence uploaded with the appeal (images or PDF), read at `GET /appeals/:id/files/:fileId`. */
  files: Type.Array(AppealFile),
  status: StringEnum(APPEAL_STATUSES),
  createdByName: NullableName,
  createdAt: Instant,
  decidedByName: NullableName,
  decidedAt: NullableInstant,
  decisionReason: NullableName,
  /** Accepted: the approved adjustment recorded and the corrected run published. */
  adjustmentId: NullableId,
  correctedRunId: NullableId,
});
export type AssessmentAppeal = Static<typeof AssessmentAppeal>;

export const AssessmentAppealList = Type.Object({ items: Type.Array(AssessmentAppeal) });
export type AssessmentAppealList = Static<typeof AssessmentAppealList>;

export const AssessmentAppealQuery = Type.Object(
  {
    campaignId: Type.Optional(IdString()),
    runId: Type.Optional(IdString()),
    status: Type.Optional(StringEnum(APPEAL_STATUSES)),
  },
  { additionalProperties: false },
);
export type AssessmentAppealQuery = Static<typeof AssessmentAppealQuery>;

/**
 * `POST /appeals`: within N working days of publication (422 naming `runId` after the deadline).
 * JSON, or multipart with this JSON in the field `command` and the evidence as files `files`
 * (JPEG, PNG, WebP or PDF).
 */
export const AssessmentAppealCreate = Type.Object(
  {
    runId: Id,
    unitId: Id,
    items: Type.Array(AppealItem, { minItems: 1, maxItems: 50 }),
    reason: Type.String({ minLength: 1, maxLength: 2000 }),
  },
  { additionalProperties: false },
);
export type AssessmentAppealCreate = Static<typeof AssessmentAppealCreate>;

/**
 * `POST /appeals/:id/accept`: HQ records an approved adjustment of `points` for the unit
 * (linked to the appeal), recomputes and publishes a corrected version of the run.
 */
export const AssessmentAppealAccept = Type.Object(
  {
    points: Type.Number({ minimum: -100, maximum: 100 }),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);
export type AssessmentAppealAccept = Static<typeof AssessmentAppealAccept>;

/** `POST /appeals/:id/reject`. */
export const AssessmentAppealReject = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
export type AssessmentAppealReject = Static<typeof AssessmentAppealReject>;

/*
 * The routes of results, adjustments and appeals (all under /api/assessment; the typed client
 * in web/src/api/ names them):
 * GET runs (assessment.results) · GET runs/latest · GET runs/:id · GET runs/:id/results.xlsx ·
 * POST runs (compute, assessment.manage) · POST runs/:id/publish (assessment.manage) ·
 * GET/POST adjustments (assessment.read / assessment.manage) · POST adjustments/:id/approve|reject
 * (assessment.approve) · GET appeals (assessment.results) · POST appeals (assessment.appeal) ·
 * POST appeals/:id/accept|reject (assessment.manage).
 */
