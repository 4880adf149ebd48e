import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../database.js';
import type { FilesTable } from '../schema.js';

export type FileRow = Selectable<FilesTable>;
export type NewFileRow = Insertable<FilesTable>;

/** Queries on stored photos and evidence (the `files` table). */
export const fileRepository = {
  /** Inserts rows in order and returns their ids in the same order. */
  async insert(db: Executor, rows: NewFileRow[]): Promise<number[]> {
    const ids: number[] = [];
    // One statement per row: both engines then return exactly the id of that row,
    // and a photo set is a handful of rows.
    for (const row of rows) {
      const { id } = await db.insertInto('files').values(row).returning('id').executeTakeFirstOrThrow();
      ids.push(Number(id));
    }
    return ids;
  },

  async byId(db: Executor, id: number): Promise<FileRow | undefined> {
    return db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async byIds(db: Executor, ids: number[]): Promise<FileRow[]> {
    if (ids.length === 0) return [];
    return db.selectFrom('files').selectAll().where('id', 'in', ids).orderBy('id').execute();
  },

  /** A case's files in upload order. */
  async byCase(db: Executor, caseId: number): Promise<FileRow[]> {
    return db.selectFrom('files').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
  },

  /** Points files at a case and (optionally) the event that brought them; returns how many rows changed. */
  async attach(db: Executor, fileIds: number[], owner: { caseId: number; eventId: number | null }): Promise<number> {
    if (fileIds.length === 0) return 0;
    const r = await db
      .updateTable('files')
      .set({ case_id: owner.caseId, event_id: owner.eventId })
      .where('id', 'in', fileIds)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },

  /** Which of these storage keys some row still references (as original, public copy or thumbnail). */
  async referencedKeys(db: Executor, keys: string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await db
      .selectFrom('files')
      .select(['original_key', 'public_key', 'thumb_key'])
      .where((eb) => eb.or([eb('original_key', 'in', keys), eb('public_key', 'in', keys), eb('thumb_key', 'in', keys)]))
      .execute();
    return new Set(rows.flatMap((r) => [r.original_key, r.public_key, r.thumb_key]).filter((k) => keys.includes(k)));
  },
};
