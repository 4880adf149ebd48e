import { sql } from 'kysely';
import type { Executor } from '../database.js';
import type { BriefingRow } from '../schema.js';

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
