import type { Database } from '../../db/database.js';
import { actionItemRepository } from '../../db/repositories/action-item.repository.js';
import { letterRepository } from '../../db/repositories/letter.repository.js';
import { unitRepository } from '../../db/repositories/unit.repository.js';
import { inTransaction } from '../../db/transactions.js';
import { actionItemLetterBody, canEscalate, nextRung } from '../../domain/action-items/action-item-rules.js';
import { addWorkingDays, chinaDay } from '../../domain/calendar/work-calendar.js';
import { addresseeFor } from '../../domain/letters/letter-composition.js';
import { can } from '../../domain/policies/permissions.js';
import type { ActionItemStatus } from '../../shared/action-item-enums.js';
import type { ActionItem } from '../../shared/contracts/action-items.contract.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { AppError, forbidden } from '../../core/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CasePolicyService } from '../cases/case-policy.service.js';
import type { CampaignService } from '../evaluation/campaign.service.js';
import type { IssueLetterCommand } from '../letters/issue-letter.command.js';
import type { ActionItemService } from './action-item.service.js';

/**
 * Escalating an overdue action item through the same ladder as cases: HQ asks, and the
 * item gets a letter of the next rung (提醒函, then 督办函, then 问责函 — the lowest rung
 * above those already sent about it) addressed as the rung says, citing the item, the
 * meeting and the deadline it missed. The letter is written as HQ's draft linked to the
 * item (`letter_action_items`, as letters link to cases) and handed to the
 * {@link IssueLetterCommand}, the one place a letter is numbered, audited and announced —
 * so a rung that needs approval (问责函) waits for the leader without a number, as any.
 *
 * Refused with 409 while the item is not overdue, waits for HQ's decision on a report, or
 * has a letter still unsettled (a draft or awaiting approval), and when the top rung has
 * been used.
 */
export class EscalateActionItemCommand {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly campaigns: CampaignService,
    private readonly casePolicy: CasePolicyService,
    private readonly issuing: IssueLetterCommand,
    private readonly items: ActionItemService,
  ) {}

  async escalate(ctx: RequestContext, id: number, version: number): Promise<ActionItem> {
    const db = this.database.db;
    const { row, actor } = await this.items.visible(db, ctx, id);
    if (!can(actor, 'action_item.manage', row.unit_path) || !can(actor, 'letter.manage', row.unit_path)) throw forbidden();
    if (row.version !== version)
      throw new AppError(409, 'version_conflict', `version: action item ${id} was changed meanwhile; reload it`, { field: 'version' });
    const now = this.clock.now();
    if (!canEscalate({ status: row.status as ActionItemStatus, dueAt: row.due_at, doneAt: row.done_at }, now))
      throw new AppError(409, 'not_overdue', `status: only an open item past its deadline is escalated`, { field: 'status' });
    const letters = (await actionItemRepository.lettersOf(db, [id])).get(id) ?? [];
    if (letters.some((l) => l.status === 'draft' || l.status === 'pending_approval'))
      throw new AppError(409, 'letter_pending', 'letters: a letter about this item is still a draft or awaits approval', {
        field: 'letters',
      });
    const ladder = await this.campaigns.ladder(db);
    const used = letters.filter((l) => l.status !== 'withdrawn' && l.rung_key !== null).map((l) => l.rung_key!);
    const rung = nextRung(ladder.rungs, used);
    if (!rung)
      throw new AppError(409, 'ladder_exhausted', 'letters: every rung of the ladder has been used for this item', { field: 'letters' });
    const unit = (await unitRepository.byId(db, row.unit_id))!;
    const calendar = (await this.casePolicy.policy(now.getTime())).calendar;
    const reply = addWorkingDays(now, rung.replyWorkingDays, calendar);
    const meeting =
      row.briefing_year !== null && row.briefing_seq !== null
        ? `${row.briefing_title}（${row.briefing_year}年第${row.briefing_seq}期）`
        : row.briefing_title;
    const body = actionItemLetterBody({
      type: rung.type,
      unitName: unit.name,
      toOffice: rung.recipient.kind === 'office',
      meeting: `周例会（${meeting}）`,
      title: row.title,
      detail: row.detail,
      dueDay: chinaDay(new Date(Date.parse(row.due_at) - 1)),
      replyDay: chinaDay(new Date(reply.getTime() - 1)),
    });
    const iso = now.toISOString();
    const draft = await inTransaction(db, async (trx) => {
      const d = await letterRepository.insertDraft(trx, {
        type: rung.type,
        rung_key: rung.key,
        campaign_id: (await this.campaigns.current(trx))?.id ?? null,
        issuer_name: rung.issuer.name,
        issuer_code: rung.issuer.code,
        unit_id: unit.id,
        addressee: addresseeFor(rung.recipient, unit.name),
        title: `关于${unit.name}周例会交办事项逾期未办结的${rung.type}`,
        body: JSON.stringify(body),
        auto: 0,
        reply_deadline: reply.toISOString(),
        created_by: actor.userId,
        created_at: iso,
      });
      await actionItemRepository.linkLetter(trx, d.id, id);
      // The item moves too, so two HQ users escalating at once get one letter and one 409.
      if (!(await actionItemRepository.update(trx, id, version, { updated_at: iso })))
        throw new AppError(409, 'version_conflict', `version: action item ${id} was changed meanwhile; reload it`, { field: 'version' });
      await this.audit.record(trx, ctx, {
        action: 'action_item.escalate',
        targetType: 'action_item',
        targetId: id,
        summary: { letterId: d.id, rung: rung.key, type: rung.type, unitId: unit.id },
      });
      return d;
    });
    await this.issuing.issue(ctx, now, [{ draft, caseIds: [], rung, replyWorkingDays: rung.replyWorkingDays }]);
    return this.items.get(ctx, id);
  }
}
