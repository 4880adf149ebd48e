import type { Database } from '../../db/database.js';
import { letterRepository } from '../../db/repositories/letter.repository.js';
import { can } from '../../domain/policies/permissions.js';
import type { NotificationService } from '../../notify/notification.service.js';
import type { LetterDetailView } from '../../shared/contracts/letters.contract.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CampaignService } from '../evaluation/campaign.service.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { AppError, forbidden, invalid } from '../../core/errors.js';
import type { IssueLetterCommand } from './issue-letter.command.js';
import { actorWith, rungOf, visibleLetter } from './letter-guards.js';
import { isNamedApprover } from '../../domain/letters/ladder.js';
import type { LetterService } from './letter.service.js';

/** The roles at or above a letter's unit told that the approver sent it back. */
const HQ_ROLES = ['hq_dispatcher'];

/**
 * Approval of letters whose rung needs it (issue 13, point 9; DOMAIN.md §3.4): the sweep
 * or HQ prepares the letter without a number (`pending_approval`, see
 * {@link IssueLetterCommand}); whoever holds `letter.approve` on the letter's unit (the
 * leader role) approves it — then, and only then, it is numbered and issued, so no
 * number is spent on a letter the leader stops — or sends it back to HQ as a draft with
 * a reason.
 */
export class LetterApprovalService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly notifications: NotificationService,
    private readonly campaigns: CampaignService,
    private readonly issuing: IssueLetterCommand,
    private readonly letters: LetterService,
  ) {}

  /** The letter awaiting approval that the actor may decide: 403 outside their scope, 409 when it awaits none. */
  private async decidable(ctx: RequestContext, id: number, version?: number) {
    actorWith(ctx, 'letter.approve');
    const db = this.database.db;
    const seen = await visibleLetter(db, ctx, id);
    if (!can(seen.actor, 'letter.approve', seen.unitPath)) throw forbidden('the letter is about a unit outside the units you approve for');
    const named = (await this.campaigns.ladder(db)).rungs.find((r) => r.key === seen.row.rung_key) ?? null;
    if (!isNamedApprover(named, seen.actor))
      throw forbidden(`letters of this rung are approved by ${named?.approval?.approverName ?? named?.approval?.approver ?? ''} only`);
    if (seen.row.status !== 'pending_approval')
      throw new AppError(
        409,
        'letter_not_pending',
        `letter ${id} is ${seen.row.status}; only letters awaiting approval can be approved or returned`,
      );
    if (version !== undefined && version !== seen.row.version)
      throw new AppError(409, 'version_conflict', `letter ${id} was changed by someone else (version ${seen.row.version})`, {
        version: seen.row.version,
      });
    return seen;
  }

  /**
   * Approves a letter: the issuing command numbers and issues it now (number, reply
   * deadline, body written from the facts of today, audit record `letter.issue` with
   * `approved`, notice to the unit and the office it is addressed to).
   */
  async approve(ctx: RequestContext, id: number, version?: number): Promise<LetterDetailView> {
    const { row } = await this.decidable(ctx, id, version);
    const db = this.database.db;
    const ladder = await this.campaigns.ladder(db);
    const rung = rungOf(ladder, row.rung_key);
    const replyWorkingDays = (rung ?? ladder.handLetters ?? ladder.rungs[0]!).replyWorkingDays;
    const caseIds = (await letterRepository.caseIdsOf(db, [id])).get(id) ?? [];
    await this.issuing.issue(ctx, this.clock.now(), [{ draft: row, caseIds, rung, replyWorkingDays, approved: true }]);
    return this.letters.view(ctx, id);
  }

  /**
   * Sends a letter back to HQ (退回): a draft again, with the reason recorded on it and in
   * the audit log, HQ told. Its cases are no longer covered (like any draft's), but the
   * sweep leaves them alone while a returned draft lists them (HQ decides what follows).
   */
  async return(ctx: RequestContext, id: number, reason: string, version?: number): Promise<LetterDetailView> {
    const text = reason?.trim() ?? '';
    if (!text) throw invalid('reason', 'is required: say why the letter goes back to HQ');
    const { row, actor } = await this.decidable(ctx, id, version);
    const db = this.database.db;
    const iso = this.clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      const ok = await letterRepository.update(trx, id, row.version, {
        status: 'draft',
        returned_at: iso,
        returned_by: actor.userId,
        return_reason: text,
        updated_at: iso,
      });
      if (!ok) throw new AppError(409, 'version_conflict', `letter ${id} was changed by someone else`);
      await letterRepository.setCasesActive(trx, id, false);
      await this.audit.record(trx, ctx, {
        action: 'letter.return',
        targetType: 'letter',
        targetId: id,
        summary: { type: row.type, unitId: row.unit_id, reason: text },
      });
      const hq = (await letterRepository.holdersCoveringUnits(trx, HQ_ROLES, [row.unit_id])).get(row.unit_id) ?? [];
      await this.notifications.notify(trx, {
        userIds: [...new Set([...hq, ...(row.created_by !== null ? [row.created_by] : [])])],
        caseId: null,
        kind: 'letter.returned',
        title: `${row.type}被退回`,
        body: `${row.title}未获批准，退回理由：${text}`,
      });
    });
    return this.letters.view(ctx, id);
  }

  /** Letters awaiting the actor's approval (the leader's badge); 0 for anyone who approves nothing. */
  async awaitingCount(ctx: RequestContext): Promise<number> {
    if (!ctx.actor || !can(ctx.actor, 'letter.approve')) return 0;
    return (await this.letters.list(ctx, { state: 'pending_approval' })).filter((l) => l.canApprove).length;
  }
}
