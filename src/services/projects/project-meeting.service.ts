import type { Insertable } from 'kysely';
import type { Database, Executor } from '../../db/database.js';
import type { ProjectMeetingActionsTable } from '../../db/schema.js';
import { letterRepository } from '../../db/repositories/letter.repository.js';
import {
  projectMeetingRepository,
  type MeetingActionRead,
  type ProjectMeetingRead,
} from '../../db/repositories/project-meeting.repository.js';
import { projectRepository } from '../../db/repositories/project.repository.js';
import { unitRepository } from '../../db/repositories/unit.repository.js';
import { userRepository } from '../../db/repositories/user.repository.js';
import { inTransaction } from '../../db/transactions.js';
import { deadlineOf, decideActionItem, progressAt, type ActionItemSide } from '../../domain/action-items/action-item-rules.js';
import { chinaDay } from '../../domain/calendar/work-calendar.js';
import { can, coversUnit, ROLE_PERMISSIONS, type Actor } from '../../domain/policies/permissions.js';
import { canOnProject, COUNTY_LEVEL_KINDS, projectBasisOf } from '../../domain/policies/project-scope.js';
import type { ActionItemStatus } from '../../shared/action-item-enums.js';
import type {
  CreateProjectMeetingBody,
  MeetingAction,
  MeetingActionBody,
  ProjectMeeting,
  ProjectMeetingList,
  ProjectMeetingQuery,
} from '../../shared/contracts/project-meetings.contract.js';
import type { UnitKind } from '../../shared/enums.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { AppError, forbidden, invalid, invalidSaid, notFound, unauthorized } from '../../core/errors.js';
import type { NotificationService } from '../../notify/notification.service.js';
import type { AuditService } from '../audit/audit.service.js';
import { ACTION_ITEM_UNIT_ROLES } from '../action-items/action-item.service.js';
import { placeOf } from './project.mapper.js';

/**
 * Weekly progress meetings (推进例会, issue 14 point 5, DOMAIN.md §3.7). A county's projects
 * office or a work team holds a meeting (project.confirm on the holding unit, a county-level
 * unit or a work team) with attendees, decisions, the projects discussed and action items
 * (交办事项) each with an owner unit and a deadline. The items follow the 周例会 items' state
 * machine (domain/action-items): the owner unit (action_item.report on it) — or the holder —
 * reports an item done, the holder confirms it (done) or sends it back; overdue is derived.
 * Readers: whoever reads projects on the holding unit (not the project units: their grant's
 * unit does not place them), the attendees, and the owner units of its items.
 */
export class ProjectMeetingService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly notifications: NotificationService,
  ) {}

  /** A page of the meetings the actor may see, newest first. */
  async list(ctx: RequestContext, q: ProjectMeetingQuery = {}): Promise<ProjectMeetingList> {
    const actor = actorOf(ctx);
    const db = this.database.db;
    let unitPath: string | undefined;
    if (q.unit !== undefined) {
      const unit = await unitRepository.byId(db, Number(q.unit));
      if (!unit) throw invalid('unit', `unit ${q.unit} not found`);
      unitPath = unit.path;
    }
    const paths = readerPaths(actor);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { rows, total } = await projectMeetingRepository.list(
      db,
      { unitPaths: paths.some((p) => /^\/\d+\/$/.test(p)) ? null : paths, attendee: actor.userId },
      { unitPath, projectId: q.project === undefined ? undefined : Number(q.project) },
      { limit: pageSize, offset: (page - 1) * pageSize },
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        unit: { id: r.unit_id, name: r.unit_name },
        meetingDate: r.meeting_date,
        title: r.title,
        projects: r.projects,
        actions: r.actions,
        actionsOpen: r.actions_open,
      })),
      total,
    };
  }

  /** One meeting the actor may read (404 otherwise). */
  async get(ctx: RequestContext, id: number): Promise<ProjectMeeting> {
    const actor = actorOf(ctx);
    const db = this.database.db;
    const row = await projectMeetingRepository.byId(db, id);
    if (!row) throw notFound('meeting', id);
    const [attendees, projects, items] = await Promise.all([
      projectMeetingRepository.attendeesOf(db, id),
      projectMeetingRepository.projectsOf(db, id),
      projectMeetingRepository.actionsOf(db, id),
    ]);
    const readable =
      readerPaths(actor).some((p) => coversUnit(p, row.unit_path)) ||
      attendees.some((a) => a.user_id === actor.userId) ||
      items.some((a) => can(actor, 'action_item.report', a.unit_path));
    if (!readable) throw notFound('meeting', id);
    const now = this.clock.now();
    return {
      id: row.id,
      unit: { id: row.unit_id, name: row.unit_name },
      meetingDate: row.meeting_date,
      title: row.title,
      decisions: row.decisions,
      attendees: attendees.map((a) => ({ userId: a.user_id, name: a.name })),
      projects,
      actions: items.map((a) => actionView(a, row, actor, now)),
      createdBy: { id: row.created_by, name: row.created_by_name },
      createdAt: row.created_at,
    };
  }

  /**
   * Records a meeting held by a county or a work team the actor covers, on a day not in the
   * future; every referenced user, project and unit must exist (400 naming the entry), the
   * projects must be ones the actor may read, and each item's deadline must not have passed.
   * The owner units of the items are told.
   */
  async create(ctx: RequestContext, body: CreateProjectMeetingBody): Promise<ProjectMeeting> {
    const actor = actorOf(ctx);
    const db = this.database.db;
    const unit = await unitRepository.byId(db, body.unitId);
    if (!unit) throw invalid('unitId', `unit ${body.unitId} not found`);
    if (unit.kind !== 'work_team' && !COUNTY_LEVEL_KINDS.includes(unit.kind as UnitKind))
      throw invalidSaid('unitId', {
        zh: `${unit.name}不是县（市、区）或工作专班`,
        en: `${unit.name} is neither a county / district nor a work team`,
      });
    if (!can(actor, 'project.confirm', unit.path)) throw forbidden('unitId: only its projects office or work team records its meetings');
    const title = body.title.trim();
    if (!title) throw invalidSaid('title', { zh: '请填写会议名称', en: 'must not be blank' });
    const now = this.clock.now();
    const today = chinaDay(now);
    if (body.meetingDate > today) throw invalidSaid('meetingDate', { zh: '会议日期不能晚于今天', en: 'is in the future' });
    const users = new Set((await userRepository.byIds(db, body.attendeeUserIds)).map((u) => u.id));
    for (const [i, u] of body.attendeeUserIds.entries()) if (!users.has(u)) throw invalid(`attendeeUserIds[${i}]`, `user ${u} not found`);
    const names = body.attendeeNames.map((n) => n.trim());
    for (const [i, n] of names.entries()) if (!n) throw invalid(`attendeeNames[${i}]`, 'must not be blank');
    const projectIds = [...new Set(body.projectIds)];
    for (const [i, p] of body.projectIds.entries()) await this.readableProject(db, actor, p, `projectIds[${i}]`);
    const items: (Omit<Insertable<ProjectMeetingActionsTable>, 'id' | 'meeting_id' | 'version'> & {
      unit_id: number;
      title: string;
      due_at: string;
    })[] = [];
    for (const [i, a] of body.actions.entries()) {
      const t = a.title.trim();
      if (!t) throw invalidSaid(`actions[${i}].title`, { zh: `第 ${i + 1} 项议定事项的内容为空`, en: 'must not be blank' });
      const owner = await unitRepository.byId(db, a.unitId);
      if (!owner) throw invalid(`actions[${i}].unitId`, `unit ${a.unitId} not found`);
      if (a.projectId != null) await this.readableProject(db, actor, a.projectId, `actions[${i}].projectId`);
      const due = deadlineOf(a.dueDate);
      if (due.getTime() <= now.getTime())
        throw invalidSaid(`actions[${i}].dueDate`, { zh: '期限已过，请选择今后的日期或时间', en: 'the deadline has already passed' });
      items.push({
        project_id: a.projectId ?? null,
        title: t,
        unit_id: owner.id,
        due_at: due.toISOString(),
        status: 'open',
        updated_at: now.toISOString(),
      });
    }
    const at = now.toISOString();
    const id = await inTransaction(db, async (trx) => {
      const meetingId = await projectMeetingRepository.insert(
        trx,
        {
          unit_id: unit.id,
          meeting_date: body.meetingDate,
          title,
          decisions: body.decisions.trim(),
          created_by: actor.userId,
          created_at: at,
        },
        [...body.attendeeUserIds.map((u) => ({ user_id: u, name: null })), ...names.map((n) => ({ user_id: null, name: n }))],
        projectIds,
        items,
      );
      await this.audit.record(trx, ctx, {
        action: 'project_meeting.create',
        targetType: 'project_meeting',
        targetId: meetingId,
        summary: { unitId: unit.id, meetingDate: body.meetingDate, projects: projectIds.length, actions: items.length },
      });
      const owners = [...new Set(items.map((a) => a.unit_id))];
      const holders = owners.length
        ? await letterRepository.holdersCoveringUnits(trx, ACTION_ITEM_UNIT_ROLES, owners)
        : new Map<number, number[]>();
      for (const a of items)
        await this.notifications.notify(trx, {
          userIds: holders.get(a.unit_id) ?? [],
          caseId: null,
          kind: 'project_meeting.assigned',
          title: `推进例会交办事项：${a.title}`,
          body: `${unit.name}${body.meetingDate}推进例会交办你单位“${a.title}”，请于${chinaDay(new Date(Date.parse(a.due_at) - 1))}前办结并在系统中报告。`,
        });
      return meetingId;
    });
    return this.get(ctx, id);
  }

  /**
   * Moves an action item at the version read: report (the owner unit or the holder, with a
   * note), confirm or return (the holder; return with a reason). 409 for a wrong state or a
   * moved version.
   */
  async act(ctx: RequestContext, meetingId: number, actionId: number, body: MeetingActionBody): Promise<ProjectMeeting> {
    const actor = actorOf(ctx);
    const db = this.database.db;
    const meeting = await projectMeetingRepository.byId(db, meetingId);
    const item = await projectMeetingRepository.actionById(db, actionId);
    if (!meeting || !item || item.meeting_id !== meetingId) throw notFound('action item', actionId);
    await this.get(ctx, meetingId); // 404 unless readable
    const holder = can(actor, 'project.confirm', meeting.unit_path);
    const side: ActionItemSide = body.action === 'report' ? 'unit' : 'hq';
    if (side === 'unit' ? !(holder || can(actor, 'action_item.report', item.unit_path)) : !holder)
      throw forbidden(
        side === 'unit' ? 'only the owner unit or the meeting holder reports an item done' : 'only the meeting holder decides on a report',
      );
    if (item.version !== body.version) throw moved(actionId);
    const d = decideActionItem(item.status as ActionItemStatus, body.action, side);
    if (!d.ok) throw new AppError(409, d.code, `status: ${d.message}`, { field: 'status' });
    const note = body.note?.trim() ?? '';
    if (body.action !== 'confirm' && !note)
      throw invalidSaid(
        'note',
        body.action === 'report'
          ? { zh: '请说明完成情况', en: 'say what was done' }
          : { zh: '请说明退回原因', en: 'say why it is sent back' },
      );
    const at = this.clock.now().toISOString();
    await inTransaction(db, async (trx) => {
      const ok = await projectMeetingRepository.updateAction(
        trx,
        actionId,
        body.version,
        body.action === 'report'
          ? { status: d.to, report_note: note, reported_at: at, reported_by: actor.userId, updated_at: at }
          : body.action === 'confirm'
            ? { status: d.to, done_at: item.reported_at, confirmed_by: actor.userId, updated_at: at }
            : { status: d.to, return_reason: note, updated_at: at },
      );
      if (!ok) throw moved(actionId);
      await this.audit.record(trx, ctx, {
        action: `project_meeting.${body.action}`,
        targetType: 'project_meeting',
        targetId: meetingId,
        summary: { actionId, unitId: item.unit_id, to: d.to, ...(note ? { note } : {}) },
      });
    });
    return this.get(ctx, meetingId);
  }

  private async readableProject(db: Executor, actor: Actor, id: number, field: string): Promise<void> {
    const row = await projectRepository.byId(db, id);
    const place = row ? placeOf(row, (await projectRepository.membersOf(db, [id])).get(id) ?? []) : null;
    if (!row || !place || !canOnProject(actor, 'project.read', place)) throw invalid(field, `project ${id} not found`);
  }
}

/** Unit paths under which the actor reads meetings: project.read grants other than the project unit's. */
function readerPaths(actor: Actor): string[] {
  return actor.grants
    .filter(
      (g) =>
        ROLE_PERMISSIONS[g.role].includes('project.read') &&
        projectBasisOf(g.role) !== 'membership' &&
        can(actor, 'project.read', g.unitPath),
    )
    .map((g) => g.unitPath);
}

function actionView(a: MeetingActionRead, meeting: ProjectMeetingRead, actor: Actor, now: Date): MeetingAction {
  const status = a.status as ActionItemStatus;
  const holder = can(actor, 'project.confirm', meeting.unit_path);
  return {
    id: a.id,
    title: a.title,
    project: a.project_id === null ? null : { id: a.project_id, name: a.project_name ?? '' },
    unit: { id: a.unit_id, name: a.unit_name },
    dueAt: a.due_at,
    status,
    progress: progressAt({ status, dueAt: a.due_at, doneAt: a.done_at }, now),
    reportNote: a.report_note,
    reportedAt: a.reported_at,
    doneAt: a.done_at,
    returnReason: a.return_reason,
    version: a.version,
    can: {
      report: status === 'open' && (holder || can(actor, 'action_item.report', a.unit_path)),
      decide: status === 'reported' && holder,
    },
  };
}

function actorOf(ctx: RequestContext): Actor {
  if (!ctx.actor) throw unauthorized();
  return ctx.actor;
}

function moved(id: number): AppError {
  return new AppError(409, 'version_conflict', `version: action item ${id} was changed meanwhile; reload it`, { field: 'version' });
}
