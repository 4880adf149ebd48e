/**
 * Wire shapes of the audit log (GET /api/audit, /api/audit/verify): AuditService returns
 * these types, the routes declare them, the web imports them with `import type`.
 */
import { Type, type Static } from '@sinclair/typebox';
import { IdString, Paging } from './common.contract.js';

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
export type AuditQuery = Static<typeof AuditQuery>;

/**
 * An audit record as the API shows it: the chained content plus its hash (MAC), and the
 * names of what it refers to as they are now, with the target's name as `targetLabel`.
 */
export const AuditRecord = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  actorId: Type.Union([Type.Integer(), Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  actorRole: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  targetType: Type.Union([Type.String(), Type.Null()]),
  targetId: Type.Union([Type.String(), Type.Null()]),
  summary: Type.Unknown({ description: 'free-form: a sentence or a structured object, depending on the action' }),
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
export type AuditRecord = Static<typeof AuditRecord>;

export const AuditList = Type.Object({ items: Type.Array(AuditRecord), total: Type.Integer() });
export type AuditList = Static<typeof AuditList>;

/** One thing wrong with the log, from the chain itself or from the anchors. */
export const AuditProblem = Type.Object({
  seq: Type.Integer(),
  reason: Type.String({ description: 'e.g. mac_mismatch, missing_record, truncated_after_anchor, anchor_mac_mismatch, head_mismatch' }),
  expectedSeq: Type.Optional(Type.Integer()),
  detail: Type.Optional(Type.String()),
});
export type AuditProblem = Static<typeof AuditProblem>;

/** What verifying the keyed chain and its anchors found. */
export const AuditVerify = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer(),
  headSeq: Type.Integer(),
  /** The first problem (by seq), or null. */
  firstBroken: Type.Union([Type.Null(), AuditProblem]),
  problems: Type.Array(AuditProblem),
  /** Records still on the legacy unkeyed chain, and where the keyed chain starts (null: not yet). */
  legacyRecords: Type.Integer(),
  keyedFrom: Type.Union([Type.Integer(), Type.Null()]),
  /** Anchors compared with the log; file null when anchoring is off. */
  anchors: Type.Object({ file: Type.Union([Type.String(), Type.Null()]), count: Type.Integer(), checked: Type.Integer() }),
});
export type AuditVerify = Static<typeof AuditVerify>;
