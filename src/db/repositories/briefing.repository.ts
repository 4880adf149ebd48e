import { sql } from 'kysely';
import type { Executor } from '../database.js';
import type { BriefingRow } from '../schema.js';

/** A case as a briefing lists it. */
export interface BriefingCaseRead {
  id: number;
  number: string;
  category: string;
  unitName: string;
  address: string | null;
  at: string;
}

/** A letter as a briefing lists it. */
export interface BriefingLetterRead {
  number: string;
  type: string;
  unitName: string;
  title: string;
  issuedAt: string;
}

/** The fields a new draft is written with. */
export interface NewBriefing {
  periodKind: string;
  periodFrom: string;
  periodTo: string;
  title: string;
  commentary: string;
  snapshot: string;
  snapshotHash: string;
  createdBy: number | null;
  at: string;
}

/** Queries of the 周例会 briefings (通报). */
export const briefingRepository = {
  async insert(db: Executor, b: NewBriefing): Promise<number> {
    const r = await db
      .insertInto('briefings')
      .values({
        period_kind: b.periodKind,
        period_from: b.periodFrom,
        period_to: b.periodTo,
        status: 'draft',
        year: null,
        seq: null,
        title: b.title,
        commentary: b.commentary,
        snapshot: b.snapshot,
        snapshot_hash: b.snapshotHash,
        created_by: b.createdBy,
        created_at: b.at,
        updated_at: b.at,
        published_by: null,
        published_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(r.id);
  },

  async byId(db: Executor, id: number): Promise<BriefingRow | undefined> {
    return db.selectFrom('briefings').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** Every briefing, newest period first (a city has one a week: a few hundred at most). */
  async list(db: Executor): Promise<BriefingRow[]> {
    return db.selectFrom('briefings').selectAll().orderBy('period_from', 'desc').orderBy('id', 'desc').execute();
  },

  /**
   * Updates a draft's title, commentary (and optionally its content) only if it is still
   * a draft at `version`; false when another writer got there first (or it was published).
   */
  async updateDraft(
    db: Executor,
    id: number,
    version: number,
    patch: { title: string; commentary: string; snapshot?: string; snapshotHash?: string; at: string },
  ): Promise<boolean> {
    const r = await db
      .updateTable('briefings')
      .set({
        title: patch.title,
        commentary: patch.commentary,
        ...(patch.snapshot !== undefined ? { snapshot: patch.snapshot, snapshot_hash: patch.snapshotHash! } : {}),
        updated_at: patch.at,
        version: sql<number>`version + 1`,
      })
      .where('id', '=', id)
      .where('version', '=', version)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  /** Publishes a draft at `version` with its number and frozen snapshot; false if it moved meanwhile. */
  async publish(
    db: Executor,
    id: number,
    version: number,
    p: { year: number; seq: number; snapshot: string; snapshotHash: string; by: number; at: string },
  ): Promise<boolean> {
    const r = await db
      .updateTable('briefings')
      .set({
        status: 'published',
        year: p.year,
        seq: p.seq,
        snapshot: p.snapshot,
        snapshot_hash: p.snapshotHash,
        published_by: p.by,
        published_at: p.at,
        updated_at: p.at,
        version: sql<number>`version + 1`,
      })
      .where('id', '=', id)
      .where('version', '=', version)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  /**
   * Cases whose `column` instant lies in [from, to) (ISO): their count and the first
   * `limit` in time order, with category and unit names. Reads the column's index.
   */
  async casesBetween(
    db: Executor,
    column: 'first_dispatched_at' | 'closed_at',
    from: string,
    to: string,
    limit: number,
  ): Promise<{ total: number; items: BriefingCaseRead[] }> {
    const count = await db
      .selectFrom('cases')
      .select(sql<number>`count(*)`.as('n'))
      .where(column, '>=', from)
      .where(column, '<', to)
      .executeTakeFirstOrThrow();
    const rows = await db
      .selectFrom('cases as c')
      .leftJoin('units as u', 'u.id', 'c.assigned_unit_id')
      .leftJoin('categories as k', 'k.code', 'c.category_code')
      .select(['c.id', 'c.number', 'c.category_code', 'k.name as category_name', 'u.name as unit_name', 'c.address', `c.${column} as at`])
      .where(`c.${column}`, '>=', from)
      .where(`c.${column}`, '<', to)
      .orderBy(`c.${column}`)
      .orderBy('c.id')
      .limit(limit)
      .execute();
    return {
      total: Number(count.n),
      items: rows.map((r) => ({
        id: Number(r.id),
        number: r.number,
        category: r.category_name ?? r.category_code,
        unitName: r.unit_name ?? '',
        address: r.address,
        at: String(r.at),
      })),
    };
  },

  /** Letters issued (numbered) in [from, to) (ISO), in issue order, with the recipient unit's name. */
  async lettersIssuedBetween(db: Executor, from: string, to: string): Promise<BriefingLetterRead[]> {
    const rows = await db
      .selectFrom('letters as l')
      .innerJoin('units as u', 'u.id', 'l.unit_id')
      .select(['l.number', 'l.type', 'u.name as unit_name', 'l.title', 'l.issued_at'])
      .where('l.issued_at', '>=', from)
      .where('l.issued_at', '<', to)
      .where('l.number', 'is not', null)
      .orderBy('l.issued_at')
      .orderBy('l.id')
      .execute();
    return rows.map((r) => ({ number: r.number!, type: r.type, unitName: r.unit_name, title: r.title, issuedAt: r.issued_at! }));
  },

  /** Active, unlocked users holding one of `roles` anywhere (the readers told of a new briefing). */
  async usersWithRoles(db: Executor, roles: string[]): Promise<number[]> {
    const rows = await db
      .selectFrom('role_grants as g')
      .innerJoin('users as p', 'p.id', 'g.user_id')
      .select('g.user_id')
      .distinct()
      .where('g.role', 'in', roles)
      .where('p.is_active', '=', 1)
      .where('p.locked_at', 'is', null)
      .orderBy('g.user_id')
      .execute();
    return rows.map((r) => Number(r.user_id));
  },

  /** Display names of users (the creator and publisher of briefings). */
  async userNames(db: Executor, ids: number[]): Promise<Map<number, string>> {
    if (!ids.length) return new Map();
    const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [Number(r.id), r.display_name]));
  },

  /** Takes the next serial of a gapless counter inside the caller's transaction. */
  async nextCounter(db: Executor, name: string): Promise<number> {
    const r = await db
      .insertInto('counters')
      .values({ name, value: 1 })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql<number>`counters.value + 1` }))
      .returning('value')
      .executeTakeFirstOrThrow();
    return Number(r.value);
  },
};
