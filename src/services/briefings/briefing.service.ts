import type { Database } from '../../db/database.js';
import { briefingRepository } from '../../db/repositories/briefing.repository.js';
import type { BriefingRow } from '../../db/schema.js';
import { inTransaction } from '../../db/transactions.js';
import { composeBriefing, snapshotHash } from '../../domain/briefings/briefing-content.js';
import { briefingCounterKey, briefingPeriod, defaultBriefingTitle, formatIssueNumber } from '../../domain/briefings/briefing-period.js';
import { chinaDay } from '../../domain/calendar/work-calendar.js';
import { chinaYear } from '../../domain/letters/numbering.js';
import { can, type Actor } from '../../domain/policies/permissions.js';
import type { NotificationService } from '../../notify/notification.service.js';
import type { BriefingPeriodKind, BriefingStatus } from '../../shared/briefing-enums.js';
import type {
  Briefing,
  BriefingCommentary,
  BriefingContent,
  BriefingList,
  BriefingSummary,
  EditBriefingBody,
  GenerateBriefingBody,
} from '../../shared/contracts/briefings.contract.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { AppError, conflict, forbidden, invalidSaid, notFound, unauthorized } from '../../core/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CampaignService } from '../evaluation/campaign.service.js';
import type { EvaluationResultsService } from '../evaluation/evaluation-results.service.js';
import type { AssessmentResultsService } from '../assessment/assessment-results.service.js';
import { readBriefingFacts } from './briefing-reads.js';

/** The roles told of a published briefing: the units' handlers and heads, and the leaders. */
export const BRIEFING_READER_ROLES = ['unit_handler', 'unit_head', 'leader'];

const EMPTY_COMMENTARY: BriefingCommentary = { situation: [], nextSteps: [] };

/** What the published snapshot's hash covers: everything printed. */
function hashed(title: string, numberText: string | null, commentary: BriefingCommentary, content: BriefingContent): unknown {
  return { title, number: numberText, commentary, content };
}

/**
 * The 周例会 briefing (通报, DOMAIN.md §3.6, issue 13 point 7). HQ generates a draft for a
 * week (default: the last full week, China time) or chosen days from the record, edits
 * its title and commentary (形势分析, 下步工作) at the version it read, and publishes it:
 * it then gets its 期号 (第N期, gapless per year through the counters table, taken in the
 * publishing transaction), its content is frozen with the sha256 of its canonical JSON
 * written to the audit record, and the units and leaders are notified. A published
 * briefing never changes: later case events do not touch its stored snapshot.
 *
 * Drafts are seen by holders of `briefing.manage` only; published briefings by every
 * holder of `briefing.read` (a briefing is a city-wide document).
 */
export class BriefingService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly notifications: NotificationService,
    private readonly results: EvaluationResultsService,
    private readonly campaigns: CampaignService,
    /** The published 考核 results the briefing reports (issue 13 points 3 and 7). */
    private readonly assessment: AssessmentResultsService | null = null,
  ) {}

  private actorWith(ctx: RequestContext, permission: 'briefing.read' | 'briefing.manage'): Actor {
    if (!ctx.actor) throw unauthorized();
    if (!can(ctx.actor, permission)) throw forbidden();
    return ctx.actor;
  }

  /** Every briefing the actor may see, newest period first. */
  async list(ctx: RequestContext): Promise<BriefingList> {
    const actor = this.actorWith(ctx, 'briefing.read');
    const drafts = can(actor, 'briefing.manage');
    const rows = await briefingRepository.list(this.database.db);
    return { items: rows.filter((r) => drafts || r.status === 'published').map(summary) };
  }

  /** One briefing in full (a draft only for `briefing.manage`; others get 404 as if it did not exist). */
  async get(ctx: RequestContext, id: number): Promise<Briefing> {
    const actor = this.actorWith(ctx, 'briefing.read');
    const row = await briefingRepository.byId(this.database.db, id);
    if (!row || (row.status !== 'published' && !can(actor, 'briefing.manage'))) throw notFound('briefing', id);
    return this.present(row);
  }

  /** Generates a draft from the record for the requested period (400/422 naming the field otherwise). */
  async generate(ctx: RequestContext, body: GenerateBriefingBody): Promise<Briefing> {
    const actor = this.actorWith(ctx, 'briefing.manage');
    const now = this.clock.now();
    const period = briefingPeriod({ kind: body.periodKind, from: body.from, to: body.to }, chinaDay(now));
    if ('field' in period) throw invalidSaid(period.field, period.text);
    if (period.from > chinaDay(now)) throw invalidSaid('from', { zh: '所选期间尚未开始', en: 'the period has not begun yet' });
    const db = this.database.db;
    const content = composeBriefing(await readBriefingFacts(db, this.results, ctx, period, now.toISOString(), this.assessment));
    const title = body.title?.trim() || defaultBriefingTitle(period);
    const id = await inTransaction(db, async (trx) => {
      const snapshot = JSON.stringify(content);
      const newId = await briefingRepository.insert(trx, {
        periodKind: period.kind,
        periodFrom: period.from,
        periodTo: period.to,
        title,
        commentary: JSON.stringify(EMPTY_COMMENTARY),
        snapshot,
        snapshotHash: snapshotHash(hashed(title, null, EMPTY_COMMENTARY, content)),
        createdBy: actor.userId,
        at: now.toISOString(),
      });
      await this.audit.record(trx, ctx, {
        action: 'briefing.generate',
        targetType: 'briefing',
        targetId: newId,
        summary: { periodKind: period.kind, from: period.from, to: period.to },
      });
      return newId;
    });
    return this.get(ctx, id);
  }

  /** Edits a draft's title and commentary at the version the editor read (409 if it moved or was published). */
  async edit(ctx: RequestContext, id: number, body: EditBriefingBody): Promise<Briefing> {
    this.actorWith(ctx, 'briefing.manage');
    const now = this.clock.now().toISOString();
    await inTransaction(this.database.db, async (trx) => {
      const row = await this.draft(trx, id, body.version);
      const title = body.title?.trim() ?? row.title;
      if (!title) throw invalidSaid('title', { zh: '请填写简报标题', en: 'must not be blank' });
      const commentary = body.commentary ? cleanCommentary(body.commentary) : (JSON.parse(row.commentary) as BriefingCommentary);
      const content = JSON.parse(row.snapshot) as BriefingContent;
      const ok = await briefingRepository.updateDraft(trx, id, body.version, {
        title,
        commentary: JSON.stringify(commentary),
        snapshotHash: snapshotHash(hashed(title, null, commentary, content)),
        snapshot: row.snapshot,
        at: now,
      });
      if (!ok) throw conflict('version', 'the briefing was changed meanwhile; reload it');
      await this.audit.record(trx, ctx, {
        action: 'briefing.edit',
        targetType: 'briefing',
        targetId: id,
        summary: { version: body.version + 1, title: row.title !== title, commentary: body.commentary !== undefined },
      });
    });
    return this.get(ctx, id);
  }

  /**
   * Publishes a draft at the version read: 第N期 of the year (China time) from the gapless
   * counter, the snapshot frozen with its hash (also in the audit record), readers notified.
   * All in one transaction: a failure gives the number back.
   */
  async publish(ctx: RequestContext, id: number, version: number): Promise<Briefing> {
    const actor = this.actorWith(ctx, 'briefing.manage');
    const at = this.clock.now();
    const year = chinaYear(at);
    await inTransaction(this.database.db, async (trx) => {
      const row = await this.draft(trx, id, version);
      const seq = await briefingRepository.nextCounter(trx, briefingCounterKey(year));
      const numberText = `${year}年${formatIssueNumber(seq)}`;
      const commentary = JSON.parse(row.commentary) as BriefingCommentary;
      const content = JSON.parse(row.snapshot) as BriefingContent;
      const hash = snapshotHash(hashed(row.title, numberText, commentary, content));
      const ok = await briefingRepository.publish(trx, id, version, {
        year,
        seq,
        snapshot: row.snapshot,
        snapshotHash: hash,
        by: actor.userId,
        at: at.toISOString(),
      });
      if (!ok) throw conflict('version', 'the briefing was changed meanwhile; reload it');
      await this.audit.record(trx, ctx, {
        action: 'briefing.publish',
        targetType: 'briefing',
        targetId: id,
        summary: { number: numberText, year, seq, from: row.period_from, to: row.period_to, snapshotHash: hash },
      });
      await this.notifications.notify(trx, {
        userIds: await briefingRepository.usersWithRoles(trx, BRIEFING_READER_ROLES),
        caseId: null,
        kind: 'briefing.published',
        title: `周例会通报 ${numberText}`,
        body: `${row.title}已印发，请查阅并抓好落实。`,
      });
    });
    return this.get(ctx, id);
  }

  /** The draft `id` at `version`, read inside the writing transaction; 404 / 409 otherwise. */
  private async draft(trx: Parameters<typeof briefingRepository.byId>[0], id: number, version: number): Promise<BriefingRow> {
    const row = await briefingRepository.byId(trx, id);
    if (!row) throw notFound('briefing', id);
    if (row.status !== 'draft') throw conflict('status', `briefing ${id} is published and can no longer change`);
    if (row.version !== version) throw conflict('version', `the briefing is at version ${row.version}, not ${version}; reload it`);
    return row;
  }

  /** The issuer printed on the briefing: the ladder's issuer of hand letters, else the top unit's name. */
  private async issuer(): Promise<string> {
    const db = this.database.db;
    try {
      const ladder = await this.campaigns.ladder(db);
      const name = ladder.handLetters?.issuer.name || ladder.rungs[0]?.issuer.name;
      if (name) return name;
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
    }
    const top = await db.selectFrom('units').select('name').where('parent_id', 'is', null).orderBy('id').executeTakeFirst();
    return top ? `${top.name}创建全国文明城市工作指挥部` : '创建全国文明城市工作指挥部';
  }

  private async present(row: BriefingRow): Promise<Briefing> {
    const ids = [row.created_by, row.published_by].filter((x): x is number => x !== null);
    const [names, issuer] = await Promise.all([briefingRepository.userNames(this.database.db, ids), this.issuer()]);
    const ref = (uid: number | null) => (uid === null ? null : { id: uid, name: names.get(uid) ?? `#${uid}` });
    return {
      ...summary(row),
      commentary: JSON.parse(row.commentary) as BriefingCommentary,
      content: JSON.parse(row.snapshot) as BriefingContent,
      snapshotHash: row.snapshot_hash,
      issuer,
      createdBy: ref(row.created_by),
      publishedBy: ref(row.published_by),
    };
  }
}

/** Trims paragraphs and drops empty ones. */
function cleanCommentary(c: BriefingCommentary): BriefingCommentary {
  const clean = (xs: string[]) => xs.map((x) => x.trim()).filter((x) => x.length > 0);
  return { situation: clean(c.situation), nextSteps: clean(c.nextSteps) };
}

function summary(r: BriefingRow): BriefingSummary {
  return {
    id: r.id,
    status: r.status as BriefingStatus,
    periodKind: r.period_kind as BriefingPeriodKind,
    from: r.period_from,
    to: r.period_to,
    year: r.year,
    seq: r.seq,
    numberText: r.year !== null && r.seq !== null ? `${r.year}年${formatIssueNumber(r.seq)}` : null,
    title: r.title,
    version: r.version,
    createdAt: r.created_at,
    publishedAt: r.published_at,
  };
}
