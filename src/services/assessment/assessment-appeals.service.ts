import type { Database, Executor } from '../../db/database.js';
import { inTransaction, transactOrUndo } from '../../db/transactions.js';
import { unitRepository } from '../../db/repositories/unit.repository.js';
import { assessmentResultsRepository, type AssessmentAppealRowWithNames } from '../../db/repositories/assessment-results.repository.js';
import { appealOpen } from '../../domain/assessment/appeals.js';
import { can } from '../../domain/policies/permissions.js';
import type { AppealStatus, ExplanationLineKind, ScorePartKind } from '../../shared/assessment-enums.js';
import type { AssessmentRunGroup } from '../../shared/contracts/assessment.contract.js';
import type { AppealFile, AppealItem, AssessmentAppeal } from '../../shared/contracts/assessment-appeals.contract.js';
import type { FileService, Upload, FileContent } from '../files/file.service.js';
import type { AuditService } from '../audit/audit.service.js';
import type { NotificationService } from '../../notify/notification.service.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { AppError, conflict, forbidden, invalid, invalidSaid, notFound, unauthorized } from '../../core/errors.js';
import { periodOrInvalid, UNIT_RESULT_ROLES, type AssessmentResultsService } from './assessment-results.service.js';
import { adjustmentCents, REASON_MISSING } from './assessment-adjustments.service.js';

const HQ_ROLES = ['hq_dispatcher'] as const;

type StoredItem = { partKind: ScorePartKind; lineKind: ExplanationLineKind | null; refId: number | null; label: string };

/** The stored `file_ids` JSON: the files' descriptions (rows written before files were uploaded hold bare ids). */
function filesOf(json: string): AppealFile[] {
  return (JSON.parse(json) as (number | AppealFile)[]).map((f) =>
    typeof f === 'number' ? { id: f, name: null, mime: 'application/octet-stream', size: 0 } : f,
  );
}

function appealView(r: AssessmentAppealRowWithNames): AssessmentAppeal {
  return {
    id: r.id,
    runId: r.run_id,
    campaignId: r.campaign_id,
    period: periodOrInvalid(r.period_key),
    unitId: r.unit_id,
    unitName: r.unit_name,
    items: JSON.parse(r.items) as StoredItem[],
    reason: r.reason,
    files: filesOf(r.file_ids),
    status: r.status as AppealStatus,
    createdByName: r.created_by_name,
    createdAt: r.created_at,
    decidedByName: r.decided_by_name,
    decidedAt: r.decided_at,
    decisionReason: r.decision_reason,
    adjustmentId: r.adjustment_id,
    correctedRunId: r.corrected_run_id,
  };
}

/**
 * Appeals (申诉, issue 13 point 4): a unit's head or handler appeals a published result of its
 * own unit within the run's appeal deadline (N working days after publication), naming the
 * disputed parts or lines of its explanation with a reason and evidence files. HQ accepts —
 * an approved 加减分 linked to the appeal is recorded, the period recomputed and published as
 * a corrected version that references the first, which is kept as superseded — or rejects
 * with a reason. Both sides are notified; every step is audited.
 */
export class AssessmentAppealService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly notifications: NotificationService,
    private readonly results: AssessmentResultsService,
    private readonly files: FileService,
  ) {}

  private async row(db: Executor, id: number): Promise<AssessmentAppealRowWithNames> {
    const row = await assessmentResultsRepository.appealById(db, id);
    if (!row) throw notFound('assessment appeal', id);
    return row;
  }

  /** Appeals the actor may see: all for HQ and leaders, else those of the units in their grants. */
  async list(ctx: RequestContext, q: { campaignId?: number; runId?: number; status?: AppealStatus }): Promise<AssessmentAppeal[]> {
    if (!ctx.actor) throw unauthorized();
    const actor = ctx.actor;
    if (!can(actor, 'assessment.read') && !can(actor, 'assessment.results')) throw forbidden();
    const db = this.database.db;
    const rows = await assessmentResultsRepository.listAppeals(db, q);
    if (can(actor, 'assessment.read')) return rows.map(appealView);
    const mine = new Set((await unitRepository.list(db)).filter((u) => can(actor, 'assessment.results', u.path)).map((u) => u.id));
    return rows.filter((r) => mine.has(r.unit_id)).map(appealView);
  }

  /**
   * The bytes of a file of an appeal the actor may see (HQ and leaders: any; a unit: its own),
   * as uploaded. 404 for another unit's appeal or a file that is not this appeal's.
   */
  async file(ctx: RequestContext, id: number, fileId: number): Promise<FileContent & { name: string | null }> {
    if (!ctx.actor) throw unauthorized();
    const actor = ctx.actor;
    const db = this.database.db;
    const row = await assessmentResultsRepository.appealById(db, id);
    if (!row) throw notFound('assessment appeal', id);
    if (!can(actor, 'assessment.read')) {
      const unit = await unitRepository.byId(db, row.unit_id);
      // 404, not 403: whether another unit appealed is not the caller's to learn.
      if (!unit || !can(actor, 'assessment.results', unit.path)) throw notFound('assessment appeal', id);
    }
    const file = filesOf(row.file_ids).find((f) => f.id === fileId);
    if (!file) throw notFound('file', fileId);
    const { body, size, mime } = await this.files.read(fileId, 'original');
    return { body, size, mime, name: file.name };
  }

  /** The disputed items checked against the unit's explanation in the run; 422 naming the item. */
  private items(groups: AssessmentRunGroup[], unitId: number, items: readonly AppealItem[]): StoredItem[] {
    const item = groups.flatMap((g) => g.items).find((i) => i.unitId === unitId);
    if (!item) throw invalid('unitId', `unit ${unitId} is not in this run`);
    return items.map((it, i): StoredItem => {
      const part = item.parts.find((p) => p.kind === it.partKind);
      if (!part) throw invalid(`items[${i}].partKind`, `the score has no part "${it.partKind}"`);
      const refId = it.refId ?? null;
      const lineKind = it.lineKind ?? null;
      if (refId === null && lineKind === null)
        return { partKind: it.partKind, lineKind: null, refId: null, label: it.label?.trim() || part.kind };
      const line = part.lines.find((l) => (refId === null || l.refId === refId) && (lineKind === null || l.kind === lineKind));
      if (!line) throw invalid(`items[${i}].refId`, `part "${it.partKind}" has no such line`);
      return { partKind: it.partKind, lineKind: line.kind, refId: line.refId, label: line.label };
    });
  }

  /**
   * A unit appeals a published run (201). 403 unless the actor may appeal for that unit; 422
   * naming `runId` after the deadline or when the run is not the published one, `unitId` when
   * the unit is not in the run, `items[i]…` for an item its explanation does not have.
   * Evidence files (images or PDF) are checked and stored before the transaction and
   * removed again if it fails: an appeal refused writes nothing.
   */
  async create(
    ctx: RequestContext,
    input: { runId: number; unitId: number; items: AppealItem[]; reason: string },
    uploads: Upload[] = [],
  ): Promise<AssessmentAppeal> {
    const actor = this.results.actorWith(ctx, 'assessment.appeal');
    const reason = input.reason.trim();
    if (reason === '') throw invalidSaid('reason', REASON_MISSING);
    const now = this.clock.now();
    const prepared = await this.files.prepare(uploads, { documents: true });
    const id = await transactOrUndo(
      this.database,
      async (trx) => {
        const unit = await unitRepository.byId(trx, input.unitId);
        if (!unit) throw invalid('unitId', `unit ${input.unitId} not found`);
        if (!can(actor, 'assessment.appeal', unit.path)) throw forbidden('a unit appeals its own results only');
        const run = await assessmentResultsRepository.runById(trx, input.runId);
        if (!run || run.status === 'draft') throw notFound('assessment run', input.runId);
        if (run.status !== 'published')
          throw new AppError(422, 'run_superseded', `runId: run ${run.id} was corrected; appeal its current version`, { field: 'runId' });
        if (!run.appeal_deadline || !appealOpen(new Date(run.appeal_deadline), now))
          throw new AppError(422, 'appeal_closed', `runId: the appeal period ended at ${run.appeal_deadline}`, {
            field: 'runId',
            deadline: run.appeal_deadline,
          });
        const snapshot = run.snapshot;
        const items = this.items(JSON.parse(snapshot) as AssessmentRunGroup[], input.unitId, input.items);
        const fileIds = await this.files.attach(trx, prepared, { caseId: null, eventId: null, phase: 'evidence', createdBy: actor.userId });
        const files: AppealFile[] = prepared.map((p, i) => ({ id: fileIds[i]!, name: p.filename, mime: p.mime, size: p.size }));
        const id = await assessmentResultsRepository.insertAppeal(trx, {
          run_id: run.id,
          campaign_id: run.campaign_id,
          unit_id: input.unitId,
          items: JSON.stringify(items),
          reason,
          file_ids: JSON.stringify(files),
          status: 'pending',
          created_by: actor.userId,
          created_at: now.toISOString(),
          decided_by: null,
          decided_at: null,
          decision_reason: null,
          adjustment_id: null,
          corrected_run_id: null,
        });
        await this.audit.record(trx, ctx, {
          action: 'assessment_appeal.create',
          targetType: 'assessment_appeal',
          targetId: id,
          summary: { runId: run.id, unitId: input.unitId, periodKey: run.period_key, items: items.length, files: fileIds.length },
        });
        await this.notifications.notify(trx, {
          userIds: await assessmentResultsRepository.usersWithRoles(trx, HQ_ROLES),
          caseId: null,
          kind: 'assessment.appeal',
          title: `${unit.name}对${periodOrInvalid(run.period_key).label}考核结果提出申诉`,
          body: reason,
        });
        return id;
      },
      () => this.files.discard(prepared),
    );
    return appealView(await this.row(this.database.db, id));
  }

  /** Checks the appeal is pending; returns it. */
  private async pending(trx: Executor, id: number): Promise<AssessmentAppealRowWithNames> {
    const row = await this.row(trx, id);
    if (row.status !== 'pending') throw conflict('status', `appeal ${id} is already ${row.status}`);
    return row;
  }

  private async tellUnit(trx: Executor, row: AssessmentAppealRowWithNames, accepted: boolean, reason: string): Promise<void> {
    await this.notifications.notify(trx, {
      userIds: await assessmentResultsRepository.usersOfUnits(trx, [row.unit_id], UNIT_RESULT_ROLES),
      caseId: null,
      kind: 'assessment.appeal',
      title: `考核申诉${accepted ? '已采纳，结果已更正' : '被驳回'}（${periodOrInvalid(row.period_key).label}）`,
      body: reason,
    });
  }

  /**
   * HQ accepts: an approved adjustment of `points` (linked to the appeal) is recorded, the period
   * recomputed and published as the next version referencing the run it corrects, which is
   * kept as superseded. One transaction: all of it or nothing.
   */
  async accept(ctx: RequestContext, id: number, input: { points: number; reason: string }): Promise<AssessmentAppeal> {
    const actor = this.results.actorWith(ctx, 'assessment.manage');
    const cents = adjustmentCents(input.points);
    const reason = input.reason.trim();
    if (reason === '') throw invalidSaid('reason', REASON_MISSING);
    await inTransaction(this.database.db, async (trx) => {
      const row = await this.pending(trx, id);
      const period = periodOrInvalid(row.period_key);
      const current = await assessmentResultsRepository.publishedOf(trx, row.campaign_id, period.key);
      if (!current) throw conflict('runId', `no published run of ${period.key} to correct`);
      const at = this.clock.now().toISOString();
      const adjustmentId = await assessmentResultsRepository.insertAdjustment(trx, {
        campaign_id: row.campaign_id,
        unit_id: row.unit_id,
        period_kind: period.kind,
        period_key: period.key,
        points_cents: cents,
        reason: `申诉更正：${reason}`,
        status: 'approved',
        proposed_by: actor.userId,
        proposed_at: at,
        decided_by: actor.userId,
        decided_at: at,
        decision_reason: reason,
        appeal_id: id,
      });
      const { modelId, groups, unitCount } = await this.results.computeGroups(trx, row.campaign_id, period);
      const draft = await assessmentResultsRepository.draftOf(trx, row.campaign_id, period.key);
      if (draft) await assessmentResultsRepository.discardDraft(trx, draft.id);
      const version = (await assessmentResultsRepository.maxVersion(trx, row.campaign_id, period.key)) + 1;
      const correctedId = await this.results.insertDraft(
        trx,
        { campaignId: row.campaign_id, modelId, period, version, snapshot: JSON.stringify(groups), unitCount, by: actor.userId, at },
        { runId: current.id, reason },
      );
      if (!(await assessmentResultsRepository.supersede(trx, current.id, correctedId)))
        throw conflict('runId', 'the run was corrected meanwhile');
      await this.results.publishIn(trx, ctx, actor, correctedId);
      if (
        !(await assessmentResultsRepository.decideAppeal(trx, id, {
          status: 'accepted',
          decided_by: actor.userId,
          decided_at: at,
          decision_reason: reason,
          adjustment_id: adjustmentId,
          corrected_run_id: correctedId,
        }))
      )
        throw conflict('status', `appeal ${id} was decided meanwhile`);
      await this.audit.record(trx, ctx, {
        action: 'assessment_appeal.accept',
        targetType: 'assessment_appeal',
        targetId: id,
        summary: { unitId: row.unit_id, runId: current.id, correctedRunId: correctedId, adjustmentId, points: cents / 100, reason },
      });
      await this.tellUnit(trx, row, true, reason);
    });
    return appealView(await this.row(this.database.db, id));
  }

  /** HQ rejects with a reason; the unit is told. */
  async reject(ctx: RequestContext, id: number, input: { reason: string }): Promise<AssessmentAppeal> {
    const actor = this.results.actorWith(ctx, 'assessment.manage');
    const reason = input.reason.trim();
    if (reason === '') throw invalidSaid('reason', REASON_MISSING);
    await inTransaction(this.database.db, async (trx) => {
      const row = await this.pending(trx, id);
      const at = this.clock.now().toISOString();
      if (
        !(await assessmentResultsRepository.decideAppeal(trx, id, {
          status: 'rejected',
          decided_by: actor.userId,
          decided_at: at,
          decision_reason: reason,
        }))
      )
        throw conflict('status', `appeal ${id} was decided meanwhile`);
      await this.audit.record(trx, ctx, {
        action: 'assessment_appeal.reject',
        targetType: 'assessment_appeal',
        targetId: id,
        summary: { unitId: row.unit_id, runId: row.run_id, reason },
      });
      await this.tellUnit(trx, row, false, reason);
    });
    return appealView(await this.row(this.database.db, id));
  }
}
