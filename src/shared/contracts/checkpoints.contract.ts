/**
 * Wire shapes of /api/checkpoints (测评点位): the registry, computed weakness, the map
 * and the imports. CheckpointService returns these types; web/src/api/evaluation.ts
 * imports them.
 */
import { Type, type Static } from '@sinclair/typebox';
import { IdString, NullableInt, NullableString } from './common.contract.js';

/** POST /api/checkpoints: a point; units by id. */
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

/** PATCH /api/checkpoints/:id: the fields to change. */
export const CheckpointPatch = Type.Partial(CheckpointBody, { additionalProperties: false });
export type CheckpointPatch = Static<typeof CheckpointPatch>;

/** Filters of GET /api/checkpoints and /api/checkpoints/map. */
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

/** A check point. */
export const CheckpointView = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  type: Type.String(),
  address: Type.Union([Type.String(), Type.Null()]),
  lon: Type.Union([Type.Number(), Type.Null()]),
  lat: Type.Union([Type.Number(), Type.Null()]),
  responsibleUnitId: Type.Union([Type.Integer(), Type.Null()]),
  areaUnitId: Type.Union([Type.Integer(), Type.Null()]),
  mustCheck: Type.Boolean(),
  isNew: Type.Boolean(),
  active: Type.Boolean(),
  createdAt: Type.String(),
});
export type CheckpointView = Static<typeof CheckpointView>;

/** Why a point is weak: a low 得分率 over its last inspections, or repeated cases. */
export const WeaknessReason = Type.Union([
  Type.Object({ kind: Type.Literal('low_rate'), rate: Type.Number(), threshold: Type.Number(), over: Type.Integer() }),
  Type.Object({ kind: Type.Literal('repeated_cases'), count: Type.Integer(), minCases: Type.Integer(), days: Type.Number() }),
]);
export type WeaknessReason = Static<typeof WeaknessReason>;

/** A point's weakness and why. */
export const WeaknessView = Type.Object({ pointId: Type.Integer(), weak: Type.Boolean(), reasons: Type.Array(WeaknessReason) });
export type WeaknessView = Static<typeof WeaknessView>;

/** A point of the list, with its computed weakness. */
export const CheckpointListItem = Type.Composite([
  CheckpointView,
  Type.Object({ weak: Type.Boolean(), weakReasons: Type.Array(WeaknessReason) }),
]);
export type CheckpointListItem = Static<typeof CheckpointListItem>;

/** GET /api/checkpoints. */
export const CheckpointList = Type.Object({ items: Type.Array(CheckpointListItem) });
export type CheckpointList = Static<typeof CheckpointList>;

/** GET /api/checkpoints/:id (also the reply of create and edit). */
export const CheckpointDetail = Type.Composite([CheckpointView, Type.Object({ weakness: WeaknessView })]);
export type CheckpointDetail = Static<typeof CheckpointDetail>;

/** A located point on the map. */
export const CheckpointMapItem = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  type: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  mustCheck: Type.Boolean(),
  isNew: Type.Boolean(),
  weak: Type.Boolean(),
});
export type CheckpointMapItem = Static<typeof CheckpointMapItem>;

/** GET /api/checkpoints/map. */
export const CheckpointMap = Type.Object({ items: Type.Array(CheckpointMapItem) });
export type CheckpointMap = Static<typeof CheckpointMap>;

/** What an import (Excel or GeoJSON) wrote. */
export const CheckpointImportResult = Type.Object({ created: Type.Integer(), updated: Type.Integer() });
export type CheckpointImportResult = Static<typeof CheckpointImportResult>;
