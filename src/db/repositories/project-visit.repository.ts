import type { Insertable } from 'kysely';
import type { Executor } from '../database.js';
import type { ProjectVisitRow, ProjectVisitsTable } from '../schema.js';
import type { ProjectScopeFilter } from './project.repository.js';

/** A visit with the names it is shown with. */
export type ProjectVisitRead = ProjectVisitRow & { project_name: string; leader_name: string; recorded_by_name: string };

/** A project as the compliance table needs it. */
export interface LedProjectRead {
  id: number;
  code: string;
  name: string;
  county_name: string;
  leader_user_id: number;
  leader_name: string;
}

/** Filters of the compliance table (the service adds the scope). */
export interface LedProjectFilter {
  countyPath?: string;
  workTeamUnitId?: number;
  leaderUserId?: number;
}

function visits(db: Executor) {
  return db
    .selectFrom('project_visits as v')
    .innerJoin('projects as p', 'p.id', 'v.project_id')
    .innerJoin('users as l', 'l.id', 'v.leader_user_id')
    .innerJoin('users as r', 'r.id', 'v.recorded_by')
    .selectAll('v')
    .select(['p.name as project_name', 'l.display_name as leader_name', 'r.display_name as recorded_by_name']);
}

/** Queries of the "4个1" site visits (现场办公). */
export const projectVisitRepository = {
  async insert(db: Executor, v: Omit<Insertable<ProjectVisitsTable>, 'id'>): Promise<number> {
    const r = await db.insertInto('project_visits').values(v).returning('id').executeTakeFirstOrThrow();
    return Number(r.id);
  },

  async addFiles(db: Executor, visitId: number, files: { fileId: number; name: string | null }[]): Promise<void> {
    if (files.length)
      await db
        .insertInto('project_visit_files')
        .values(files.map((f) => ({ visit_id: visitId, file_id: f.fileId, name: f.name })))
        .execute();
  },

  async byId(db: Executor, id: number): Promise<ProjectVisitRead | undefined> {
    return visits(db).where('v.id', '=', id).executeTakeFirst();
  },

  /** A project's visits, newest first (a few a week: a year is a few hundred rows). */
  async ofProject(db: Executor, projectId: number, limit = 500): Promise<ProjectVisitRead[]> {
    return visits(db).where('v.project_id', '=', projectId).orderBy('v.visited_at', 'desc').orderBy('v.id', 'desc').limit(limit).execute();
  },

  /** The visits to these projects in `[from, to)` (ISO instants). */
  async inRange(db: Executor, projectIds: number[], from: string, to: string): Promise<ProjectVisitRow[]> {
    if (!projectIds.length) return [];
    const out: ProjectVisitRow[] = [];
    // Chunked: a city's register may hold thousands of projects (bound parameters are limited).
    for (let i = 0; i < projectIds.length; i += 500)
      out.push(
        ...(await db
          .selectFrom('project_visits')
          .selectAll()
          .where('project_id', 'in', projectIds.slice(i, i + 500))
          .where('visited_at', '>=', from)
          .where('visited_at', '<', to)
          .execute()),
      );
    return out;
  },

  /** Photos of visits, in upload order. */
  async filesOf(db: Executor, visitIds: number[]): Promise<Map<number, { id: number; name: string | null; mime: string }[]>> {
    const out = new Map<number, { id: number; name: string | null; mime: string }[]>();
    if (!visitIds.length) return out;
    const rows = await db
      .selectFrom('project_visit_files as x')
      .innerJoin('files as f', 'f.id', 'x.file_id')
      .select(['x.visit_id', 'f.id', 'x.name', 'f.mime'])
      .where('x.visit_id', 'in', visitIds)
      .orderBy('f.id')
      .execute();
    for (const r of rows) out.set(r.visit_id, [...(out.get(r.visit_id) ?? []), { id: Number(r.id), name: r.name, mime: r.mime }]);
    return out;
  },

  /**
   * Active projects with a leader in charge that the scope covers — or that `leaderSelf` leads
   * (a leader always sees his own) — matching the filter, by code.
   */
  async ledProjects(db: Executor, scope: ProjectScopeFilter, leaderSelf: number, f: LedProjectFilter): Promise<LedProjectRead[]> {
    let q = db
      .selectFrom('projects as p')
      .innerJoin('units as c', 'c.id', 'p.county_unit_id')
      .leftJoin('units as t', 't.id', 'p.work_team_unit_id')
      .innerJoin('users as l', 'l.id', 'p.leader_user_id')
      .select(['p.id', 'p.code', 'p.name', 'c.name as county_name', 'p.leader_user_id', 'l.display_name as leader_name'])
      .where('p.status', '=', 'active');
    if (!scope.all) {
      const memberUserId = scope.memberUserId;
      q = q.where((eb) =>
        eb.or([
          eb('p.leader_user_id', '=', leaderSelf),
          ...scope.countyPaths.map((p) => eb('c.path', 'like', `${p}%`)),
          ...scope.workTeamPaths.map((p) => eb('t.path', 'like', `${p}%`)),
          ...(memberUserId !== null
            ? [
                eb.exists(
                  eb
                    .selectFrom('project_members as m')
                    .select('m.user_id')
                    .whereRef('m.project_id', '=', 'p.id')
                    .where('m.user_id', '=', memberUserId),
                ),
              ]
            : []),
        ]),
      );
    }
    if (f.countyPath) q = q.where('c.path', 'like', `${f.countyPath}%`);
    if (f.workTeamUnitId !== undefined) q = q.where('p.work_team_unit_id', '=', f.workTeamUnitId);
    if (f.leaderUserId !== undefined) q = q.where('p.leader_user_id', '=', f.leaderUserId);
    const rows = await q.orderBy('p.code').execute();
    return rows.map((r) => ({ ...r, id: Number(r.id), leader_user_id: Number(r.leader_user_id) }));
  },
};
