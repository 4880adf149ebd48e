import { sql, type Kysely } from 'kysely';
import type { DialectMigration } from './helpers.js';

/**
 * Issue 14 (speed): version counters of data that answers are memoized over. One row per name,
 * bumped (`dataVersionRepository.bump`) in the same transaction by every repository function that
 * writes what the memoized answers read — the project roll-ups read `project_rollups`, bumped by
 * writes of projects, members, batches and their items, stage records and spans, annual plans and
 * monthly reports. Reading one row replaces the fingerprint of counts and sums over those tables
 * (120 000 monthly reports at the target scale), docs/PERFORMANCE.md.
 */
export const dataVersions: DialectMigration = {
  name: '0023_data_versions',
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('data_versions')
      .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('version', 'bigint', (c) => c.notNull())
      .execute();
    await sql`insert into data_versions (name, version) values ('project_rollups', 0)`.execute(db);
  },
};
