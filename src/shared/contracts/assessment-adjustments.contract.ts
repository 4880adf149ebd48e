/**
 * Wire shapes of 加减分 (HQ's manual adjustments to a unit's 考核 score, DOMAIN.md §3.5): HQ
 * proposes with a reason, a leader approves or rejects; only approved ones count.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ADJUSTMENT_STATUSES } from '../assessment-enums.js';
import { IdString, StringEnum } from './common.contract.js';
import { AssessmentPeriod, Id, Instant, NullableId, NullableInstant, NullableName, PeriodKey } from './assessment.contract.js';

// ---------------------------------------------------------------------------------------
// Adjustments (加减分, /api/assessment/adjustments): HQ proposes, a leader decides
// ---------------------------------------------------------------------------------------

export const AssessmentAdjustment = Type.Object({
  id: Id,
  campaignId: Id,
  unitId: Id,
  unitName: Type.String(),
  period: AssessmentPeriod,
  /** Positive adds, negative deducts. */
  points: Type.Number(),
  reason: Type.String(),
  status: StringEnum(ADJUSTMENT_STATUSES),
  proposedByName: NullableName,
  proposedAt: Instant,
  decidedByName: NullableName,
  decidedAt: NullableInstant,
  decisionReason: NullableName,
  /** The appeal whose acceptance recorded this adjustment. */
  appealId: NullableId,
});
export type AssessmentAdjustment = Static<typeof AssessmentAdjustment>;

export const AssessmentAdjustmentList = Type.Object({ items: Type.Array(AssessmentAdjustment) });
export type AssessmentAdjustmentList = Static<typeof AssessmentAdjustmentList>;

export const AssessmentAdjustmentQuery = Type.Object(
  {
    campaignId: IdString(),
    periodKey: Type.Optional(PeriodKey),
    status: Type.Optional(StringEnum(ADJUSTMENT_STATUSES)),
  },
  { additionalProperties: false },
);
export type AssessmentAdjustmentQuery = Static<typeof AssessmentAdjustmentQuery>;

/** `POST /adjustments`: HQ proposes; counted in computes once a leader approves it. */
export const AssessmentAdjustmentCreate = Type.Object(
  {
    campaignId: Id,
    unitId: Id,
    periodKey: PeriodKey,
    /** −100 … 100, not 0, at most 2 decimals. */
    points: Type.Number({ minimum: -100, maximum: 100 }),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);
export type AssessmentAdjustmentCreate = Static<typeof AssessmentAdjustmentCreate>;

/** `POST /adjustments/:id/approve` (reason optional) and `/reject` (reason required: 422 naming `reason`). */
export const AssessmentDecision = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });
export type AssessmentDecision = Static<typeof AssessmentDecision>;
