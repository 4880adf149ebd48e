import type { Database, Executor } from '../../db/database.js';
import {
  projectObstacleRepository,
  type ObstacleFilter,
  type ProjectObstacleRead,
} from '../../db/repositories/project-obstacle.repository.js';
import type { ProjectScopeFilter } from '../../db/repositories/project.repository.js';
import { unitRepository } from '../../db/repositories/unit.repository.js';
import { findCategory, suggestResponsibleUnit } from '../../domain/cases/categories.js';
import type { Actor } from '../../domain/policies/permissions.js';
import { canOnProject, projectScope, type ProjectPlace } from '../../domain/policies/project-scope.js';
import { OBSTACLE_CATEGORY_CODES } from '../../domain/projects/obstacles.js';
import { OPEN_CASE_STATES, type CaseState } from '../../shared/case-enums.js';
import type { ReportBody } from '../../shared/contracts/cases.contract.js';
import type {
  ProjectObstacle,
  ProjectObstacleList,
  ProjectObstacleQuery,
  ProjectObstaclesQuery,
  ProjectObstaclesReply,
  RaiseObstacleBody,
} from '../../shared/contracts/project-obstacles.contract.js';
import { OBSTACLE_KIND_LABELS, OBSTACLE_KINDS, type ObstacleKind } from '../../shared/project-enums.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { AppError, forbidden, invalid } from '../../core/errors.js';
import type { NotificationService } from '../../notify/notification.service.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CasePolicyService } from '../cases/case-policy.service.js';
import type { CaseService } from '../cases/case.service.js';
import type { Upload } from '../files/file.service.js';
import { actorWith, type ProjectService } from './project.service.js';

/** Case states in which the routing's department is still only a suggestion (HQ has not dispatched). */
const BEFORE_DISPATCH: readonly CaseState[] = ['reported', 'accepted', 'returned'];

/** Whether the actor may raise obstacles of the project: its unit, its work team, the projects office. */
export function mayRaise(actor: Actor, place: ProjectPlace): boolean {
  return (['project.report', 'project.confirm', 'project.manage'] as const).some((p) => canOnProject(actor, p, place));
}

/**
 * Obstacles (要素保障, issue 14 point 6, DOMAIN.md §3.7). An obstacle is a case: raising one is the
 * case module's report command (source `project_obstacle`, the kind's own category, the project's
 * county as the area), whose transaction also writes the link to the project, the project's audit
 * record and the notices to the project's sides. The case then enters as `reported`: HQ accepts it
 * and dispatches it to the department the category's routing names with the category's deadline,
 * exactly as every other case, so indicators, escalation letters and dashboards see it unchanged.
 * This service only reads the cases' state back for the project's page and the office's lists.
 */
export class ProjectObstacleService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly notifications: NotificationService,
    private readonly cases: CaseService,
    private readonly projects: ProjectService,
    private readonly casePolicy: CasePolicyService,
  ) {}

  /** Raises an obstacle of project `projectId` with its photos; returns it as the project page shows it. */
  async raise(ctx: RequestContext, projectId: number, body: RaiseObstacleBody, uploads: Upload[]): Promise<ProjectObstacle> {
    const db = this.database.db;
    const v = await this.projects.visible(db, ctx, projectId);
    const { row, actor } = v;
    if (!mayRaise(actor, v.place)) throw forbidden('you may read this project, not raise its obstacles');
    if (row.status !== 'active') throw new AppError(409, 'terminated', 'status: the project is terminated', { field: 'status' });
    if (!(OBSTACLE_KINDS as readonly string[]).includes(body.kind)) throw invalid('kind', `unknown kind "${String(body.kind)}"`);
    const text = body.description.trim();
    if (!text) throw invalid('description', 'must not be blank');
    const kind = body.kind;
    const categoryCode = OBSTACLE_CATEGORY_CODES[kind];
    const label = OBSTACLE_KIND_LABELS[kind].zh;
    if (!findCategory((await this.casePolicy.policy()).categories, categoryCode))
      throw new AppError(409, 'not_configured', `kind: the case category ${categoryCode} (要素保障-${label}) is not active`, {
        field: 'kind',
      });
    const located = row.lon !== null && row.lat !== null;
    const report: ReportBody = {
      source: 'project_obstacle',
      categoryCode,
      description: `【要素保障·${label}】${row.name}：${text}`,
      ...(located ? { lon: row.lon!, lat: row.lat! } : { address: `${row.county_name} ${row.name}` }),
      // The county is the area, so a category's routing by county (byArea) applies.
      areaUnitId: row.county_unit_id,
      reporterContact: body.reporterContact?.trim() || null,
    };
    const at = this.clock.now().toISOString();
    const created = await this.cases.report(ctx, report, uploads, async (trx, c) => {
      await projectObstacleRepository.insert(trx, { project_id: projectId, case_id: c.id, kind, raised_by: actor.userId, raised_at: at });
      await this.audit.record(trx, ctx, {
        action: 'project_obstacle.raise',
        targetType: 'project',
        targetId: projectId,
        summary: { code: row.code, kind, caseId: c.id, caseNumber: c.number },
      });
      const userIds = await this.projects.recipients(trx, row, ['unit', 'work_team', 'office'], actor.userId);
      if (userIds.length)
        await this.notifications.notify(trx, {
          userIds,
          caseId: c.id,
          kind: 'project.obstacle',
          title: `项目堵点已上报：${row.name}`,
          body: `“${row.name}”上报要素保障问题（${label}），案卷 ${c.number}，待指挥中心立案派遣。\n${text}`,
        });
    });
    const { rows } = await projectObstacleRepository.list(db, ALL, { caseId: created.id }, { limit: 1, offset: 0 });
    return (await this.present(db, rows))[0]!;
  }

  /** The obstacles of a project the actor may read, newest first, and whether they may raise one. */
  async forProject(ctx: RequestContext, projectId: number, q: ProjectObstaclesQuery = {}): Promise<ProjectObstaclesReply> {
    const db = this.database.db;
    const v = await this.projects.visible(db, ctx, projectId);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { rows, total } = await projectObstacleRepository.list(
      db,
      ALL,
      { projectId },
      { limit: pageSize, offset: (page - 1) * pageSize },
    );
    return { items: await this.present(db, rows), total, canRaise: v.row.status === 'active' && mayRaise(v.actor, v.place) };
  }

  /** Obstacles of the projects the actor may read (the office's and the work team's lists). */
  async list(ctx: RequestContext, q: ProjectObstacleQuery = {}): Promise<ProjectObstacleList> {
    const actor = actorWith(ctx, 'project.read');
    const db = this.database.db;
    const f: ObstacleFilter = { kind: q.kind };
    if (q.county !== undefined) {
      const unit = await unitRepository.byId(db, Number(q.county));
      if (!unit) throw invalid('county', `unit ${q.county} not found`);
      f.countyPath = unit.path;
    }
    if (q.state === 'open') f.states = OPEN_CASE_STATES;
    else if (q.state) f.states = [q.state];
    if (q.overdue) f.overdueAt = this.clock.now().toISOString();
    const scope = projectScope(actor, 'project.read');
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { rows, total } = await projectObstacleRepository.list(db, { ...scope, memberUserId: scope.asMember ? actor.userId : null }, f, {
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return { items: await this.present(db, rows), total };
  }

  /**
   * Obstacles as shown. Before dispatch the responsible unit is the one the routing names (the
   * category's rule for the project's county), marked `routed`; after it, the assigned unit.
   */
  private async present(db: Executor, rows: ProjectObstacleRead[]): Promise<ProjectObstacle[]> {
    const now = this.clock.now().toISOString();
    const routedCode = new Map<number, string>();
    const pending = rows.filter((r) => r.assigned_unit_id === null && BEFORE_DISPATCH.includes(r.state as CaseState));
    if (pending.length) {
      const categories = (await this.casePolicy.policy()).categories;
      const areas = new Map(
        (await unitRepository.byIds(db, [...new Set(pending.flatMap((r) => (r.area_unit_id === null ? [] : [r.area_unit_id])))])).map(
          (u) => [u.id, u],
        ),
      );
      const pathIds = [...new Set([...areas.values()].flatMap((u) => u.path.split('/').filter(Boolean).map(Number)))];
      const codes = new Map((await unitRepository.byIds(db, pathIds)).map((u) => [u.id, u.code]));
      for (const r of pending) {
        const category = findCategory(categories, r.category_code);
        if (!category) continue;
        const area = r.area_unit_id === null ? undefined : areas.get(r.area_unit_id);
        const areaCodes = (area?.path.split('/').filter(Boolean).map(Number) ?? []).flatMap((id) =>
          codes.has(id) ? [codes.get(id)!] : [],
        );
        routedCode.set(r.id, suggestResponsibleUnit(category, areaCodes));
      }
    }
    const routedUnits = new Map((await unitRepository.byCodes(db, [...new Set(routedCode.values())])).map((u) => [u.code, u]));
    return rows.map((r) => {
      const routed = r.assigned_unit_id === null ? routedUnits.get(routedCode.get(r.id) ?? '') : undefined;
      return {
        id: r.id,
        projectId: r.project_id,
        projectCode: r.project_code,
        projectName: r.project_name,
        countyName: r.county_name,
        kind: r.kind as ObstacleKind,
        caseId: r.case_id,
        caseNumber: r.case_number,
        description: r.description,
        state: r.state as CaseState,
        responsibleUnitId: r.assigned_unit_id ?? routed?.id ?? null,
        responsibleUnitName: r.assigned_unit_name ?? routed?.name ?? null,
        routed: routed !== undefined,
        deadline: r.deadline,
        overdue: r.owed_deadline !== null && r.owed_deadline < now,
        raisedBy: r.raised_by === null ? null : { id: r.raised_by, name: r.raised_by_name ?? '' },
        raisedAt: r.raised_at,
        closedAt: r.closed_at,
      };
    });
  }
}

/** No scope limit: used once the project's visibility has been checked. */
const ALL: ProjectScopeFilter = { all: true, countyPaths: [], workTeamPaths: [], memberUserId: null };
