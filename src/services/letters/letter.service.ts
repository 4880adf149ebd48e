import type { Database, Executor } from '../../db/database.js';
import { letterRepository, type LetterRow } from '../../db/repositories/letter.repository.js';
import { unitRepository } from '../../db/repositories/unit.repository.js';
import { addWorkingDays, chinaMidnight, shiftDay } from '../../domain/calendar/work-calendar.js';
import { checkSignature } from '../../domain/letters/escalation.js';
import { addresseeFor, composeBody, letterDocument, recipientFor } from '../../domain/letters/letter-composition.js';
import { composeLetterTitle, type LetterDocument } from '../../domain/letters/letter-document.js';
import type { Ladder } from '../../domain/letters/ladder.js';
import { SENT_STATUSES } from '../../domain/letters/rules.js';
import { can } from '../../domain/policies/permissions.js';
import type {
  DraftBody,
  DraftPatchBody,
  LetterDetailView,
  LetterQuery,
  LetterView,
  SignBody,
} from '../../shared/contracts/letters.contract.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CampaignService } from '../evaluation/campaign.service.js';
import type { CasePolicyService } from '../cases/case-policy.service.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { AppError, forbidden, invalid, invalidSaid } from '../../core/errors.js';
import type { IssueLetterCommand } from './issue-letter.command.js';
import {
  actorWith,
  checkCases,
  checkReplyBy,
  editableDraft,
  handLettersOf,
  letterExtras,
  listable,
  rungOf,
  unitOf,
  visibleLetter,
} from './letter-guards.js';
import { letterView } from './letter.mapper.js';
import { letterCases, loadBodyFacts } from './letter-reads.js';

/** A letter's title left blank, in both languages. */
const TITLE_MISSING = { zh: '请填写标题', en: 'must not be empty' };

/**
 * Official letters (督查督办函件): HQ drafts, edits, issues and withdraws them; the
 * recipient unit reads (delivered), signs for (签收) and replies. Issuing is the
 * {@link IssueLetterCommand}'s (shared with the escalation sweep): gapless numbers
 * unique across instances, the one-rung-per-case rule kept by a unique index as well
 * as checked first, audit record and notice. This service checks who may issue what.
 */
export class LetterService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly campaigns: CampaignService,
    private readonly casePolicy: CasePolicyService,
    private readonly issuing: IssueLetterCommand,
  ) {}

  private async detail(db: Executor, ctx: RequestContext, row: LetterRow): Promise<LetterDetailView> {
    const caseIds = (await letterRepository.caseIdsOf(db, [row.id])).get(row.id) ?? [];
    const units = new Map((await unitRepository.byIds(db, [row.unit_id, row.sign_unit_id ?? row.unit_id])).map((u) => [u.id, u]));
    const extras = letterExtras(row, units, await this.ladderIfConfigured(db), ctx.actor ?? null);
    return {
      ...letterView(row, caseIds, units.get(row.unit_id)?.name ?? null, this.clock.now(), extras),
      cases: await letterCases(db, caseIds),
    };
  }

  /** The ladder in force, or null while the city has not configured it (reading letters needs none). */
  private async ladderIfConfigured(db: Executor): Promise<Ladder | null> {
    try {
      return await this.campaigns.ladder(db);
    } catch (e) {
      if (e instanceof AppError && e.code === 'ladder_not_configured') return null;
      throw e;
    }
  }

  /** A letter as the actor may see it now, with its cases (after a change made elsewhere, e.g. an approval). */
  async view(ctx: RequestContext, id: number): Promise<LetterDetailView> {
    return this.detail(this.database.db, ctx, (await letterRepository.byId(this.database.db, id))!);
  }

  /**
   * Letters the actor may see, newest first; units see only issued ones about them or
   * addressed to them (an office); approvers also those awaiting their approval.
   */
  async list(ctx: RequestContext, q: LetterQuery = {}): Promise<LetterView[]> {
    const actor = actorWith(ctx, 'letter.read');
    const db = this.database.db;
    const units = await unitRepository.list(db);
    const byId = new Map(units.map((u) => [u.id, u]));
    const manager = can(actor, 'letter.manage');
    const visibleUnits = units.filter((u) => can(actor, 'letter.read', u.path)).map((u) => u.id);
    // Another unit's letters are a 403, as other figures outside the actor's units are.
    if (q.unitId !== undefined && byId.has(q.unitId) && !visibleUnits.includes(q.unitId))
      throw forbidden(`unitId: unit ${q.unitId} is outside the units you cover`);
    const rows = await letterRepository.list(db, {
      unitIds: q.unitId !== undefined ? visibleUnits.filter((id) => id === q.unitId) : visibleUnits,
      ...(manager ? {} : { statuses: [...SENT_STATUSES, ...(can(actor, 'letter.approve') ? ['pending_approval'] : [])] }),
      ...(q.type ? { type: q.type } : {}),
      ...(q.year ? { year: q.year } : {}),
      ...(q.caseId !== undefined ? { caseId: q.caseId } : {}),
      ...(q.issuedFrom || q.issuedTo
        ? { issued: { from: q.issuedFrom && new Date(q.issuedFrom).toISOString(), to: q.issuedTo && new Date(q.issuedTo).toISOString() } }
        : {}),
      ...(q.unsigned ? { unsigned: true } : {}),
    });
    const cases = await letterRepository.caseIdsOf(
      db,
      rows.map((r) => r.id),
    );
    const now = this.clock.now();
    const ladder = await this.ladderIfConfigured(db);
    return rows
      .filter((r) => listable(actor, r, byId))
      .map((r) => letterView(r, cases.get(r.id) ?? [], byId.get(r.unit_id)?.name ?? null, now, letterExtras(r, byId, ladder, actor)))
      .filter((l) => q.state === undefined || l.state === q.state);
  }

  /** Letters addressed to the actor's units that still wait for a signature (the red badge). */
  async unsignedCount(ctx: RequestContext): Promise<number> {
    if (!ctx.actor || !can(ctx.actor, 'letter.sign')) return 0;
    const mine = await this.list(ctx, {});
    return mine.filter((l) => l.status === 'issued' && l.signedAt === null && ctx.actor!.grants.some((g) => g.unitId === l.signUnitId))
      .length;
  }

  /** A letter with its cases. Reading never changes it: delivery is recorded by {@link delivered}. */
  async get(ctx: RequestContext, id: number): Promise<LetterDetailView> {
    const db = this.database.db;
    const { row } = await visibleLetter(db, ctx, id);
    return this.detail(db, ctx, row);
  }

  /**
   * Records delivery (送达): the recipient unit's page sends it when the letter is opened.
   * An explicit write rather than a side effect of reading, so no GET (a prefetch, a
   * cross-site link) changes state. Idempotent: a letter already delivered (or signed)
   * is returned as it is. Only the recipient side may record it; HQ reading its own
   * letter is no delivery.
   */
  async delivered(ctx: RequestContext, id: number): Promise<LetterDetailView> {
    const db = this.database.db;
    const { row, actor, sign } = await visibleLetter(db, ctx, id);
    if (!can(actor, 'letter.sign', sign.path) || can(actor, 'letter.manage', sign.path))
      throw forbidden('only the unit the letter is addressed to records its delivery');
    if (row.delivered_at !== null) return this.detail(db, ctx, row);
    if (row.status !== 'issued') throw new AppError(409, 'letter_not_issued', `letter ${id} is ${row.status}`);
    const now = this.clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      // A lost race only means someone else of the unit opened it first: nothing to record twice.
      if (!(await letterRepository.update(trx, id, row.version, { delivered_at: now, updated_at: now }))) return;
      await this.audit.record(trx, ctx, { action: 'letter.deliver', targetType: 'letter', targetId: id, summary: { number: row.number } });
    });
    return this.detail(db, ctx, (await letterRepository.byId(db, id))!);
  }

  /** HQ drafts a letter by hand: to a unit in its scope, about that unit's cases. */
  async draft(ctx: RequestContext, input: DraftBody): Promise<LetterDetailView> {
    const actor = actorWith(ctx, 'letter.manage');
    const db = this.database.db;
    const unit = await unitOf(db, input.unitId);
    if (!can(actor, 'letter.manage', unit.path)) throw forbidden('the unit is outside your scope');
    const ladder = await this.campaigns.ladder(db);
    // A letter of a rung's type is that rung's letter, by hand or not: same issuer, same one-per-case rule.
    const rung = rungOf(ladder, input.rungKey) ?? ladder.rungs.find((r) => r.type === input.type?.trim()) ?? null;
    const type = (rung?.type ?? input.type ?? '').trim();
    if (!type) throw invalid('type', 'give a rung or a letter type');
    if (type.length > 32) throw invalid('type', 'must be at most 32 characters');
    const issuer = rung?.issuer ?? handLettersOf(ladder, type).issuer;
    await checkCases(db, input.caseIds, unit.path);
    checkReplyBy(input.replyBy);
    if (input.title !== undefined && !input.title.trim()) throw invalidSaid('title', TITLE_MISSING);
    if (input.body !== undefined && input.body.every((p) => !p.trim()))
      throw invalidSaid('body', { zh: '正文至少要有一段', en: 'must have at least one paragraph' });
    const now = this.clock.now().toISOString();
    const id = await db.transaction().execute(async (trx) => {
      const { id } = await letterRepository.insertDraft(trx, {
        type,
        rung_key: rung?.key ?? null,
        campaign_id: (await this.campaigns.current(trx))?.id ?? null,
        issuer_name: issuer.name,
        issuer_code: issuer.code,
        unit_id: unit.id,
        addressee: input.addressee?.trim() || addresseeFor(rung?.recipient ?? null, unit.name),
        title: input.title?.trim() || composeLetterTitle(type, unit.name),
        // Empty: written from the facts when issued (so dates and cited letters are those of the issue day).
        body: JSON.stringify(input.body?.filter((p) => p.trim()) ?? []),
        auto: 0,
        reply_deadline: input.replyBy ? chinaMidnight(shiftDay(input.replyBy, 1)).toISOString() : null,
        created_by: actor.userId,
        created_at: now,
      });
      await letterRepository.addCases(trx, id, input.caseIds, rung?.key ?? null, false);
      await this.audit.record(trx, ctx, {
        action: 'letter.draft',
        targetType: 'letter',
        targetId: id,
        summary: { type, unitId: unit.id, cases: input.caseIds.length },
      });
      return id;
    });
    return this.detail(db, ctx, (await letterRepository.byId(db, id))!);
  }

  /** Edits a draft (optimistic: the version read must still be current). */
  async update(ctx: RequestContext, id: number, patch: DraftPatchBody): Promise<LetterDetailView> {
    const db = this.database.db;
    const row = await editableDraft(db, ctx, id, patch.version);
    const unit = await unitOf(db, row.unit_id);
    if (patch.caseIds) await checkCases(db, patch.caseIds, unit.path);
    checkReplyBy(patch.replyBy);
    if (patch.title !== undefined && !patch.title.trim()) throw invalidSaid('title', TITLE_MISSING);
    if (patch.addressee !== undefined && !patch.addressee.trim())
      throw invalidSaid('addressee', { zh: '请填写主送', en: 'must not be empty' });
    const now = this.clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      const ok = await letterRepository.update(trx, id, row.version, {
        ...(patch.title !== undefined ? { title: patch.title.trim() } : {}),
        ...(patch.addressee !== undefined ? { addressee: patch.addressee.trim() } : {}),
        ...(patch.body !== undefined ? { body: JSON.stringify(patch.body.filter((p) => p.trim())) } : {}),
        ...(patch.replyBy !== undefined
          ? { reply_deadline: patch.replyBy ? chinaMidnight(shiftDay(patch.replyBy, 1)).toISOString() : null }
          : {}),
        updated_at: now,
      });
      if (!ok) throw new AppError(409, 'version_conflict', `letter ${id} was changed by someone else`);
      if (patch.caseIds) await letterRepository.replaceCases(trx, id, patch.caseIds, row.rung_key);
      await this.audit.record(trx, ctx, {
        action: 'letter.draft',
        targetType: 'letter',
        targetId: id,
        summary: { edited: Object.keys(patch).filter((k) => k !== 'version') },
      });
    });
    return this.detail(db, ctx, (await letterRepository.byId(db, id))!);
  }

  /** Issues a draft: number, reply deadline, coverage of its cases, notice to the unit. */
  async issue(ctx: RequestContext, id: number, version?: number): Promise<LetterDetailView> {
    const db = this.database.db;
    const draft = await editableDraft(db, ctx, id, version);
    const caseIds = (await letterRepository.caseIdsOf(db, [id])).get(id) ?? [];
    const ladder = await this.campaigns.ladder(db);
    const rung = rungOf(ladder, draft.rung_key);
    // A hand letter of another type is numbered under the issuer in force when it is
    // issued (a draft made before `handLetters` existed carried a rung's 代字).
    const hand = rung ? null : handLettersOf(ladder, draft.type);
    const row = hand ? { ...draft, issuer_name: hand.issuer.name, issuer_code: hand.issuer.code } : draft;
    await this.issuing.issue(ctx, this.clock.now(), [{ draft: row, caseIds, rung, replyWorkingDays: (rung ?? hand)!.replyWorkingDays }]);
    return this.detail(db, ctx, (await letterRepository.byId(db, id))!);
  }

  /** Withdraws an issued letter: the number stays taken, the withdrawal is recorded, its cases are free for that rung again. */
  async withdraw(ctx: RequestContext, id: number, reason: string): Promise<LetterDetailView> {
    const actor = actorWith(ctx, 'letter.manage');
    const db = this.database.db;
    const { row } = await visibleLetter(db, ctx, id);
    if (!reason?.trim()) throw invalidSaid('reason', { zh: '请填写撤回原因', en: 'is required' });
    if (row.status !== 'issued')
      throw new AppError(409, 'letter_not_issued', `letter ${id} is ${row.status}; only issued letters can be withdrawn`);
    const now = this.clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      const ok = await letterRepository.update(trx, id, row.version, {
        status: 'withdrawn',
        withdrawn_at: now,
        withdrawn_by: actor.userId,
        withdraw_reason: reason.trim(),
        updated_at: now,
      });
      if (!ok) throw new AppError(409, 'version_conflict', `letter ${id} was changed by someone else`);
      await letterRepository.setCasesActive(trx, id, false);
      await this.audit.record(trx, ctx, {
        action: 'letter.withdraw',
        targetType: 'letter',
        targetId: id,
        summary: { number: row.number, reason: reason.trim() },
      });
    });
    return this.detail(db, ctx, (await letterRepository.byId(db, id))!);
  }

  /**
   * The recipient unit signs for the letter (签收), optionally with its reply: the unit it
   * is addressed to — for an office recipient the office, while the unit held to account
   * only reads it (403).
   */
  async sign(ctx: RequestContext, id: number, input: SignBody = {}): Promise<LetterDetailView> {
    const db = this.database.db;
    const { row, actor, sign } = await visibleLetter(db, ctx, id);
    const now = this.clock.now();
    const refusal = checkSignature({
      letter: {
        status: row.status as LetterView['status'],
        issuedAt: row.issued_at,
        deliveredAt: row.delivered_at,
        signedAt: row.signed_at,
        repliedAt: row.replied_at,
        replyDeadline: row.reply_deadline,
        withdrawnAt: row.withdrawn_at,
        recipientUnitId: sign.id,
      },
      actorUnitId: can(actor, 'letter.sign', sign.path) ? sign.id : null,
      now,
    });
    if (refusal) throw new AppError(refusal.status, refusal.code, refusal.message);
    const reply = input.reply?.trim() || null;
    if (reply && reply.length > 4000) throw invalid('reply', 'must be at most 4000 characters');
    const iso = now.toISOString();
    await db.transaction().execute(async (trx) => {
      const ok = await letterRepository.update(trx, id, row.version, {
        signed_at: iso,
        signed_by: actor.userId,
        delivered_at: row.delivered_at ?? iso,
        updated_at: iso,
        ...(reply ? { reply, replied_at: iso } : {}),
      });
      if (!ok) throw new AppError(409, 'already_signed', 'the letter has already been signed for');
      await this.audit.record(trx, ctx, {
        action: 'letter.sign',
        targetType: 'letter',
        targetId: id,
        summary: { number: row.number, replied: reply !== null },
      });
    });
    return this.detail(db, ctx, (await letterRepository.byId(db, id))!);
  }

  /** The unit's written reply after signing (整改情况报告). */
  async reply(ctx: RequestContext, id: number, text: string): Promise<LetterDetailView> {
    const db = this.database.db;
    const { row, actor, sign } = await visibleLetter(db, ctx, id);
    if (!can(actor, 'letter.sign', sign.path)) throw forbidden('only the unit the letter is addressed to can reply');
    const reply = text?.trim() ?? '';
    if (!reply) throw invalidSaid('reply', { zh: '请填写回复内容', en: 'is required' });
    if (reply.length > 4000) throw invalid('reply', 'must be at most 4000 characters');
    if (row.status !== 'issued') throw new AppError(409, 'letter_not_issued', `letter ${id} is ${row.status}`);
    if (row.signed_at === null) throw new AppError(409, 'not_signed', 'sign for the letter before replying');
    if (row.replied_at !== null) throw new AppError(409, 'already_replied', 'the letter has already been replied to');
    const iso = this.clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      if (!(await letterRepository.update(trx, id, row.version, { reply, replied_at: iso, updated_at: iso })))
        throw new AppError(409, 'version_conflict', 'changed by someone else');
      await this.audit.record(trx, ctx, { action: 'letter.reply', targetType: 'letter', targetId: id, summary: { number: row.number } });
    });
    return this.detail(db, ctx, (await letterRepository.byId(db, id))!);
  }

  /**
   * A letter laid out for the preview, the DOCX and the PDF, with the letter it shows. A
   * draft shows the text it would be issued with now.
   */
  async laidOut(ctx: RequestContext, id: number): Promise<{ letter: LetterDetailView; document: LetterDocument }> {
    const db = this.database.db;
    const { row } = await visibleLetter(db, ctx, id);
    const letter = await this.detail(db, ctx, row);
    const now = this.clock.now();
    if (letter.body.length === 0) {
      const ladder = await this.campaigns.ladder(db);
      const rung = ladder.rungs.find((r) => r.key === row.rung_key) ?? null;
      const replyDays = (rung ?? ladder.handLetters ?? ladder.rungs[0]!).replyWorkingDays;
      const deadline = row.reply_deadline
        ? new Date(row.reply_deadline)
        : addWorkingDays(now, replyDays, (await this.casePolicy.policy()).calendar);
      const [facts] = await loadBodyFacts(db, [letter.caseIds]);
      const recipient = recipientFor(rung?.recipient ?? null, letter.unitName ?? '');
      letter.body = composeBody({ type: row.type, recipient, replyDeadline: deadline, at: now }, facts!);
      letter.replyDeadline ??= deadline.toISOString();
    }
    return { letter, document: letterDocument(letter, now) };
  }
}
