/**
 * Wire shapes of official letters (提醒函 / 督办函 / 问责函) and of a campaign's escalation
 * ladder: what the routes accept and answer, what the services return, what the web
 * client types its calls with (type-only imports). The domain (src/domain/letters) takes
 * the ladder and the laid-out letter from here; their rules stay there.
 */
import { Type, type Static } from '@sinclair/typebox';
import { LADDER_PROBLEM_CODES, LETTER_STATE_VALUES, LETTER_STATUSES } from '../letter-enums.js';
import { IdString, MAX_ID, PositiveInt, ProblemSchema, StringEnum } from './common.contract.js';

const Id = Type.Integer({ minimum: 1, maximum: MAX_ID });
/** An instant as ISO 8601 text (UTC). */
const Instant = (description?: string) => Type.String({ description });
const NullableInstant = (description?: string) => Type.Union([Type.String(), Type.Null()], { description });

// ---------------------------------------------------------------------------------------
// The escalation ladder (the meaning of each field: src/domain/letters/ladder.ts)
// ---------------------------------------------------------------------------------------

/**
 * What makes a rung fire for one case. Counts are whole numbers.
 * - `overdue`: the case's deadline has passed by at least `workingDays` whole working days.
 * - `open_after_previous`: the case is still open `workingDays` working days after the
 *   previous rung's letter was issued.
 * - `unsigned_previous`: the previous rung's letter was not signed for (签收) by its reply deadline.
 * - `repeat_at_point`: at least `minCases` cases were created at the case's check point in
 *   the last `windowDays` calendar days.
 * - `reopened`: the case was sent back for rework (返工) at least `times` times.
 */
export const Trigger = Type.Union([
  Type.Object({ kind: Type.Literal('overdue'), workingDays: Type.Integer() }),
  Type.Object({ kind: Type.Literal('open_after_previous'), workingDays: Type.Integer() }),
  Type.Object({ kind: Type.Literal('unsigned_previous') }),
  Type.Object({ kind: Type.Literal('repeat_at_point'), minCases: Type.Integer(), windowDays: Type.Integer() }),
  Type.Object({ kind: Type.Literal('reopened'), times: Type.Integer() }),
]);
export type Trigger = Static<typeof Trigger>;

/**
 * Who a letter is addressed to. The first two are resolved per responsible unit by
 * the service (the unit's head, the unit's leader in charge / 分管领导); `office` is a
 * fixed unit of the directory named by its unit code (e.g. a 纪检监察组), which then
 * receives one letter per responsible unit concerned.
 */
export const Recipient = Type.Union([
  Type.Object({ kind: Type.Literal('unit_head') }),
  Type.Object({ kind: Type.Literal('leader_in_charge') }),
  Type.Object({ kind: Type.Literal('office'), unitCode: Type.String(), name: Type.String() }),
]);
export type Recipient = Static<typeof Recipient>;

/** The organ a letter is issued in the name of, and its 机关代字 (e.g. 周创指督). */
export const Issuer = Type.Object({ name: Type.String(), code: Type.String() });
export type Issuer = Static<typeof Issuer>;

/**
 * Whether a rung's letters need approval before they are numbered and issued. The
 * approver is the leader the rung names (`approver`, a username), or else whoever holds
 * `letter.approve` (the leader role) on the letter's unit; a rung stored without this
 * field needs approval when it is the 问责函 rung (see rungNeedsApproval in
 * src/domain/letters/ladder.ts). `approverName` is the server's (the named leader's
 * display name, for reading); sent back with an edit it is ignored.
 */
export const RungApproval = Type.Object({
  required: Type.Boolean(),
  approver: Type.Optional(Type.String({ maxLength: 64 })),
  approverName: Type.Optional(Type.String()),
});
export type RungApproval = Static<typeof RungApproval>;

/** One rung of the ladder. */
export const Rung = Type.Object({
  /** Stable identifier stored on every letter; never rename it once letters exist. */
  key: Type.String(),
  /** Letter type as printed in the title and counted in the numbering, e.g. 提醒函. */
  type: Type.String(),
  /** 1-based position on the ladder; the levels of a ladder are exactly 1..n. */
  level: Type.Integer(),
  /** Any one of these fires the rung. An empty list makes a rung that only HQ issues by hand. */
  triggers: Type.Array(Trigger),
  recipient: Recipient,
  /** The letter's reply deadline: the end of the n-th working day after the issue day. */
  replyWorkingDays: Type.Integer(),
  issuer: Issuer,
  /** Approval by the leader before the letter is numbered and issued; see {@link RungApproval}. */
  approval: Type.Optional(RungApproval),
});
export type Rung = Static<typeof Rung>;

/**
 * Letters HQ drafts by hand whose type is no rung of the ladder (a 工作联系函, a 通报…):
 * the issuer and 机关代字 they are numbered under and their default reply time. All
 * such letters share one gapless series per 代字 and year (the printed number carries
 * no type), and that 代字 is never a rung's, so they never take a rung's numbers.
 */
export const HandLetters = Type.Object({ issuer: Issuer, replyWorkingDays: Type.Integer() });
export type HandLetters = Static<typeof HandLetters>;

/** A campaign's ladder (GET/PUT /api/campaigns/:id/ladder). The order of `rungs` does not matter; `level` does. */
export const Ladder = Type.Object({
  rungs: Type.Array(Rung),
  /** Issuer and series of hand-drafted letters of other types; without it only rung types can be drafted. */
  handLetters: Type.Optional(HandLetters),
});
export type Ladder = Static<typeof Ladder>;

const IssuerBody = Type.Object(
  { name: Type.String({ maxLength: 200 }), code: Type.String({ maxLength: 32 }) },
  { additionalProperties: false },
);
const TriggerBody = Type.Object(
  {
    kind: Type.String({ maxLength: 32 }),
    workingDays: Type.Optional(Type.Integer()),
    minCases: Type.Optional(Type.Integer()),
    windowDays: Type.Optional(Type.Integer()),
    times: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);
const RungBody = Type.Object(
  {
    key: Type.String({ maxLength: 32 }),
    type: Type.String({ maxLength: 32 }),
    level: Type.Integer(),
    triggers: Type.Array(TriggerBody, { maxItems: 20 }),
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
    issuer: IssuerBody,
    approval: Type.Optional(
      Type.Object(
        {
          required: Type.Boolean(),
          approver: Type.Optional(Type.String({ maxLength: 64 })),
          approverName: Type.Optional(Type.String({ maxLength: 200 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
/** One problem of a ladder the server refused (see ProblemSchema). */
export const LadderProblem = ProblemSchema(LADDER_PROBLEM_CODES, {
  field: 'path in the ladder, e.g. ladder.rungs[1].recipient',
  codes: 'LADDER_PROBLEM_CODES in src/shared/letter-enums.ts',
  paramsExample: '{"max": 10} for rungs_too_many',
});
export type LadderProblem = Static<typeof LadderProblem>;

/**
 * The ladder as sent (PUT): only its outline is checked here, so that the domain
 * (checkLadder) checks its meaning and names the field of each problem in a 422 (each
 * a LadderProblem in `details.problems`).
 */
export const LadderBody = Type.Object(
  {
    rungs: Type.Array(RungBody, { maxItems: 10 }),
    handLetters: Type.Optional(Type.Object({ issuer: IssuerBody, replyWorkingDays: Type.Integer() }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type LadderBody = Static<typeof LadderBody>;

// ---------------------------------------------------------------------------------------
// Letters
// ---------------------------------------------------------------------------------------

export const LetterQuery = Type.Object(
  {
    state: Type.Optional(StringEnum(LETTER_STATE_VALUES)),
    type: Type.Optional(Type.String({ maxLength: 32 })),
    unitId: Type.Optional(IdString()),
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
    caseId: Type.Optional(IdString()),
    issuedFrom: Type.Optional(Type.String({ format: 'date-time', description: 'sent letters issued at or after' })),
    issuedTo: Type.Optional(Type.String({ format: 'date-time', description: 'sent letters issued before' })),
    unsigned: Type.Optional(Type.Boolean({ description: 'only letters in force not yet signed for' })),
  },
  { additionalProperties: false },
);
export type LetterQuery = Static<typeof LetterQuery>;

/** A letter drafted by hand. Omitted texts are written from the facts. */
export const DraftBody = Type.Object(
  {
    unitId: Id,
    /** A rung of the ladder (its type, issuer, recipient and reply time apply) … */
    rungKey: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 32 }), Type.Null()])),
    /** … or a type of its own (then the ladder's `handLetters` give issuer, 代字 and reply time). */
    type: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    caseIds: Type.Array(Id, { maxItems: 500 }),
    title: Type.Optional(Type.String({ maxLength: 300 })),
    addressee: Type.Optional(Type.String({ maxLength: 200 })),
    body: Type.Optional(Type.Array(Type.String({ maxLength: 4000 }), { maxItems: 50 })),
    /** Reply by the end of this China day (YYYY-MM-DD); default: the rung's working days after issue. */
    replyBy: Type.Optional(Type.Union([Type.String({ maxLength: 10 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type DraftBody = Static<typeof DraftBody>;

/** An edit of a draft; `version` is the one read (optimistic). */
export const DraftPatchBody = Type.Object(
  {
    version: PositiveInt(),
    caseIds: Type.Optional(Type.Array(Id, { maxItems: 500 })),
    title: Type.Optional(Type.String({ maxLength: 300 })),
    addressee: Type.Optional(Type.String({ maxLength: 200 })),
    body: Type.Optional(Type.Array(Type.String({ maxLength: 4000 }), { maxItems: 50 })),
    replyBy: Type.Optional(Type.Union([Type.String({ maxLength: 10 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type DraftPatchBody = Static<typeof DraftPatchBody>;

export const IssueBody = Type.Object({ version: Type.Optional(PositiveInt()) }, { additionalProperties: false });
export type IssueBody = Static<typeof IssueBody>;
export const WithdrawBody = Type.Object({ reason: Type.String({ maxLength: 500 }) }, { additionalProperties: false });
export type WithdrawBody = Static<typeof WithdrawBody>;
export const SignBody = Type.Object(
  { reply: Type.Optional(Type.Union([Type.String({ maxLength: 4000 }), Type.Null()])) },
  { additionalProperties: false },
);
export type SignBody = Static<typeof SignBody>;
/** The approver sends a letter back to HQ; the reason is required. */
export const ReturnBody = Type.Object({ reason: Type.String({ maxLength: 500 }) }, { additionalProperties: false });
export type ReturnBody = Static<typeof ReturnBody>;
export const ApproveBody = Type.Object({ version: Type.Optional(PositiveInt()) }, { additionalProperties: false });
export type ApproveBody = Static<typeof ApproveBody>;
export const ReplyBody = Type.Object({ reply: Type.String({ maxLength: 4000 }) }, { additionalProperties: false });
export type ReplyBody = Static<typeof ReplyBody>;

/** A case as a letter lists it. */
export const LetterCaseView = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  description: Type.String(),
  address: Type.Union([Type.String(), Type.Null()]),
  deadline: NullableInstant(),
  unitName: Type.Union([Type.String(), Type.Null()]),
  state: Type.String(),
});
export type LetterCaseView = Static<typeof LetterCaseView>;

const letterFields = {
  id: Type.Integer(),
  /** `代字〔YYYY〕N号`; null while a draft. */
  number: Type.Union([Type.String(), Type.Null()]),
  type: Type.String(),
  rungKey: Type.Union([Type.String(), Type.Null()]),
  status: StringEnum(LETTER_STATUSES),
  state: StringEnum(LETTER_STATE_VALUES),
  /** Issued by the escalation sweep rather than by hand. */
  auto: Type.Boolean(),
  issuerName: Type.String(),
  issuerCode: Type.String(),
  unitId: Type.Integer(),
  unitName: Type.Union([Type.String(), Type.Null()]),
  addressee: Type.String(),
  title: Type.String(),
  body: Type.Array(Type.String()),
  replyDeadline: NullableInstant(),
  issuedAt: NullableInstant(),
  deliveredAt: NullableInstant(),
  signedAt: NullableInstant(),
  reply: Type.Union([Type.String(), Type.Null()]),
  repliedAt: NullableInstant(),
  withdrawnAt: NullableInstant(),
  withdrawReason: Type.Union([Type.String(), Type.Null()]),
  /** The unit that signs for the letter: its unit, or the office it is addressed to. */
  signUnitId: Type.Integer(),
  signUnitName: Type.Union([Type.String(), Type.Null()]),
  /** The rung needs the leader's approval before issue (drafts and letters awaiting it). */
  needsApproval: Type.Boolean(),
  approvedAt: NullableInstant(),
  returnedAt: NullableInstant(),
  returnReason: Type.Union([Type.String(), Type.Null()]),
  /** The actor may approve or return it now (it awaits approval, in their scope). */
  canApprove: Type.Boolean(),
  /**
   * The actor is the issued letter's recipient, who signs for it and replies (not the unit
   * held to account by a letter addressed to an office); whether that is still to do is in its times.
   */
  canSign: Type.Boolean(),
  caseIds: Type.Array(Type.Integer()),
  createdAt: Instant(),
  version: Type.Integer(),
};

/** A letter as the API shows it. */
export const LetterView = Type.Object(letterFields);
export type LetterView = Static<typeof LetterView>;

/** A letter with its cases listed. */
export const LetterDetailView = Type.Object({ ...letterFields, cases: Type.Array(LetterCaseView) });
export type LetterDetailView = Static<typeof LetterDetailView>;

/** GET /api/letters. */
export const LetterList = Type.Object({ items: Type.Array(LetterView) });
export type LetterList = Static<typeof LetterList>;

/** GET /api/letters/unsigned-count: letters waiting for the unit's signature. */
export const UnsignedCount = Type.Object({ count: Type.Integer() });
export type UnsignedCount = Static<typeof UnsignedCount>;

/** GET /api/letters/awaiting-approval-count: letters waiting for the actor's approval (the leader's badge). */
export const AwaitingApprovalCount = Type.Object({ count: Type.Integer() });
export type AwaitingApprovalCount = Static<typeof AwaitingApprovalCount>;

// ---------------------------------------------------------------------------------------
// The laid-out letter (GET /api/letters/:id/document; the DOCX and PDF render it)
// ---------------------------------------------------------------------------------------

/** One row of the 问题清单 attached to a letter. */
export const LetterDocumentCase = Type.Object({
  /** 案卷编号, e.g. 2026-000123. */
  number: Type.String(),
  description: Type.String(),
  address: Type.String(),
  /** 整改期限 as people read it, e.g. 2026年3月5日. */
  deadline: Type.String(),
  /** Whole days past the deadline on the issue day. */
  overdueDays: Type.Integer(),
  /** 责任单位. */
  unitName: Type.String(),
});
export type LetterDocumentCase = Static<typeof LetterDocumentCase>;

/** Everything a rendered letter shows. */
export const LetterDocument = Type.Object({
  /** 发文机关标志, printed red at the head, e.g. 周口市创建全国文明城市指挥部. */
  issuerName: Type.String(),
  /** 发文字号, already formatted: 周创指督〔2026〕7号. */
  number: Type.String(),
  /** 提醒函 | 督办函 | 问责函 or a campaign's own type; used for metadata. */
  typeLabel: Type.String(),
  /** 标题, e.g. 关于对市城市管理局问题整改不力的督办函. */
  title: Type.String(),
  /** 主送机关 with its colon, e.g. 市城市管理局主要负责同志： */
  addressee: Type.String(),
  bodyParagraphs: Type.Array(Type.String()),
  /** Reply deadline, YYYY-MM-DD (China date). */
  replyDeadline: Type.String(),
  /** 成文日期, YYYY-MM-DD (China date). */
  issueDay: Type.String(),
  /** 发文机关署名 at the end, usually the issuer name. */
  signatory: Type.String(),
  cases: Type.Array(LetterDocumentCase),
  /** 附注, e.g. 联系人：王敏，联系电话：0394-8196123 (printed in parentheses). */
  contact: Type.Optional(Type.String()),
});
export type LetterDocument = Static<typeof LetterDocument>;
