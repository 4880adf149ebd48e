import { sql, type Selectable } from 'kysely';
import type { Executor } from '../database.js';
import type { CheckpointsTable } from '../schema.js';
import { likePattern } from './like.js';

export type CheckpointRow = Selectable<CheckpointsTable>;
export type CheckpointFields = Omit<CheckpointRow, 'id' | 'created_at' | 'updated_at'>;

export interface CheckpointFilter {
  type?: string;
  unitId?: number;
  mustCheck?: boolean;
  isNew?: boolean;
  active?: boolean;
  q?: string;
  ids?: number[];
}

/** Queries of the check point registry. */
export const checkpointRepository = {
  async list(db: Executor, f: CheckpointFilter = {}): Promise<CheckpointRow[]> {
    let q = db.selectFrom('checkpoints').selectAll();
    if (f.type !== undefined) q = q.where('type', '=', f.type);
    if (f.unitId !== undefined) q = q.where('responsible_unit_id', '=', f.unitId);
    if (f.mustCheck !== undefined) q = q.where('must_check', '=', f.mustCheck ? 1 : 0);
    if (f.isNew !== undefined) q = q.where('is_new', '=', f.isNew ? 1 : 0);
    if (f.active !== undefined) q = q.where('active', '=', f.active ? 1 : 0);
    if (f.ids !== undefined) q = f.ids.length === 0 ? q.where('id', '=', -1) : q.where('id', 'in', f.ids);
    if (f.q) {
      const like = likePattern(f.q);
      q = q.where(
        sql<boolean>`(lower(name) like ${like} escape '\\' or lower(code) like ${like} escape '\\' or lower(coalesce(address, '')) like ${like} escape '\\')`,
      );
    }
    return q.orderBy('code').execute();
  },

  async byId(db: Executor, id: number): Promise<CheckpointRow | undefined> {
    return db.selectFrom('checkpoints').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async byCodes(db: Executor, codes: string[]): Promise<CheckpointRow[]> {
    if (codes.length === 0) return [];
    const out: CheckpointRow[] = [];
    for (let i = 0; i < codes.length; i += 500)
      out.push(
        ...(await db
          .selectFrom('checkpoints')
          .selectAll()
          .where('code', 'in', codes.slice(i, i + 500))
          .execute()),
      );
    return out;
  },

  async insert(db: Executor, fields: CheckpointFields, now: string): Promise<number> {
    return (
      await db
        .insertInto('checkpoints')
        .values({ ...fields, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  },

  async update(db: Executor, id: number, fields: Partial<CheckpointFields>, now: string): Promise<void> {
    await db
      .updateTable('checkpoints')
      .set({ ...fields, updated_at: now })
      .where('id', '=', id)
      .execute();
  },

  /** 得分率 inputs of the latest inspections of each point, newest first. */
  async recentInspections(
    db: Executor,
    pointIds: number[],
  ): Promise<{ checkpoint_id: number; earned: number; possible: number; started_at: string }[]> {
    if (pointIds.length === 0) return [];
    const out: { checkpoint_id: number; earned: number; possible: number; started_at: string }[] = [];
    for (let i = 0; i < pointIds.length; i += 500) {
      out.push(
        ...(await db
          .selectFrom('inspections')
          .select(['checkpoint_id', 'earned', 'possible', 'started_at'])
          .where('checkpoint_id', 'in', pointIds.slice(i, i + 500))
          .orderBy('started_at', 'desc')
          .orderBy('id', 'desc')
          .execute()),
      );
    }
    return out;
  },

  /** Creation times of cases raised at the points since `from`. */
  async caseTimes(db: Executor, pointIds: number[], from: string): Promise<{ check_point_id: number; created_at: string }[]> {
    if (pointIds.length === 0) return [];
    const out: { check_point_id: number; created_at: string }[] = [];
    for (let i = 0; i < pointIds.length; i += 500) {
      const rows = await db
        .selectFrom('cases')
        .select(['check_point_id', 'created_at'])
        .where('check_point_id', 'in', pointIds.slice(i, i + 500))
        .where('created_at', '>=', from)
        .execute();
      for (const r of rows) if (r.check_point_id !== null) out.push({ check_point_id: r.check_point_id, created_at: r.created_at });
    }
    return out;
  },
};
