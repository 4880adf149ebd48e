import type { Insertable } from 'kysely';
import type { Executor } from '../database.js';
import type { ProjectObstaclesTable } from '../schema.js';
import { filtered, reads, type ProjectScopeFilter } from './project.repository.js';

/** An obstacle as listed: the link row with its project, its case's projection and the names shown. */
export interface ProjectObstacleRead {
  id: number;
  project_id: number;
  project_code: string;
  project_name: string;
  county_name: string;
  case_id: number;
  kind: string;
  raised_by: number | null;
  raised_by_name: string | null;
  raised_at: string;
  case_number: string;
  state: string;
  description: string;
  category_code: string;
  area_unit_id: number | null;
  assigned_unit_id: number | null;
  assigned_unit_name: string | null;
  deadline: string | null;
  owed_deadline: string | null;
  closed_at: string | null;
}

/** Filters of the obstacle lists. */
export interface ObstacleFilter {
  projectId?: number;
  caseId?: number;
  /** Subtree of a county / district (its path). */
  countyPath?: string;
  kind?: string;
  /** Case states to keep. */
  states?: readonly string[];
  /** Only cases whose deadline passed before this instant while still owed. */
  overdueAt?: string;
}

/** Queries of project obstacles (issue 14 point 6): the link of a project to the cases it raised. */
export const projectObstacleRepository = {
  async insert(db: Executor, v: Omit<Insertable<ProjectObstaclesTable>, 'id'>): Promise<number> {
    const r = await db.insertInto('project_obstacles').values(v).returning('id').executeTakeFirstOrThrow();
    return Number(r.id);
  },

  /** A page of obstacles of the projects in `scope`, newest first, and how many match. */
  async list(
    db: Executor,
    scope: ProjectScopeFilter,
    f: ObstacleFilter,
    page: { limit: number; offset: number },
  ): Promise<{ rows: ProjectObstacleRead[]; total: number }> {
    const base = filtered(reads(db), scope, { countyPath: f.countyPath });
    if (!base) return { rows: [], total: 0 };
    let q = base
      .innerJoin('project_obstacles as o', 'o.project_id', 'p.id')
      .innerJoin('cases as k', 'k.id', 'o.case_id')
      .leftJoin('users as r', 'r.id', 'o.raised_by')
      .leftJoin('units as au', 'au.id', 'k.assigned_unit_id');
    if (f.projectId !== undefined) q = q.where('o.project_id', '=', f.projectId);
    if (f.caseId !== undefined) q = q.where('o.case_id', '=', f.caseId);
    if (f.kind) q = q.where('o.kind', '=', f.kind);
    if (f.states?.length) q = q.where('k.state', 'in', [...f.states]);
    if (f.overdueAt) q = q.where('k.owed_deadline', '<', f.overdueAt);
    const [rows, count] = await Promise.all([
      q
        .clearSelect()
        .select([
          'o.id',
          'o.project_id',
          'p.code as project_code',
          'p.name as project_name',
          'c.name as county_name',
          'o.case_id',
          'o.kind',
          'o.raised_by',
          'r.display_name as raised_by_name',
          'o.raised_at',
          'k.number as case_number',
          'k.state',
          'k.description',
          'k.category_code',
          'k.area_unit_id',
          'k.assigned_unit_id',
          'au.name as assigned_unit_name',
          'k.deadline',
          'k.owed_deadline',
          'k.closed_at',
        ])
        .orderBy('o.raised_at', 'desc')
        .orderBy('o.id', 'desc')
        .limit(page.limit)
        .offset(page.offset)
        .execute(),
      q
        .clearSelect()
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return {
      rows: rows.map((r) => ({ ...r, id: Number(r.id), project_id: Number(r.project_id), case_id: Number(r.case_id) })),
      total: Number(count.n),
    };
  },

  /** The project (id, name) a case was raised for, if it was an obstacle. */
  async projectOfCase(db: Executor, caseId: number): Promise<{ id: number; name: string; kind: string } | undefined> {
    const r = await db
      .selectFrom('project_obstacles as o')
      .innerJoin('projects as p', 'p.id', 'o.project_id')
      .select(['p.id', 'p.name', 'o.kind'])
      .where('o.case_id', '=', caseId)
      .executeTakeFirst();
    return r ? { id: Number(r.id), name: r.name, kind: r.kind } : undefined;
  },
};
