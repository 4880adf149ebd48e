import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { withId, type DialectMigration } from './helpers.js';

/**
 * Issue 14 (point 5): "4个1" — the leader in charge's site visits (现场办公) and the weekly
 * progress meetings (推进例会).
 *
 * A visit is the project's leader's (`leader_user_id`, kept as it was at the time: the leader
 * may change later), logged by him or by the projects office / work team on his behalf
 * (`recorded_by`). The reported position is checked against the project's when logged: the
 * distance and the verdict (`place_check`: on_site | too_far | no_position | unchecked) are
 * stored, so changing the radius later does not rewrite history. Photos are in `files`.
 *
 * A meeting is held by a county or a work team (`unit_id`) on a day, with attendees (users or
 * free-text names), decisions, the projects discussed, and action items: each with an owner
 * unit, a deadline and the state machine of the 周例会 action items (open → reported → done,
 * sent back → open; domain/action-items). They live in their own table rather than in
 * `action_items`, whose `briefing_id` is required and whose HQ permissions belong to the
 * campaign (DOMAIN.md §3.7).
 */
export const projectVisits: DialectMigration = {
  name: '0020_project_visits',
  async up(db: Kysely<unknown>, dialect: Dialect) {
    await withId(db.schema.createTable('project_visits'), dialect)
      .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
      .addColumn('leader_user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('visit_date', 'varchar(10)', (c) => c.notNull())
      .addColumn('visited_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('place', 'varchar(200)', (c) => c.notNull())
      .addColumn('lon', 'double precision')
      .addColumn('lat', 'double precision')
      .addColumn('distance_m', 'integer')
      .addColumn('radius_m', 'integer', (c) => c.notNull())
      .addColumn('place_check', 'varchar(16)', (c) => c.notNull())
      .addColumn('solved', 'text', (c) => c.notNull())
      .addColumn('recorded_by', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('recorded_at', 'varchar(30)', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('project_visits_project_idx').on('project_visits').columns(['project_id', 'visited_at']).execute();
    await db.schema.createIndex('project_visits_leader_idx').on('project_visits').columns(['leader_user_id', 'visited_at']).execute();
    await db.schema
      .createTable('project_visit_files')
      .addColumn('visit_id', 'integer', (c) => c.notNull().references('project_visits.id'))
      .addColumn('file_id', 'integer', (c) => c.notNull().references('files.id'))
      .addColumn('name', 'varchar(200)')
      .addPrimaryKeyConstraint('project_visit_files_pk', ['visit_id', 'file_id'])
      .execute();

    await withId(db.schema.createTable('project_meetings'), dialect)
      .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
      .addColumn('meeting_date', 'varchar(10)', (c) => c.notNull())
      .addColumn('title', 'varchar(200)', (c) => c.notNull())
      .addColumn('decisions', 'text', (c) => c.notNull())
      .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('project_meetings_unit_idx').on('project_meetings').columns(['unit_id', 'meeting_date']).execute();
    await withId(db.schema.createTable('project_meeting_attendees'), dialect)
      .addColumn('meeting_id', 'integer', (c) => c.notNull().references('project_meetings.id'))
      .addColumn('user_id', 'integer', (c) => c.references('users.id'))
      .addColumn('name', 'varchar(100)')
      .execute();
    await db.schema.createIndex('project_meeting_attendees_idx').on('project_meeting_attendees').columns(['meeting_id']).execute();
    await db.schema
      .createTable('project_meeting_projects')
      .addColumn('meeting_id', 'integer', (c) => c.notNull().references('project_meetings.id'))
      .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
      .addPrimaryKeyConstraint('project_meeting_projects_pk', ['meeting_id', 'project_id'])
      .execute();
    await db.schema.createIndex('project_meeting_projects_project_idx').on('project_meeting_projects').columns(['project_id']).execute();
    await withId(db.schema.createTable('project_meeting_actions'), dialect)
      .addColumn('meeting_id', 'integer', (c) => c.notNull().references('project_meetings.id'))
      .addColumn('project_id', 'integer', (c) => c.references('projects.id'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
      .addColumn('due_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('report_note', 'text')
      .addColumn('reported_at', 'varchar(30)')
      .addColumn('reported_by', 'integer', (c) => c.references('users.id'))
      .addColumn('done_at', 'varchar(30)')
      .addColumn('confirmed_by', 'integer', (c) => c.references('users.id'))
      .addColumn('return_reason', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('project_meeting_actions_meeting_idx')
      .on('project_meeting_actions')
      .columns(['meeting_id', 'id'])
      .execute();
  },
};
