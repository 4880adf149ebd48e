import type { Database, Executor } from '../../db/database.js';
import { isUniqueViolation } from '../../db/db-errors.js';
import { letterRepository } from '../../db/repositories/letter.repository.js';
import { projectBatchRepository } from '../../db/repositories/project-batch.repository.js';
import { projectRepository, type ProjectMemberRead, type ProjectRead } from '../../db/repositories/project.repository.js';
import { unitRepository } from '../../db/repositories/unit.repository.js';
import { inTransaction } from '../../db/transactions.js';
import { can, type Actor } from '../../domain/policies/permissions.js';
import { canOnProject, projectScope, type ProjectPlace } from '../../domain/policies/project-scope.js';
import type {
  Project,
  ProjectCreate,
  ProjectList,
  ProjectPatch,
  ProjectQuery,
  TerminateProjectBody,
} from '../../shared/contracts/projects.contract.js';
import type { Permission } from '../../shared/enums.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { AppError, conflictSaid, forbidden, invalid, notFound, unauthorized } from '../../core/errors.js';
import type { NotificationService } from '../../notify/notification.service.js';
import type { AuditService } from '../audit/audit.service.js';
import { placeOf, projectSummary, projectView, stageRecordView } from './project.mapper.js';
import { checkProjectFields, RESTRICTED_FIELDS, type ProjectFields } from './project-fields.js';

/** A project the actor may read, with its people and where it sits. */
export interface VisibleProject {
  row: ProjectRead;
  actor: Actor;
  members: ProjectMemberRead[];
  place: ProjectPlace;
}

/** Who is told of a project's changes: its unit's people, its work team, its county's projects office. */
export type ProjectSide = 'unit' | 'work_team' | 'office';

/** Another project has the code already (codes are the register's key). */
const codeTaken = (code: string) => ({ zh: `项目代码“${code}”已被其他项目使用`, en: `a project with code ${code} exists` });

/**
 * The major projects register (重大项目, issue 14 point 1, DOMAIN.md §3.7). The projects office
 * (项目办) creates projects in its county and manages them (code, county, work team, leader,
 * people, 终止); the project unit (项目单位) edits the data of its own projects (those whose
 * people list names the person); the work team and leaders read. Who sees what is
 * domain/policies/project-scope.ts. Every change is one transaction with its audit record;
 * the version read is checked (409 when another writer moved it).
 */
export class ProjectService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly notifications: NotificationService,
    private readonly cityBbox: [number, number, number, number],
  ) {}

  /** Project `id` if the actor may read it (404 otherwise: whether it exists is not theirs to learn). */
  async visible(db: Executor, ctx: RequestContext, id: number): Promise<VisibleProject> {
    const actor = actorWith(ctx, 'project.read');
    const row = await projectRepository.byId(db, id);
    if (!row) throw notFound('project', id);
    const members = (await projectRepository.membersOf(db, [id])).get(id) ?? [];
    const place = placeOf(row, members);
    if (!canOnProject(actor, 'project.read', place)) throw notFound('project', id);
    return { row, actor, members, place };
  }

  /** One project with its people, plan, stages and batches. */
  async get(ctx: RequestContext, id: number): Promise<Project> {
    const db = this.database.db;
    return this.view(db, await this.visible(db, ctx, id));
  }

  /** A page of the projects the actor may see, by code. */
  async list(ctx: RequestContext, q: ProjectQuery = {}): Promise<ProjectList> {
    const actor = actorWith(ctx, 'project.read');
    const db = this.database.db;
    let countyPath: string | undefined;
    if (q.countyUnitId !== undefined) {
      const unit = await unitRepository.byId(db, Number(q.countyUnitId));
      if (!unit) throw invalid('countyUnitId', `unit ${q.countyUnitId} not found`);
      countyPath = unit.path;
    }
    const scope = projectScope(actor, 'project.read');
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { rows, total } = await projectRepository.list(
      db,
      { ...scope, memberUserId: scope.asMember ? actor.userId : null },
      {
        q: q.q?.trim() || undefined,
        countyPath,
        industryChain: q.industryChain?.trim() || undefined,
        level: q.level,
        category: q.category,
        workTeamUnitId: q.workTeamUnitId === undefined ? undefined : Number(q.workTeamUnitId),
        stage: q.stage,
        status: q.status,
        minInvestmentWanCents: q.minInvestment === undefined ? undefined : Math.ceil(q.minInvestment * 100 - 1e-6),
        batchId: q.batchId === undefined ? undefined : Number(q.batchId),
      },
      { limit: pageSize, offset: (page - 1) * pageSize },
    );
    const pending = await projectRepository.pendingStagesOf(
      db,
      rows.map((r) => Number(r.id)),
    );
    return { items: rows.map((r) => projectSummary(r, pending.get(Number(r.id)) ?? null)), total };
  }

  /** The projects office creates a project of its county, at stage 谋划. */
  async create(ctx: RequestContext, body: ProjectCreate): Promise<Project> {
    const actor = actorWith(ctx, 'project.manage');
    const db = this.database.db;
    const f = await checkProjectFields(db, this.cityBbox, body);
    if (!canOnProject(actor, 'project.manage', { countyPath: f.countyPath, workTeamPath: null, memberUserIds: [] }))
      throw forbiddenField('countyUnitId', 'the county is outside the area you manage');
    if ((await projectRepository.idOfCode(db, f.row.code)) !== undefined) throw conflictSaid('code', codeTaken(f.row.code));
    const at = this.clock.now().toISOString();
    const id = await inTransaction(db, (trx) => this.insertChecked(trx, ctx, actor, f, at));
    return this.get(ctx, id);
  }

  /**
   * Writes a checked project at 谋划 with its people and plan, and its audit record, inside the
   * caller's transaction (one project created by hand, or each row of an import); 409 naming
   * `code` when another writer took the code meanwhile. Returns the new id.
   */
  async insertChecked(trx: Executor, ctx: RequestContext, actor: Actor, f: ProjectFields, at: string, source?: string): Promise<number> {
    const id = await projectRepository
      .insert(trx, {
        ...f.row,
        current_stage: 'planning',
        current_stage_date: null,
        status: 'active',
        created_by: actor.userId,
        created_at: at,
        updated_at: at,
      })
      .catch((e: unknown) => {
        throw isUniqueViolation(e) ? conflictSaid('code', codeTaken(f.row.code)) : e;
      });
    await projectRepository.replaceMembers(trx, id, f.members);
    await projectRepository.replaceMilestones(trx, id, f.milestones);
    await this.audit.record(trx, ctx, {
      action: 'project.create',
      targetType: 'project',
      targetId: id,
      summary: {
        code: f.row.code,
        name: f.row.name,
        countyUnitId: f.row.county_unit_id,
        totalInvestmentWanCents: f.row.total_investment_wan_cents,
        ...(source ? { source } : {}),
      },
    });
    return id;
  }

  /**
   * Changes the fields given at the version read. The project unit may change its project's
   * data, not its code, county, work team, leader or people (403 naming the field); a change of
   * county needs the right to manage the new county too.
   */
  async update(ctx: RequestContext, id: number, patch: ProjectPatch): Promise<Project> {
    const db = this.database.db;
    const v = await this.visible(db, ctx, id);
    const { row, actor, members, place } = v;
    if (!canOnProject(actor, 'project.edit', place)) throw forbidden('you may read this project, not edit it');
    if (row.version !== patch.version) throw moved(id);
    const manages = canOnProject(actor, 'project.manage', place);
    const current = currentInput(row, members);
    const merged: ProjectCreate = { ...current };
    for (const [k, value] of Object.entries(patch))
      if (k !== 'version' && value !== undefined) (merged as Record<string, unknown>)[k] = value;
    const changed = Object.keys(patch).filter((k) => k !== 'version' && comparable(k, merged) !== comparable(k, current));
    if (!manages)
      for (const k of RESTRICTED_FIELDS) if (changed.includes(k)) throw forbiddenField(k, 'only the projects office changes this');
    const f = await checkProjectFields(db, this.cityBbox, merged);
    if (f.row.county_unit_id !== row.county_unit_id && !canOnProject(actor, 'project.manage', { ...place, countyPath: f.countyPath }))
      throw forbiddenField('countyUnitId', 'the county is outside the area you manage');
    if (f.row.code !== row.code && (await projectRepository.idOfCode(db, f.row.code)) !== undefined)
      throw conflictSaid('code', codeTaken(f.row.code));
    const at = this.clock.now().toISOString();
    await inTransaction(db, async (trx) => {
      const ok = await projectRepository.update(trx, id, patch.version, { ...f.row, updated_at: at }).catch((e: unknown) => {
        throw isUniqueViolation(e) ? conflictSaid('code', codeTaken(f.row.code)) : e;
      });
      if (!ok) throw moved(id);
      if (patch.members !== undefined) await projectRepository.replaceMembers(trx, id, f.members);
      if (patch.milestones !== undefined) await projectRepository.replaceMilestones(trx, id, f.milestones);
      await this.audit.record(trx, ctx, {
        action: 'project.update',
        targetType: 'project',
        targetId: id,
        summary: { code: f.row.code, changed },
      });
    });
    return this.get(ctx, id);
  }

  /** 终止: the projects office stops a project with a reason; a stage awaiting confirmation is sent back; all sides are told. */
  async terminate(ctx: RequestContext, id: number, body: TerminateProjectBody): Promise<Project> {
    const db = this.database.db;
    const { row, actor, place } = await this.visible(db, ctx, id);
    if (!canOnProject(actor, 'project.manage', place)) throw forbidden('only the projects office terminates a project');
    const reason = body.reason.trim();
    if (!reason) throw invalid('reason', 'must not be blank');
    if (row.version !== body.version) throw moved(id);
    if (row.status === 'terminated')
      throw new AppError(409, 'terminated', 'status: the project is already terminated', { field: 'status' });
    const at = this.clock.now().toISOString();
    await inTransaction(db, async (trx) => {
      const ok = await projectRepository.update(trx, id, body.version, {
        status: 'terminated',
        termination_reason: reason,
        terminated_at: at,
        updated_at: at,
      });
      if (!ok) throw moved(id);
      const pending = (await projectRepository.stageRecordsOf(trx, id)).find((r) => r.status === 'pending');
      if (pending)
        await projectRepository.decideStageRecord(trx, Number(pending.id), {
          status: 'rejected',
          decided_by: actor.userId,
          decided_at: at,
          decision_reason: `项目已终止：${reason}`,
        });
      await this.audit.record(trx, ctx, {
        action: 'project.terminate',
        targetType: 'project',
        targetId: id,
        summary: { code: row.code, reason },
      });
      await this.notifications.notify(trx, {
        userIds: await this.recipients(trx, row, ['unit', 'work_team', 'office'], actor.userId),
        caseId: null,
        kind: 'project.terminated',
        title: `项目已终止：${row.name}`,
        body: `“${row.name}”（${row.code}）已终止。理由：${reason}`,
      });
    });
    return this.get(ctx, id);
  }

  /** Users of the given sides of a project (active accounts), without `except`. */
  async recipients(db: Executor, row: ProjectRead, sides: ProjectSide[], except: number | null): Promise<number[]> {
    const ids = new Set<number>();
    if (sides.includes('unit')) for (const m of (await projectRepository.membersOf(db, [row.id])).get(row.id) ?? []) ids.add(m.user_id);
    if (sides.includes('work_team') && row.work_team_unit_id !== null)
      for (const u of (await letterRepository.holdersCoveringUnits(db, ['work_team'], [row.work_team_unit_id])).get(
        row.work_team_unit_id,
      ) ?? [])
        ids.add(u);
    if (sides.includes('office'))
      for (const u of (await letterRepository.holdersCoveringUnits(db, ['projects_office'], [row.county_unit_id])).get(
        row.county_unit_id,
      ) ?? [])
        ids.add(u);
    if (except !== null) ids.delete(except);
    return [...ids].sort((a, b) => a - b);
  }

  /** The page of a visible project. */
  async view(db: Executor, v: VisibleProject): Promise<Project> {
    const id = Number(v.row.id);
    const [milestones, records, batches] = await Promise.all([
      projectRepository.milestonesOf(db, id),
      projectRepository.stageRecordsOf(db, id),
      projectBatchRepository.batchesOfProject(db, id),
    ]);
    const files = await projectRepository.stageFilesOf(
      db,
      records.map((r) => Number(r.id)),
    );
    const active = v.row.status === 'active';
    return projectView(v.row, {
      members: v.members,
      milestones,
      stages: records.map((r) => stageRecordView(r, files.get(Number(r.id)) ?? [])),
      batches,
      can: {
        edit: canOnProject(v.actor, 'project.edit', v.place),
        manage: canOnProject(v.actor, 'project.manage', v.place),
        report: active && canOnProject(v.actor, 'project.report', v.place),
        confirm: active && canOnProject(v.actor, 'project.confirm', v.place),
      },
    });
  }
}

/** A row as the create body would have given it (what a PATCH is merged over). */
function currentInput(r: ProjectRead, members: ProjectMemberRead[]): ProjectCreate {
  const h = (x: number | null) => (x === null ? null : Number(x) / 100);
  return {
    code: r.code,
    name: r.name,
    countyUnitId: r.county_unit_id,
    industryChain: r.industry_chain,
    level: r.level as ProjectCreate['level'],
    category: r.category as ProjectCreate['category'],
    investor: r.investor,
    totalInvestment: Number(r.total_investment_wan_cents) / 100,
    landMu: h(r.land_mu_hundredths),
    floorAreaM2: r.floor_area_m2 === null ? null : Number(r.floor_area_m2),
    expectedAnnualOutput: h(r.expected_output_wan_cents),
    expectedAnnualTax: h(r.expected_tax_wan_cents),
    jobs: r.jobs,
    lon: r.lon,
    lat: r.lat,
    workTeamUnitId: r.work_team_unit_id,
    leaderUserId: r.leader_user_id,
    members: members.map((m) => ({ userId: m.user_id, title: m.title })),
  };
}

/** A field's value as text, to tell whether a PATCH changes it (a member's absent title is null). */
function comparable(key: string, input: ProjectCreate): string {
  const value = (input as Record<string, unknown>)[key] ?? null;
  if (key === 'members' && Array.isArray(value))
    return JSON.stringify((value as { userId: number; title?: string | null }[]).map((m) => [m.userId, m.title?.trim() || null]).sort());
  return JSON.stringify(value);
}

/** The actor, if they hold `permission` somewhere (401 without a session, 403 without it). */
export function actorWith(ctx: RequestContext, permission: Permission): Actor {
  if (!ctx.actor) throw unauthorized();
  if (!can(ctx.actor, permission)) throw forbidden();
  return ctx.actor;
}

/** 403 naming the field the actor may not set. */
export function forbiddenField(field: string, message: string): AppError {
  return new AppError(403, 'forbidden', `${field}: ${message}`, { field });
}

/** 409 when the project moved since it was read. */
export function moved(id: number): AppError {
  return new AppError(409, 'version_conflict', `version: project ${id} was changed meanwhile; reload it`, { field: 'version' });
}
