import { sql, type Insertable, type Updateable } from 'kysely';
import { dataVersionRepository } from './data-version.repository.js';
import type { Executor } from '../database.js';
import type { ProjectMilestoneRow, ProjectRow, ProjectsTable, ProjectStageRecordRow, ProjectStageRecordsTable } from '../schema.js';
import { likePattern } from './like.js';
import { projectRollupRepository } from './project-rollup.repository.js';

/** A project's row with the names and paths it is shown and placed with. */
export type ProjectRead = ProjectRow & {
  county_name: string;
  county_path: string;
  work_team_name: string | null;
  work_team_path: string | null;
  leader_name: string | null;
};

/** Which projects a list may show (from domain/policies/project-scope.ts), and who asks. */
export interface ProjectScopeFilter {
  all: boolean;
  countyPaths: string[];
  workTeamPaths: string[];
  /** Projects whose people list names this user. */
  memberUserId: number | null;
}

/** Filters of a list; amounts in 万元 × 100. */
export interface ProjectFilter {
  q?: string;
  /** Subtree of a county / district (its path). */
  countyPath?: string;
  industryChain?: string;
  level?: string;
  category?: string;
  workTeamUnitId?: number;
  stage?: string;
  status?: string;
  minInvestmentWanCents?: number;
  batchId?: number;
}

/** A member as shown. */
export interface ProjectMemberRead {
  project_id: number;
  user_id: number;
  name: string;
  title: string | null;
}

/** A stage record with the names of who recorded and decided it. */
export type StageRecordRead = ProjectStageRecordRow & { recorded_by_name: string | null; decided_by_name: string | null };

/** Projects with their county, work team and leader (exported for the obstacle lists, which join to it). */
export function reads(db: Executor) {
  return db
    .selectFrom('projects as p')
    .innerJoin('units as c', 'c.id', 'p.county_unit_id')
    .leftJoin('units as t', 't.id', 'p.work_team_unit_id')
    .leftJoin('users as l', 'l.id', 'p.leader_user_id')
    .selectAll('p')
    .select([
      'c.name as county_name',
      'c.path as county_path',
      't.name as work_team_name',
      't.path as work_team_path',
      'l.display_name as leader_name',
    ]);
}

export type Reads = ReturnType<typeof reads>;

/** The scope and the filters as conditions of a query over `reads`. */
export function filtered(q: Reads, scope: ProjectScopeFilter, f: ProjectFilter): Reads | null {
  if (!scope.all) {
    if (!scope.countyPaths.length && !scope.workTeamPaths.length && scope.memberUserId === null) return null;
    const memberUserId = scope.memberUserId;
    q = q.where((eb) =>
      eb.or([
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
  if (f.q) {
    const like = likePattern(f.q);
    q = q.where(sql<boolean>`(lower(p.name) like ${like} escape '\\' or lower(p.code) like ${like} escape '\\')`);
  }
  if (f.countyPath) q = q.where('c.path', 'like', `${f.countyPath}%`);
  if (f.industryChain) q = q.where('p.industry_chain', '=', f.industryChain);
  if (f.level) q = q.where('p.level', '=', f.level);
  if (f.category) q = q.where('p.category', '=', f.category);
  if (f.workTeamUnitId !== undefined) q = q.where('p.work_team_unit_id', '=', f.workTeamUnitId);
  if (f.stage) q = q.where('p.current_stage', '=', f.stage);
  if (f.status) q = q.where('p.status', '=', f.status);
  if (f.minInvestmentWanCents !== undefined) q = q.where('p.total_investment_wan_cents', '>=', f.minInvestmentWanCents);
  const batchId = f.batchId;
  if (batchId !== undefined)
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('project_batch_items as b')
          .select('b.project_id')
          .whereRef('b.project_id', '=', 'p.id')
          .where('b.batch_id', '=', batchId),
      ),
    );
  return q;
}

/** Queries of the major projects register and its stages. */
export const projectRepository = {
  async insert(db: Executor, v: Omit<Insertable<ProjectsTable>, 'id' | 'version'>): Promise<number> {
    const r = await db.insertInto('projects').values(v).returning('id').executeTakeFirstOrThrow();
    await dataVersionRepository.bump(db, 'project_rollups');
    return Number(r.id);
  },

  async byId(db: Executor, id: number): Promise<ProjectRead | undefined> {
    return reads(db).where('p.id', '=', id).executeTakeFirst();
  },

  /** The id of the project holding `code`, if any. */
  async idOfCode(db: Executor, code: string): Promise<number | undefined> {
    const r = await db.selectFrom('projects').select('id').where('code', '=', code).executeTakeFirst();
    return r ? Number(r.id) : undefined;
  },

  /** Updates a project only if it is still at `version`; false when another writer got there first. */
  async update(db: Executor, id: number, version: number, patch: Updateable<ProjectsTable>): Promise<boolean> {
    const r = await db
      .updateTable('projects')
      .set({ ...patch, version: sql<number>`version + 1` })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    await dataVersionRepository.bump(db, 'project_rollups');
    return Number(r.numUpdatedRows) === 1;
  },

  /** A page of the projects in scope matching the filter, by code, and how many match. */
  async list(
    db: Executor,
    scope: ProjectScopeFilter,
    f: ProjectFilter,
    page: { limit: number; offset: number },
  ): Promise<{ rows: ProjectRead[]; total: number }> {
    const q = filtered(reads(db), scope, f);
    if (!q) return { rows: [], total: 0 };
    const [rows, count] = await Promise.all([
      q.orderBy('p.code').limit(page.limit).offset(page.offset).execute(),
      q
        .clearSelect()
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  },

  async membersOf(db: Executor, ids: number[]): Promise<Map<number, ProjectMemberRead[]>> {
    const out = new Map<number, ProjectMemberRead[]>();
    if (!ids.length) return out;
    const rows = await db
      .selectFrom('project_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.project_id', 'm.user_id', 'u.display_name as name', 'm.title'])
      .where('m.project_id', 'in', ids)
      .orderBy('m.project_id')
      .orderBy('m.user_id')
      .execute();
    for (const r of rows) out.set(r.project_id, [...(out.get(r.project_id) ?? []), r]);
    return out;
  },

  async replaceMembers(db: Executor, projectId: number, members: { userId: number; title: string | null }[]): Promise<void> {
    await db.deleteFrom('project_members').where('project_id', '=', projectId).execute();
    if (members.length)
      await db
        .insertInto('project_members')
        .values(members.map((m) => ({ project_id: projectId, user_id: m.userId, title: m.title })))
        .execute();
    await dataVersionRepository.bump(db, 'project_rollups');
  },

  async milestonesOf(db: Executor, projectId: number): Promise<ProjectMilestoneRow[]> {
    return db.selectFrom('project_milestones').selectAll().where('project_id', '=', projectId).orderBy('seq').execute();
  },

  async replaceMilestones(
    db: Executor,
    projectId: number,
    items: { stage: string | null; name: string; plannedDate: string }[],
  ): Promise<void> {
    await db.deleteFrom('project_milestones').where('project_id', '=', projectId).execute();
    if (items.length)
      await db
        .insertInto('project_milestones')
        .values(items.map((m, i) => ({ project_id: projectId, seq: i + 1, stage: m.stage, name: m.name, planned_date: m.plannedDate })))
        .execute();
  },

  /** Existing users among `ids` (active or not). */
  async existingUsers(db: Executor, ids: number[]): Promise<Set<number>> {
    if (!ids.length) return new Set();
    const rows = await db
      .selectFrom('users')
      .select('id')
      .where('id', 'in', [...new Set(ids)])
      .execute();
    return new Set(rows.map((r) => Number(r.id)));
  },

  // —— stages ——

  async insertStageRecord(db: Executor, v: Omit<Insertable<ProjectStageRecordsTable>, 'id'>): Promise<number> {
    const r = await db.insertInto('project_stage_records').values(v).returning('id').executeTakeFirstOrThrow();
    // A record written already confirmed (history) moves the stage timeline as a confirmation does.
    if (v.status === 'confirmed') await projectRollupRepository.refreshStageSpans(db, [Number(v.project_id)]);
    // The latest batch's rates on the summary read the records themselves.
    await dataVersionRepository.bump(db, 'project_rollups');
    return Number(r.id);
  },

  /** A project's recorded stages, newest first. */
  async stageRecordsOf(db: Executor, projectId: number): Promise<StageRecordRead[]> {
    return db
      .selectFrom('project_stage_records as s')
      .leftJoin('users as r', 'r.id', 's.recorded_by')
      .leftJoin('users as d', 'd.id', 's.decided_by')
      .selectAll('s')
      .select(['r.display_name as recorded_by_name', 'd.display_name as decided_by_name'])
      .where('s.project_id', '=', projectId)
      .orderBy('s.id', 'desc')
      .execute();
  },

  async stageRecordById(db: Executor, id: number): Promise<ProjectStageRecordRow | undefined> {
    return db.selectFrom('project_stage_records').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** Decides a pending record; false when it is no longer pending (someone decided first). */
  async decideStageRecord(db: Executor, id: number, patch: Updateable<ProjectStageRecordsTable>): Promise<boolean> {
    const r = await db
      .updateTable('project_stage_records')
      .set(patch)
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    // The roll-ups' stage spans follow every decided record, in the same transaction.
    if (Number(r.numUpdatedRows) === 1 && patch.status === 'confirmed') await refreshStageSpansOfRecord(db, id);
    await dataVersionRepository.bump(db, 'project_rollups');
    return Number(r.numUpdatedRows) === 1;
  },

  /** The stage awaiting confirmation of each project that has one. */
  async pendingStagesOf(db: Executor, ids: number[]): Promise<Map<number, string>> {
    if (!ids.length) return new Map();
    const rows = await db
      .selectFrom('project_stage_records')
      .select(['project_id', 'stage'])
      .where('project_id', 'in', ids)
      .where('status', '=', 'pending')
      .execute();
    return new Map(rows.map((r) => [r.project_id, r.stage]));
  },

  /** Confirmed stages of projects with their actual days, oldest first (by day, then record). */
  async confirmedStagesOf(db: Executor, ids: number[]): Promise<Map<number, { stage: string; actual_date: string; id: number }[]>> {
    const out = new Map<number, { stage: string; actual_date: string; id: number }[]>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await db
        .selectFrom('project_stage_records')
        .select(['project_id', 'stage', 'actual_date', 'id'])
        .where('project_id', 'in', ids.slice(i, i + 500))
        .where('status', '=', 'confirmed')
        .orderBy('project_id')
        .orderBy('actual_date')
        .orderBy('id')
        .execute();
      for (const r of rows)
        out.set(r.project_id, [...(out.get(r.project_id) ?? []), { stage: r.stage, actual_date: r.actual_date, id: Number(r.id) }]);
    }
    return out;
  },

  async addStageFiles(db: Executor, recordId: number, files: { fileId: number; name: string | null }[]): Promise<void> {
    if (files.length)
      await db
        .insertInto('project_stage_files')
        .values(files.map((f) => ({ record_id: recordId, file_id: f.fileId, name: f.name })))
        .execute();
  },

  /** Evidence of records, in upload order. */
  async stageFilesOf(
    db: Executor,
    recordIds: number[],
  ): Promise<Map<number, { id: number; name: string | null; mime: string; created_at: string }[]>> {
    const out = new Map<number, { id: number; name: string | null; mime: string; created_at: string }[]>();
    if (!recordIds.length) return out;
    const rows = await db
      .selectFrom('project_stage_files as x')
      .innerJoin('files as f', 'f.id', 'x.file_id')
      .select(['x.record_id', 'f.id', 'x.name', 'f.mime', 'f.created_at'])
      .where('x.record_id', 'in', recordIds)
      .orderBy('f.id')
      .execute();
    for (const r of rows)
      out.set(r.record_id, [...(out.get(r.record_id) ?? []), { id: Number(r.id), name: r.name, mime: r.mime, created_at: r.created_at }]);
    return out;
  },
};

/** Recomputes the roll-ups' stage spans of the project of record `recordId` (project-rollup.repository.ts). */
async function refreshStageSpansOfRecord(db: Executor, recordId: number): Promise<void> {
  const r = await db.selectFrom('project_stage_records').select('project_id').where('id', '=', recordId).executeTakeFirst();
  if (r) await projectRollupRepository.refreshStageSpans(db, [Number(r.project_id)]);
}
