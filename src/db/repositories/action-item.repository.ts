import { sql, type Updateable } from 'kysely';
import type { Executor } from '../database.js';
import type { ActionItemRow, ActionItemsTable } from '../schema.js';

/** An item's row with the names it is shown with. */
export type ActionItemRead = ActionItemRow & {
  unit_name: string;
  unit_path: string;
  briefing_title: string;
  briefing_year: number | null;
  briefing_seq: number | null;
};

/** A letter linked to an item. */
export interface ActionItemLetterRead {
  action_item_id: number;
  id: number;
  type: string;
  rung_key: string | null;
  number: string | null;
  status: string;
  issued_at: string | null;
}

/** Filters of a list (the service adds the unit scope). */
export interface ActionItemFilter {
  briefingIds?: number[];
  /** Only items of these units (null: any). */
  unitIds?: number[] | null;
  status?: string;
}

function reads(db: Executor) {
  return db
    .selectFrom('action_items as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .innerJoin('briefings as b', 'b.id', 'a.briefing_id')
    .selectAll('a')
    .select([
      'u.name as unit_name',
      'u.path as unit_path',
      'b.title as briefing_title',
      'b.year as briefing_year',
      'b.seq as briefing_seq',
    ]);
}

/** Queries of the 周例会 action items (交办事项). */
export const actionItemRepository = {
  async insert(
    db: Executor,
    v: Pick<ActionItemRow, 'briefing_id' | 'title' | 'detail' | 'unit_id' | 'due_at' | 'created_by' | 'created_at'>,
  ): Promise<number> {
    const r = await db
      .insertInto('action_items')
      .values({ ...v, status: 'open', updated_at: v.created_at })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(r.id);
  },

  async byId(db: Executor, id: number): Promise<ActionItemRead | undefined> {
    return reads(db).where('a.id', '=', id).executeTakeFirst();
  },

  /** Items matching the filter, by deadline then id. A city assigns a few a week: no paging needed. */
  async list(db: Executor, f: ActionItemFilter): Promise<ActionItemRead[]> {
    if (f.unitIds?.length === 0 || f.briefingIds?.length === 0) return [];
    let q = reads(db);
    if (f.briefingIds) q = q.where('a.briefing_id', 'in', f.briefingIds);
    if (f.unitIds) q = q.where('a.unit_id', 'in', f.unitIds);
    if (f.status) q = q.where('a.status', '=', f.status);
    return q.orderBy('a.due_at').orderBy('a.id').execute();
  },

  /** Updates an item only if it is still at `version`; false when another writer got there first. */
  async update(db: Executor, id: number, version: number, patch: Updateable<ActionItemsTable>): Promise<boolean> {
    const r = await db
      .updateTable('action_items')
      .set({ ...patch, version: sql<number>`version + 1` })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  async addFiles(db: Executor, itemId: number, fileIds: number[]): Promise<void> {
    if (fileIds.length)
      await db
        .insertInto('action_item_files')
        .values(fileIds.map((file_id) => ({ action_item_id: itemId, file_id })))
        .execute();
  },

  /** Evidence files of items, in upload order. */
  async filesOf(db: Executor, itemIds: number[]): Promise<Map<number, { id: number; mime: string; created_at: string }[]>> {
    const out = new Map<number, { id: number; mime: string; created_at: string }[]>();
    if (!itemIds.length) return out;
    const rows = await db
      .selectFrom('action_item_files as x')
      .innerJoin('files as f', 'f.id', 'x.file_id')
      .select(['x.action_item_id', 'f.id', 'f.mime', 'f.created_at'])
      .where('x.action_item_id', 'in', itemIds)
      .orderBy('f.id')
      .execute();
    for (const r of rows) {
      const list = out.get(r.action_item_id) ?? [];
      list.push({ id: Number(r.id), mime: r.mime, created_at: r.created_at });
      out.set(r.action_item_id, list);
    }
    return out;
  },

  async linkLetter(db: Executor, letterId: number, itemId: number): Promise<void> {
    await db.insertInto('letter_action_items').values({ letter_id: letterId, action_item_id: itemId }).execute();
  },

  /** Letters linked to items, oldest first. */
  async lettersOf(db: Executor, itemIds: number[]): Promise<Map<number, ActionItemLetterRead[]>> {
    const out = new Map<number, ActionItemLetterRead[]>();
    if (!itemIds.length) return out;
    const rows = await db
      .selectFrom('letter_action_items as x')
      .innerJoin('letters as l', 'l.id', 'x.letter_id')
      .select(['x.action_item_id', 'l.id', 'l.type', 'l.rung_key', 'l.number', 'l.status', 'l.issued_at'])
      .where('x.action_item_id', 'in', itemIds)
      .orderBy('l.id')
      .execute();
    for (const r of rows) {
      const list = out.get(r.action_item_id) ?? [];
      list.push({ ...r, id: Number(r.id) });
      out.set(r.action_item_id, list);
    }
    return out;
  },

  /** The latest published briefing whose period ended before `day` (the meeting before it). */
  async previousPublishedBriefing(db: Executor, day: string): Promise<{ id: number } | undefined> {
    return db
      .selectFrom('briefings')
      .select('id')
      .where('status', '=', 'published')
      .where('period_to', '<', day)
      .orderBy('period_to', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  },

  /** Display names of users. */
  async userNames(db: Executor, ids: number[]): Promise<Map<number, string>> {
    if (!ids.length) return new Map();
    const rows = await db
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where('id', 'in', [...new Set(ids)])
      .execute();
    return new Map(rows.map((r) => [Number(r.id), r.display_name]));
  },
};
