import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { withId, type DialectMigration } from './helpers.js';

/**
 * Issue 13 (point 7): the 周例会 briefing (通报). A draft holds HQ's commentary and the
 * content composed from the record when it was (re)generated; publishing gives it its
 * 期号 (gapless per year through `counters`) and freezes `snapshot`, whose sha256 is
 * kept here and in the audit record. `commentary` and `snapshot` are JSON.
 * Numbered 0014 so that it does not collide with the other migrations of issue 13.
 */
export const briefings: DialectMigration = {
  name: '0014_briefings',
  async up(db: Kysely<unknown>, dialect: Dialect) {
    await withId(db.schema.createTable('briefings'), dialect)
      .addColumn('period_kind', 'varchar(16)', (c) => c.notNull())
      .addColumn('period_from', 'varchar(10)', (c) => c.notNull())
      .addColumn('period_to', 'varchar(10)', (c) => c.notNull())
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('year', 'integer')
      .addColumn('seq', 'integer')
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('commentary', 'text', (c) => c.notNull())
      .addColumn('snapshot', 'text', (c) => c.notNull())
      .addColumn('snapshot_hash', 'varchar(64)', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_by', 'integer', (c) => c.references('users.id'))
      .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('published_by', 'integer', (c) => c.references('users.id'))
      .addColumn('published_at', 'varchar(30)')
      .execute();
    await db.schema.createIndex('briefings_number_idx').on('briefings').columns(['year', 'seq']).unique().execute();
    await db.schema.createIndex('briefings_created_idx').on('briefings').columns(['created_at']).execute();
    // A briefing lists the cases first dispatched and closed, and the letters issued, in its
    // period: these indexes make that cost follow the period, not the history.
    await db.schema.createIndex('cases_first_dispatched_idx').on('cases').column('first_dispatched_at').execute();
    await db.schema.createIndex('cases_closed_at_idx').on('cases').column('closed_at').execute();
    await db.schema.createIndex('letters_issued_at_idx').on('letters').column('issued_at').execute();
  },
};
