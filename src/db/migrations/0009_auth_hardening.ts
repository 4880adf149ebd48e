import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import type { DialectMigration } from './helpers.js';

/**
 * Issue 11 (points 3 and 6).
 * - Login failures are limited per address, so `login_attempts` is read by address too.
 * - `login_alerts` remembers when the security administrator was last told about an
 *   attack on an address or account (one notice per key per window, across instances).
 * - API tokens get an expiry and scopes. Tokens made before this carried every right of
 *   their owner and never expired; they are revoked here (their owners make new, scoped
 *   ones), rather than guessed into a scope.
 */
export const authHardening: DialectMigration = {
  name: '0009_auth_hardening',
  async up(db: Kysely<unknown>, _dialect: Dialect) {
    await db.schema.createIndex('login_attempts_ip_at_idx').on('login_attempts').columns(['client_ip', 'at']).execute();
    await db.schema
      .createTable('login_alerts')
      .addColumn('key', 'varchar(200)', (c) => c.primaryKey())
      .addColumn('sent_at', 'varchar(30)', (c) => c.notNull())
      .execute();
    await db.schema.alterTable('api_tokens').addColumn('expires_at', 'varchar(30)').execute();
    await db.schema
      .alterTable('api_tokens')
      .addColumn('scopes', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();
    const now = new Date().toISOString();
    await sql`update api_tokens set revoked_at = ${now} where revoked_at is null`.execute(db);
  },
};
