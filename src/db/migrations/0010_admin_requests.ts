import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { withId, type DialectMigration } from './helpers.js';

/**
 * Issue 11 (point 1): changes to administrator accounts, and making any account an
 * administrator, wait here for a second administrator's approval (三员分立).
 * `payload` is JSON; a password request holds only the new hash, never the password.
 */
export const adminRequests: DialectMigration = {
  name: '0010_admin_requests',
  async up(db: Kysely<unknown>, dialect: Dialect) {
    await withId(db.schema.createTable('admin_requests'), dialect)
      .addColumn('kind', 'varchar(32)', (c) => c.notNull())
      // Null while the request creates the account it is about.
      .addColumn('target_user_id', 'integer', (c) => c.references('users.id'))
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('requested_by', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
      .addColumn('decided_at', 'varchar(30)')
      .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('admin_requests_status_idx').on('admin_requests').columns(['status', 'created_at']).execute();
    await db.schema.createIndex('admin_requests_target_idx').on('admin_requests').columns(['target_user_id', 'status']).execute();
  },
};
