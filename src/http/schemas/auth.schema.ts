import { Type } from '@sinclair/typebox';
import { PERMISSIONS } from '../../shared/enums.js';
import { RoleGrant } from './directory.schema.js';
import { StringEnum } from '../../shared/contracts/common.contract.js';

export const LoginBody = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);

export const Me = Type.Object({
  user: Type.Object({
    id: Type.Integer(),
    username: Type.String(),
    displayName: Type.String(),
    unitId: Type.Union([Type.Integer(), Type.Null()]),
    unitName: Type.Union([Type.String(), Type.Null()]),
  }),
  roles: Type.Array(RoleGrant),
  permissions: Type.Array(StringEnum(PERMISSIONS)),
  csrfToken: Type.String(),
  home: Type.String(),
});

export const ApiToken = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  prefix: Type.String(),
  scopes: Type.Array(StringEnum(PERMISSIONS)),
  createdAt: Type.String(),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
  status: StringEnum(['active', 'expired', 'revoked'] as const),
});

/** Scopes are checked by the service (422 naming the scope) against the owner's permissions. */
export const TokenCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    scopes: Type.Array(StringEnum(PERMISSIONS), { maxItems: 64 }),
    expiresInDays: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);

export const TokenOptions = Type.Object({
  scopes: Type.Array(StringEnum(PERMISSIONS)),
  defaultDays: Type.Integer(),
  maxDays: Type.Integer(),
});
