import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { withId, type DialectMigration } from './helpers.js';

/** Units, people, roles, sessions, tokens, audit chain, job leases. */
export const foundation: DialectMigration = {
  name: '0001_foundation',
  async up(db: Kysely<unknown>, dialect: Dialect) {
    await withId(db.schema.createTable('units'), dialect)
      .addColumn('code', 'varchar(32)', (c) => c.notNull().unique())
      .addColumn('name', 'varchar(100)', (c) => c.notNull())
      .addColumn('kind', 'varchar(20)', (c) => c.notNull())
      .addColumn('parent_id', 'integer', (c) => c.references('units.id'))
      .addColumn('path', 'varchar(400)', (c) => c.notNull())
      .addColumn('depth', 'integer', (c) => c.notNull())
      .addColumn('leader_user_id', 'integer')
      .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('units_parent_idx').on('units').column('parent_id').execute();
    await db.schema.createIndex('units_path_idx').on('units').column('path').execute();

    await withId(db.schema.createTable('users'), dialect)
      .addColumn('username', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('display_name', 'varchar(100)', (c) => c.notNull())
      .addColumn('password_hash', 'varchar(200)', (c) => c.notNull())
      .addColumn('unit_id', 'integer', (c) => c.references('units.id'))
      .addColumn('phone', 'varchar(32)')
      .addColumn('email', 'varchar(200)')
      .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('locked_at', 'varchar(30)')
      .addColumn('password_changed_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
      .execute();

    await withId(db.schema.createTable('role_grants'), dialect)
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('role', 'varchar(32)', (c) => c.notNull())
      .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
      .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
      .addUniqueConstraint('role_grants_unique', ['user_id', 'role', 'unit_id'])
      .execute();
    await db.schema.createIndex('role_grants_unit_idx').on('role_grants').column('unit_id').execute();

    await db.schema
      .createTable('sessions')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('csrf_token', 'varchar(64)', (c) => c.notNull())
      .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('last_seen_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('revoked_at', 'varchar(30)')
      .addColumn('client_ip', 'varchar(64)')
      .addColumn('user_agent', 'varchar(300)')
      .execute();
    await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

    await withId(db.schema.createTable('login_attempts'), dialect)
      .addColumn('username', 'varchar(64)', (c) => c.notNull())
      .addColumn('client_ip', 'varchar(64)')
      .addColumn('at', 'varchar(30)', (c) => c.notNull())
      .addColumn('success', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('login_attempts_user_at_idx').on('login_attempts').columns(['username', 'at']).execute();

    await withId(db.schema.createTable('api_tokens'), dialect)
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('name', 'varchar(100)', (c) => c.notNull())
      .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('prefix', 'varchar(16)', (c) => c.notNull())
      .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('last_used_at', 'varchar(30)')
      .addColumn('revoked_at', 'varchar(30)')
      .execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('seq', 'integer', (c) => c.primaryKey())
      .addColumn('at', 'varchar(30)', (c) => c.notNull())
      .addColumn('actor_id', 'integer')
      .addColumn('actor_name', 'varchar(64)')
      .addColumn('actor_role', 'varchar(300)')
      .addColumn('action', 'varchar(64)', (c) => c.notNull())
      .addColumn('target_type', 'varchar(32)')
      .addColumn('target_id', 'varchar(64)')
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('request_id', 'varchar(64)')
      .addColumn('client_ip', 'varchar(64)')
      .addColumn('prev_hash', 'varchar(64)', (c) => c.notNull())
      .addColumn('hash', 'varchar(64)', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute();
    await db.schema.createIndex('audit_log_actor_idx').on('audit_log').columns(['actor_id', 'seq']).execute();
    await db.schema.createIndex('audit_log_action_idx').on('audit_log').columns(['action', 'seq']).execute();
    await db.schema.createIndex('audit_log_target_idx').on('audit_log').columns(['target_type', 'target_id']).execute();

    await db.schema
      .createTable('audit_head')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('hash', 'varchar(64)', (c) => c.notNull())
      .execute();
    // The head row exists from the start so appends only ever update (and lock) it.
    await db
      .insertInto('audit_head' as never)
      .values({ id: 1, seq: 0, hash: '0'.repeat(64) })
      .execute();

    await db.schema
      .createTable('job_leases')
      .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('holder', 'varchar(100)')
      .addColumn('expires_at', 'varchar(30)')
      .addColumn('last_started_at', 'varchar(30)')
      .addColumn('last_finished_at', 'varchar(30)')
      .execute();

    await withId(db.schema.createTable('job_runs'), dialect)
      .addColumn('name', 'varchar(64)', (c) => c.notNull())
      .addColumn('holder', 'varchar(100)', (c) => c.notNull())
      .addColumn('started_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('finished_at', 'varchar(30)')
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('detail', 'text')
      .execute();

    await db.schema
      .createTable('meta')
      .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
  },
};
