/**
 * Wire shapes of login, the session (`Me`) and API tokens (/api/auth…): AuthService
 * returns these types, the routes declare them, the web imports them with `import type`.
 */
import { Type, type Static } from '@sinclair/typebox';
import { PERMISSIONS } from '../enums.js';
import { StringEnum } from './common.contract.js';
import { RoleGrant } from './users.contract.js';

export const LoginBody = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

/** Who is logged in, what they may do, the CSRF token for writes and their landing route. */
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
export type Me = Static<typeof Me>;

/** What `logout-all` ended. */
export const LogoutAllReply = Type.Object({ sessions: Type.Integer(), tokens: Type.Integer() });
export type LogoutAllReply = Static<typeof LogoutAllReply>;

/** An API token as its owner sees it (never its secret). */
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
export type ApiToken = Static<typeof ApiToken>;

export const ApiTokenList = Type.Array(ApiToken);
export type ApiTokenList = Static<typeof ApiTokenList>;

/** Scopes are checked by the service (422 naming the scope) against the owner's permissions. */
export const TokenCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    scopes: Type.Array(StringEnum(PERMISSIONS), { maxItems: 64 }),
    expiresInDays: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);
export type TokenCreate = Static<typeof TokenCreate>;

/** A new token: the secret (shown once) and the token as listed. */
export const TokenCreated = Type.Object({ token: Type.String(), item: ApiToken });
export type TokenCreated = Static<typeof TokenCreated>;

/** What the owner may choose when creating a token. */
export const TokenOptions = Type.Object({
  scopes: Type.Array(StringEnum(PERMISSIONS)),
  defaultDays: Type.Integer(),
  maxDays: Type.Integer(),
});
export type TokenOptions = Static<typeof TokenOptions>;
