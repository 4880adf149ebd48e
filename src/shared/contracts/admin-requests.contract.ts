/**
 * Wire shapes of admin requests (三员分立): a change to an administrator account, or one
 * that makes an account an administrator, waiting for a second administrator. The kinds,
 * statuses and their labels are plain values in src/shared/admin-requests.ts.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ADMIN_CHANGE_KINDS, ADMIN_REQUEST_STATUSES } from '../admin-requests.js';
import { NullableString, Paging, RoleEnum, StringEnum } from './common.contract.js';

/** A person named in a request. */
export const AdminRequestPerson = Type.Object({ id: Type.Integer(), username: Type.String(), displayName: Type.String() });
export type AdminRequestPerson = Static<typeof AdminRequestPerson>;

/** What the request would change, as shown to people (never a password or its hash). */
export const AdminRequestDetails = Type.Object({
  username: Type.Optional(Type.String()),
  displayName: Type.Optional(Type.String()),
  roles: Type.Optional(Type.Array(Type.Object({ role: RoleEnum, unitId: Type.Integer() }))),
  changes: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
export type AdminRequestDetails = Static<typeof AdminRequestDetails>;

/** A change waiting for (or decided by) a second administrator; registered once as `AdminRequest`. */
export const AdminRequest = Type.Object(
  {
    id: Type.Integer(),
    kind: StringEnum(ADMIN_CHANGE_KINDS),
    status: StringEnum(ADMIN_REQUEST_STATUSES),
    /** Null when the request creates the account. */
    target: Type.Union([AdminRequestPerson, Type.Null()]),
    details: AdminRequestDetails,
    requestedBy: AdminRequestPerson,
    decidedBy: Type.Union([AdminRequestPerson, Type.Null()]),
    decidedAt: NullableString(),
    expiresAt: Type.String(),
    createdAt: Type.String(),
  },
  { $id: 'AdminRequest', description: 'Answered with 202 when a change needs a second administrator' },
);
export type AdminRequest = Static<typeof AdminRequest>;

/** `AdminRequest` by reference (the registered schema), typed as an AdminRequest. */
export const AdminRequestRef = Type.Unsafe<AdminRequest>(Type.Ref('AdminRequest'));

export const AdminRequestList = Type.Object({ items: Type.Array(AdminRequestRef), total: Type.Integer() });
export type AdminRequestList = Static<typeof AdminRequestList>;

export const AdminRequestQuery = Type.Object(
  { status: Type.Optional(StringEnum(ADMIN_REQUEST_STATUSES)), ...Paging },
  { additionalProperties: false },
);
export type AdminRequestQuery = Static<typeof AdminRequestQuery>;
