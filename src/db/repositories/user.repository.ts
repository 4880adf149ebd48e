import { sql } from 'kysely';
import type { Executor } from '../database.js';
import { prepared } from '../prepared.js';
import { likePattern } from './like.js';
import type { UserRow } from '../schema.js';

export interface GrantRow {
  id: number;
  user_id: number;
  role: string;
  unit_id: number;
  unit_path: string;
  unit_code: string;
  unit_name: string;
}

export interface UserFilter {
  q?: string;
  unitPath?: string;
  /** When set, only users whose unit lies under one of these paths. */
  scopePaths?: string[];
  role?: string;
  offset: number;
  limit: number;
}

// Built once per number of roles (src/db/prepared.ts): every case action asks who to notify.
/**
 * The active, unlocked holders of `roles` on a unit covering `unitPath` (the unit or one above
 * it; `/`, the whole city, for a case no unit holds yet: every holder), as a query to run or to
 * nest (a report's first statement on PostgreSQL). The `%` and `/` go as values: a quote in the
 * text would keep a statement from travelling with its transaction's BEGIN
 * (src/db/pg-transaction-ends.ts).
 */
export function holdersCoveringQuery(db: Executor, roles: readonly string[], unitPath: string) {
  return db
    .selectFrom('role_grants as g')
    .innerJoin('units as u', 'u.id', 'g.unit_id')
    .innerJoin('users as p', 'p.id', 'g.user_id')
    .select('g.user_id')
    .distinct()
    .where('g.role', 'in', roles)
    .where('p.is_active', '=', 1)
    .where('p.locked_at', 'is', null)
    .where(sql<boolean>`(${unitPath} like u.path || ${'%'} or ${unitPath} = ${'/'})`);
}

const holdersCovering = prepared((db, p: { roles: string[]; unitPath: string }) => holdersCoveringQuery(db, p.roles, p.unitPath));

/** Queries on accounts and their role grants. */
export const userRepository = {
  async byId(db: Executor, id: number): Promise<UserRow | undefined> {
    return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async byUsername(db: Executor, username: string): Promise<UserRow | undefined> {
    return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  },

  async byUsernames(db: Executor, usernames: string[]): Promise<UserRow[]> {
    if (usernames.length === 0) return [];
    return db.selectFrom('users').selectAll().where('username', 'in', usernames).execute();
  },

  async byIds(db: Executor, ids: number[]): Promise<UserRow[]> {
    if (ids.length === 0) return [];
    return db.selectFrom('users').selectAll().where('id', 'in', ids).execute();
  },

  async search(db: Executor, f: UserFilter): Promise<{ rows: UserRow[]; total: number }> {
    let q = db.selectFrom('users');
    if (f.q) {
      const like = likePattern(f.q);
      q = q.where(
        sql<boolean>`(lower(username) like ${like} escape '\\' or lower(display_name) like ${like} escape '\\' or phone like ${like} escape '\\')`,
      );
    }
    if (f.unitPath) {
      const path = f.unitPath;
      q = q.where('unit_id', 'in', (eb) => eb.selectFrom('units').select('id').where('path', 'like', `${path}%`));
    }
    if (f.scopePaths) {
      const paths = f.scopePaths;
      q = q.where('unit_id', 'in', (eb) =>
        eb
          .selectFrom('units')
          .select('id')
          .where((w) => w.or(paths.map((p) => w('path', 'like', `${p}%`)))),
      );
    }
    if (f.role) {
      const role = f.role;
      q = q.where('id', 'in', (eb) => eb.selectFrom('role_grants').select('user_id').where('role', '=', role));
    }
    const totalRow = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await q.selectAll().orderBy('id').offset(f.offset).limit(f.limit).execute();
    return { rows, total: Number(totalRow.n) };
  },

  async all(db: Executor): Promise<UserRow[]> {
    return db.selectFrom('users').selectAll().orderBy('id').execute();
  },

  async insert(db: Executor, row: Omit<UserRow, 'id'>): Promise<number> {
    const r = await db.insertInto('users').values(row).returning('id').executeTakeFirstOrThrow();
    return r.id;
  },

  async update(db: Executor, id: number, patch: Partial<Omit<UserRow, 'id'>>): Promise<void> {
    await db.updateTable('users').set(patch).where('id', '=', id).execute();
  },

  async grantsOf(db: Executor, userIds: number[]): Promise<GrantRow[]> {
    if (userIds.length === 0) return [];
    return db
      .selectFrom('role_grants as g')
      .innerJoin('units as u', 'u.id', 'g.unit_id')
      .select(['g.id', 'g.user_id', 'g.role', 'g.unit_id', 'u.path as unit_path', 'u.code as unit_code', 'u.name as unit_name'])
      .where('g.user_id', 'in', userIds)
      .orderBy('g.id')
      .execute();
  },

  async replaceGrants(db: Executor, userId: number, grants: { role: string; unitId: number }[], now: string): Promise<void> {
    await db.deleteFrom('role_grants').where('user_id', '=', userId).execute();
    if (grants.length === 0) return;
    await db
      .insertInto('role_grants')
      .values(grants.map((g) => ({ user_id: userId, role: g.role, unit_id: g.unitId, created_at: now })))
      .execute();
  },

  /** Active users holding one of `roles` on a unit whose subtree contains `unitPath`. */
  async holdersCovering(db: Executor, roles: string[], unitPath: string): Promise<number[]> {
    if (roles.length === 0) return [];
    const { rows } = await holdersCovering(db, { roles, unitPath });
    return rows.map((r) => r.user_id);
  },

  async count(db: Executor): Promise<number> {
    const r = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },
};
