import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import type { DialectMigration } from './helpers.js';

/**
 * Issue 11 (point 2): the audit chain becomes keyed (HMAC under a key outside the
 * database). Records written so far stay as they are, marked version 1 (unkeyed),
 * and are still verified that way; the head remembers which kind the last record
 * is, so the first keyed append after this migration is preceded by an
 * `audit.rekey` record pinning the legacy head. A new, empty chain starts keyed.
 */
export const auditKeyed: DialectMigration = {
  name: '0011_audit_keyed',
  async up(db: Kysely<unknown>, _dialect: Dialect) {
    await db.schema
      .alterTable('audit_log')
      .addColumn('chain_version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db.schema
      .alterTable('audit_head')
      .addColumn('chain_version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await sql`update audit_head set chain_version = 2 where seq = 0`.execute(db);
  },
};
