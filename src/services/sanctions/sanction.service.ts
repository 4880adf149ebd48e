import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { forbidden, invalidSaid, notFound, unauthorized } from '../../core/errors.js';
import type { Database } from '../../db/database.js';
import { letterRepository } from '../../db/repositories/letter.repository.js';
import { sanctionRepository, type SanctionLetterRead, type SanctionRead } from '../../db/repositories/sanction.repository.js';
import { inTransaction } from '../../db/transactions.js';
import { periodFromKey, periodKeyProblem } from '../../domain/assessment/periods.js';
import { chinaDay } from '../../domain/calendar/work-calendar.js';
import { can, readScope, type Actor } from '../../domain/policies/permissions.js';
import type { NotificationService } from '../../notify/notification.service.js';
import { LIST_KIND_LABELS, type ListKind, type PeriodKind } from '../../shared/assessment-enums.js';
import type { Sanction, SanctionCreate, SanctionList, SanctionQuery } from '../../shared/contracts/sanctions.contract.js';
import { SANCTION_KIND_LABELS, type SanctionKind } from '../../shared/sanction-enums.js';
import type { AuditService } from '../audit/audit.service.js';
import { unitOnList } from './run-lists.js';

/** Who is told of a decision about a unit: its handlers and heads (as for a letter to it). */
const NOTIFIED_ROLES = ['unit_handler', 'unit_head'];

/**
 * 奖惩 records (issue 13 point 5, DOMAIN.md §3.5): the decisions HQ takes against units
 * after a period — 通报表扬, 通报批评, 约谈, 问责 — recorded against a campaign, a unit and a
 * period, linked to the issued letters addressed to that unit that justified them and to
 * the unit's 红黑榜 entry in the period's published results. HQ records
 * (`sanction.manage` on the unit), leaders read every record, a unit's people read their
 * own units' (`sanction.read`, scoped by grant). Each record is audited in its transaction
 * and the unit's handlers and heads are notified.
 */
export class SanctionService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly notifications: NotificationService,
  ) {}

  private actorWith(ctx: RequestContext, permission: 'sanction.read' | 'sanction.manage'): Actor {
    if (!ctx.actor) throw unauthorized();
    if (!can(ctx.actor, permission)) throw forbidden();
    return ctx.actor;
  }

  /** The records the actor may read, newest decision first, filtered. */
  async list(ctx: RequestContext, q: SanctionQuery): Promise<SanctionList> {
    const actor = this.actorWith(ctx, 'sanction.read');
    if (q.periodKey !== undefined && !periodFromKey(q.periodKey)) throw invalidSaid('periodKey', periodKeyProblem(q.periodKey));
    const rows = await sanctionRepository.list(this.database.db, {
      unitId: q.unitId,
      campaignId: q.campaignId,
      periodKey: q.periodKey,
      kind: q.kind,
      unitPaths: readScope(actor, 'sanction.read'),
    });
    return { items: await this.present(rows) };
  }

  /** One record (404 when it does not exist or lies outside the reader's units). */
  async get(ctx: RequestContext, id: number): Promise<Sanction> {
    const actor = this.actorWith(ctx, 'sanction.read');
    const rows = await sanctionRepository.list(this.database.db, { id, unitPaths: readScope(actor, 'sanction.read') });
    const [item] = await this.present(rows);
    if (!item) throw notFound('sanction', id);
    return item;
  }

  /**
   * Records a decision. Every link is checked before anything is written (422 naming the
   * field): the campaign and unit exist, the period key names a period, the decision day
   * is not after today (China time), each letter was issued to that unit, and a 红黑榜
   * entry is the unit's list in the latest published results of the campaign's period.
   */
  async record(ctx: RequestContext, body: SanctionCreate): Promise<Sanction> {
    const actor = this.actorWith(ctx, 'sanction.manage');
    const db = this.database.db;
    const now = this.clock.now();
    const period = periodFromKey(body.periodKey.trim());
    if (!period) throw invalidSaid('periodKey', periodKeyProblem(body.periodKey.trim()));
    const summary = body.summary.trim();
    if (!summary) throw invalidSaid('summary', { zh: '请填写事由', en: 'must not be blank' });
    if (body.decidedOn > chinaDay(now)) throw invalidSaid('decidedOn', { zh: '决定日期不能晚于今天', en: 'lies in the future' });
    const campaign = await db.selectFrom('campaigns').select(['id', 'name']).where('id', '=', body.campaignId).executeTakeFirst();
    if (!campaign) throw invalidSaid('campaignId', { zh: '所选专项活动不存在', en: `campaign ${body.campaignId} does not exist` });
    const unit = await db.selectFrom('units').select(['id', 'name', 'path']).where('id', '=', body.unitId).executeTakeFirst();
    if (!unit) throw invalidSaid('unitId', { zh: '所选单位不存在', en: `unit ${body.unitId} does not exist` });
    if (!can(actor, 'sanction.manage', unit.path)) throw forbidden('you may not record decisions about this unit');
    const letterIds = [...new Set(body.letterIds ?? [])];
    const letters = new Map((await sanctionRepository.lettersByIds(db, letterIds)).map((l) => [l.id, l]));
    (body.letterIds ?? []).forEach((id, i) => {
      const l = letters.get(id);
      if (!l) throw invalidSaid(`letterIds[${i}]`, { zh: `所选函件（${id}）不存在`, en: `letter ${id} does not exist` });
      const named = l.number ?? `（${id}）`;
      if (l.unit_id !== unit.id)
        throw invalidSaid(`letterIds[${i}]`, {
          zh: `函件${named}不是发给${unit.name}的`,
          en: `letter ${id} is not addressed to ${unit.name}`,
        });
      if (l.number === null || l.status !== 'issued')
        throw invalidSaid(`letterIds[${i}]`, { zh: `函件${named}尚未印发`, en: `letter ${id} has not been issued` });
    });
    let listRunId: number | null = null;
    if (body.list !== undefined) {
      const run = await sanctionRepository.publishedRun(db, campaign.id, period.key);
      if (!run)
        throw invalidSaid('list', {
          zh: `${campaign.name}${period.label}的考核结果尚未发布，无法关联红黑榜`,
          en: `no published assessment results of ${period.label} for this campaign`,
        });
      const on = unitOnList(run.snapshot, unit.id);
      if (on !== body.list)
        throw invalidSaid('list', {
          zh: `${unit.name}不在${period.label}的${LIST_KIND_LABELS[body.list].zh}上${on ? `（在${LIST_KIND_LABELS[on].zh}上）` : ''}`,
          en: `${unit.name} is not on the ${body.list} list of ${period.label}${on ? ` (it is on the ${on} list)` : ''}`,
        });
      listRunId = run.id;
    }
    const documentNumber = body.documentNumber?.trim() || null;
    const label = SANCTION_KIND_LABELS[body.kind].zh;
    const id = await inTransaction(db, async (trx) => {
      const newId = await sanctionRepository.insert(
        trx,
        {
          campaignId: campaign.id,
          unitId: unit.id,
          periodKind: period.kind,
          periodKey: period.key,
          kind: body.kind,
          summary,
          decidedOn: body.decidedOn,
          documentNumber,
          listKind: body.list ?? null,
          listRunId,
          createdBy: actor.userId,
          at: now.toISOString(),
        },
        letterIds,
      );
      await this.audit.record(trx, ctx, {
        action: 'sanction.record',
        targetType: 'sanction',
        targetId: newId,
        summary: { unitId: unit.id, kind: body.kind, periodKey: period.key, letterIds, list: body.list ?? null, listRunId },
      });
      const recipients = await letterRepository.holdersCoveringUnits(trx, NOTIFIED_ROLES, [unit.id]);
      await this.notifications.notify(trx, {
        userIds: recipients.get(unit.id) ?? [],
        caseId: null,
        kind: 'sanction.recorded',
        title: `${label}：${unit.name}`,
        body: `${period.label}，${unit.name}被${label}${documentNumber ? `（${documentNumber}）` : ''}：${summary}`,
      });
      return newId;
    });
    return this.get(ctx, id);
  }

  private async present(rows: SanctionRead[]): Promise<Sanction[]> {
    const letters = await sanctionRepository.letters(
      this.database.db,
      rows.map((r) => r.id),
    );
    const byRecord = new Map<number, SanctionLetterRead[]>();
    for (const l of letters) byRecord.set(l.sanction_id, [...(byRecord.get(l.sanction_id) ?? []), l]);
    return rows.map((r) => {
      const period = periodFromKey(r.period_key);
      return {
        id: r.id,
        campaignId: r.campaign_id,
        campaignName: r.campaign_name,
        unitId: r.unit_id,
        unitName: r.unit_name,
        period: { kind: r.period_kind as PeriodKind, key: r.period_key, label: period?.label ?? r.period_key },
        kind: r.kind as SanctionKind,
        summary: r.summary,
        decidedOn: r.decided_on,
        documentNumber: r.document_number,
        letters: (byRecord.get(r.id) ?? []).map((l) => ({
          id: l.id,
          number: l.number,
          type: l.type,
          title: l.title,
          issuedAt: l.issued_at,
        })),
        list: r.list_kind as ListKind | null,
        listRunId: r.list_run_id,
        createdByName: r.created_by_name,
        createdAt: r.created_at,
      };
    });
  }
}
