/**
 * Wire shapes of the people directory (GET/POST/PATCH /api/users…): UserService returns
 * these types, the routes declare them, the web imports them with `import type`.
 */
import { Type, type Static } from '@sinclair/typebox';
import { IdString, MAX_ID, NullableInt, NullableString, Paging, RoleEnum } from './common.contract.js';

/** A role held at a unit (and below it). */
export const RoleGrant = Type.Object({
  role: RoleEnum,
  unitId: Type.Integer(),
  unitCode: Type.String(),
  unitName: Type.String(),
});
export type RoleGrant = Static<typeof RoleGrant>;

export const RoleGrantInput = Type.Object(
  { role: RoleEnum, unitId: Type.Integer({ minimum: 1, maximum: MAX_ID }) },
  { additionalProperties: false },
);
export type RoleGrantInput = Static<typeof RoleGrantInput>;

/** A person's account; registered once (app.addSchema) and referenced as `User`. */
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
    /** A system account (the public intake's, an API key's): shown, never administered. */
    system: Type.Boolean(),
    lockedAt: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String(),
    roles: Type.Array(RoleGrant),
  },
  { $id: 'User' },
);
export type User = Static<typeof User>;

/** `User` by reference (the registered schema), typed as a User. */
export const UserRef = Type.Unsafe<User>(Type.Ref('User'));

export const UserQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    unitId: Type.Optional(IdString()),
    role: Type.Optional(RoleEnum),
    ...Paging,
  },
  { additionalProperties: false },
);
export type UserQuery = Static<typeof UserQuery>;

export const UserList = Type.Object({ items: Type.Array(UserRef), total: Type.Integer() });
export type UserList = Static<typeof UserList>;

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
export type UserCreate = Static<typeof UserCreate>;

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
export type UserPatch = Static<typeof UserPatch>;

export const RolesPut = Type.Object({ roles: Type.Array(RoleGrantInput, { maxItems: 50 }) }, { additionalProperties: false });
export type RolesPut = Static<typeof RolesPut>;

export const PasswordSet = Type.Object({ password: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false });
export type PasswordSet = Static<typeof PasswordSet>;

export const PasswordChange = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 256 }), newPassword: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);
export type PasswordChange = Static<typeof PasswordChange>;
