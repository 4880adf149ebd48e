import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { withId, type DialectMigration } from './helpers.js';

/** Cases, their events and files, categories, calendar, counters, aggregates, notifications, outbox. */
export const cases: DialectMigration = {
  name: '0002_cases',
  async up(db: Kysely<unknown>, dialect: Dialect) {
    await db.schema
      .createTable('counters')
      .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('value', 'integer', (c) => c.notNull())
      .execute();

    await withId(db.schema.createTable('categories'), dialect)
      .addColumn('code', 'varchar(32)', (c) => c.notNull().unique())
      .addColumn('name', 'varchar(100)', (c) => c.notNull())
      .addColumn('class', 'varchar(16)', (c) => c.notNull())
      .addColumn('parent_code', 'varchar(32)')
      .addColumn('default_severity', 'varchar(16)', (c) => c.notNull())
      .addColumn('deadline_rule', 'text')
      .addColumn('default_unit_code', 'varchar(32)')
      .addColumn('area_rules', 'text', (c) => c.notNull())
      .addColumn('campaign', 'varchar(64)')
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();

    await db.schema
      .createTable('calendar_days')
      .addColumn('day', 'varchar(10)', (c) => c.primaryKey())
      .addColumn('kind', 'varchar(10)', (c) => c.notNull())
      .addColumn('note', 'varchar(100)')
      .execute();

    await withId(db.schema.createTable('cases'), dialect)
      .addColumn('number', 'varchar(20)', (c) => c.notNull().unique())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('source', 'varchar(20)', (c) => c.notNull())
      .addColumn('state', 'varchar(20)', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('category_code', 'varchar(32)', (c) => c.notNull())
      .addColumn('severity', 'varchar(16)', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('address', 'varchar(300)')
      .addColumn('lon', 'double precision')
      .addColumn('lat', 'double precision')
      .addColumn('area_unit_id', 'integer', (c) => c.references('units.id'))
      .addColumn('check_point_id', 'integer')
      .addColumn('reporter_id', 'integer', (c) => c.references('users.id'))
      .addColumn('reporter_contact', 'varchar(200)')
      .addColumn('assigned_unit_id', 'integer', (c) => c.references('units.id'))
      .addColumn('assigned_unit_path', 'varchar(400)')
      .addColumn('deadline', 'varchar(30)')
      .addColumn('dispatched_at', 'varchar(30)')
      .addColumn('first_dispatched_at', 'varchar(30)')
      .addColumn('last_rectifier_id', 'integer')
      .addColumn('reopen_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('pending_extension', 'text')
      .addColumn('extension_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('suspended_from', 'varchar(20)')
      .addColumn('review_date', 'varchar(30)')
      .addColumn('handled_at', 'varchar(30)')
      .addColumn('closed_at', 'varchar(30)')
      .addColumn('merged_into_id', 'integer')
      .addColumn('snapshot', 'text', (c) => c.notNull())
      .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('cases_state_idx').on('cases').columns(['state', 'created_at']).execute();
    await db.schema.createIndex('cases_unit_idx').on('cases').columns(['assigned_unit_path', 'state']).execute();
    // Escalation and overdue lists read open cases by deadline; cost follows the overdue ones.
    await db.schema.createIndex('cases_deadline_idx').on('cases').columns(['deadline']).execute();
    await db.schema.createIndex('cases_created_idx').on('cases').column('created_at').execute();

    await withId(db.schema.createTable('case_events'), dialect)
      .addColumn('case_id', 'integer', (c) => c.notNull().references('cases.id'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('action', 'varchar(32)', (c) => c.notNull())
      .addColumn('from_state', 'varchar(20)')
      .addColumn('to_state', 'varchar(20)', (c) => c.notNull())
      .addColumn('actor_id', 'integer')
      .addColumn('actor_name', 'varchar(100)')
      .addColumn('at', 'varchar(30)', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('deadline_before', 'varchar(30)')
      .addColumn('deadline_after', 'varchar(30)')
      .addColumn('unit_before', 'integer')
      .addColumn('unit_after', 'integer')
      .addUniqueConstraint('case_events_case_seq', ['case_id', 'seq'])
      .execute();
    await db.schema.createIndex('case_events_at_idx').on('case_events').column('at').execute();

    await withId(db.schema.createTable('files'), dialect)
      .addColumn('case_id', 'integer', (c) => c.references('cases.id'))
      .addColumn('event_id', 'integer', (c) => c.references('case_events.id'))
      .addColumn('phase', 'varchar(16)', (c) => c.notNull())
      .addColumn('mime', 'varchar(50)', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
      .addColumn('width', 'integer')
      .addColumn('height', 'integer')
      .addColumn('original_key', 'varchar(200)', (c) => c.notNull())
      .addColumn('public_key', 'varchar(200)', (c) => c.notNull())
      .addColumn('thumb_key', 'varchar(200)', (c) => c.notNull())
      .addColumn('taken_at', 'varchar(30)')
      .addColumn('created_by', 'integer')
      .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('files_case_idx').on('files').column('case_id').execute();

    await db.schema
      .createTable('case_aggregates')
      .addColumn('unit_id', 'integer', (c) => c.notNull())
      .addColumn('day', 'varchar(10)', (c) => c.notNull())
      .addColumn('dispatched', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('handled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('handled_on_time', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('closed', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('closed_on_time', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('reopened', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('extended', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('suspended', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('rerouted', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('case_aggregates_pk', ['unit_id', 'day'])
      .execute();

    await withId(db.schema.createTable('notifications'), dialect)
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('case_id', 'integer')
      .addColumn('kind', 'varchar(32)', (c) => c.notNull())
      .addColumn('title', 'varchar(200)', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('read_at', 'varchar(30)')
      .execute();
    await db.schema.createIndex('notifications_user_idx').on('notifications').columns(['user_id', 'read_at']).execute();

    await withId(db.schema.createTable('outbox'), dialect)
      .addColumn('channel', 'varchar(16)', (c) => c.notNull())
      .addColumn('target', 'varchar(300)', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('status', 'varchar(12)', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('sent_at', 'varchar(30)')
      .execute();
    await db.schema.createIndex('outbox_due_idx').on('outbox').columns(['status', 'next_attempt_at']).execute();
  },
};
