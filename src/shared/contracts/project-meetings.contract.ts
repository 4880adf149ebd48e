/**
 * Wire shapes of the weekly progress meetings (推进例会, issue 14 point 5): GET/POST
 * /api/project-meetings, GET /api/project-meetings/:id and the actions on their action items.
 * ProjectMeetingService returns these types. Action items follow the 周例会 items' state
 * machine (domain/action-items: open → reported → done, sent back → open).
 */
import { Type, type Static } from '@sinclair/typebox';
import { ACTION_ITEM_PROGRESS, ACTION_ITEM_STATUSES } from '../action-item-enums.js';
import { CalendarDate, IdString, MAX_ID, Paging, StringEnum } from './common.contract.js';

const Int = Type.Integer();
const Id = Type.Integer({ minimum: 1, maximum: MAX_ID });
const Text = Type.Union([Type.String(), Type.Null()]);
const Ref = Type.Object({ id: Int, name: Type.String() });

/** An attendee: a user (with the name shown) or a free-text name (user null). */
export const MeetingAttendee = Type.Object({ userId: Type.Union([Int, Type.Null()]), name: Type.String() });
export type MeetingAttendee = Static<typeof MeetingAttendee>;

/** An action item of a meeting. */
export const MeetingAction = Type.Object({
  id: Int,
  title: Type.String(),
  project: Type.Union([Ref, Type.Null()]),
  unit: Ref,
  dueAt: Type.String(),
  status: StringEnum(ACTION_ITEM_STATUSES),
  /** Where it stands now: done, overdue, in progress. */
  progress: StringEnum(ACTION_ITEM_PROGRESS),
  reportNote: Text,
  reportedAt: Text,
  doneAt: Text,
  returnReason: Text,
  version: Int,
  /** What the caller may do: report (the owner unit or the holder), confirm / return (the holder). */
  can: Type.Object({ report: Type.Boolean(), decide: Type.Boolean() }),
});
export type MeetingAction = Static<typeof MeetingAction>;

/** A meeting as listed. */
export const ProjectMeetingSummary = Type.Object({
  id: Int,
  unit: Ref,
  meetingDate: Type.String(),
  title: Type.String(),
  projects: Int,
  actions: Int,
  actionsOpen: Int,
});
export type ProjectMeetingSummary = Static<typeof ProjectMeetingSummary>;

export const ProjectMeetingList = Type.Object({ items: Type.Array(ProjectMeetingSummary), total: Int });
export type ProjectMeetingList = Static<typeof ProjectMeetingList>;

/** One meeting with its attendees, decisions, projects and action items. */
export const ProjectMeeting = Type.Object({
  id: Int,
  unit: Ref,
  meetingDate: Type.String(),
  title: Type.String(),
  decisions: Type.String(),
  attendees: Type.Array(MeetingAttendee),
  projects: Type.Array(Type.Object({ id: Int, code: Type.String(), name: Type.String() })),
  actions: Type.Array(MeetingAction),
  createdBy: Ref,
  createdAt: Type.String(),
});
export type ProjectMeeting = Static<typeof ProjectMeeting>;

/** GET /api/project-meetings. */
export const ProjectMeetingQuery = Type.Object(
  {
    unit: Type.Optional(IdString({ description: 'the holding county or work team' })),
    project: Type.Optional(IdString({ description: 'meetings that discussed this project' })),
    ...Paging,
  },
  { additionalProperties: false },
);
export type ProjectMeetingQuery = Static<typeof ProjectMeetingQuery>;

const ActionInput = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    unitId: Id,
    projectId: Type.Optional(Type.Union([Id, Type.Null()])),
    dueDate: CalendarDate(),
  },
  { additionalProperties: false },
);

/** POST /api/project-meetings: a meeting held by a county or a work team. */
export const CreateProjectMeetingBody = Type.Object(
  {
    unitId: Id,
    meetingDate: CalendarDate({ description: 'not in the future' }),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    decisions: Type.String({ maxLength: 8000 }),
    attendeeUserIds: Type.Array(Id, { maxItems: 100 }),
    attendeeNames: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 100 }),
    projectIds: Type.Array(Id, { maxItems: 200 }),
    actions: Type.Array(ActionInput, { maxItems: 100 }),
  },
  { additionalProperties: false },
);
export type CreateProjectMeetingBody = Static<typeof CreateProjectMeetingBody>;

/** POST /api/project-meetings/:id/actions/:actionId: report done, confirm, or send back. */
export const MeetingActionBody = Type.Object(
  {
    action: StringEnum(['report', 'confirm', 'return'] as const),
    version: Type.Integer({ minimum: 1, maximum: MAX_ID }),
    /** report: what was done; return: why (both required then). */
    note: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);
export type MeetingActionBody = Static<typeof MeetingActionBody>;

export const MeetingActionParams = Type.Object({ id: IdString(), actionId: IdString() }, { additionalProperties: false });
export type MeetingActionParams = Static<typeof MeetingActionParams>;
