import type { Insertable } from 'kysely';
import type { Executor } from '../database.js';
import type { CategoriesTable } from '../schema.js';
import { dataVersionRepository } from './data-version.repository.js';

/**
 * Queries on case categories and the working-day calendar. Every write bumps the `case_policy`
 * version in the writer's transaction: each instance caches the policy and re-reads it when the
 * version moved (CasePolicyService), so a change made on one instance reaches the others.
 */
export const policyRepository = {
  async categories(db: Executor) {
    return db.selectFrom('categories').selectAll().orderBy('sort_order').orderBy('code').execute();
  },
  async countCategories(db: Executor): Promise<number> {
    const r = await db
      .selectFrom('categories')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },
  async insertCategories(db: Executor, rows: Insertable<CategoriesTable>[]): Promise<void> {
    if (!rows.length) return;
    await db.insertInto('categories').values(rows).execute();
    await dataVersionRepository.bump(db, 'case_policy');
  },
  async calendarDays(db: Executor) {
    return db.selectFrom('calendar_days').selectAll().orderBy('day').execute();
  },
  async countCalendarDays(db: Executor): Promise<number> {
    const r = await db
      .selectFrom('calendar_days')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },
  async insertCalendarDays(db: Executor, rows: { day: string; kind: string; note: string | null }[]): Promise<void> {
    if (!rows.length) return;
    await db.insertInto('calendar_days').values(rows).execute();
    await dataVersionRepository.bump(db, 'case_policy');
  },
};

/** Writes to the case configuration. */
export const policyWriteRepository = {
  async categoryByCode(db: Executor, code: string) {
    return db.selectFrom('categories').selectAll().where('code', '=', code).executeTakeFirst();
  },
  async updateCategory(db: Executor, code: string, patch: Partial<Insertable<CategoriesTable>>): Promise<void> {
    await db.updateTable('categories').set(patch).where('code', '=', code).execute();
    await dataVersionRepository.bump(db, 'case_policy');
  },
  async maxSortOrder(db: Executor): Promise<number> {
    const r = await db
      .selectFrom('categories')
      .select((eb) => eb.fn.max<number>('sort_order').as('m'))
      .executeTakeFirst();
    return Number(r?.m ?? 0);
  },
  async setDay(db: Executor, day: string, kind: 'holiday' | 'workday', note: string | null): Promise<void> {
    await db
      .insertInto('calendar_days')
      .values({ day, kind, note })
      .onConflict((oc) => oc.column('day').doUpdateSet({ kind, note }))
      .execute();
    await dataVersionRepository.bump(db, 'case_policy');
  },
  async clearDay(db: Executor, day: string): Promise<void> {
    await db.deleteFrom('calendar_days').where('day', '=', day).execute();
    await dataVersionRepository.bump(db, 'case_policy');
  },
};
