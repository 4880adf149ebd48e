import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database, Executor } from '../../db/database.js';
import { insertReportedCase, unknownReference, type HoldersQuery } from '../../db/repositories/case-intake.repository.js';
import { caseRepository, eventRow, newCaseRow, type CaseDetails } from '../../db/repositories/case.repository.js';
import { checkpointRepository } from '../../db/repositories/checkpoint.repository.js';
import { unitRepository } from '../../db/repositories/unit.repository.js';
import { userRepository } from '../../db/repositories/user.repository.js';
import type { DB } from '../../db/schema.js';
import { transactOrUndo } from '../../db/transactions.js';
import { chinaDay } from '../../domain/calendar/work-calendar.js';
import { decide, type CaseCommand, type CaseEvent, type CaseSnapshot } from '../../domain/cases/case-machine.js';
import { deadlineRuleFor, findCategory, suggestResponsibleUnit } from '../../domain/cases/categories.js';
import { computeDeadline } from '../../domain/cases/deadline-rules.js';
import { factDelta } from '../../domain/cases/indicators.js';
import { locationProblem } from '../../domain/geo/city-area.js';
import { can, type Actor } from '../../domain/policies/permissions.js';
import type { NotificationService } from '../../notify/notification.service.js';
import { CASE_ACTION_LABELS, CASE_SOURCES, type CaseAction, type CaseSource, type Severity } from '../../shared/case-enums.js';
import type { ActBody, ActReply, ReportBody, ReportReply, Suggestion } from '../../shared/contracts/cases.contract.js';
import { formatChinaTime } from '../../shared/time.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CasePolicyService } from './case-policy.service.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { AppError, forbidden, invalid, invalidSaid, notFound, unauthorized } from '../../core/errors.js';
import type { FileService, PreparedImage, Upload } from '../files/file.service.js';

/** The file phase each action's photos belong to. */
const PHOTO_PHASE: Partial<Record<CaseAction, string>> = {
  report: 'report',
  rectify: 'after',
  verify_close: 'verify',
  verify_reopen: 'verify',
};

/** Who hears about which action: roles to notify on the assigned unit, or the reporter, or HQ. */
const NOTIFY: Partial<Record<CaseAction, ('unit' | 'hq' | 'reporter' | 'inspectors')[]>> = {
  report: ['hq'],
  reject: ['reporter'],
  dispatch: ['unit'],
  redispatch: ['unit'],
  return: ['hq'],
  request_extension: ['hq'],
  approve_extension: ['unit'],
  deny_extension: ['unit'],
  rectify: ['reporter', 'inspectors'],
  verify_close: ['unit', 'reporter'],
  verify_reopen: ['unit'],
  suspend: ['unit'],
  resume: ['unit'],
};

/**
 * The case workflow's writes: report, and every transition of the state machine.
 * Each accepted command, in one transaction: the case row (conditional on its
 * version, so concurrent commands cannot both win), exactly one event, the photos
 * it brought, the maintained aggregates, the notifications, and the audit record.
 */
export class CaseService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly policies: CasePolicyService,
    private readonly files: FileService,
    private readonly notifications: NotificationService,
    private readonly cityBbox: [number, number, number, number],
  ) {}

  private actorOf(ctx: RequestContext): Actor {
    if (!ctx.actor) throw unauthorized();
    return ctx.actor;
  }

  /** Checks the descriptive fields of a report; the domain checks category, severity and source. */
  private async checkDetails(db: Executor, input: ReportBody): Promise<CaseDetails> {
    const description = input.description?.trim() ?? '';
    if (!description) throw invalidSaid('description', { zh: '请描述问题', en: 'is required' });
    if (description.length > 2000)
      throw invalidSaid('description', { zh: '问题描述不能超过 2000 字', en: 'must be at most 2000 characters' });
    const where = locationProblem(input.lon, input.lat, this.cityBbox);
    if (where) throw invalidSaid(where.field, where.text);
    if (input.lon == null && !input.address?.trim()) {
      throw invalidSaid('address', { zh: '请在地图上定位，或填写地址', en: 'give a location (lon/lat) or an address' });
    }
    // On PostgreSQL the case row's foreign key checks the area in the report's first statement
    // (case-intake.repository.ts): a read of its own here would be one more round trip.
    if (input.areaUnitId != null && this.database.dialect !== 'pg' && !(await unitRepository.byId(db, input.areaUnitId)))
      throw unknownArea(input.areaUnitId);
    if (input.checkPointId != null && !(await checkpointRepository.byId(db, input.checkPointId)))
      throw invalid('checkPointId', `check point ${input.checkPointId} not found`);
    if (!(CASE_SOURCES as readonly string[]).includes(input.source)) throw invalid('source', `unknown source "${String(input.source)}"`);
    return {
      description,
      address: input.address?.trim() || null,
      lon: input.lon ?? null,
      lat: input.lat ?? null,
      areaUnitId: input.areaUnitId ?? null,
      checkPointId: input.checkPointId ?? null,
      reporterContact: input.reporterContact?.trim() || null,
    };
  }

  /**
   * Reports a problem (photos come separately as uploads); returns the new case's id and number
   * at once. `within` lets a caller that reports on behalf of its own record (a project's
   * obstacle) write its link to the case in the same transaction, after the case is recorded.
   * `opts.vouchedSource` is for services only, never from a request: an integrator's API key
   * (Open311) reports on the citizen-role intake account with the source HQ gave the key.
   */
  async report(
    ctx: RequestContext,
    input: ReportBody,
    uploads: Upload[],
    within?: (trx: Transaction<DB>, created: ReportReply) => Promise<void>,
    opts: { vouchedSource?: CaseSource } = {},
  ): Promise<ReportReply> {
    const actor = this.actorOf(ctx);
    if (!can(actor, 'case.report')) throw forbidden('you may not report cases');
    const details = await this.checkDetails(this.database.db, input);
    // A citizen's report is a citizen report, whatever the form says (unless a service vouches for the source).
    if (actor.grants.every((g) => g.role === 'citizen') && input.source !== 'citizen' && input.source !== opts.vouchedSource)
      throw invalid('source', 'citizens report with source "citizen"');
    const policy = await this.policies.policy();
    const category = findCategory(policy.categories, input.categoryCode);
    const now = this.clock.now();
    const cmd: CaseCommand = {
      action: 'report',
      // The real id exists only after the insert; the decision is re-keyed to it below.
      caseId: Number.MAX_SAFE_INTEGER,
      source: input.source,
      categoryCode: input.categoryCode,
      severity: input.severity ?? category?.defaultSeverity,
      evidenceCount: uploads.length,
    };
    // Decide before storing anything, so a refused report leaves no files behind.
    const first = decide(null, cmd, actor, now, policy);
    if (!first.ok) throw rejection(first);
    const prepared = await this.files.prepare(uploads);
    return this.transact(prepared, async (trx) => {
      const year = Number(chinaDay(now).slice(0, 4));
      // The gapless number comes from one counter row every report must lock. Taking
      // it last keeps that lock (and the audit head's) only for the end of the
      // transaction: on PostgreSQL concurrent reports otherwise queue behind each
      // other's whole transaction. Until then the row carries a placeholder nobody
      // else can see.
      const placeholder = `~${randomUUID().replaceAll('-', '').slice(0, 19)}`;
      const row = newCaseRow(placeholder, year, first.next, details, actor.userId, now.toISOString());
      let id: number;
      let known: { eventId: number; recipients: number[] } | undefined;
      const audience = this.audience(null, first.next, first.event);
      try {
        if (this.database.dialect === 'pg' && !audience.reporter && audience.holders.length <= 1) {
          // Case, event and who hears of it in the transaction's first statement (with its BEGIN).
          const r = await insertReportedCase(trx, { row, event: eventRow(first.event, actor.displayName), holders: audience.holders[0] });
          id = r.id;
          known = { eventId: r.eventId, recipients: r.recipients };
        } else {
          id = await caseRepository.insert(trx, row);
        }
      } catch (err) {
        // PostgreSQL checks the area by the row's foreign key (see checkDetails).
        if (unknownReference(err) === 'areaUnitId') throw unknownArea(details.areaUnitId);
        throw err;
      }
      const event: CaseEvent = { ...first.event, caseId: id };
      const snap: CaseSnapshot = { ...first.next, id };
      const number = await this.record(trx, ctx, actor, null, snap, event, prepared, !within, known, async () => {
        // On PostgreSQL number, snapshot and audit head in one round trip (migration 0025):
        // the locks every report queues for are then held for two statements and the commit.
        if (this.database.dialect === 'pg')
          return caseRepository.numberAndAuditHead(trx, { id, year, version: snap.version, snapshot: snap, at: now.toISOString() });
        const n = await caseRepository.nextCounter(trx, `case:${year}`);
        const taken = `${year}-${String(n).padStart(6, '0')}`;
        await caseRepository.update(trx, id, snap.version, snap, now.toISOString(), { before: first.next, number: taken });
        return { number: taken };
      });
      if (within) await within(trx, { id, number });
      return { id, number };
    });
  }

  /**
   * Applies one action to a case. A stale version is a 409 carrying the case's current state.
   * `opts` is for callers inside the server only: the satisfaction review vouches for a
   * 不满意 rating (`afterDissatisfied`, which lets HQ reopen a closed case) and writes its
   * own record in the same transaction (`within`, after the case's writes).
   */
  async act(
    ctx: RequestContext,
    caseId: number,
    input: ActBody,
    uploads: Upload[],
    opts: { afterDissatisfied?: boolean; within?: (trx: Transaction<DB>) => Promise<void> } = {},
  ): Promise<ActReply> {
    const actor = this.actorOf(ctx);
    if (!can(actor, 'case.act')) throw forbidden('you may not act on cases');
    const db = this.database.db;
    const row = await caseRepository.byId(db, caseId);
    if (!row) throw notFound('case', caseId);
    const snap = JSON.parse(row.snapshot) as CaseSnapshot;
    const policy = await this.policies.policy();
    // "Before" photos document the starting point; evidence of the work is the rest.
    const cmd: CaseCommand = {
      ...input,
      evidenceCount: uploads.filter((u) => u.field !== 'before').length,
      ...(opts.afterDissatisfied ? { afterDissatisfied: true } : {}),
    };
    if (input.unitId !== undefined) {
      const unit = await unitRepository.byId(db, input.unitId);
      if (!unit) throw invalid('unitId', `unit ${input.unitId} not found`);
      cmd.unitPath = unit.path;
    }
    if (input.action === 'merge') {
      if (input.targetCaseId === undefined) throw invalid('targetCaseId', 'is required to merge');
      const target = await caseRepository.byId(db, input.targetCaseId);
      if (!target) throw invalid('targetCaseId', `case ${input.targetCaseId} not found`);
      cmd.target = { id: target.id, state: target.state as CaseSnapshot['state'] };
    }
    const now = this.clock.now();
    const first = decide(snap, cmd, actor, now, policy);
    if (!first.ok) throw rejection(first);
    const prepared = await this.files.prepare(uploads);
    return this.transact(prepared, async (trx) => {
      if (!(await caseRepository.update(trx, caseId, snap.version, first.next, now.toISOString(), { before: snap }))) {
        const current = await caseRepository.byId(trx, caseId);
        throw new AppError(409, 'stale_version', 'the case changed since you loaded it; reload and try again', {
          current: current ? { state: current.state, version: current.version } : null,
        });
      }
      await this.record(trx, ctx, actor, snap, first.next, first.event, prepared, !opts.within, undefined, async () => ({
        number: row.number,
      }));
      if (opts.within) await opts.within(trx);
      return { id: caseId, number: row.number, version: first.next.version };
    });
  }

  /**
   * Runs a command's writes in one transaction (on SQLite possibly one commit shared with
   * other requests: {@link Database.transact}). Files are stored before it (storage is not
   * transactional); when the transaction fails — the writes throw or the commit does — the
   * files prepared for it are removed before the error goes on.
   */
  private transact<T>(prepared: PreparedImage[], fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    return transactOrUndo(this.database, fn, () => this.files.discard(prepared));
  }

  /**
   * Writes what every accepted command writes besides the case row. The rows that
   * serialize writers (the case number's counter, the audit head) are touched last:
   * `numberOf` runs after the event, photos, aggregates and recipients are written
   * or known, and the notifications and audit record that quote the number follow it.
   * `last`: the caller writes nothing after this, so on PostgreSQL the audit record's statement
   * also commits (one round trip fewer under those locks; `auditRepository.append`).
   * `known`: the event was written, and its recipients found, with the case (a report on PostgreSQL).
   */
  private async record(
    trx: Transaction<DB>,
    ctx: RequestContext,
    actor: Actor,
    before: CaseSnapshot | null,
    after: CaseSnapshot,
    event: CaseEvent,
    prepared: PreparedImage[],
    last: boolean,
    known: { eventId: number; recipients: number[] } | undefined,
    numberOf: () => Promise<{ number: string; head?: { seq: number; hash: string; chain_version: number } }>,
  ): Promise<string> {
    const eventId = known?.eventId ?? (await caseRepository.insertEvent(trx, event, actor.displayName));
    const phase = PHOTO_PHASE[event.action] ?? 'evidence';
    // Rectification may bring "before" photos (field `before`) besides the "after" ones.
    const before_ = prepared.filter((p) => p.field === 'before');
    const rest = prepared.filter((p) => p.field !== 'before');
    if (before_.length) await this.files.attach(trx, before_, { caseId: after.id, eventId, phase: 'before', createdBy: actor.userId });
    if (rest.length) await this.files.attach(trx, rest, { caseId: after.id, eventId, phase, createdBy: actor.userId });
    await caseRepository.applyFacts(trx, factDelta(before, after));
    const recipients = known ? known.recipients.filter((u) => u !== event.actorId) : await this.recipients(trx, before, after, event);
    // On PostgreSQL the notices go in the audit record's statement: both come after the number,
    // under the locks every report queues for, so one round trip fewer there. Whom they reach
    // (e-mail addresses) is read before the number, not under those locks.
    const reach =
      recipients.length && this.database.dialect === 'pg' && recipients.length <= 100
        ? await this.notifications.reach(trx, recipients)
        : null;
    const { number, head } = await numberOf();
    const notice = recipients.length
      ? {
          userIds: recipients,
          caseId: after.id,
          kind: `case.${event.action}`.slice(0, 32),
          title: `案卷 ${number}：${CASE_ACTION_LABELS[event.action].zh}`,
          body: [
            `案卷 ${number} ${CASE_ACTION_LABELS[event.action].zh}`,
            event.note ? `说明：${event.note}` : null,
            event.deadlineAfter && event.deadlineAfter !== event.deadlineBefore
              ? `处置时限：${formatChinaTime(event.deadlineAfter)}`
              : null,
          ]
            .filter(Boolean)
            .join('\n'),
        }
      : null;
    const along = notice && reach ? this.notifications.rowsFor(reach, notice) : null;
    if (notice && !along) await this.notifications.notify(trx, notice);
    await this.audit.record(
      trx,
      ctx,
      {
        action: event.action === 'report' ? 'case.report' : 'case.act',
        targetType: 'case',
        targetId: after.id,
        summary: { number, action: event.action, from: event.fromState, to: event.toState, version: event.version },
      },
      {
        lockedHead: head,
        // Nothing follows (no caller's `within`): on PostgreSQL the record commits the transaction.
        commit: last,
        alongside: along
          ? [
              { table: 'notifications', rows: along.notifications },
              { table: 'outbox', rows: along.outbox },
            ]
          : [],
      },
    );
    return number;
  }

  /** Who hears about an accepted command (never its actor). */
  private async recipients(trx: Executor, before: CaseSnapshot | null, after: CaseSnapshot, e: CaseEvent): Promise<number[]> {
    const { holders, reporter } = this.audience(before, after, e);
    const ids = new Set<number>();
    for (const h of holders) for (const id of await userRepository.holdersCovering(trx, h.roles, h.unitPath)) ids.add(id);
    if (reporter) {
      const row = await caseRepository.byId(trx, after.id);
      if (row?.reporter_id) ids.add(row.reporter_id);
    }
    ids.delete(e.actorId);
    return [...ids];
  }

  /** Whom an accepted command notifies, as queries of role holders (and whether its reporter too). */
  private audience(before: CaseSnapshot | null, after: CaseSnapshot, e: CaseEvent): { holders: HoldersQuery[]; reporter: boolean } {
    const who = NOTIFY[e.action] ?? [];
    const unitPath = after.assignedUnitPath ?? before?.assignedUnitPath ?? null;
    const holders: HoldersQuery[] = [];
    for (const w of who) {
      if (w === 'unit' && unitPath) holders.push({ roles: ['unit_handler', 'unit_head'], unitPath });
      if (w === 'hq') holders.push({ roles: ['hq_dispatcher'], unitPath: unitPath ?? '/' });
      if (w === 'inspectors' && unitPath) holders.push({ roles: ['inspector'], unitPath });
    }
    return { holders, reporter: who.includes('reporter') };
  }

  /** The unit and deadline the rules suggest for dispatching a case. */
  async suggestDispatch(ctx: RequestContext, caseId: number): Promise<Suggestion> {
    this.actorOf(ctx);
    const db = this.database.db;
    const row = await caseRepository.byId(db, caseId);
    if (!row) throw notFound('case', caseId);
    const policy = await this.policies.policy();
    const category = findCategory(policy.categories, row.category_code);
    const areaCodes: string[] = [];
    if (row.area_unit_id) {
      const area = await unitRepository.byId(db, row.area_unit_id);
      const ids = area ? area.path.split('/').filter(Boolean).map(Number) : [];
      const units = new Map((await unitRepository.byIds(db, ids)).map((u) => [u.id, u.code]));
      for (const id of ids) if (units.has(id)) areaCodes.push(units.get(id)!);
    }
    const unitCode = category ? suggestResponsibleUnit(category, areaCodes) : '';
    const unit = unitCode ? await unitRepository.byCode(db, unitCode) : undefined;
    const rule = deadlineRuleFor(category, row.severity as Severity, policy.severityRules);
    return {
      unitId: unit?.id ?? null,
      unitCode,
      unitName: unit?.name ?? null,
      deadline: computeDeadline(rule, this.clock.now(), policy.calendar).toISOString(),
    };
  }
}

/** A domain refusal as an HTTP error. */
/** A report naming an area unit that does not exist. */
function unknownArea(id: number | null): AppError {
  return invalid('areaUnitId', `unit ${id} not found`);
}

function rejection(r: { status: number; code: string; message: string; field?: string; current?: unknown }): AppError {
  const message = r.field && !r.message.startsWith(r.field) ? `${r.field}: ${r.message}` : r.message;
  return new AppError(r.status, r.code, message, { ...(r.field ? { field: r.field } : {}), ...(r.current ? { current: r.current } : {}) });
}
