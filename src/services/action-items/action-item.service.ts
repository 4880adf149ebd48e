import type { Database, Executor } from '../../db/database.js';
import { actionItemRepository, type ActionItemRead } from '../../db/repositories/action-item.repository.js';
import { briefingRepository } from '../../db/repositories/briefing.repository.js';
import { letterRepository } from '../../db/repositories/letter.repository.js';
import { unitRepository } from '../../db/repositories/unit.repository.js';
import { inTransaction, transactOrUndo } from '../../db/transactions.js';
import { deadlineOf, decideActionItem, type ActionItemAction, type ActionItemSide } from '../../domain/action-items/action-item-rules.js';
import { chinaDay } from '../../domain/calendar/work-calendar.js';
import { can, type Actor } from '../../domain/policies/permissions.js';
import type { NotificationService } from '../../notify/notification.service.js';
import type { ActionItemStatus } from '../../shared/action-item-enums.js';
import type {
  ActionItem,
  ActionItemList,
  ActionItemQuery,
  CreateActionItemBody,
  ReportActionItemBody,
} from '../../shared/contracts/action-items.contract.js';
import type { Permission } from '../../shared/enums.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { AppError, forbidden, invalid, invalidSaid, notFound, unauthorized } from '../../core/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { FileService, Upload, FileContent } from '../files/file.service.js';
import { actionItemView } from './action-item.mapper.js';

/** The roles of a unit told of an item assigned to it (and of HQ's decisions on it). */
export const ACTION_ITEM_UNIT_ROLES = ['unit_handler', 'unit_head'];
/** The roles told that a unit reported an item done. */
export const ACTION_ITEM_HQ_ROLES = ['hq_dispatcher'];

/**
 * The 周例会 action items (交办事项, DOMAIN.md §3.6, issue 13 point 8). HQ assigns an item
 * of a meeting (a briefing) to a unit with a deadline; the unit's head or handler reports
 * it done with a note and evidence; HQ confirms it (done) or sends it back with a reason.
 * Overdue is derived from the deadline and the clock (domain/action-items). Units see and
 * act on their own items only (the grant's subtree), leaders and HQ read all. Every change
 * is one transaction with its audit record and notices; escalation by letters of the
 * ladder is {@link EscalateActionItemCommand}'s.
 */
export class ActionItemService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly notifications: NotificationService,
    private readonly files: FileService,
  ) {}

  /** The item `id` if the actor may read it (404 otherwise, as for cases and letters). */
  async visible(db: Executor, ctx: RequestContext, id: number): Promise<{ row: ActionItemRead; actor: Actor }> {
    const actor = actorWith(ctx, 'action_item.read');
    const row = await actionItemRepository.byId(db, id);
    if (!row || !can(actor, 'action_item.read', row.unit_path)) throw notFound('action item', id);
    return { row, actor };
  }

  /** Items the actor may see matching the query, by deadline. */
  async list(ctx: RequestContext, q: ActionItemQuery = {}): Promise<ActionItemList> {
    const actor = actorWith(ctx, 'action_item.read');
    const db = this.database.db;
    const units = await unitRepository.list(db);
    const visible = units.filter((u) => can(actor, 'action_item.read', u.path)).map((u) => u.id);
    const unitId = q.unitId === undefined ? undefined : Number(q.unitId);
    if (unitId !== undefined && units.some((u) => u.id === unitId) && !visible.includes(unitId))
      throw forbidden(`unitId: unit ${unitId} is outside the units you cover`);
    const all = visible.length === units.length && unitId === undefined;
    const rows = await actionItemRepository.list(db, {
      unitIds: all ? null : unitId !== undefined ? visible.filter((id) => id === unitId) : visible,
      ...(q.briefingId !== undefined ? { briefingIds: [Number(q.briefingId)] } : {}),
      ...(q.status ? { status: q.status } : {}),
    });
    const items = await this.views(db, actor, rows);
    return { items: q.progress ? items.filter((i) => i.progress === q.progress) : items };
  }

  /** One item with its evidence and letters. */
  async get(ctx: RequestContext, id: number): Promise<ActionItem> {
    const db = this.database.db;
    const { row, actor } = await this.visible(db, ctx, id);
    return (await this.views(db, actor, [row]))[0]!;
  }

  /**
   * The meeting of briefing `briefingId` assigns an item to a unit in the actor's scope,
   * due at a China day (and time, else the day's end) not yet past; the unit is told.
   */
  async create(ctx: RequestContext, body: CreateActionItemBody): Promise<ActionItem> {
    const actor = actorWith(ctx, 'action_item.manage');
    const db = this.database.db;
    const title = body.title.trim();
    if (!title) throw invalidSaid('title', { zh: '请填写事项内容', en: 'must not be blank' });
    const briefing = await briefingRepository.byId(db, body.briefingId);
    if (!briefing) throw invalid('briefingId', `briefing ${body.briefingId} not found`);
    const unit = await unitRepository.byId(db, body.unitId);
    if (!unit) throw invalid('unitId', `unit ${body.unitId} not found`);
    if (!can(actor, 'action_item.manage', unit.path)) throw forbidden('unitId: the unit is outside your scope');
    const now = this.clock.now();
    const due = deadlineOf(body.dueDate, body.dueTime);
    if (due.getTime() <= now.getTime())
      throw invalidSaid('dueDate', { zh: '期限已过，请选择今后的日期或时间', en: 'the deadline has already passed' });
    const at = now.toISOString();
    const id = await inTransaction(db, async (trx) => {
      const newId = await actionItemRepository.insert(trx, {
        briefing_id: briefing.id,
        title,
        detail: body.detail?.trim() ?? '',
        unit_id: unit.id,
        due_at: due.toISOString(),
        created_by: actor.userId,
        created_at: at,
      });
      await this.audit.record(trx, ctx, {
        action: 'action_item.create',
        targetType: 'action_item',
        targetId: newId,
        summary: { briefingId: briefing.id, unitId: unit.id, dueAt: due.toISOString(), title },
      });
      await this.notifications.notify(trx, {
        userIds: (await letterRepository.holdersCoveringUnits(trx, ACTION_ITEM_UNIT_ROLES, [unit.id])).get(unit.id) ?? [],
        caseId: null,
        kind: 'action_item.assigned',
        title: `周例会交办事项：${title}`,
        body: `${briefing.title}交办你单位“${title}”，请于${chinaDay(new Date(due.getTime() - 1))}前办结并在系统中报告。`,
      });
      return newId;
    });
    return this.get(ctx, id);
  }

  /**
   * The unit reports its item done at the version read, with a note and evidence photos
   * (checked and stored before the transaction, removed again if it fails); HQ is told.
   */
  async report(ctx: RequestContext, id: number, body: ReportActionItemBody, uploads: Upload[] = []): Promise<ActionItem> {
    const db = this.database.db;
    const { row, actor } = await this.visible(db, ctx, id);
    if (!can(actor, 'action_item.report', row.unit_path)) throw forbidden('only the responsible unit reports its item done');
    const to = decided(row, 'report', 'unit', body.version);
    const note = body.note.trim();
    if (!note) throw invalidSaid('note', { zh: '请填写办理情况', en: 'must not be blank' });
    const prepared = await this.files.prepare(uploads);
    const at = this.clock.now().toISOString();
    await transactOrUndo(
      this.database,
      async (trx) => {
        const ok = await actionItemRepository.update(trx, id, body.version, {
          status: to,
          report_note: note,
          reported_at: at,
          reported_by: actor.userId,
          updated_at: at,
        });
        if (!ok) throw moved(id);
        const fileIds = await this.files.attach(trx, prepared, { caseId: null, eventId: null, phase: 'evidence', createdBy: actor.userId });
        await actionItemRepository.addFiles(trx, id, fileIds);
        await this.audit.record(trx, ctx, {
          action: 'action_item.report',
          targetType: 'action_item',
          targetId: id,
          summary: { unitId: row.unit_id, files: fileIds.length },
        });
        await this.notifications.notify(trx, {
          userIds: (await letterRepository.holdersCoveringUnits(trx, ACTION_ITEM_HQ_ROLES, [row.unit_id])).get(row.unit_id) ?? [],
          caseId: null,
          kind: 'action_item.reported',
          title: `交办事项已报告完成：${row.title}`,
          body: `${row.unit_name}报告“${row.title}”已办结，请核实确认或说明理由退回。`,
        });
      },
      () => this.files.discard(prepared),
    );
    return this.get(ctx, id);
  }

  /** HQ confirms a reported item: done, as of the report's time; the unit is told. */
  async confirm(ctx: RequestContext, id: number, version: number): Promise<ActionItem> {
    return this.decide(ctx, id, version, 'confirm', null);
  }

  /** HQ sends a report back with its reason: the item is open again; the unit is told. */
  async sendBack(ctx: RequestContext, id: number, version: number, reason: string): Promise<ActionItem> {
    const text = reason.trim();
    if (!text) throw invalidSaid('reason', { zh: '请填写退回理由', en: 'must not be blank' });
    return this.decide(ctx, id, version, 'return', text);
  }

  private async decide(ctx: RequestContext, id: number, version: number, action: 'confirm' | 'return', reason: string | null) {
    const db = this.database.db;
    const { row, actor } = await this.visible(db, ctx, id);
    if (!can(actor, 'action_item.manage', row.unit_path)) throw forbidden();
    const to = decided(row, action, 'hq', version);
    const at = this.clock.now().toISOString();
    await inTransaction(db, async (trx) => {
      const ok = await actionItemRepository.update(
        trx,
        id,
        version,
        action === 'confirm'
          ? { status: to, done_at: row.reported_at, confirmed_at: at, confirmed_by: actor.userId, updated_at: at }
          : { status: to, return_reason: reason, updated_at: at },
      );
      if (!ok) throw moved(id);
      await this.audit.record(trx, ctx, {
        action: action === 'confirm' ? 'action_item.confirm' : 'action_item.return',
        targetType: 'action_item',
        targetId: id,
        summary: action === 'confirm' ? { unitId: row.unit_id, doneAt: row.reported_at } : { unitId: row.unit_id, reason },
      });
      await this.notifications.notify(trx, {
        userIds: (await letterRepository.holdersCoveringUnits(trx, ACTION_ITEM_UNIT_ROLES, [row.unit_id])).get(row.unit_id) ?? [],
        caseId: null,
        kind: action === 'confirm' ? 'action_item.confirmed' : 'action_item.returned',
        title: `${action === 'confirm' ? '交办事项已确认完成' : '交办事项被退回'}：${row.title}`,
        body: action === 'confirm' ? `“${row.title}”已确认办结。` : `“${row.title}”的完成报告被退回：${reason}。请继续办理后重新报告。`,
      });
    });
    return this.get(ctx, id);
  }

  /** Views of rows with their files, letters and the names they show. */
  async views(db: Executor, actor: Actor, rows: ActionItemRead[]): Promise<ActionItem[]> {
    const ids = rows.map((r) => r.id);
    const [files, letters, names] = await Promise.all([
      actionItemRepository.filesOf(db, ids),
      actionItemRepository.lettersOf(db, ids),
      actionItemRepository.userNames(
        db,
        rows.flatMap((r) => [r.created_by, r.reported_by, r.confirmed_by]).filter((x): x is number => x !== null),
      ),
    ]);
    const now = this.clock.now();
    return rows.map((r) => actionItemView(r, { files: files.get(r.id) ?? [], letters: letters.get(r.id) ?? [], names }, actor, now));
  }

  /** The bytes of an evidence file of an item the actor may read (404 for a file of another item). */
  async evidence(ctx: RequestContext, id: number, fileId: number): Promise<FileContent> {
    const db = this.database.db;
    await this.visible(db, ctx, id);
    const files = (await actionItemRepository.filesOf(db, [id])).get(id) ?? [];
    if (!files.some((f) => f.id === fileId)) throw notFound('file', fileId);
    const { body, size, mime } = await this.files.read(fileId, 'public');
    return { body, size, mime };
  }
}

/** The actor, if they hold `permission` somewhere (401 without a session, 403 without it). */
export function actorWith(ctx: RequestContext, permission: Permission): Actor {
  if (!ctx.actor) throw unauthorized();
  if (!can(ctx.actor, permission)) throw forbidden();
  return ctx.actor;
}

/** The state an action leads to, or the 409 the API answers (wrong state, or a version moved). */
function decided(row: ActionItemRead, action: ActionItemAction, side: ActionItemSide, version: number): ActionItemStatus {
  if (row.version !== version) throw moved(row.id);
  const d = decideActionItem(row.status as ActionItemStatus, action, side);
  if (!d.ok) throw new AppError(409, d.code, `status: ${d.message}`, { field: 'status' });
  return d.to;
}

function moved(id: number): AppError {
  return new AppError(409, 'version_conflict', `version: action item ${id} was changed meanwhile; reload it`, { field: 'version' });
}
