/**
 * Wire shapes of the unit tree (GET/POST/PATCH/DELETE /api/units…). UnitService returns
 * these types, the routes declare them, the web imports them with `import type`.
 */
import { Type, type Static } from '@sinclair/typebox';
import { NullableInt, UnitKindEnum } from './common.contract.js';

/** A unit of the tree; registered once (app.addSchema) and referenced as `Unit`. */
export const Unit = Type.Object(
  {
    id: Type.Integer(),
    code: Type.String(),
    name: Type.String(),
    kind: UnitKindEnum,
    parentId: Type.Union([Type.Integer(), Type.Null()]),
    path: Type.String(),
    depth: Type.Integer(),
    leaderUserId: Type.Union([Type.Integer(), Type.Null()]),
    leaderName: Type.Union([Type.String(), Type.Null()]),
    sortOrder: Type.Integer(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { $id: 'Unit' },
);
export type Unit = Static<typeof Unit>;

/** `Unit` by reference (the registered schema), typed as a Unit. */
export const UnitRef = Type.Unsafe<Unit>(Type.Ref('Unit'));

export const UnitList = Type.Object({ items: Type.Array(UnitRef) });
export type UnitList = Static<typeof UnitList>;

export const UnitCreate = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 32 }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    kind: UnitKindEnum,
    parentId: NullableInt(),
    leaderUserId: Type.Optional(NullableInt()),
    sortOrder: Type.Optional(Type.Integer({ minimum: -1000000, maximum: 1000000 })),
  },
  { additionalProperties: false },
);
export type UnitCreate = Static<typeof UnitCreate>;

export const UnitPatch = Type.Partial(UnitCreate, { additionalProperties: false, minProperties: 1 });
export type UnitPatch = Static<typeof UnitPatch>;
