/**
 * Wire shapes of /api/action-items (周例会交办事项, issue 13 point 8). ActionItemService
 * returns these types and web/src/api/action-items.ts imports them.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ACTION_ITEM_PROGRESS, ACTION_ITEM_STATUSES } from '../action-item-enums.js';
import { CalendarDate, IdString, PositiveInt, StringEnum } from './common.contract.js';

const Int = Type.Integer();
const Text = Type.Union([Type.String(), Type.Null()]);
const UserRef = Type.Union([Type.Object({ id: Int, name: Type.String() }), Type.Null()]);

/** A letter issued (or prepared) about an item, through the escalation ladder. */
export const ActionItemLetter = Type.Object({
  id: Int,
  type: Type.String(),
  /** 机关代字〔YYYY〕N号 once issued; null while awaiting approval or a draft. */
  number: Text,
  status: Type.String(),
  issuedAt: Text,
});
export type ActionItemLetter = Static<typeof ActionItemLetter>;

/** One piece of evidence (a photo) of the unit's report. */
export const ActionItemFile = Type.Object({ id: Int, mime: Type.String(), createdAt: Type.String() });
export type ActionItemFile = Static<typeof ActionItemFile>;

/** An action item as listed and shown. */
export const ActionItem = Type.Object({
  id: Int,
  /** The meeting (briefing) that assigned it. */
  briefingId: Int,
  briefingTitle: Type.String(),
  briefingNumber: Text,
  title: Type.String(),
  detail: Type.String(),
  unitId: Int,
  unitName: Type.String(),
  /** Deadline (ISO instant; shown in China time). */
  dueAt: Type.String(),
  status: StringEnum(ACTION_ITEM_STATUSES),
  /** done / overdue / in progress now (the server's clock). */
  progress: StringEnum(ACTION_ITEM_PROGRESS),
  /** The unit's latest report: note, when, by whom, and its evidence. */
  reportNote: Text,
  reportedAt: Text,
  reportedBy: UserRef,
  files: Type.Array(ActionItemFile),
  /** When the work was done (the accepted report's time); null until HQ confirms. */
  doneAt: Text,
  confirmedBy: UserRef,
  /** HQ's reason the last time it sent a report back. */
  returnReason: Text,
  letters: Type.Array(ActionItemLetter),
  /** What the caller may do now. */
  canReport: Type.Boolean(),
  canDecide: Type.Boolean(),
  canEscalate: Type.Boolean(),
  version: Int,
  createdAt: Type.String(),
  createdBy: UserRef,
});
export type ActionItem = Static<typeof ActionItem>;

export const ActionItemList = Type.Object({ items: Type.Array(ActionItem) });
export type ActionItemList = Static<typeof ActionItemList>;

/** GET /api/action-items: filters (a unit sees only its own items whatever it asks). */
export const ActionItemQuery = Type.Object(
  {
    briefingId: Type.Optional(IdString()),
    unitId: Type.Optional(IdString()),
    status: Type.Optional(StringEnum(ACTION_ITEM_STATUSES)),
    progress: Type.Optional(StringEnum(ACTION_ITEM_PROGRESS)),
  },
  { additionalProperties: false },
);
export type ActionItemQuery = Static<typeof ActionItemQuery>;

/** POST /api/action-items: the meeting assigns an item to a unit. */
export const CreateActionItemBody = Type.Object(
  {
    briefingId: PositiveInt(),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    detail: Type.Optional(Type.String({ maxLength: 4000 })),
    unitId: PositiveInt(),
    /** Deadline day (China calendar). */
    dueDate: CalendarDate(),
    /** Time of day (China time, HH:MM); the end of the day when absent. */
    dueTime: Type.Optional(Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' })),
  },
  { additionalProperties: false },
);
export type CreateActionItemBody = Static<typeof CreateActionItemBody>;

/** POST /api/action-items/:id/report (JSON, or multipart: "command" + files "evidence"). */
export const ReportActionItemBody = Type.Object(
  { version: PositiveInt(), note: Type.String({ minLength: 1, maxLength: 4000 }) },
  { additionalProperties: false },
);
export type ReportActionItemBody = Static<typeof ReportActionItemBody>;

/** POST /api/action-items/:id/confirm and /escalate. */
export const ActionItemVersionBody = Type.Object({ version: PositiveInt() }, { additionalProperties: false });
export type ActionItemVersionBody = Static<typeof ActionItemVersionBody>;

/** POST /api/action-items/:id/return: HQ sends a report back with its reason. */
export const ReturnActionItemBody = Type.Object(
  { version: PositiveInt(), reason: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);
export type ReturnActionItemBody = Static<typeof ReturnActionItemBody>;

/** GET /api/action-items/:id/files/:fileId. */
export const ActionItemFileParams = Type.Object({ id: IdString(), fileId: IdString() }, { additionalProperties: false });
export type ActionItemFileParams = Static<typeof ActionItemFileParams>;

/** An item of the previous meeting as the next briefing reports it (status as at the period's end). */
export const BriefingActionItem = Type.Object({
  id: Int,
  title: Type.String(),
  unitName: Type.String(),
  /** Deadline (ISO instant). */
  dueAt: Type.String(),
  progress: StringEnum(ACTION_ITEM_PROGRESS),
  /** When it was done (ISO), if done by then. */
  doneAt: Text,
});
export type BriefingActionItem = Static<typeof BriefingActionItem>;
