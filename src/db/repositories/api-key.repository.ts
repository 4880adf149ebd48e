import type { Selectable } from 'kysely';
import type { Executor } from '../database.js';
import type { ApiKeysTable } from '../schema.js';

/** A stored integrator's key (its secret only as SHA-256). */
export type ApiKeyRow = Selectable<ApiKeysTable>;

/** An API key row with the name of the person who issued it. */
export type ApiKeyListRow = ApiKeyRow & { created_by_name: string | null };

/** Storage of integrators' Open311 API keys (issue 15 point 7; table from migration 0024). */
export const apiKeyRepository = {
  async insert(
    db: Executor,
    v: { name: string; keyHash: string; keyPrefix: string; source: string; ratePerMinute: number; createdBy: number; at: string },
  ): Promise<number> {
    const row = await db
      .insertInto('api_keys')
      .values({
        name: v.name,
        key_hash: v.keyHash,
        key_prefix: v.keyPrefix,
        source: v.source,
        rate_per_minute: v.ratePerMinute,
        created_by: v.createdBy,
        created_at: v.at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  },

  /** Every key, newest first, with its issuer's display name. */
  async list(db: Executor, id?: number): Promise<ApiKeyListRow[]> {
    let q = db
      .selectFrom('api_keys')
      .leftJoin('users', 'users.id', 'api_keys.created_by')
      .selectAll('api_keys')
      .select('users.display_name as created_by_name');
    if (id !== undefined) q = q.where('api_keys.id', '=', id);
    return q.orderBy('api_keys.id', 'desc').execute();
  },

  async byId(db: Executor, id: number): Promise<ApiKeyRow | undefined> {
    return db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async byName(db: Executor, name: string): Promise<ApiKeyRow | undefined> {
    return db.selectFrom('api_keys').selectAll().where('name', '=', name).executeTakeFirst();
  },

  async byHash(db: Executor, keyHash: string): Promise<ApiKeyRow | undefined> {
    return db.selectFrom('api_keys').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
  },

  /** Marks a key revoked unless it already is; true when this call revoked it. */
  async revoke(db: Executor, id: number, at: string, by: number): Promise<boolean> {
    const r = await db
      .updateTable('api_keys')
      .set({ revoked_at: at, revoked_by: by })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },

  async touch(db: Executor, id: number, at: string): Promise<void> {
    await db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute();
  },
};
