/**
 * Wire shapes of /api/inspections: plans, the inspector's day (today's route and the
 * checklists the phone caches for offline use) and offline-safe submissions.
 * InspectionService returns these types; web/src/api/inspections.ts imports them.
 */
import { Type, type Static } from '@sinclair/typebox';
import { PLAN_REASONS } from '../evaluation-enums.js';
import { CalendarDate, MAX_ID, NullableInt, NullableString, StringEnum } from './common.contract.js';
import { CheckpointView } from './checkpoints.contract.js';
import { StandardNode } from './evaluation.contract.js';

/** POST /api/inspections/plans. `seed` 0..2^32−1 is drawn at random when absent and shown on the plan. */
export const PlanBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    periodFrom: CalendarDate(),
    periodTo: CalendarDate(),
    unitId: Type.Optional(NullableInt()),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 4294967295 })),
    targetCount: Type.Integer({ minimum: 0, maximum: 100000 }),
    frameworkId: Type.Integer({ minimum: 1, maximum: MAX_ID }),
    inspectorIds: Type.Array(Type.Integer({ minimum: 1, maximum: MAX_ID }), { minItems: 1, maxItems: 500 }),
  },
  { additionalProperties: false },
);
export type PlanBody = Static<typeof PlanBody>;

/** GET /api/inspections/mine: where the inspector stands, for nearest-first order. */
export const MyPointsQuery = Type.Object(
  { lon: Type.Optional(Type.Number()), lat: Type.Optional(Type.Number()) },
  { additionalProperties: false },
);
export type MyPointsQuery = Static<typeof MyPointsQuery>;

/**
 * POST /api/inspections: one recorded inspection (JSON, or the multipart field `command`
 * with photos in `photos_<standardCode>`). The phone queues it offline under its
 * idempotency key and re-sends it until the server acknowledges it.
 */
export const SubmitBody = Type.Object(
  {
    idempotencyKey: Type.String({ maxLength: 64 }),
    pointId: Type.Integer({ minimum: 1, maximum: MAX_ID }),
    recordedAt: Type.String({ maxLength: 40 }),
    position: Type.Optional(
      Type.Union([
        Type.Object(
          { lon: Type.Number(), lat: Type.Number(), accuracy: Type.Optional(Type.Union([Type.Number(), Type.Null()])) },
          { additionalProperties: false },
        ),
        Type.Null(),
      ]),
    ),
    note: Type.Optional(NullableString({ maxLength: 2000 })),
    answers: Type.Array(
      Type.Object(
        {
          standardCode: Type.String({ maxLength: 64 }),
          answer: Type.String({ maxLength: 8 }),
          score: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
          note: Type.Optional(NullableString({ maxLength: 2000 })),
        },
        { additionalProperties: false },
      ),
      { maxItems: 500 },
    ),
  },
  { additionalProperties: false },
);
export type SubmitBody = Static<typeof SubmitBody>;

/** A plan without its points. */
export const PlanHead = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  periodFrom: Type.String(),
  periodTo: Type.String(),
  unitId: Type.Union([Type.Integer(), Type.Null()]),
  seed: Type.Integer(),
  targetCount: Type.Integer(),
  frameworkId: Type.Integer(),
  createdAt: Type.String(),
});
export type PlanHead = Static<typeof PlanHead>;

/** GET /api/inspections/plans. */
export const PlanList = Type.Object({ items: Type.Array(PlanHead) });
export type PlanList = Static<typeof PlanList>;

/** A point of a plan: why it was chosen and who inspects it. */
export const PlanPoint = Type.Object({
  checkpointId: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  type: Type.String(),
  reasons: Type.Array(StringEnum(PLAN_REASONS)),
  inspectorId: Type.Union([Type.Integer(), Type.Null()]),
});
export type PlanPoint = Static<typeof PlanPoint>;

/** GET /api/inspections/plans/:id (also the reply of create). */
export const PlanView = Type.Composite([PlanHead, Type.Object({ points: Type.Array(PlanPoint) })]);
export type PlanView = Static<typeof PlanView>;

/** Where today's list sits in the plan: the plan is split into walkable day routes. */
export const TodayRouteSummary = Type.Object({
  /** The China day the list is for (YYYY-MM-DD). */
  day: Type.String(),
  /** 1-based day of the plan period (of the newest plan when several run); null when no plan runs. */
  dayNumber: Type.Union([Type.Integer(), Type.Null()]),
  /** Days in the plan period. */
  periodDays: Type.Integer(),
  /** Day routes the inspector's share was split into (≤ periodDays unless points are unscheduled). */
  routeDays: Type.Integer(),
  /** All points assigned to the inspector for the period. */
  planPoints: Type.Integer(),
  /** The campaign's limit per day route. */
  maxPointsPerDay: Type.Integer(),
  /** Points of routes beyond the last day of the period (more points than the period can hold). */
  unscheduled: Type.Integer(),
  /** A spare day after the routes: today's list is what is not yet inspected (at most the limit). */
  catchUp: Type.Boolean(),
});
export type TodayRouteSummary = Static<typeof TodayRouteSummary>;

/** One point of today's route. */
export const MyPointItem = Type.Object({
  point: CheckpointView,
  planId: Type.Integer(),
  frameworkId: Type.Integer(),
  reasons: Type.Array(StringEnum(PLAN_REASONS)),
  distanceM: Type.Union([Type.Number(), Type.Null()]),
  /** Inspected today by this inspector (recorded today, China time, and received by the server). */
  done: Type.Boolean(),
});
export type MyPointItem = Static<typeof MyPointItem>;

/** GET /api/inspections/mine: today's route and where it sits in the plan. */
export const TodayRoute = Type.Object({ items: Type.Array(MyPointItem), route: TodayRouteSummary });
export type TodayRoute = Static<typeof TodayRoute>;

/** GET /api/inspections/mine/:id/checklist: the standards of the point's type in the plan's pinned framework. */
export const PointChecklist = Type.Object({ pointId: Type.Integer(), frameworkId: Type.Integer(), standards: Type.Array(StandardNode) });
export type PointChecklist = Static<typeof PointChecklist>;

/** One answer of a recorded inspection, with its score and the case a failure raised. */
export const InspectionAnswerView = Type.Object({
  standardCode: Type.String(),
  answer: Type.String(),
  score: Type.Union([Type.Number(), Type.Null()]),
  earned: Type.Number(),
  possible: Type.Number(),
  note: Type.Union([Type.String(), Type.Null()]),
  caseId: Type.Union([Type.Integer(), Type.Null()]),
});
export type InspectionAnswerView = Static<typeof InspectionAnswerView>;

/** POST /api/inspections (201 new, 200 replay) and GET /api/inspections/:id. */
export const InspectionView = Type.Object({
  id: Type.Integer(),
  idempotencyKey: Type.String(),
  planId: Type.Integer(),
  pointId: Type.Integer(),
  inspectorId: Type.Integer(),
  frameworkId: Type.Integer(),
  startedAt: Type.String(),
  submittedAt: Type.String(),
  earned: Type.Number(),
  possible: Type.Number(),
  rate: Type.Union([Type.Number(), Type.Null()]),
  positionFlagged: Type.Boolean(),
  distanceM: Type.Union([Type.Number(), Type.Null()]),
  answers: Type.Array(InspectionAnswerView),
});
export type InspectionView = Static<typeof InspectionView>;
