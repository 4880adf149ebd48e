import { SYSTEM_ACCOUNT_MARK } from '../../domain/auth/system-accounts.js';
import { sql } from 'kysely';
import type { Executor } from '../database.js';

/**
 * Storage of the public side's shared plumbing (issue 15): HQ's settings row, the
 * fixed-window rate-limit counters every instance shares, and the system accounts
 * anonymous reports and integrators' reports are recorded under.
 */
export const publicRepository = {
  /** The stored settings JSON (parsed), or {} when none were saved. */
  async settings(db: Executor): Promise<unknown> {
    const row = await db.selectFrom('public_settings').select('settings').where('id', '=', 1).executeTakeFirst();
    return row ? (JSON.parse(row.settings) as unknown) : {};
  },

  async saveSettings(db: Executor, settings: unknown, at: string, by: number): Promise<void> {
    await db
      .updateTable('public_settings')
      .set({ settings: JSON.stringify(settings), updated_at: at, updated_by: by })
      .where('id', '=', 1)
      .execute();
  },

  /**
   * Counts one hit in `bucket`'s window starting at `windowStart` (epoch ms) and returns the
   * window's count including it. One upsert, so concurrent instances never lose a hit.
   */
  async hit(db: Executor, bucket: string, windowStart: number): Promise<number> {
    const row = await db
      .insertInto('rate_limit_hits')
      .values({ bucket, window_start: windowStart, hits: 1 })
      .onConflict((oc) => oc.columns(['bucket', 'window_start']).doUpdateSet({ hits: sql`rate_limit_hits.hits + 1` }))
      .returning('hits')
      .executeTakeFirstOrThrow();
    return Number(row.hits);
  },

  /** Drops windows that ended before `before` (epoch ms); returns how many. */
  async pruneHits(db: Executor, before: number): Promise<number> {
    const r = await db.deleteFrom('rate_limit_hits').where('window_start', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows);
  },

  /** The id of the system account `username`, creating it (never able to log in) when missing. */
  async systemUser(db: Executor, username: string, displayName: string, unitId: number, at: string): Promise<number> {
    const found = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
    if (found) return found.id;
    await db
      .insertInto('users')
      .values({
        username,
        display_name: displayName,
        // Not a hash any verifier accepts, and the account is inactive: nobody logs in as it.
        password_hash: SYSTEM_ACCOUNT_MARK,
        unit_id: unitId,
        phone: null,
        email: null,
        is_active: 0,
        locked_at: null,
        password_changed_at: at,
        created_at: at,
        updated_at: at,
      })
      .onConflict((oc) => oc.column('username').doNothing())
      .execute();
    const row = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow();
    return row.id;
  },

  /** The city's root unit (the one without a parent, lowest id). */
  async rootUnit(db: Executor): Promise<{ id: number; path: string; name: string } | undefined> {
    return db.selectFrom('units').select(['id', 'path', 'name']).where('parent_id', 'is', null).orderBy('id').limit(1).executeTakeFirst();
  },
};
