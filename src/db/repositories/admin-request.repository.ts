import type { Executor } from '../database.js';
import type { AdminRequestRow } from '../schema.js';

/** Queries on admin requests (changes waiting for a second administrator). */
export const adminRequestRepository = {
  async insert(
    db: Executor,
    r: { kind: string; target_user_id: number | null; payload: string; requested_by: number; expires_at: string; created_at: string },
  ): Promise<number> {
    const row = await db
      .insertInto('admin_requests')
      .values({ ...r, status: 'pending', decided_by: null, decided_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  },

  async byId(db: Executor, id: number): Promise<AdminRequestRow | undefined> {
    return db.selectFrom('admin_requests').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async list(db: Executor, f: { status?: string; offset: number; limit: number }): Promise<{ rows: AdminRequestRow[]; total: number }> {
    let q = db.selectFrom('admin_requests');
    if (f.status) q = q.where('status', '=', f.status);
    const { n } = await q.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    const rows = await q.selectAll().orderBy('id', 'desc').offset(f.offset).limit(f.limit).execute();
    return { rows, total: Number(n) };
  },

  /** Pending requests whose time is up. */
  async duePending(db: Executor, nowIso: string): Promise<AdminRequestRow[]> {
    return db
      .selectFrom('admin_requests')
      .selectAll()
      .where('status', '=', 'pending')
      .where('expires_at', '<=', nowIso)
      .orderBy('id')
      .execute();
  },

  /** Moves a pending request to its final status; false when someone else already did. */
  async decide(db: Executor, id: number, status: string, decidedBy: number | null, nowIso: string): Promise<boolean> {
    const res = await db
      .updateTable('admin_requests')
      .set({ status, decided_by: decidedBy, decided_at: nowIso })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },

  /** Display names of the people named in requests. */
  async people(db: Executor, ids: number[]): Promise<{ id: number; username: string; display_name: string }[]> {
    if (ids.length === 0) return [];
    return db.selectFrom('users').select(['id', 'username', 'display_name']).where('id', 'in', ids).execute();
  },
};
