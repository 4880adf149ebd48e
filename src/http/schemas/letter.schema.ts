import { Type, type Static } from '@sinclair/typebox';
import { LETTER_STATE_VALUES } from '../../shared/letter-views.js';
import { MAX_ID, StringEnum, IdString } from '../../shared/contracts/common.contract.js';

const Id = Type.Integer({ minimum: 1, maximum: MAX_ID });

export const LetterQuery = Type.Object(
  {
    state: Type.Optional(StringEnum(LETTER_STATE_VALUES)),
    type: Type.Optional(Type.String({ maxLength: 32 })),
    unitId: Type.Optional(IdString()),
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
    caseId: Type.Optional(IdString()),
  },
  { additionalProperties: false },
);
export type LetterQuery = Static<typeof LetterQuery>;

export const DraftBody = Type.Object(
  {
    unitId: Id,
    rungKey: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 32 }), Type.Null()])),
    type: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    caseIds: Type.Array(Id, { maxItems: 500 }),
    title: Type.Optional(Type.String({ maxLength: 300 })),
    addressee: Type.Optional(Type.String({ maxLength: 200 })),
    body: Type.Optional(Type.Array(Type.String({ maxLength: 4000 }), { maxItems: 50 })),
    replyBy: Type.Optional(Type.Union([Type.String({ maxLength: 10 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type DraftBody = Static<typeof DraftBody>;

export const DraftPatchBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    caseIds: Type.Optional(Type.Array(Id, { maxItems: 500 })),
    title: Type.Optional(Type.String({ maxLength: 300 })),
    addressee: Type.Optional(Type.String({ maxLength: 200 })),
    body: Type.Optional(Type.Array(Type.String({ maxLength: 4000 }), { maxItems: 50 })),
    replyBy: Type.Optional(Type.Union([Type.String({ maxLength: 10 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type DraftPatchBody = Static<typeof DraftPatchBody>;

export const IssueBody = Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false });
export const WithdrawBody = Type.Object({ reason: Type.String({ maxLength: 500 }) }, { additionalProperties: false });
export const SignBody = Type.Object(
  { reply: Type.Optional(Type.Union([Type.String({ maxLength: 4000 }), Type.Null()])) },
  { additionalProperties: false },
);
export const ReplyBody = Type.Object({ reply: Type.String({ maxLength: 4000 }) }, { additionalProperties: false });

const Trigger = Type.Object(
  {
    kind: Type.String({ maxLength: 32 }),
    workingDays: Type.Optional(Type.Integer()),
    minCases: Type.Optional(Type.Integer()),
    windowDays: Type.Optional(Type.Integer()),
    times: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);
const Rung = Type.Object(
  {
    key: Type.String({ maxLength: 32 }),
    type: Type.String({ maxLength: 32 }),
    level: Type.Integer(),
    triggers: Type.Array(Trigger, { maxItems: 20 }),
    recipient: Type.Union([
      Type.Object(
        {
          kind: Type.String({ maxLength: 32 }),
          unitCode: Type.Optional(Type.String({ maxLength: 64 })),
          name: Type.Optional(Type.String({ maxLength: 200 })),
        },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
    replyWorkingDays: Type.Integer(),
    issuer: Type.Object({ name: Type.String({ maxLength: 200 }), code: Type.String({ maxLength: 32 }) }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);
/** The ladder as sent; the domain checks its meaning and names the field of each problem. */
const HandLetters = Type.Object(
  {
    issuer: Type.Object({ name: Type.String({ maxLength: 200 }), code: Type.String({ maxLength: 32 }) }, { additionalProperties: false }),
    replyWorkingDays: Type.Integer(),
  },
  { additionalProperties: false },
);
export const LadderBody = Type.Object(
  { rungs: Type.Array(Rung, { maxItems: 10 }), handLetters: Type.Optional(HandLetters) },
  { additionalProperties: false },
);
export type LadderBody = Static<typeof LadderBody>;
