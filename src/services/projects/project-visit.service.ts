import type { Database, Executor } from '../../db/database.js';
import { projectRepository, type ProjectRead } from '../../db/repositories/project.repository.js';
import { projectVisitRepository, type ProjectVisitRead } from '../../db/repositories/project-visit.repository.js';
import { unitRepository } from '../../db/repositories/unit.repository.js';
import { transactOrUndo } from '../../db/transactions.js';
import { periodFromKey, periodOf, previousPeriod } from '../../domain/assessment/periods.js';
import { chinaDay } from '../../domain/calendar/work-calendar.js';
import { canOnProject, projectScope, type ProjectPlace } from '../../domain/policies/project-scope.js';
import type { Actor } from '../../domain/policies/permissions.js';
import {
  complianceByProject,
  DEFAULT_VISIT_RADIUS_M,
  DEFAULT_WEEKLY_VISIT_TARGET,
  leaderWeeks,
  visitCounts,
  visitInstant,
  visitPlace,
  weeksCovering,
  type WeekCompliance,
} from '../../domain/projects/visits.js';
import type { VisitPlaceCheck } from '../../shared/project-visit-enums.js';
import type {
  LogVisitBody,
  ProjectVisit,
  ProjectVisitList,
  VisitCompliance,
  VisitComplianceQuery,
  VisitWeek,
} from '../../shared/contracts/project-visits.contract.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { AppError, forbidden, invalid, invalidSaid, notFound, unauthorized } from '../../core/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { FileService, Upload, FileContent } from '../files/file.service.js';
import { placeOf } from './project.mapper.js';

/** The "4个1" settings (config: visitWeeklyTarget, visitRadiusM). */
export interface VisitSettings {
  /** Visits a leader owes each of his projects per week. */
  weeklyTarget: number;
  /** Metres within which a reported position is on site. */
  radiusM: number;
}

export const DEFAULT_VISIT_SETTINGS: VisitSettings = { weeklyTarget: DEFAULT_WEEKLY_VISIT_TARGET, radiusM: DEFAULT_VISIT_RADIUS_M };

/** Weeks the project's visit card shows: this week and the three before it. */
const CARD_WEEKS = 4;

/**
 * "4个1" site visits (现场办公, issue 14 point 5, DOMAIN.md §3.7). A visit is the project's
 * leader in charge's; it is logged by the leader himself (whatever his roles: being the
 * project's leader is what entitles him), or on his behalf by the projects office or the work
 * team of the project (project.manage / project.confirm on it). The reported position is
 * checked against the project's and the verdict stored with the distance. Who reads a
 * project's visits: whoever reads the project, and its leader. Compliance is per project per
 * ISO week (China time) against the target, and per leader over his projects.
 */
export class ProjectVisitService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly files: FileService,
    private readonly settings: VisitSettings = DEFAULT_VISIT_SETTINGS,
  ) {}

  /** Project `id` if the actor may read its visits (404 otherwise). */
  private async project(db: Executor, ctx: RequestContext, id: number): Promise<{ row: ProjectRead; actor: Actor; place: ProjectPlace }> {
    if (!ctx.actor) throw unauthorized();
    const actor = ctx.actor;
    const row = await projectRepository.byId(db, id);
    if (!row) throw notFound('project', id);
    const place = placeOf(row, (await projectRepository.membersOf(db, [id])).get(id) ?? []);
    if (row.leader_user_id !== actor.userId && !canOnProject(actor, 'project.read', place)) throw notFound('project', id);
    return { row, actor, place };
  }

  /** Whether the actor may log a visit of the project's leader: the leader, its projects office or work team. */
  private mayLog(actor: Actor, row: ProjectRead, place: ProjectPlace): boolean {
    return (
      row.status === 'active' &&
      row.leader_user_id !== null &&
      (row.leader_user_id === actor.userId || canOnProject(actor, 'project.manage', place) || canOnProject(actor, 'project.confirm', place))
    );
  }

  /** A project's visits (newest first) with its last weeks against the target. */
  async list(ctx: RequestContext, projectId: number): Promise<ProjectVisitList> {
    const db = this.database.db;
    const { row, actor, place } = await this.project(db, ctx, projectId);
    const rows = await projectVisitRepository.ofProject(db, projectId);
    const now = this.clock.now();
    let first = periodOf('week', now);
    for (let i = 1; i < CARD_WEEKS; i++) first = previousPeriod(first);
    const last = periodOf('week', now);
    const weeks =
      row.leader_user_id === null
        ? []
        : (complianceByProject(
            rows.map((r) => ({
              projectId,
              leaderId: r.leader_user_id,
              at: new Date(r.visited_at),
              counts: visitCounts(r.place_check as VisitPlaceCheck),
            })),
            [{ projectId, leaderId: row.leader_user_id }],
            new Date(first.start),
            new Date(last.end),
            this.settings.weeklyTarget,
          ).get(projectId) ?? []);
    return {
      items: await this.views(db, rows),
      leader: row.leader_user_id === null ? null : { id: row.leader_user_id, name: row.leader_name ?? '' },
      target: this.settings.weeklyTarget,
      radiusM: this.settings.radiusM,
      weeks: weeks.map(weekView),
      canLog: this.mayLog(actor, row, place),
    };
  }

  /**
   * Logs a visit of the project's leader on a China day not in the future, with the place, the
   * phone's position (both coordinates or neither), what was solved, and photos (checked and
   * stored before the transaction, removed again if it fails).
   */
  async log(ctx: RequestContext, projectId: number, body: LogVisitBody, uploads: Upload[] = []): Promise<ProjectVisit> {
    const db = this.database.db;
    const { row, actor, place } = await this.project(db, ctx, projectId);
    if (row.leader_user_id === null)
      throw new AppError(409, 'no_leader', 'leaderUserId: the project has no leader in charge to log a visit for', {
        field: 'leaderUserId',
      });
    if (!this.mayLog(actor, row, place))
      throw row.status !== 'active'
        ? new AppError(409, 'terminated', 'status: the project is terminated', { field: 'status' })
        : forbidden('only the leader in charge, or the projects office or work team on his behalf, logs a visit');
    const placeText = body.place.trim();
    if (!placeText) throw invalidSaid('place', { zh: '请填写现场办公地点', en: 'must not be blank' });
    const solved = body.solved.trim();
    if (!solved) throw invalidSaid('solved', { zh: '请填写解决的问题', en: 'must not be blank' });
    const now = this.clock.now();
    if (body.visitDate > chinaDay(now)) throw invalidSaid('visitDate', { zh: '日期不能晚于今天', en: 'is in the future' });
    // Without a time a visit is at noon, but a visit logged this morning has already happened: now.
    const noted = visitInstant(body.visitDate, body.visitTime);
    const at = body.visitTime === undefined && noted.getTime() > now.getTime() ? now : noted;
    if (at.getTime() > now.getTime()) throw invalidSaid('visitTime', { zh: '时间不能晚于现在', en: 'is in the future' });
    const lon = body.lon ?? null;
    const lat = body.lat ?? null;
    if ((lon === null) !== (lat === null)) {
      throw invalidSaid(lon === null ? 'lon' : 'lat', { zh: '经度和纬度须同时填写或同时留空', en: 'give both lon and lat, or neither' });
    }
    const reported = lon !== null && lat !== null ? { lat, lng: lon } : null;
    const projectPos = row.lon !== null && row.lat !== null ? { lat: row.lat, lng: row.lon } : null;
    const check = visitPlace(reported, projectPos, this.settings.radiusM);
    const prepared = await this.files.prepare(uploads);
    const leaderId = row.leader_user_id;
    const id = await transactOrUndo(
      this.database,
      async (trx) => {
        const visitId = await projectVisitRepository.insert(trx, {
          project_id: projectId,
          leader_user_id: leaderId,
          visit_date: body.visitDate,
          visited_at: at.toISOString(),
          place: placeText,
          lon,
          lat,
          distance_m: check.distanceM,
          radius_m: this.settings.radiusM,
          place_check: check.check,
          solved,
          recorded_by: actor.userId,
          recorded_at: now.toISOString(),
        });
        const fileIds = await this.files.attach(trx, prepared, { caseId: null, eventId: null, phase: 'evidence', createdBy: actor.userId });
        await projectVisitRepository.addFiles(
          trx,
          visitId,
          fileIds.map((fileId, i) => ({ fileId, name: prepared[i]?.filename ?? null })),
        );
        await this.audit.record(trx, ctx, {
          action: 'project_visit.log',
          targetType: 'project',
          targetId: projectId,
          summary: {
            visitId,
            leaderId,
            visitDate: body.visitDate,
            placeCheck: check.check,
            distanceM: check.distanceM,
            files: fileIds.length,
          },
        });
        return visitId;
      },
      () => this.files.discard(prepared),
    );
    const read = await projectVisitRepository.byId(db, id);
    if (!read) throw notFound('visit', id);
    return (await this.views(db, [read]))[0]!;
  }

  /**
   * The compliance table of the weeks up to `week` (this week by default; 2 weeks by default):
   * every active project with a leader that the actor may read (or leads), per project and per
   * leader over his projects.
   */
  async compliance(ctx: RequestContext, q: VisitComplianceQuery = {}): Promise<VisitCompliance> {
    if (!ctx.actor) throw unauthorized();
    const actor = ctx.actor;
    const db = this.database.db;
    const last = q.week === undefined ? periodOf('week', this.clock.now()) : periodFromKey(q.week);
    if (!last || last.kind !== 'week') throw invalid('week', `"${q.week}" is not an ISO week of 2000–2099`);
    let first = last;
    for (let i = 1; i < (q.weeks ?? 2); i++) first = previousPeriod(first);
    let countyPath: string | undefined;
    if (q.county !== undefined) {
      const unit = await unitRepository.byId(db, Number(q.county));
      if (!unit) throw invalid('county', `unit ${q.county} not found`);
      countyPath = unit.path;
    }
    const scope = projectScope(actor, 'project.read');
    const projects = await projectVisitRepository.ledProjects(
      db,
      { ...scope, memberUserId: scope.asMember ? actor.userId : null },
      actor.userId,
      {
        countyPath,
        workTeamUnitId: q.workTeam === undefined ? undefined : Number(q.workTeam),
        leaderUserId: q.leader === undefined ? undefined : Number(q.leader),
      },
    );
    const from = new Date(first.start);
    const to = new Date(last.end);
    const visits = await projectVisitRepository.inRange(
      db,
      projects.map((p) => p.id),
      first.start,
      last.end,
    );
    const byProject = complianceByProject(
      visits.map((v) => ({
        projectId: v.project_id,
        leaderId: v.leader_user_id,
        at: new Date(v.visited_at),
        counts: visitCounts(v.place_check as VisitPlaceCheck),
      })),
      projects.map((p) => ({ projectId: p.id, leaderId: p.leader_user_id })),
      from,
      to,
      this.settings.weeklyTarget,
    );
    const leaders = new Map<number, { name: string; weeks: WeekCompliance[][] }>();
    for (const p of projects) {
      const l = leaders.get(p.leader_user_id) ?? { name: p.leader_name, weeks: [] };
      l.weeks.push(byProject.get(p.id) ?? []);
      leaders.set(p.leader_user_id, l);
    }
    return {
      target: this.settings.weeklyTarget,
      weeks: weeksCovering(from, to).map((w) => ({ week: w.key, label: w.label, start: w.start, end: w.end })),
      leaders: [...leaders]
        .map(([leaderId, l]) => ({
          leaderId,
          leaderName: l.name,
          projects: l.weeks.length,
          weeks: leaderWeeks(l.weeks).map((w) => ({ ...weekView(w), projectsMet: w.projectsMet })),
        }))
        .sort((a, b) => a.leaderName.localeCompare(b.leaderName, 'zh-CN') || a.leaderId - b.leaderId),
      projects: projects.map((p) => ({
        projectId: p.id,
        projectCode: p.code,
        projectName: p.name,
        countyName: p.county_name,
        leaderId: p.leader_user_id,
        weeks: (byProject.get(p.id) ?? []).map(weekView),
      })),
    };
  }

  /** A visit's photo (the public copy, without metadata) for those who may read the project's visits. */
  async photo(ctx: RequestContext, projectId: number, visitId: number, fileId: number): Promise<FileContent & { name: string | null }> {
    const db = this.database.db;
    await this.project(db, ctx, projectId);
    const visit = await projectVisitRepository.byId(db, visitId);
    if (!visit || visit.project_id !== projectId) throw notFound('visit', visitId);
    const file = ((await projectVisitRepository.filesOf(db, [visitId])).get(visitId) ?? []).find((f) => f.id === fileId);
    if (!file) throw notFound('file', fileId);
    const { body, size, mime } = await this.files.read(fileId, 'public');
    return { body, size, mime, name: file.name };
  }

  private async views(db: Executor, rows: ProjectVisitRead[]): Promise<ProjectVisit[]> {
    const files = await projectVisitRepository.filesOf(
      db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => ({
      id: r.id,
      projectId: r.project_id,
      projectName: r.project_name,
      leader: { id: r.leader_user_id, name: r.leader_name },
      visitDate: r.visit_date,
      week: periodOf('week', new Date(r.visited_at)).key,
      place: r.place,
      lon: r.lon,
      lat: r.lat,
      distanceM: r.distance_m,
      radiusM: r.radius_m,
      placeCheck: r.place_check as VisitPlaceCheck,
      counts: visitCounts(r.place_check as VisitPlaceCheck),
      solved: r.solved,
      recordedBy: { id: r.recorded_by, name: r.recorded_by_name },
      recordedAt: r.recorded_at,
      photos: files.get(r.id) ?? [],
    }));
  }
}

function weekView(w: WeekCompliance): VisitWeek {
  return { week: w.key, label: w.label, start: w.start, end: w.end, visits: w.count, target: w.target, met: w.met };
}
