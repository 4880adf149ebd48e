import { Type, type Static } from '@sinclair/typebox';
import { RESULT_GROUPS } from '../../shared/evaluation-enums.js';
import { CalendarDate, MAX_ID, NullableInt, NullableString, IdString } from '../../shared/contracts/common.contract.js';

const Node = Type.Object(
  {
    code: Type.String({ maxLength: 64 }),
    parentCode: Type.Optional(NullableString({ maxLength: 64 })),
    level: Type.String({ maxLength: 16 }),
    name: Type.String({ maxLength: 500 }),
    weight: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
    method: Type.Optional(NullableString({ maxLength: 16 })),
    points: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
    pointTypes: Type.Optional(Type.Union([Type.Array(Type.String({ maxLength: 64 })), Type.Null()])),
    passRule: Type.Optional(
      Type.Union([
        Type.Object({ kind: Type.String({ maxLength: 16 }), max: Type.Optional(Type.Number()) }, { additionalProperties: false }),
        Type.Null(),
      ]),
    ),
  },
  { additionalProperties: false },
);

export const FrameworkCreate = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), nodes: Type.Optional(Type.Array(Node, { maxItems: 20000 })) },
  { additionalProperties: false },
);
export type FrameworkCreate = Static<typeof FrameworkCreate>;
export const FrameworkNodesBody = Type.Object({ nodes: Type.Array(Node, { maxItems: 20000 }) }, { additionalProperties: false });
export type FrameworkNodesBody = Static<typeof FrameworkNodesBody>;
export const ChecklistParams = Type.Object({ id: IdString(), pointType: Type.String({ maxLength: 64 }) }, { additionalProperties: false });

export const CheckpointBody = Type.Object(
  {
    code: Type.String({ maxLength: 64 }),
    name: Type.String({ maxLength: 200 }),
    type: Type.String({ maxLength: 64 }),
    address: Type.Optional(NullableString({ maxLength: 300 })),
    lon: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
    lat: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
    responsibleUnitId: Type.Optional(NullableInt()),
    areaUnitId: Type.Optional(NullableInt()),
    mustCheck: Type.Optional(Type.Boolean()),
    isNew: Type.Optional(Type.Boolean()),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CheckpointBody = Static<typeof CheckpointBody>;
export const CheckpointPatch = Type.Partial(CheckpointBody, { additionalProperties: false });
export type CheckpointPatch = Static<typeof CheckpointPatch>;
export const CheckpointQuery = Type.Object(
  {
    type: Type.Optional(Type.String({ maxLength: 64 })),
    unitId: Type.Optional(IdString()),
    mustCheck: Type.Optional(Type.Boolean()),
    isNew: Type.Optional(Type.Boolean()),
    weak: Type.Optional(Type.Boolean()),
    q: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);
export type CheckpointQuery = Static<typeof CheckpointQuery>;

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

export const MyPointsQuery = Type.Object(
  { lon: Type.Optional(Type.Number()), lat: Type.Optional(Type.Number()) },
  { additionalProperties: false },
);

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

export const ResultsQuery = Type.Object(
  {
    frameworkId: IdString(),
    from: Type.String({ maxLength: 40 }),
    to: Type.String({ maxLength: 40 }),
    groupBy: Type.Union(RESULT_GROUPS.map((g) => Type.Literal(g))),
  },
  { additionalProperties: false },
);
