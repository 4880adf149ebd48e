import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { withId, type DialectMigration } from './helpers.js';

/**
 * Official letters (提醒函 → 督办函 → 问责函, issue 5): the letters with their number,
 * recipient, deadline, receipt and withdrawal; the cases each covers; and the index
 * the escalation sweep reads overdue cases through.
 */
export const letters: DialectMigration = {
  name: '0005_letters',
  async up(db: Kysely<unknown>, dialect: Dialect) {
    await withId(db.schema.createTable('letters'), dialect)
      // Null while a draft: a number is taken only when the letter is issued, so drafts never leave gaps.
      .addColumn('number', 'varchar(80)', (c) => c.unique())
      .addColumn('year', 'integer')
      .addColumn('seq', 'integer')
      .addColumn('type', 'varchar(32)', (c) => c.notNull())
      .addColumn('rung_key', 'varchar(32)')
      .addColumn('campaign_id', 'integer', (c) => c.references('campaigns.id'))
      .addColumn('issuer_name', 'varchar(200)', (c) => c.notNull())
      .addColumn('issuer_code', 'varchar(32)', (c) => c.notNull())
      .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
      .addColumn('addressee', 'varchar(200)', (c) => c.notNull())
      .addColumn('title', 'varchar(300)', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('auto', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('reply_deadline', 'varchar(30)')
      .addColumn('issued_at', 'varchar(30)')
      .addColumn('issued_by', 'integer', (c) => c.references('users.id'))
      .addColumn('delivered_at', 'varchar(30)')
      .addColumn('signed_at', 'varchar(30)')
      .addColumn('signed_by', 'integer', (c) => c.references('users.id'))
      .addColumn('reply', 'text')
      .addColumn('replied_at', 'varchar(30)')
      .addColumn('withdrawn_at', 'varchar(30)')
      .addColumn('withdrawn_by', 'integer', (c) => c.references('users.id'))
      .addColumn('withdraw_reason', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_by', 'integer', (c) => c.references('users.id'))
      .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('letters_unit_idx').on('letters').columns(['unit_id', 'status']).execute();
    await db.schema.createIndex('letters_deadline_idx').on('letters').columns(['status', 'reply_deadline']).execute();

    await withId(db.schema.createTable('letter_cases'), dialect)
      .addColumn('letter_id', 'integer', (c) => c.notNull().references('letters.id'))
      .addColumn('case_id', 'integer', (c) => c.notNull().references('cases.id'))
      .addColumn('rung_key', 'varchar(32)')
      // 1 while the letter is issued; a withdrawal clears it so HQ may issue that rung again by hand.
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(0))
      .addUniqueConstraint('letter_cases_pair', ['letter_id', 'case_id'])
      .execute();
    await db.schema.createIndex('letter_cases_case_idx').on('letter_cases').columns(['case_id', 'rung_key']).execute();
    // The rule "never two letters of the same rung for the same case", kept by the database
    // itself so two instances racing cannot both win.
    await db.schema
      .createIndex('letter_cases_one_rung_idx')
      .on('letter_cases')
      .columns(['case_id', 'rung_key'])
      .unique()
      .where(sql.ref('active'), '=', 1)
      .execute();

    // The sweep reads only cases the unit still owes work on, by deadline: its cost follows the
    // overdue cases, not the open ones or the history. A column kept by the case repository (rather
    // than a partial index) so that both engines' planners use it without statistics.
    await db.schema.alterTable('cases').addColumn('owed_deadline', 'varchar(30)').execute();
    await sql`update cases set owed_deadline = deadline where state in ('dispatched', 'acknowledged')`.execute(db);
    await db.schema.createIndex('cases_owed_deadline_idx').on('cases').column('owed_deadline').execute();
    await db.schema.createIndex('cases_reopen_idx').on('cases').columns(['reopen_count', 'owed_deadline']).execute();
    // Repeated problems at one check point: only the recent cases raised at points are read.
    await db.schema
      .createIndex('cases_point_recent_idx')
      .on('cases')
      .column('created_at')
      .where(sql<boolean>`check_point_id is not null`)
      .execute();
  },
};
