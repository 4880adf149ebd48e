import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import type { DialectMigration } from './helpers.js';

/**
 * Issue 13 (point 9): letters of a rung that needs approval wait for the leader
 * (status `pending_approval`, no number yet); the leader approves (who and when are
 * kept) or sends the letter back to HQ as a draft with a reason. And the unit that
 * signs for a letter is the unit it is addressed to: for an office recipient (a
 * 纪检监察组) that office, not the unit held to account (`sign_unit_id`; null = the
 * letter's unit, which every letter issued before this migration keeps).
 */
export const letterApproval: DialectMigration = {
  name: '0012_letter_approval',
  async up(db: Kysely<unknown>, _dialect: Dialect) {
    await db.schema
      .alterTable('letters')
      .addColumn('sign_unit_id', 'integer', (c) => c.references('units.id'))
      .execute();
    await db.schema.alterTable('letters').addColumn('approved_at', 'varchar(30)').execute();
    await db.schema
      .alterTable('letters')
      .addColumn('approved_by', 'integer', (c) => c.references('users.id'))
      .execute();
    await db.schema.alterTable('letters').addColumn('returned_at', 'varchar(30)').execute();
    await db.schema
      .alterTable('letters')
      .addColumn('returned_by', 'integer', (c) => c.references('users.id'))
      .execute();
    await db.schema.alterTable('letters').addColumn('return_reason', 'text').execute();
  },
};
