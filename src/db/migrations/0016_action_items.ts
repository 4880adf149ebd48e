import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { withId, type DialectMigration } from './helpers.js';

/**
 * Issue 13 (point 8): the 周例会 action items (交办事项). The meeting of a briefing assigns
 * an item to a unit with a deadline; the unit reports it done with a note and evidence
 * (photos in `files`, linked through `action_item_files`); HQ confirms (done) or sends it
 * back with a reason. An overdue item is escalated by letters of the ladder, linked through
 * `letter_action_items` as letters link to cases. Overdue is derived from `due_at`.
 * Numbered 0016 so that it does not collide with the other migrations of issue 13.
 */
export const actionItems: DialectMigration = {
  name: '0016_action_items',
  async up(db: Kysely<unknown>, dialect: Dialect) {
    await withId(db.schema.createTable('action_items'), dialect)
      .addColumn('briefing_id', 'integer', (c) => c.notNull().references('briefings.id'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
      .addColumn('due_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('report_note', 'text')
      .addColumn('reported_at', 'varchar(30)')
      .addColumn('reported_by', 'integer', (c) => c.references('users.id'))
      .addColumn('done_at', 'varchar(30)')
      .addColumn('confirmed_at', 'varchar(30)')
      .addColumn('confirmed_by', 'integer', (c) => c.references('users.id'))
      .addColumn('return_reason', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_by', 'integer', (c) => c.references('users.id'))
      .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('action_items_briefing_idx').on('action_items').columns(['briefing_id', 'id']).execute();
    await db.schema.createIndex('action_items_unit_idx').on('action_items').columns(['unit_id', 'due_at']).execute();
    await db.schema
      .createTable('action_item_files')
      .addColumn('action_item_id', 'integer', (c) => c.notNull().references('action_items.id'))
      .addColumn('file_id', 'integer', (c) => c.notNull().references('files.id'))
      .addPrimaryKeyConstraint('action_item_files_pk', ['action_item_id', 'file_id'])
      .execute();
    await db.schema
      .createTable('letter_action_items')
      .addColumn('letter_id', 'integer', (c) => c.notNull().references('letters.id'))
      .addColumn('action_item_id', 'integer', (c) => c.notNull().references('action_items.id'))
      .addPrimaryKeyConstraint('letter_action_items_pk', ['letter_id', 'action_item_id'])
      .execute();
    await db.schema.createIndex('letter_action_items_item_idx').on('letter_action_items').columns(['action_item_id']).execute();
  },
};
