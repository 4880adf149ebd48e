/**
 * Wire shapes of /api/sanctions (奖惩记录, issue 13 point 5). SanctionService returns these
 * types and web/src/api/sanctions.ts imports them.
 */
import { Type, type Static } from '@sinclair/typebox';
import { LIST_KINDS, PERIOD_KINDS } from '../assessment-enums.js';
import { SANCTION_KINDS } from '../sanction-enums.js';
import { CalendarDate, IdString, PositiveInt, StringEnum } from './common.contract.js';

const Id = PositiveInt();
const NullableString = Type.Union([Type.String(), Type.Null()]);

/** A letter a decision rests on, as the record shows it. */
export const SanctionLetter = Type.Object({
  id: Id,
  number: NullableString,
  type: Type.String(),
  title: Type.String(),
  issuedAt: NullableString,
});
export type SanctionLetter = Static<typeof SanctionLetter>;

/** One 奖惩 record. */
export const Sanction = Type.Object({
  id: Id,
  campaignId: Id,
  campaignName: Type.String(),
  unitId: Id,
  unitName: Type.String(),
  period: Type.Object({ kind: StringEnum(PERIOD_KINDS), key: Type.String(), label: Type.String() }),
  kind: StringEnum(SANCTION_KINDS),
  summary: Type.String(),
  /** The day the decision was taken (China day). */
  decidedOn: Type.String(),
  /** 文号 of the decision document, when there is one. */
  documentNumber: NullableString,
  letters: Type.Array(SanctionLetter),
  /** The 红黑榜 entry it follows: the unit's list in the published results of the period. */
  list: Type.Union([StringEnum(LIST_KINDS), Type.Null()]),
  /** The published results run the list entry was checked against. */
  listRunId: Type.Union([Id, Type.Null()]),
  createdByName: NullableString,
  createdAt: Type.String(),
});
export type Sanction = Static<typeof Sanction>;

export const SanctionList = Type.Object({ items: Type.Array(Sanction) });
export type SanctionList = Static<typeof SanctionList>;

/** `GET /api/sanctions`: newest decision first; a unit's readers see their own units' only. */
export const SanctionQuery = Type.Object(
  {
    unitId: Type.Optional(IdString()),
    campaignId: Type.Optional(IdString()),
    /** A period key: 2026-W49, 2026-12, 2026-Q4 or 2026. */
    periodKey: Type.Optional(Type.String({ minLength: 4, maxLength: 8 })),
    kind: Type.Optional(StringEnum(SANCTION_KINDS)),
  },
  { additionalProperties: false },
);
export type SanctionQuery = Static<typeof SanctionQuery>;

/** `POST /api/sanctions`: HQ records a decision (422 naming the field when a link does not hold). */
export const SanctionCreate = Type.Object(
  {
    campaignId: Id,
    unitId: Id,
    /** The period the decision is about (its kind follows from the key). */
    periodKey: Type.String({ minLength: 4, maxLength: 8 }),
    kind: StringEnum(SANCTION_KINDS),
    summary: Type.String({ minLength: 1, maxLength: 2000 }),
    decidedOn: CalendarDate(),
    documentNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    /** Issued letters addressed to the unit that justified the decision. */
    letterIds: Type.Optional(Type.Array(Id, { maxItems: 20 })),
    /** The unit's 红黑榜 entry in the published results of the period. */
    list: Type.Optional(StringEnum(LIST_KINDS)),
  },
  { additionalProperties: false },
);
export type SanctionCreate = Static<typeof SanctionCreate>;
