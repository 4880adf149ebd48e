import { sql, type Insertable, type Updateable } from 'kysely';
import type { Executor } from '../database.js';
import type { ProjectMeetingActionRow, ProjectMeetingActionsTable, ProjectMeetingRow, ProjectMeetingsTable } from '../schema.js';

/** A meeting with its holding unit and author as shown. */
export type ProjectMeetingRead = ProjectMeetingRow & { unit_name: string; unit_path: string; created_by_name: string };

/** An action item with its owner unit and project as shown. */
export type MeetingActionRead = ProjectMeetingActionRow & { unit_name: string; unit_path: string; project_name: string | null };

/** Which meetings a list shows: those of units under `unitPaths` (null: all), or that `attendee` attended. */
export interface MeetingScope {
  unitPaths: string[] | null;
  attendee: number;
}

function meetings(db: Executor) {
  return db
    .selectFrom('project_meetings as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .innerJoin('users as c', 'c.id', 'm.created_by')
    .selectAll('m')
    .select(['u.name as unit_name', 'u.path as unit_path', 'c.display_name as created_by_name']);
}

function actions(db: Executor) {
  return db
    .selectFrom('project_meeting_actions as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .leftJoin('projects as p', 'p.id', 'a.project_id')
    .selectAll('a')
    .select(['u.name as unit_name', 'u.path as unit_path', 'p.name as project_name']);
}

/** Queries of the weekly progress meetings (推进例会) and their action items. */
export const projectMeetingRepository = {
  async insert(
    db: Executor,
    v: Omit<Insertable<ProjectMeetingsTable>, 'id'>,
    attendees: { user_id: number | null; name: string | null }[],
    projectIds: number[],
    items: Omit<Insertable<ProjectMeetingActionsTable>, 'id' | 'meeting_id' | 'version'>[],
  ): Promise<number> {
    const r = await db.insertInto('project_meetings').values(v).returning('id').executeTakeFirstOrThrow();
    const id = Number(r.id);
    if (attendees.length)
      await db
        .insertInto('project_meeting_attendees')
        .values(attendees.map((a) => ({ meeting_id: id, ...a })))
        .execute();
    if (projectIds.length)
      await db
        .insertInto('project_meeting_projects')
        .values(projectIds.map((p) => ({ meeting_id: id, project_id: p })))
        .execute();
    if (items.length)
      await db
        .insertInto('project_meeting_actions')
        .values(items.map((a) => ({ ...a, meeting_id: id })))
        .execute();
    return id;
  },

  async byId(db: Executor, id: number): Promise<ProjectMeetingRead | undefined> {
    return meetings(db).where('m.id', '=', id).executeTakeFirst();
  },

  /** A page of meetings in scope, newest first, with their counts. */
  async list(
    db: Executor,
    scope: MeetingScope,
    f: { unitPath?: string; projectId?: number },
    page: { limit: number; offset: number },
  ): Promise<{ rows: (ProjectMeetingRead & { projects: number; actions: number; actions_open: number })[]; total: number }> {
    let q = meetings(db);
    const paths = scope.unitPaths;
    if (paths)
      q = q.where((eb) =>
        eb.or([
          ...paths.map((p) => eb('u.path', 'like', `${p}%`)),
          eb.exists(
            eb
              .selectFrom('project_meeting_attendees as x')
              .select('x.id')
              .whereRef('x.meeting_id', '=', 'm.id')
              .where('x.user_id', '=', scope.attendee),
          ),
        ]),
      );
    if (f.unitPath) q = q.where('u.path', 'like', `${f.unitPath}%`);
    const projectId = f.projectId;
    if (projectId !== undefined)
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('project_meeting_projects as mp')
            .select('mp.project_id')
            .whereRef('mp.meeting_id', '=', 'm.id')
            .where('mp.project_id', '=', projectId),
        ),
      );
    const total = Number(
      (
        await q
          .clearSelect()
          .select(sql<number>`count(*)`.as('n'))
          .executeTakeFirst()
      )?.n ?? 0,
    );
    const rows = await q
      .select([
        sql<number>`(select count(*) from project_meeting_projects mp where mp.meeting_id = m.id)`.as('projects'),
        sql<number>`(select count(*) from project_meeting_actions a where a.meeting_id = m.id)`.as('actions'),
        sql<number>`(select count(*) from project_meeting_actions a where a.meeting_id = m.id and a.status <> 'done')`.as('actions_open'),
      ])
      .orderBy('m.meeting_date', 'desc')
      .orderBy('m.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute();
    return {
      rows: rows.map((r) => ({ ...r, projects: Number(r.projects), actions: Number(r.actions), actions_open: Number(r.actions_open) })),
      total,
    };
  },

  async attendeesOf(db: Executor, id: number): Promise<{ user_id: number | null; name: string }[]> {
    const rows = await db
      .selectFrom('project_meeting_attendees as a')
      .leftJoin('users as u', 'u.id', 'a.user_id')
      .select(['a.user_id', 'a.name', 'u.display_name'])
      .where('a.meeting_id', '=', id)
      .orderBy('a.id')
      .execute();
    return rows.map((r) => ({ user_id: r.user_id, name: r.display_name ?? r.name ?? '' }));
  },

  async projectsOf(db: Executor, id: number): Promise<{ id: number; code: string; name: string }[]> {
    const rows = await db
      .selectFrom('project_meeting_projects as mp')
      .innerJoin('projects as p', 'p.id', 'mp.project_id')
      .select(['p.id', 'p.code', 'p.name'])
      .where('mp.meeting_id', '=', id)
      .orderBy('p.code')
      .execute();
    return rows.map((r) => ({ ...r, id: Number(r.id) }));
  },

  async actionsOf(db: Executor, meetingId: number): Promise<MeetingActionRead[]> {
    return actions(db).where('a.meeting_id', '=', meetingId).orderBy('a.due_at').orderBy('a.id').execute();
  },

  async actionById(db: Executor, id: number): Promise<MeetingActionRead | undefined> {
    return actions(db).where('a.id', '=', id).executeTakeFirst();
  },

  /** Updates an action item only if it is still at `version`; false when another writer got there first. */
  async updateAction(db: Executor, id: number, version: number, patch: Updateable<ProjectMeetingActionsTable>): Promise<boolean> {
    const r = await db
      .updateTable('project_meeting_actions')
      .set({ ...patch, version: sql<number>`version + 1` })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
};
