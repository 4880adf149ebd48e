import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { withId, type DialectMigration } from './helpers.js';

/**
 * Issue 13 (point 5): 奖惩 records — the decisions HQ takes against units (通报表扬, 通报批评,
 * 约谈, 问责 …) for a period of a campaign, linked to the letters that justified them
 * (`sanction_letters`) and to the unit's 红黑榜 entry in the period's published results
 * (`list_kind`, checked against run `list_run_id`). Records are written once; corrections
 * are new records (the audit log keeps both).
 * Numbered 0017 so that it does not collide with the other migrations of issue 13.
 */
export const sanctions: DialectMigration = {
  name: '0017_sanctions',
  async up(db: Kysely<unknown>, dialect: Dialect) {
    await withId(db.schema.createTable('sanctions'), dialect)
      .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
      .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
      .addColumn('period_kind', 'varchar(16)', (c) => c.notNull())
      .addColumn('period_key', 'varchar(16)', (c) => c.notNull())
      .addColumn('kind', 'varchar(24)', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('decided_on', 'varchar(10)', (c) => c.notNull())
      .addColumn('document_number', 'varchar(100)')
      .addColumn('list_kind', 'varchar(8)')
      .addColumn('list_run_id', 'integer')
      .addColumn('created_by', 'integer', (c) => c.references('users.id'))
      .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sanctions_unit_idx').on('sanctions').columns(['unit_id', 'decided_on']).execute();
    await db.schema.createIndex('sanctions_period_idx').on('sanctions').columns(['period_key', 'decided_on']).execute();
    await db.schema
      .createTable('sanction_letters')
      .addColumn('sanction_id', 'integer', (c) => c.notNull().references('sanctions.id'))
      .addColumn('letter_id', 'integer', (c) => c.notNull().references('letters.id'))
      .addPrimaryKeyConstraint('sanction_letters_pk', ['sanction_id', 'letter_id'])
      .execute();
  },
};
