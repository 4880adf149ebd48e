import { sql, type Selectable } from 'kysely';
import type { Executor } from '../database.js';
import type { CasePlusOnesTable, CaseSatisfactionTable } from '../schema.js';
import { OPEN_CASE_STATES } from '../../shared/case-enums.js';

export type PlusOneRow = Selectable<CasePlusOnesTable>;
export type SatisfactionRow = Selectable<CaseSatisfactionTable>;

/** The columns of a case the public side reads (never reporter_id, reporter_contact or snapshot). */
const PUBLIC_COLUMNS = [
  'id',
  'number',
  'state',
  'source',
  'category_code',
  'description',
  'address',
  'lon',
  'lat',
  'assigned_unit_id',
  'deadline',
  'closed_at',
  'created_at',
  'public_token_hash',
  'position_private',
  'plus_one_count',
] as const;

/** A case as the public side reads it. */
export interface PublicCaseRow {
  id: number;
  number: string;
  state: string;
  source: string;
  category_code: string;
  description: string;
  address: string | null;
  lon: number | null;
  lat: number | null;
  assigned_unit_id: number | null;
  deadline: string | null;
  closed_at: string | null;
  created_at: string;
  public_token_hash: string | null;
  position_private: number;
  plus_one_count: number;
}

/**
 * Queries of the public intake and tracking (issue 15): cases by number, duplicate
 * candidates, "我也遇到" (+1), spent proofs of work and the public map. Only the columns
 * a public answer may draw on are selected, so a presenter cannot leak what it never read.
 */
export const publicCaseRepository = {
  async byNumber(db: Executor, number: string): Promise<PublicCaseRow | undefined> {
    return db.selectFrom('cases').select(PUBLIC_COLUMNS).where('number', '=', number).executeTakeFirst();
  },

  /**
   * Open citizen cases of `categoryCode` reported since `since` (ISO) whose point lies in
   * the box around the new report; the caller measures the exact distance.
   */
  async nearbyOpen(
    db: Executor,
    f: { categoryCode: string; since: string; box: [number, number, number, number] },
  ): Promise<PublicCaseRow[]> {
    const [minLon, minLat, maxLon, maxLat] = f.box;
    return db
      .selectFrom('cases')
      .select(PUBLIC_COLUMNS)
      .where('category_code', '=', f.categoryCode)
      .where('source', '=', 'citizen')
      .where('state', 'in', [...OPEN_CASE_STATES])
      .where('created_at', '>=', f.since)
      .where('lon', '>=', minLon)
      .where('lon', '<=', maxLon)
      .where('lat', '>=', minLat)
      .where('lat', '<=', maxLat)
      .orderBy('created_at', 'desc')
      .limit(50)
      .execute();
  },

  /** Sets what only a public report has, inside the report's transaction. */
  async markPublic(db: Executor, caseId: number, f: { tokenHash: string; reporterName: string | null; positionPrivate: boolean }) {
    await db
      .updateTable('cases')
      .set({ public_token_hash: f.tokenHash, reporter_name: f.reporterName, position_private: f.positionPrivate ? 1 : 0 })
      .where('id', '=', caseId)
      .execute();
  },

  /** Adds one to an open case's +1 count; false when the case closed meanwhile. Returns the new count. */
  async incrementPlusOnes(db: Executor, caseId: number): Promise<number | null> {
    const r = await db
      .updateTable('cases')
      .set({ plus_one_count: sql`plus_one_count + 1` })
      .where('id', '=', caseId)
      .where('state', 'in', [...OPEN_CASE_STATES])
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return null;
    const row = await db.selectFrom('cases').select('plus_one_count').where('id', '=', caseId).executeTakeFirstOrThrow();
    return Number(row.plus_one_count);
  },

  async insertPlusOne(
    db: Executor,
    row: { case_id: number; at: string; description: string | null; file_id: number | null; device_hash: string; ip_hash: string },
  ): Promise<void> {
    await db.insertInto('case_plus_ones').values(row).execute();
  },

  /** Records a proof of work as used; false when it already was (a replay). */
  async spendPow(db: Executor, challenge: string, expiresAt: string): Promise<boolean> {
    const r = await db
      .insertInto('pow_spent')
      .values({ challenge, expires_at: expiresAt })
      .onConflict((oc) => oc.column('challenge').doNothing())
      .returning('challenge')
      .executeTakeFirst();
    return r !== undefined;
  },

  async powSpent(db: Executor, challenge: string): Promise<boolean> {
    return (await db.selectFrom('pow_spent').select('challenge').where('challenge', '=', challenge).executeTakeFirst()) !== undefined;
  },

  /** Forgets proofs that expired before `before` (ISO): an expired challenge is refused anyway. */
  async pruneSpent(db: Executor, before: string): Promise<number> {
    const r = await db.deleteFrom('pow_spent').where('expires_at', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows);
  },

  async events(db: Executor, caseId: number) {
    return db.selectFrom('case_events').select(['action', 'to_state', 'at', 'note']).where('case_id', '=', caseId).orderBy('seq').execute();
  },

  /** Photos of a case in a phase list (ids and mime only). */
  async files(db: Executor, caseId: number, phases: string[]) {
    return db
      .selectFrom('files')
      .select(['id', 'phase', 'mime'])
      .where('case_id', '=', caseId)
      .where('phase', 'in', phases)
      .orderBy('id')
      .execute();
  },

  async unitName(db: Executor, unitId: number): Promise<string | null> {
    const row = await db.selectFrom('units').select('name').where('id', '=', unitId).executeTakeFirst();
    return row?.name ?? null;
  },

  async satisfaction(db: Executor, caseId: number): Promise<SatisfactionRow | undefined> {
    return db.selectFrom('case_satisfaction').selectAll().where('case_id', '=', caseId).executeTakeFirst();
  },

  /** Recent citizen cases of the given categories with a point not marked private, newest first. */
  async recentForMap(db: Executor, f: { categoryCodes: string[]; since: string; limit: number }): Promise<PublicCaseRow[]> {
    if (f.categoryCodes.length === 0) return [];
    return db
      .selectFrom('cases')
      .select(PUBLIC_COLUMNS)
      .where('source', '=', 'citizen')
      .where('category_code', 'in', f.categoryCodes)
      .where('created_at', '>=', f.since)
      .where('position_private', '=', 0)
      .where('lon', 'is not', null)
      .where('lat', 'is not', null)
      .where('number', 'not like', '~%')
      .orderBy('created_at', 'desc')
      .limit(f.limit)
      .execute();
  },
};
