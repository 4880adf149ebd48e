import { sql } from 'kysely';
import type { Executor } from '../database.js';
import { prepared } from '../prepared.js';
import type { NewUnitRow, UnitRow, UnitUpdate } from '../schema.js';

/** Kinds of rows that keep a unit from being deleted. */
export const UNIT_REFERENCE_KINDS = ['childUnits', 'users', 'roleGrants', 'cases', 'checkPoints', 'inspectionPlans', 'letters'] as const;
export type UnitReferenceKind = (typeof UNIT_REFERENCE_KINDS)[number];

// Built once (src/db/prepared.ts): a report's area, a case's unit, a grant's unit.
const unitById = prepared((db, p: { id: number }) => db.selectFrom('units').selectAll().where('id', '=', p.id));

/** Queries on the unit tree. */
export const unitRepository = {
  async list(db: Executor): Promise<UnitRow[]> {
    return db.selectFrom('units').selectAll().orderBy('depth').orderBy('sort_order').orderBy('code').execute();
  },

  async byId(db: Executor, id: number): Promise<UnitRow | undefined> {
    return (await unitById(db, { id })).rows[0];
  },

  async byCode(db: Executor, code: string): Promise<UnitRow | undefined> {
    return db.selectFrom('units').selectAll().where('code', '=', code).executeTakeFirst();
  },

  async byCodes(db: Executor, codes: string[]): Promise<UnitRow[]> {
    if (codes.length === 0) return [];
    return db.selectFrom('units').selectAll().where('code', 'in', codes).execute();
  },

  async byIds(db: Executor, ids: number[]): Promise<UnitRow[]> {
    if (ids.length === 0) return [];
    return db.selectFrom('units').selectAll().where('id', 'in', ids).execute();
  },

  /** Inserts with a placeholder path, then sets the path from the new id. */
  async insert(db: Executor, row: Omit<NewUnitRow, 'path' | 'depth'>, parentPath: string | null): Promise<UnitRow> {
    const { id } = await db
      .insertInto('units')
      .values({ ...row, path: '/', depth: 0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const path = `${parentPath ?? '/'}${id}/`;
    const depth = path.split('/').length - 3;
    await db.updateTable('units').set({ path, depth }).where('id', '=', id).execute();
    return (await unitRepository.byId(db, id))!;
  },

  async update(db: Executor, id: number, patch: UnitUpdate): Promise<void> {
    await db.updateTable('units').set(patch).where('id', '=', id).execute();
  },

  /** Rewrites the paths of a unit and all its descendants after a move. */
  async movePaths(db: Executor, oldPath: string, newPath: string): Promise<void> {
    const delta = newPath.split('/').length - oldPath.split('/').length;
    await db
      .updateTable('units')
      .set({
        path: sql<string>`${newPath} || substr(path, ${oldPath.length + 1})`,
        depth: sql<number>`depth + ${delta}`,
      })
      .where('path', 'like', `${oldPath}%`)
      .execute();
  },

  /**
   * What still refers to a unit, per kind (only kinds with at least one row): every
   * table whose foreign key names units, so a delete that passes this check cannot
   * fail on a constraint.
   */
  async referencesByKind(db: Executor, id: number): Promise<Partial<Record<UnitReferenceKind, number>>> {
    const num = (r: { n: number | string | bigint }) => Number(r.n);
    const found: Record<UnitReferenceKind, number> = {
      childUnits: num(
        await db
          .selectFrom('units')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('parent_id', '=', id)
          .executeTakeFirstOrThrow(),
      ),
      users: num(
        await db
          .selectFrom('users')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('unit_id', '=', id)
          .executeTakeFirstOrThrow(),
      ),
      roleGrants: num(
        await db
          .selectFrom('role_grants')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('unit_id', '=', id)
          .executeTakeFirstOrThrow(),
      ),
      cases: num(
        await db
          .selectFrom('cases')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where((eb) => eb.or([eb('area_unit_id', '=', id), eb('assigned_unit_id', '=', id)]))
          .executeTakeFirstOrThrow(),
      ),
      checkPoints: num(
        await db
          .selectFrom('checkpoints')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where((eb) => eb.or([eb('responsible_unit_id', '=', id), eb('area_unit_id', '=', id)]))
          .executeTakeFirstOrThrow(),
      ),
      inspectionPlans: num(
        await db
          .selectFrom('inspection_plans')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('unit_id', '=', id)
          .executeTakeFirstOrThrow(),
      ),
      letters: num(
        await db
          .selectFrom('letters')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('unit_id', '=', id)
          .executeTakeFirstOrThrow(),
      ),
    };
    return Object.fromEntries(Object.entries(found).filter(([, v]) => v > 0));
  },

  async delete(db: Executor, id: number): Promise<void> {
    await db.deleteFrom('units').where('id', '=', id).execute();
  },

  async count(db: Executor): Promise<number> {
    const r = await db
      .selectFrom('units')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },
};
