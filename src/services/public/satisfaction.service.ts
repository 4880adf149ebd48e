import type { Database, Executor } from '../../db/database.js';
import { satisfactionRepository, type SatisfactionReviewRow } from '../../db/repositories/satisfaction.repository.js';
import { userRepository } from '../../db/repositories/user.repository.js';
import { chinaDay, chinaMidnight, shiftDay } from '../../domain/calendar/work-calendar.js';
import { can, type Actor } from '../../domain/policies/permissions.js';
import { checkRating, countRating, satisfactionRate, zeroSatisfaction, type SatisfactionCounts } from '../../domain/public/satisfaction.js';
import type { NotificationService } from '../../notify/notification.service.js';
import type { SatisfactionRating, SatisfactionReview } from '../../shared/public-enums.js';
import type {
  SatisfactionReply,
  SatisfactionReviewBody,
  SatisfactionReviewItem,
  SatisfactionReviewList,
  SatisfactionReviewQuery,
  UnitSatisfactionList,
  UnitSatisfactionQuery,
} from '../../shared/contracts/public.contract.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CasePolicyService } from '../cases/case-policy.service.js';
import type { CaseService } from '../cases/case.service.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { AppError, conflict, conflictSaid, forbidden, invalid, invalidSaid, notFound, unauthorized } from '../../core/errors.js';
import { intakeActor } from './intake-actor.js';
import { publicTokenMatches } from './public-token.js';

/** Who may rate: the holder of the follow-up token, or the logged-in citizen who reported the case. */
export type RatingProof = { token: string } | { reporter: true };

/** Longest period the unit indicator covers (days), so one request cannot ask for decades. */
const MAX_PERIOD_DAYS = 3660;

/** The 404 a wrong token gets: the same as for a case that does not exist (no probing of numbers). */
const NO_SUCH_CASE = (number: string) => new AppError(404, 'not_found', `没有找到问题 ${number}，请检查编号和链接`, { resource: 'case' });

/**
 * 回访 (issue 15 point 3, DESIGN.md §3.8): the reporter rates a closed case once; a 不满意
 * goes to HQ, who reopens the case through the case workflow (verify_reopen, see
 * domain/cases) or records why not; the satisfaction rate per unit is an indicator.
 */
export class SatisfactionService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly notifications: NotificationService,
    private readonly policies: CasePolicyService,
    private readonly cases: CaseService,
  ) {}

  /**
   * Records the reporter's rating of a closed case (201). By number and token for the
   * public (a wrong or missing token is the 404 of an unknown case), or by the case id for
   * the logged-in citizen who reported it. Messages are Chinese: citizens read them.
   */
  async rate(
    ctx: RequestContext,
    which: { number: string } | { caseId: number },
    proof: RatingProof,
    body: { rating: string; comment?: string },
  ): Promise<SatisfactionReply> {
    const db = this.database.db;
    const row =
      'number' in which
        ? await db.selectFrom('cases').selectAll().where('number', '=', which.number).executeTakeFirst()
        : await db.selectFrom('cases').selectAll().where('id', '=', which.caseId).executeTakeFirst();
    const label = 'number' in which ? which.number : String(which.caseId);
    if (!row) throw NO_SUCH_CASE(label);
    if ('token' in proof) {
      if (!publicTokenMatches(proof.token, row.public_token_hash)) throw NO_SUCH_CASE(label);
    } else if (!ctx.actor || row.reporter_id !== ctx.actor.userId) {
      throw NO_SUCH_CASE(label);
    }
    const comment = body.comment?.trim() || null;
    const existing = await satisfactionRepository.byCase(db, row.id);
    const refusal = checkRating(row.state as never, !!existing, body.rating, comment);
    if (refusal) {
      throw refusal.status === 422
        ? new AppError(422, refusal.code, refusal.message, { field: refusal.field })
        : new AppError(409, refusal.code, refusal.message);
    }
    const rating = body.rating as SatisfactionRating;
    const ratedAt = this.clock.now().toISOString();
    // The public has no account: the audit names the public intake's system account.
    const actor = ctx.actor ?? (await intakeActor(this.database, this.clock, { kind: 'public' }));
    const auditCtx: RequestContext = { ...ctx, actor };
    await this.database.db.transaction().execute(async (trx) => {
      const stored = await satisfactionRepository.insert(trx, {
        case_id: row.id,
        rating,
        comment,
        rated_at: ratedAt,
        unit_id: row.assigned_unit_id,
        review: null,
        review_note: null,
        reviewed_by: null,
        reviewed_at: null,
      });
      if (!stored) throw new AppError(409, 'already_rated', '该问题已经评价过了，每个问题只能评价一次');
      if (rating === 'dissatisfied') await this.tellHq(trx, row.id, row.number, row.assigned_unit_path, comment);
      await this.audit.record(trx, auditCtx, {
        action: 'case.satisfaction_rate',
        targetType: 'case',
        targetId: row.id,
        summary: { number: row.number, rating, hasComment: comment !== null, by: 'token' in proof ? 'token' : 'reporter' },
      });
    });
    return { number: row.number, rating, comment, ratedAt, sentToHq: rating === 'dissatisfied' };
  }

  /** A 不满意 is a notice to every HQ dispatcher covering the case's unit. */
  private async tellHq(trx: Executor, caseId: number, number: string, unitPath: string | null, comment: string | null): Promise<void> {
    const ids = await userRepository.holdersCovering(trx, ['hq_dispatcher'], unitPath ?? '/');
    if (!ids.length) return;
    await this.notifications.notify(trx, {
      userIds: ids,
      caseId,
      kind: 'case.satisfaction_bad',
      title: `案卷 ${number}：市民回访不满意`,
      body: [`案卷 ${number} 办结后，上报市民评价为“不满意”，请复核。`, comment ? `市民意见：${comment}` : null].filter(Boolean).join('\n'),
    });
  }

  /** HQ's list of ratings to review (pending) or reviewed (done). */
  async reviews(ctx: RequestContext, q: SatisfactionReviewQuery): Promise<SatisfactionReviewList> {
    this.assertHq(ctx);
    const pageSize = q.pageSize ?? 50;
    const page = q.page ?? 1;
    const { rows, total } = await satisfactionRepository.reviewList(
      this.database.db,
      q.state ?? 'pending',
      pageSize,
      (page - 1) * pageSize,
    );
    const names = await this.categoryNames();
    return { items: rows.map((r) => present(r, names)), total };
  }

  /**
   * HQ's decision on a 不满意: `reopened` sends the case back to the unit that handled it
   * (verify_reopen from closed, fresh deadline, counted as rework) in the same transaction
   * as the review; `declined` records why not. Once per rating (409 after).
   */
  async review(ctx: RequestContext, caseId: number, body: SatisfactionReviewBody): Promise<SatisfactionReviewItem> {
    const actor = this.assertHq(ctx);
    const db = this.database.db;
    const note = body.note.trim();
    if (!note) throw invalidSaid('note', { zh: '请填写复核说明', en: 'is required' });
    const s = await satisfactionRepository.byCase(db, caseId);
    if (!s) throw notFound('satisfaction rating of case', caseId);
    if (s.rating !== 'dissatisfied') throw conflict('decision', 'only a 不满意 rating is reviewed');
    if (s.review !== null)
      throw conflictSaid('decision', { zh: '这条评价已经复核过了', en: `this rating was already reviewed (${s.review})` });
    const at = this.clock.now().toISOString();
    const writeReview = async (trx: Executor) => {
      if (!(await satisfactionRepository.review(trx, caseId, { review: body.decision, note, by: actor.userId, at })))
        throw conflict('decision', 'this rating was reviewed by someone else meanwhile');
      await this.audit.record(trx, ctx, {
        action: 'case.satisfaction_review',
        targetType: 'case',
        targetId: caseId,
        summary: { decision: body.decision },
      });
    };
    if (body.decision === 'reopened') {
      const c = await db.selectFrom('cases').select(['state', 'version']).where('id', '=', caseId).executeTakeFirst();
      if (!c) throw notFound('case', caseId);
      if (c.state !== 'closed')
        throw conflictSaid('decision', {
          zh: '该案卷已不是办结状态，无需返工',
          en: `the case is ${c.state}, not closed: there is nothing to reopen`,
        });
      await this.cases.act(ctx, caseId, { action: 'verify_reopen', version: c.version, reason: `回访不满意，复核返工：${note}` }, [], {
        afterDissatisfied: true,
        within: writeReview,
      });
    } else {
      await this.database.db.transaction().execute(writeReview);
    }
    const item = await satisfactionRepository.reviewItem(db, caseId);
    if (!item) throw notFound('satisfaction rating of case', caseId);
    return present(item, await this.categoryNames());
  }

  /**
   * The satisfaction indicator per unit over China dates [from, to] (default: the last 90
   * days): counts and 满意率 = (满意 + 基本满意) / rated, by the rating's date.
   */
  async units(ctx: RequestContext, q: UnitSatisfactionQuery): Promise<UnitSatisfactionList> {
    if (!ctx.actor) throw unauthorized();
    if (!can(ctx.actor, 'assessment.read')) throw forbidden('only HQ and leaders read the satisfaction indicator');
    const to = q.to ?? chinaDay(this.clock.now());
    const from = q.from ?? shiftDay(to, -89);
    if (from > to) throw invalid('from', 'must not be after to');
    if (Date.parse(to) - Date.parse(from) > MAX_PERIOD_DAYS * 86_400_000)
      throw invalid('from', `the period is at most ${MAX_PERIOD_DAYS} days`);
    const rows = await satisfactionRepository.countsByUnit(
      this.database.db,
      chinaMidnight(from).toISOString(),
      chinaMidnight(shiftDay(to, 1)).toISOString(),
    );
    const byUnit = new Map<number, { name: string; counts: SatisfactionCounts }>();
    for (const r of rows) {
      const cur = byUnit.get(r.unit_id) ?? { name: r.unit_name, counts: zeroSatisfaction() };
      for (let i = 0; i < r.n; i++) cur.counts = countRating(cur.counts, r.rating as SatisfactionRating);
      byUnit.set(r.unit_id, cur);
    }
    const items = [...byUnit].map(([unitId, { name, counts }]) => ({ unitId, unitName: name, ...counts, rate: satisfactionRate(counts) }));
    // Worst first: the units HQ has to talk to.
    items.sort((a, b) => (a.rate ?? 1) - (b.rate ?? 1) || b.rated - a.rated || a.unitName.localeCompare(b.unitName, 'zh-CN'));
    return { from, to, items };
  }

  private async categoryNames(): Promise<Map<string, string>> {
    return new Map((await this.policies.policy()).categories.map((c) => [c.code, c.name]));
  }

  private assertHq(ctx: RequestContext): Actor {
    if (!ctx.actor) throw unauthorized();
    if (!can(ctx.actor, 'case.configure')) throw forbidden('only HQ reviews satisfaction ratings');
    return ctx.actor;
  }
}

function present(r: SatisfactionReviewRow, categoryNames: Map<string, string>): SatisfactionReviewItem {
  return {
    caseId: r.case_id,
    number: r.number,
    categoryName: categoryNames.get(r.category_code) ?? r.category_code,
    unitName: r.unit_name,
    rating: r.rating as SatisfactionRating,
    comment: r.comment,
    ratedAt: r.rated_at,
    review: r.review as SatisfactionReview | null,
    reviewNote: r.review_note,
    reviewedBy: r.reviewer_name,
    reviewedAt: r.reviewed_at,
  };
}
