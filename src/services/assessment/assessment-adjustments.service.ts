import type { Database, Executor } from '../../db/database.js';
import { inTransaction } from '../../db/transactions.js';
import { campaignRepository } from '../../db/repositories/campaign.repository.js';
import { unitRepository } from '../../db/repositories/unit.repository.js';
import { assessmentResultsRepository, type AssessmentAdjustmentRowWithNames } from '../../db/repositories/assessment-results.repository.js';
import { toCents } from '../../domain/assessment/apportion.js';
import type { AdjustmentStatus } from '../../shared/assessment-enums.js';
import type { AssessmentAdjustment } from '../../shared/contracts/assessment-adjustments.contract.js';
import type { AuditService } from '../audit/audit.service.js';
import type { NotificationService } from '../../notify/notification.service.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { conflict, forbidden, invalid, invalidSaid, notFound } from '../../core/errors.js';
import { periodOrInvalid, type AssessmentResultsService } from './assessment-results.service.js';

/** Roles told that a 加减分 waits for a decision. */
const APPROVER_ROLES = ['leader'] as const;
const PROPOSER_ROLES = ['hq_dispatcher'] as const;

/** The adjustment as the wire shows it. */
export function adjustmentView(r: AssessmentAdjustmentRowWithNames): AssessmentAdjustment {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    period: periodOrInvalid(r.period_key),
    points: r.points_cents / 100,
    reason: r.reason,
    status: r.status as AdjustmentStatus,
    proposedByName: r.proposed_by_name,
    proposedAt: r.proposed_at,
    decidedByName: r.decided_by_name,
    decidedAt: r.decided_at,
    decisionReason: r.decision_reason,
    appealId: r.appeal_id,
  };
}

/** A blank reason for an adjustment or an appeal, in both languages. */
export const REASON_MISSING = { zh: '请填写理由', en: 'must not be blank' };

/**
 * The points of an adjustment in hundredths: −100 … 100, not 0, at most 2 decimals;
 * 422 naming `field` otherwise.
 */
export function adjustmentCents(points: number, field = 'points'): number {
  if (!Number.isFinite(points) || Math.abs(points) > 100)
    throw invalidSaid(field, { zh: '加减分须在 -100 到 100 之间', en: 'must be between -100 and 100' });
  const cents = toCents(points);
  if (Math.abs(cents / 100 - points) > 1e-9) throw invalidSaid(field, { zh: '加减分最多保留两位小数', en: 'at most 2 decimals' });
  if (cents === 0) throw invalidSaid(field, { zh: '加减分不能为 0', en: 'must not be 0' });
  return cents;
}

/**
 * HQ's manual adjustments (加减分, issue 13 point 1): HQ proposes one with its reason for a unit
 * and a period; a leader approves or rejects it (never their own proposal). Only approved
 * adjustments count in the next compute. Every step is audited.
 */
export class AssessmentAdjustmentService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly notifications: NotificationService,
    private readonly results: AssessmentResultsService,
  ) {}

  private async row(db: Executor, id: number): Promise<AssessmentAdjustmentRowWithNames> {
    const row = await assessmentResultsRepository.adjustmentById(db, id);
    if (!row) throw notFound('assessment adjustment', id);
    return row;
  }

  /** Adjustments of a campaign (HQ and leaders), newest first. */
  async list(
    ctx: RequestContext,
    q: { campaignId: number; periodKey?: string; status?: AdjustmentStatus },
  ): Promise<AssessmentAdjustment[]> {
    this.results.actorWith(ctx, 'assessment.read');
    return (await assessmentResultsRepository.listAdjustments(this.database.db, q)).map(adjustmentView);
  }

  /** HQ proposes an adjustment (pending until a leader decides). */
  async propose(
    ctx: RequestContext,
    input: { campaignId: number; unitId: number; periodKey: string; points: number; reason: string },
  ): Promise<AssessmentAdjustment> {
    const actor = this.results.actorWith(ctx, 'assessment.manage');
    const period = periodOrInvalid(input.periodKey);
    const cents = adjustmentCents(input.points);
    const reason = input.reason.trim();
    if (reason === '') throw invalidSaid('reason', REASON_MISSING);
    const id = await inTransaction(this.database.db, async (trx) => {
      if (!(await campaignRepository.byId(trx, input.campaignId))) throw invalid('campaignId', `campaign ${input.campaignId} not found`);
      if (!(await unitRepository.byId(trx, input.unitId))) throw invalid('unitId', `unit ${input.unitId} not found`);
      const id = await assessmentResultsRepository.insertAdjustment(trx, {
        campaign_id: input.campaignId,
        unit_id: input.unitId,
        period_kind: period.kind,
        period_key: period.key,
        points_cents: cents,
        reason,
        status: 'pending',
        proposed_by: actor.userId,
        proposed_at: this.clock.now().toISOString(),
        decided_by: null,
        decided_at: null,
        decision_reason: null,
        appeal_id: null,
      });
      await this.audit.record(trx, ctx, {
        action: 'assessment_adjustment.propose',
        targetType: 'assessment_adjustment',
        targetId: id,
        summary: { campaignId: input.campaignId, unitId: input.unitId, periodKey: period.key, points: cents / 100, reason },
      });
      await this.notifications.notify(trx, {
        userIds: await assessmentResultsRepository.usersWithRoles(trx, APPROVER_ROLES),
        caseId: null,
        kind: 'assessment.adjustment',
        title: `考核加减分待审批（${period.label}）`,
        body: `${cents > 0 ? '加' : '减'}${Math.abs(cents) / 100}分：${reason}`,
      });
      return id;
    });
    return adjustmentView(await this.row(this.database.db, id));
  }

  /**
   * A leader approves (reason optional) or rejects (reason required) a pending adjustment;
   * 403 for one's own proposal, 409 once decided.
   */
  async decide(ctx: RequestContext, id: number, approve: boolean, reasonIn: string | undefined): Promise<AssessmentAdjustment> {
    const actor = this.results.actorWith(ctx, 'assessment.approve');
    const reason = reasonIn?.trim() || null;
    if (!approve && reason === null) throw invalidSaid('reason', { zh: '驳回须填写理由', en: 'a rejection needs a reason' });
    await inTransaction(this.database.db, async (trx) => {
      const row = await this.row(trx, id);
      if (row.proposed_by === actor.userId) throw forbidden('an adjustment is approved by someone other than its proposer');
      const status = approve ? 'approved' : 'rejected';
      const at = this.clock.now().toISOString();
      if (
        !(await assessmentResultsRepository.decideAdjustment(trx, id, {
          status,
          decided_by: actor.userId,
          decided_at: at,
          decision_reason: reason,
        }))
      )
        throw conflict('status', `adjustment ${id} is already ${row.status}`);
      await this.audit.record(trx, ctx, {
        action: approve ? 'assessment_adjustment.approve' : 'assessment_adjustment.reject',
        targetType: 'assessment_adjustment',
        targetId: id,
        summary: { unitId: row.unit_id, periodKey: row.period_key, points: row.points_cents / 100, ...(reason ? { reason } : {}) },
      });
      await this.notifications.notify(trx, {
        userIds: row.proposed_by !== null ? [row.proposed_by] : await assessmentResultsRepository.usersWithRoles(trx, PROPOSER_ROLES),
        caseId: null,
        kind: 'assessment.adjustment',
        title: `考核加减分${approve ? '已批准' : '被驳回'}（${row.unit_name}）`,
        body: reason ?? row.reason,
      });
    });
    return adjustmentView(await this.row(this.database.db, id));
  }
}
