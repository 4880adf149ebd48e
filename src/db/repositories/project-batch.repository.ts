import { dataVersionRepository } from './data-version.repository.js';
import type { Executor } from '../database.js';
import type { ProjectBatchRow } from '../schema.js';

/** A batch with its county and its projects' count and investment (万元 × 100). */
export type ProjectBatchRead = ProjectBatchRow & {
  county_name: string;
  county_path: string;
  project_count: number;
  investment_wan_cents: number;
};

/** A project of a batch, in its role. */
export interface BatchItemRead {
  batch_id: number;
  project_id: number;
  role: string;
  code: string;
  name: string;
  total_investment_wan_cents: number;
  current_stage: string;
  current_stage_date: string | null;
  status: string;
  county_path: string;
}

function reads(db: Executor) {
  return db
    .selectFrom('project_batches as b')
    .innerJoin('units as c', 'c.id', 'b.county_unit_id')
    .selectAll('b')
    .select((eb) => [
      'c.name as county_name',
      'c.path as county_path',
      eb
        .selectFrom('project_batch_items as i')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('i.batch_id', '=', 'b.id')
        .as('project_count'),
      eb
        .selectFrom('project_batch_items as i')
        .innerJoin('projects as p', 'p.id', 'i.project_id')
        .select((e) => e.fn.coalesce(e.fn.sum<number>('p.total_investment_wan_cents'), e.lit(0)).as('s'))
        .whereRef('i.batch_id', '=', 'b.id')
        .as('investment_wan_cents'),
    ]);
}

/** Numbers as numbers: counts and sums come back as text or bigint on PostgreSQL. */
function numeric(r: ProjectBatchRead): ProjectBatchRead {
  return { ...r, id: Number(r.id), project_count: Number(r.project_count ?? 0), investment_wan_cents: Number(r.investment_wan_cents ?? 0) };
}

/** Queries of the "三个一批" batches. */
export const projectBatchRepository = {
  async insert(db: Executor, v: Omit<ProjectBatchRow, 'id'>): Promise<number> {
    const r = await db.insertInto('project_batches').values(v).returning('id').executeTakeFirstOrThrow();
    await dataVersionRepository.bump(db, 'project_rollups');
    return Number(r.id);
  },

  async byId(db: Executor, id: number): Promise<ProjectBatchRead | undefined> {
    const r = await reads(db).where('b.id', '=', id).executeTakeFirst();
    return r ? numeric(r as ProjectBatchRead) : undefined;
  },

  /** Whether county `countyUnitId` already has a batch numbered `seq`. */
  async seqTaken(db: Executor, countyUnitId: number, seq: number): Promise<boolean> {
    const r = await db
      .selectFrom('project_batches')
      .select('id')
      .where('county_unit_id', '=', countyUnitId)
      .where('seq', '=', seq)
      .executeTakeFirst();
    return r !== undefined;
  },

  /** Batches of counties under `paths` (null: all), of one county if given, by county then 期数. */
  async list(db: Executor, paths: string[] | null, countyUnitId?: number): Promise<ProjectBatchRead[]> {
    if (paths?.length === 0) return [];
    let q = reads(db);
    if (paths) q = q.where((eb) => eb.or(paths.map((p) => eb('c.path', 'like', `${p}%`))));
    if (countyUnitId !== undefined) q = q.where('b.county_unit_id', '=', countyUnitId);
    const rows = await q.orderBy('c.path').orderBy('b.seq').execute();
    return rows.map((r) => numeric(r as ProjectBatchRead));
  },

  /** Projects of batches, in batch then code order. */
  async items(db: Executor, batchIds: number[]): Promise<BatchItemRead[]> {
    if (!batchIds.length) return [];
    return db
      .selectFrom('project_batch_items as i')
      .innerJoin('projects as p', 'p.id', 'i.project_id')
      .innerJoin('units as c', 'c.id', 'p.county_unit_id')
      .select([
        'i.batch_id',
        'i.project_id',
        'i.role',
        'p.code',
        'p.name',
        'p.total_investment_wan_cents',
        'p.current_stage',
        'p.current_stage_date',
        'p.status',
        'c.path as county_path',
      ])
      .where('i.batch_id', 'in', batchIds)
      .orderBy('i.batch_id')
      .orderBy('p.code')
      .execute();
  },

  /** Whether the project is in the batch. */
  async hasItem(db: Executor, batchId: number, projectId: number): Promise<boolean> {
    const r = await db
      .selectFrom('project_batch_items')
      .select('project_id')
      .where('batch_id', '=', batchId)
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    return r !== undefined;
  },

  async addItem(db: Executor, v: { batch_id: number; project_id: number; role: string; added_at: string }): Promise<void> {
    await db.insertInto('project_batch_items').values(v).execute();
    await dataVersionRepository.bump(db, 'project_rollups');
  },

  /** Removes a project from a batch; false when it was not in it. */
  async removeItem(db: Executor, batchId: number, projectId: number): Promise<boolean> {
    const r = await db
      .deleteFrom('project_batch_items')
      .where('batch_id', '=', batchId)
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    await dataVersionRepository.bump(db, 'project_rollups');
    return Number(r.numDeletedRows) === 1;
  },

  /** The batches a project is in, by 期数. */
  async batchesOfProject(db: Executor, projectId: number): Promise<{ id: number; name: string; seq: number; role: string }[]> {
    const rows = await db
      .selectFrom('project_batch_items as i')
      .innerJoin('project_batches as b', 'b.id', 'i.batch_id')
      .select(['b.id', 'b.name', 'b.seq', 'i.role'])
      .where('i.project_id', '=', projectId)
      .orderBy('b.seq')
      .execute();
    return rows.map((r) => ({ ...r, id: Number(r.id) }));
  },

  /** Ids of a county's batches numbered `fromSeq` … `toSeq`. */
  async idsInRange(db: Executor, countyUnitId: number, fromSeq: number, toSeq: number): Promise<number[]> {
    const rows = await db
      .selectFrom('project_batches')
      .select('id')
      .where('county_unit_id', '=', countyUnitId)
      .where('seq', '>=', fromSeq)
      .where('seq', '<=', toSeq)
      .orderBy('seq')
      .execute();
    return rows.map((r) => Number(r.id));
  },
};
