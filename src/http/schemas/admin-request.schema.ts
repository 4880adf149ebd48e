import { Type } from '@sinclair/typebox';
import { ADMIN_CHANGE_KINDS, ADMIN_REQUEST_STATUSES } from '../../shared/admin-requests.js';
import { NullableString, Paging, RoleEnum, StringEnum } from '../../shared/contracts/common.contract.js';

const Person = Type.Object({ id: Type.Integer(), username: Type.String(), displayName: Type.String() });

/** A change waiting for (or decided by) a second administrator (三员分立). */
export const AdminRequest = Type.Object(
  {
    id: Type.Integer(),
    kind: StringEnum(ADMIN_CHANGE_KINDS),
    status: StringEnum(ADMIN_REQUEST_STATUSES),
    target: Type.Union([Person, Type.Null()]),
    details: Type.Object({
      username: Type.Optional(Type.String()),
      displayName: Type.Optional(Type.String()),
      roles: Type.Optional(Type.Array(Type.Object({ role: RoleEnum, unitId: Type.Integer() }))),
      changes: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    }),
    requestedBy: Person,
    decidedBy: Type.Union([Person, Type.Null()]),
    decidedAt: NullableString(),
    expiresAt: Type.String(),
    createdAt: Type.String(),
  },
  { $id: 'AdminRequest', description: 'Answered with 202 when a change needs a second administrator' },
);

export const AdminRequestList = Type.Object({ items: Type.Array(Type.Ref('AdminRequest')), total: Type.Integer() });

export const AdminRequestQuery = Type.Object(
  { status: Type.Optional(StringEnum(ADMIN_REQUEST_STATUSES)), ...Paging },
  { additionalProperties: false },
);
