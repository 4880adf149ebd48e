import { Type } from '@sinclair/typebox';
import { Paging, IdString } from '../../shared/contracts/common.contract.js';

export const AuditQuery = Type.Object(
  {
    actor: Type.Optional(Type.String({ maxLength: 64, description: 'username of the actor' })),
    actorId: Type.Optional(IdString()),
    action: Type.Optional(Type.String({ maxLength: 64, description: 'exact action, or a prefix ending in "."' })),
    targetType: Type.Optional(Type.String({ maxLength: 32 })),
    targetId: Type.Optional(Type.String({ maxLength: 64 })),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    ...Paging,
  },
  { additionalProperties: false },
);

export const AuditRecord = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  actorId: Type.Union([Type.Integer(), Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  actorRole: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  targetType: Type.Union([Type.String(), Type.Null()]),
  targetId: Type.Union([Type.String(), Type.Null()]),
  summary: Type.Unknown(),
  requestId: Type.Union([Type.String(), Type.Null()]),
  clientIp: Type.Union([Type.String(), Type.Null()]),
  hash: Type.String(),
  targetLabel: Type.Union([Type.String(), Type.Null()], {
    description: 'the target by name (unit, person, letter number…) as it is now; null when unknown or deleted',
  }),
  refs: Type.Record(Type.String(), Type.String(), {
    description: 'names of the entities the record refers to, by "kind:id" (e.g. "unit:224")',
  }),
});

export const AuditList = Type.Object({ items: Type.Array(AuditRecord), total: Type.Integer() });

const VerifyProblem = Type.Object({
  seq: Type.Integer(),
  reason: Type.String({ description: 'e.g. mac_mismatch, missing_record, truncated_after_anchor, anchor_mac_mismatch, head_mismatch' }),
  expectedSeq: Type.Optional(Type.Integer()),
  detail: Type.Optional(Type.String()),
});

export const VerifyReply = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer(),
  headSeq: Type.Integer(),
  firstBroken: Type.Union([Type.Null(), VerifyProblem]),
  problems: Type.Array(VerifyProblem),
  legacyRecords: Type.Integer(),
  keyedFrom: Type.Union([Type.Integer(), Type.Null()]),
  anchors: Type.Object({ file: Type.Union([Type.String(), Type.Null()]), count: Type.Integer(), checked: Type.Integer() }),
});
