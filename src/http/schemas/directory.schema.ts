import { Type } from '@sinclair/typebox';
import { NullableInt, NullableString, Paging, RoleEnum, UnitKindEnum, MAX_ID, IdString } from '../../shared/contracts/common.contract.js';

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

export const UnitList = Type.Object({ items: Type.Array(Type.Ref('Unit')) });

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

export const UnitPatch = Type.Partial(UnitCreate, { additionalProperties: false, minProperties: 1 });

export const RoleGrant = Type.Object({
  role: RoleEnum,
  unitId: Type.Integer(),
  unitCode: Type.String(),
  unitName: Type.String(),
});

export const RoleGrantInput = Type.Object(
  { role: RoleEnum, unitId: Type.Integer({ minimum: 1, maximum: MAX_ID }) },
  { additionalProperties: false },
);

export const User = Type.Object(
  {
    id: Type.Integer(),
    username: Type.String(),
    displayName: Type.String(),
    unitId: Type.Union([Type.Integer(), Type.Null()]),
    unitName: Type.Union([Type.String(), Type.Null()]),
    phone: Type.Union([Type.String(), Type.Null()]),
    email: Type.Union([Type.String(), Type.Null()]),
    active: Type.Boolean(),
    locked: Type.Boolean(),
    lockedAt: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String(),
    roles: Type.Array(RoleGrant),
  },
  { $id: 'User' },
);

export const UserQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    unitId: Type.Optional(IdString()),
    role: Type.Optional(RoleEnum),
    ...Paging,
  },
  { additionalProperties: false },
);

export const UserList = Type.Object({ items: Type.Array(Type.Ref('User')), total: Type.Integer() });

export const UserCreate = Type.Object(
  {
    username: Type.String({ minLength: 2, maxLength: 64 }),
    displayName: Type.String({ minLength: 1, maxLength: 100 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
    unitId: Type.Optional(NullableInt()),
    phone: Type.Optional(NullableString({ maxLength: 32 })),
    email: Type.Optional(NullableString({ maxLength: 200 })),
    roles: Type.Optional(Type.Array(RoleGrantInput, { maxItems: 50 })),
  },
  { additionalProperties: false },
);

export const UserPatch = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    unitId: Type.Optional(NullableInt()),
    phone: Type.Optional(NullableString({ maxLength: 32 })),
    email: Type.Optional(NullableString({ maxLength: 200 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const RolesPut = Type.Object({ roles: Type.Array(RoleGrantInput, { maxItems: 50 }) }, { additionalProperties: false });

export const PasswordSet = Type.Object({ password: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false });

export const PasswordChange = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 256 }), newPassword: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);

export const ImportResult = Type.Object({ created: Type.Integer(), updated: Type.Integer() });
