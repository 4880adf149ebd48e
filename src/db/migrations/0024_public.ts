import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { withId, type DialectMigration } from './helpers.js';

/**
 * Issue 15: citizens without an account and Open311 integrators. Every table of the public
 * side is created here so the parts (intake, tracking and 回访, Open311 and keys) build on one
 * schema.
 *
 * - `public_settings`: HQ's switches and limits (one row, JSON; domain/public/public-settings.ts).
 * - `cases` gains what an anonymous report needs: the hash of its follow-up token (the token
 *   itself is shown once, to the reporter), the reporter's optional name (the phone goes in the
 *   existing `reporter_contact`), whether its exact position is private, the count of "我也遇到"
 *   (+1) for HQ, and the API key that sent it (Open311).
 * - `case_plus_ones`: each "我也遇到" with its own photo; hashes of the device and address only.
 * - `case_satisfaction`: the reporter's 回访 rating of a closed case and HQ's review of a 不满意.
 * - `api_keys`: integrators' keys, stored as SHA-256 (shown once), with name, source and rate.
 * - `rate_limit_hits`: fixed-window counters shared by every instance (per IP, device, key).
 * - `pow_spent`: proof-of-work challenges already used, so a solved one is not replayed.
 */
export const publicSide: DialectMigration = {
  name: '0024_public',
  async up(db: Kysely<unknown>, dialect: Dialect) {
    await db.schema
      .createTable('public_settings')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('settings', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(30)')
      .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
      .execute();
    await sql`insert into public_settings (id, settings) values (1, '{}')`.execute(db);

    await db.schema.alterTable('cases').addColumn('public_token_hash', 'varchar(64)').execute();
    await db.schema.alterTable('cases').addColumn('reporter_name', 'varchar(50)').execute();
    await db.schema
      .alterTable('cases')
      .addColumn('position_private', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .alterTable('cases')
      .addColumn('plus_one_count', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('cases').addColumn('api_key_id', 'integer').execute();

    await withId(db.schema.createTable('case_plus_ones'), dialect)
      .addColumn('case_id', 'integer', (c) => c.notNull().references('cases.id'))
      .addColumn('at', 'varchar(30)', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('file_id', 'integer', (c) => c.references('files.id'))
      .addColumn('device_hash', 'varchar(64)')
      .addColumn('ip_hash', 'varchar(64)')
      .execute();
    await db.schema.createIndex('case_plus_ones_case_idx').on('case_plus_ones').columns(['case_id', 'at']).execute();

    await db.schema
      .createTable('case_satisfaction')
      .addColumn('case_id', 'integer', (c) => c.primaryKey().references('cases.id'))
      .addColumn('rating', 'varchar(24)', (c) => c.notNull())
      .addColumn('comment', 'text')
      .addColumn('rated_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('unit_id', 'integer', (c) => c.references('units.id'))
      .addColumn('review', 'varchar(16)')
      .addColumn('review_note', 'text')
      .addColumn('reviewed_by', 'integer', (c) => c.references('users.id'))
      .addColumn('reviewed_at', 'varchar(30)')
      .execute();
    await db.schema.createIndex('case_satisfaction_review_idx').on('case_satisfaction').columns(['rating', 'review']).execute();
    await db.schema.createIndex('case_satisfaction_unit_idx').on('case_satisfaction').columns(['unit_id', 'rated_at']).execute();

    await withId(db.schema.createTable('api_keys'), dialect)
      .addColumn('name', 'varchar(100)', (c) => c.notNull().unique())
      .addColumn('key_hash', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('key_prefix', 'varchar(16)', (c) => c.notNull())
      .addColumn('source', 'varchar(24)', (c) => c.notNull())
      .addColumn('rate_per_minute', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'integer', (c) => c.references('users.id'))
      .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('revoked_at', 'varchar(30)')
      .addColumn('revoked_by', 'integer', (c) => c.references('users.id'))
      .addColumn('last_used_at', 'varchar(30)')
      .execute();

    await db.schema
      .createTable('rate_limit_hits')
      .addColumn('bucket', 'varchar(200)', (c) => c.notNull())
      .addColumn('window_start', 'bigint', (c) => c.notNull())
      .addColumn('hits', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('rate_limit_hits_pk', ['bucket', 'window_start'])
      .execute();

    await db.schema
      .createTable('pow_spent')
      .addColumn('challenge', 'varchar(200)', (c) => c.primaryKey())
      .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('pow_spent_expiry_idx').on('pow_spent').column('expires_at').execute();
  },
};
