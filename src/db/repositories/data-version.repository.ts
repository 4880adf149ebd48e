import { sql } from 'kysely';
import type { Executor } from '../database.js';

/** The names of the counters in `data_versions` (migration 0023). */
export type DataVersionName = 'project_rollups' | 'case_policy';

/**
 * Version counters of data that answers are memoized over (migration 0023). The repository
 * functions that write what a memoized answer reads call `bump` in their own transaction, so a
 * reader that sees the new rows sees the new version too, and no service can forget it.
 */
export const dataVersionRepository = {
  /**
   * Adds one to the counter `name` (creating it when missing). On PostgreSQL the row stays locked
   * until the writer's transaction ends, so bumps are ordered as the commits are.
   */
  async bump(db: Executor, name: DataVersionName): Promise<void> {
    // One statement, so two instances bumping a counter that is not there yet do not both insert.
    await db
      .insertInto('data_versions')
      .values({ name, version: 1 })
      .onConflict((oc) => oc.column('name').doUpdateSet({ version: sql<number>`data_versions.version + 1` }))
      .execute();
  },

  /** The counter's value (0 when never bumped). */
  async get(db: Executor, name: DataVersionName): Promise<number> {
    const r = await db.selectFrom('data_versions').select('version').where('name', '=', name).executeTakeFirst();
    return Number(r?.version ?? 0);
  },
};
