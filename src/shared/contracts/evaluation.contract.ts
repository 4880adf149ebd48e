/**
 * Wire shapes of /api/frameworks (测评体系): versions, their nodes and the checklists of
 * a point type. The server's FrameworkService returns these types, the routes publish
 * them and the web client (web/src/api/evaluation.ts) imports them.
 */
import { Type, type Static } from '@sinclair/typebox';
import { FRAMEWORK_STATUSES, METHODS, NODE_LEVELS } from '../evaluation-enums.js';
import { IdString, NullableString, StringEnum } from './common.contract.js';

/** A node as a client sends it: enumerations as plain text, so an unknown value is reported, not refused by type. */
export const FrameworkNodeInput = Type.Object(
  {
    code: Type.String({ maxLength: 64 }),
    parentCode: Type.Optional(NullableString({ maxLength: 64 })),
    level: Type.String({ maxLength: 16 }),
    name: Type.String({ maxLength: 500 }),
    weight: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
    method: Type.Optional(NullableString({ maxLength: 16 })),
    points: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
    pointTypes: Type.Optional(Type.Union([Type.Array(Type.String({ maxLength: 64 })), Type.Null()])),
    passRule: Type.Optional(
      Type.Union([
        Type.Object({ kind: Type.String({ maxLength: 16 }), max: Type.Optional(Type.Number()) }, { additionalProperties: false }),
        Type.Null(),
      ]),
    ),
  },
  { additionalProperties: false },
);
export type FrameworkNodeInput = Static<typeof FrameworkNodeInput>;

/** POST /api/frameworks: a new draft version, optionally with nodes. */
export const FrameworkCreate = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), nodes: Type.Optional(Type.Array(FrameworkNodeInput, { maxItems: 20000 })) },
  { additionalProperties: false },
);
export type FrameworkCreate = Static<typeof FrameworkCreate>;

/** PUT /api/frameworks/:id/nodes. */
export const FrameworkNodesBody = Type.Object(
  { nodes: Type.Array(FrameworkNodeInput, { maxItems: 20000 }) },
  { additionalProperties: false },
);
export type FrameworkNodesBody = Static<typeof FrameworkNodesBody>;

/** GET /api/frameworks/:id/checklists/:pointType. */
export const ChecklistParams = Type.Object({ id: IdString(), pointType: Type.String({ maxLength: 64 }) }, { additionalProperties: false });
export type ChecklistParams = Static<typeof ChecklistParams>;

/** How a standard is passed: 达标制 (pass / fail) or 评分制 (a score up to `max`). */
export const PassRule = Type.Union([
  Type.Object({ kind: Type.Literal('binary') }),
  Type.Object({ kind: Type.Literal('scored'), max: Type.Number() }),
]);
export type PassRule = Static<typeof PassRule>;

/** A stored node; the standard fields are present on standards, `weight` on items and indicators. */
export const FrameworkNode = Type.Object({
  code: Type.String(),
  /** Null for items. */
  parentCode: Type.Union([Type.String(), Type.Null()]),
  level: StringEnum(NODE_LEVELS),
  name: Type.String(),
  weight: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  method: Type.Optional(StringEnum(METHODS)),
  points: Type.Optional(Type.Number()),
  pointTypes: Type.Optional(Type.Array(Type.String())),
  passRule: Type.Optional(PassRule),
});
export type FrameworkNode = Static<typeof FrameworkNode>;

/** A standard with every field filled in (checklists). */
export const StandardNode = Type.Object({
  code: Type.String(),
  parentCode: Type.Union([Type.String(), Type.Null()]),
  level: Type.Literal('standard'),
  name: Type.String(),
  weight: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  method: StringEnum(METHODS),
  points: Type.Number(),
  pointTypes: Type.Array(Type.String()),
  passRule: PassRule,
});
export type StandardNode = Static<typeof StandardNode>;

/** A framework version without its nodes. */
export const FrameworkView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  version: Type.Integer(),
  status: StringEnum(FRAMEWORK_STATUSES),
  publishedAt: Type.Union([Type.String(), Type.Null()]),
  /** Stored at publication; computed for drafts. */
  digest: Type.String(),
  createdAt: Type.String(),
});
export type FrameworkView = Static<typeof FrameworkView>;

/** GET /api/frameworks. */
export const FrameworkList = Type.Object({ items: Type.Array(FrameworkView) });
export type FrameworkList = Static<typeof FrameworkList>;

/** A version with its nodes in tree order. */
export const FrameworkDetail = Type.Composite([FrameworkView, Type.Object({ nodes: Type.Array(FrameworkNode) })]);
export type FrameworkDetail = Static<typeof FrameworkDetail>;

/** GET /api/frameworks/:id/checklists/:pointType: the standards of a point type in tree order. */
export const FrameworkChecklist = Type.Object({ items: Type.Array(StandardNode) });
export type FrameworkChecklist = Static<typeof FrameworkChecklist>;
