import type { Database, Executor } from '../../db/database.js';
import { isUniqueViolation } from '../../db/db-errors.js';
import { caseRepository } from '../../db/repositories/case.repository.js';
import { letterRepository, type LetterRow } from '../../db/repositories/letter.repository.js';
import { unitRepository } from '../../db/repositories/unit.repository.js';
import { userRepository } from '../../db/repositories/user.repository.js';
import { addWorkingDays, chinaMidnight, isValidDay, shiftDay } from '../../domain/calendar/work-calendar.js';
import { checkSignature } from '../../domain/letters/escalation.js';
import type { Rung } from '../../domain/letters/ladder.js';
import { composeLetterTitle } from '../../domain/letters/letter-document.js';
import { chinaYear, counterKey, formatLetterNumber, handCounterKey } from '../../domain/letters/numbering.js';
import { can, type Actor } from '../../domain/policies/permissions.js';
import type {
  DraftBody,
  DraftPatchBody,
  LetterDetailView,
  LetterQuery,
  LetterView,
  SignBody,
} from '../../shared/contracts/letters.contract.js';
import type { Permission } from '../../shared/enums.js';
import type { NotificationService } from '../../notify/notification.service.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CampaignService } from '../evaluation/campaign.service.js';
import type { CasePolicyService } from '../cases/case-policy.service.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { AppError, conflict, forbidden, invalid, notFound, unauthorized } from '../../core/errors.js';
import { addresseeFor, composeBody, letterCases, letterView, recipientFor } from './letter-content.js';
import { handLettersOf, LETTER_RECIPIENT_ROLES, type IssueFacts } from './letter-issue.js';

/**
 * Official letters (督查督办函件): HQ drafts, edits, issues and withdraws them; the
 * recipient unit reads (delivered), signs for (签收) and replies. Issuing takes the
 * next number of the issuer, type and year from a counter row in the same
 * transaction, so numbers are gapless and unique across instances, and the
 * one-rung-per-case rule is kept by a unique index as well as checked first.
 */
export class LetterService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly notifications: NotificationService,
    private readonly campaigns: CampaignService,
    private readonly casePolicy: CasePolicyService,
  ) {}

  private actorWith(ctx: RequestContext, permission: Permission): Actor {
    if (!ctx.actor) throw unauthorized();
    if (!can(ctx.actor, permission)) throw forbidden();
    return ctx.actor;
  }

  private async unitOf(db: Executor, id: number, field = 'unitId') {
    const unit = await unitRepository.byId(db, id);
    if (!unit) throw invalid(field, `unit ${id} not found`);
    return unit;
  }

  /** The letter if the actor may see it: HQ anywhere in scope, a unit its own (404 otherwise, like cases). */
  private async visible(db: Executor, ctx: RequestContext, id: number): Promise<{ row: LetterRow; actor: Actor; unitPath: string }> {
    const actor = this.actorWith(ctx, 'letter.read');
    const row = await letterRepository.byId(db, id);
    const unit = row ? await unitRepository.byId(db, row.unit_id) : undefined;
    if (!row || !unit || !can(actor, 'letter.read', unit.path)) throw notFound('letter', id);
    // Drafts are HQ's working papers; a unit sees a letter once it is issued.
    if (row.status === 'draft' && !can(actor, 'letter.manage', unit.path)) throw notFound('letter', id);
    return { row, actor, unitPath: unit.path };
  }

  private async detail(db: Executor, row: LetterRow): Promise<LetterDetailView> {
    const caseIds = (await letterRepository.caseIdsOf(db, [row.id])).get(row.id) ?? [];
    const unit = await unitRepository.byId(db, row.unit_id);
    return { ...letterView(row, caseIds, unit?.name ?? null, this.clock.now()), cases: await letterCases(db, caseIds) };
  }

  /** Letters the actor may see, newest first; units see only issued ones addressed to them. */
  async list(ctx: RequestContext, q: LetterQuery = {}): Promise<LetterView[]> {
    const actor = this.actorWith(ctx, 'letter.read');
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
      ...(manager ? {} : { statuses: ['issued', 'withdrawn'] }),
      ...(q.type ? { type: q.type } : {}),
      ...(q.year ? { year: q.year } : {}),
      ...(q.caseId !== undefined ? { caseId: q.caseId } : {}),
    });
    const cases = await letterRepository.caseIdsOf(
      db,
      rows.map((r) => r.id),
    );
    const now = this.clock.now();
    return rows
      .map((r) => letterView(r, cases.get(r.id) ?? [], byId.get(r.unit_id)?.name ?? null, now))
      .filter((l) => q.state === undefined || l.state === q.state);
  }

  /** Letters addressed to the actor's units that still wait for a signature (the red badge). */
  async unsignedCount(ctx: RequestContext): Promise<number> {
    if (!ctx.actor || !can(ctx.actor, 'letter.sign')) return 0;
    const mine = await this.list(ctx, {});
    return mine.filter((l) => l.status === 'issued' && l.signedAt === null && ctx.actor!.grants.some((g) => g.unitId === l.unitId)).length;
  }

  /** A letter with its cases. Reading never changes it: delivery is recorded by {@link delivered}. */
  async get(ctx: RequestContext, id: number): Promise<LetterDetailView> {
    const db = this.database.db;
    const { row } = await this.visible(db, ctx, id);
    return this.detail(db, row);
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
    const { row, actor, unitPath } = await this.visible(db, ctx, id);
    if (!can(actor, 'letter.sign', unitPath) || can(actor, 'letter.manage', unitPath))
      throw forbidden('only the unit the letter is addressed to records its delivery');
    if (row.delivered_at !== null) return this.detail(db, row);
    if (row.status !== 'issued') throw new AppError(409, 'letter_not_issued', `letter ${id} is ${row.status}`);
    const now = this.clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      // A lost race only means someone else of the unit opened it first: nothing to record twice.
      if (!(await letterRepository.update(trx, id, row.version, { delivered_at: now, updated_at: now }))) return;
      await this.audit.record(trx, ctx, { action: 'letter.deliver', targetType: 'letter', targetId: id, summary: { number: row.number } });
    });
    return this.detail(db, (await letterRepository.byId(db, id))!);
  }

  /** The rung a key names in the current ladder (422 when unknown). */
  private async rung(db: Executor, key: string | null | undefined): Promise<Rung | null> {
    const ladder = await this.campaigns.ladder(db);
    if (key === undefined || key === null) return null;
    const rung = ladder.rungs.find((r) => r.key === key);
    if (!rung) throw invalid('rungKey', `no rung ${key} in the escalation ladder`);
    return rung;
  }

  /** Checks the cases of a letter: they exist, and lie in the recipient unit's subtree. */
  private async checkCases(db: Executor, caseIds: number[], unitPath: string): Promise<void> {
    if (caseIds.length === 0) throw invalid('caseIds', 'a letter must cover at least one case');
    if (new Set(caseIds).size !== caseIds.length) throw invalid('caseIds', 'lists a case twice');
    const found = await letterRepository.casesForLetter(db, caseIds);
    const byId = new Map(found.map((c) => [c.id, c]));
    for (const id of caseIds) {
      const c = byId.get(id);
      if (!c) throw invalid('caseIds', `case ${id} not found`);
      if (!c.assigned_unit_path || !c.assigned_unit_path.startsWith(unitPath))
        throw invalid('caseIds', `case ${c.number} is not with this unit`);
    }
  }

  private checkReplyBy(replyBy: string | null | undefined): void {
    if (replyBy !== undefined && replyBy !== null && !isValidDay(replyBy)) throw invalid('replyBy', 'must be a YYYY-MM-DD date');
  }

  /** HQ drafts a letter by hand: to a unit in its scope, about that unit's cases. */
  async draft(ctx: RequestContext, input: DraftBody): Promise<LetterDetailView> {
    const actor = this.actorWith(ctx, 'letter.manage');
    const db = this.database.db;
    const unit = await this.unitOf(db, input.unitId);
    if (!can(actor, 'letter.manage', unit.path)) throw forbidden('the unit is outside your scope');
    const ladder = await this.campaigns.ladder(db);
    // A letter of a rung's type is that rung's letter, by hand or not: same issuer, same one-per-case rule.
    const rung = (await this.rung(db, input.rungKey)) ?? ladder.rungs.find((r) => r.type === input.type?.trim()) ?? null;
    const type = (rung?.type ?? input.type ?? '').trim();
    if (!type) throw invalid('type', 'give a rung or a letter type');
    if (type.length > 32) throw invalid('type', 'must be at most 32 characters');
    const issuer = rung?.issuer ?? handLettersOf(ladder, type).issuer;
    await this.checkCases(db, input.caseIds, unit.path);
    this.checkReplyBy(input.replyBy);
    if (input.title !== undefined && !input.title.trim()) throw invalid('title', 'must not be empty');
    if (input.body !== undefined && input.body.every((p) => !p.trim())) throw invalid('body', 'must have at least one paragraph');
    const now = this.clock.now().toISOString();
    const id = await db.transaction().execute(async (trx) => {
      const id = await letterRepository.insert(trx, {
        number: null,
        year: null,
        seq: null,
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
        status: 'draft',
        auto: 0,
        reply_deadline: input.replyBy ? chinaMidnight(shiftDay(input.replyBy, 1)).toISOString() : null,
        issued_at: null,
        issued_by: null,
        delivered_at: null,
        signed_at: null,
        signed_by: null,
        reply: null,
        replied_at: null,
        withdrawn_at: null,
        withdrawn_by: null,
        withdraw_reason: null,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
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
    return this.detail(db, (await letterRepository.byId(db, id))!);
  }

  private async draftRow(db: Executor, ctx: RequestContext, id: number, version?: number): Promise<LetterRow> {
    this.actorWith(ctx, 'letter.manage');
    const { row } = await this.visible(db, ctx, id);
    if (!can(ctx.actor!, 'letter.manage')) throw forbidden();
    if (row.status !== 'draft')
      throw new AppError(409, 'letter_not_draft', `letter ${id} is ${row.status}; only drafts can be edited or issued`);
    if (version !== undefined && version !== row.version)
      throw new AppError(409, 'version_conflict', `letter ${id} was changed by someone else (version ${row.version})`, {
        version: row.version,
      });
    return row;
  }

  /** Edits a draft (optimistic: the version read must still be current). */
  async update(ctx: RequestContext, id: number, patch: DraftPatchBody): Promise<LetterDetailView> {
    const db = this.database.db;
    const row = await this.draftRow(db, ctx, id, patch.version);
    const unit = await this.unitOf(db, row.unit_id);
    if (patch.caseIds) await this.checkCases(db, patch.caseIds, unit.path);
    this.checkReplyBy(patch.replyBy);
    if (patch.title !== undefined && !patch.title.trim()) throw invalid('title', 'must not be empty');
    if (patch.addressee !== undefined && !patch.addressee.trim()) throw invalid('addressee', 'must not be empty');
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
    return this.detail(db, (await letterRepository.byId(db, id))!);
  }

  /**
   * Gives a letter its number and issues it, inside the caller's transaction, and
   * returns the number. Used for drafts and by the escalation sweep. Throws 409 when a
   * case already has a letter of the rung (checked first; the unique index decides races).
   * A caller issuing many letters (the sweep) passes what it has already read for all
   * of them in `known`, which saves those reads for every letter.
   */
  async issueInTransaction(
    trx: Executor,
    ctx: RequestContext,
    row: LetterRow,
    caseIds: number[],
    at: Date,
    opts: { replyWorkingDays: number; auto: boolean },
    known: IssueFacts = {},
  ): Promise<string> {
    if (row.rung_key && !known.casesActive) {
      const covered = await letterRepository.coveredCases(trx, caseIds, row.rung_key);
      if (covered.length) throw conflict('caseIds', `case(s) ${covered.join(', ')} already have a ${row.type}`);
    }
    const year = chinaYear(at);
    // A rung's letters count per 代字 and type; hand letters of other types share their 代字's one series.
    const seq = await caseRepository.nextCounter(
      trx,
      row.rung_key ? counterKey(row.issuer_code, row.type, year) : handCounterKey(row.issuer_code, year),
    );
    const number = formatLetterNumber(row.issuer_code, year, seq);
    const policy = await this.casePolicy.policy(at.getTime(), trx);
    const deadline = row.reply_deadline ? new Date(row.reply_deadline) : addWorkingDays(at, opts.replyWorkingDays, policy.calendar);
    const unit = known.unit?.id === row.unit_id ? known.unit : (await unitRepository.byId(trx, row.unit_id))!;
    const body = JSON.parse(row.body) as string[];
    const rung = !row.rung_key
      ? null
      : known.rung?.key === row.rung_key
        ? known.rung
        : ((await this.campaigns.ladder(trx)).rungs.find((r) => r.key === row.rung_key) ?? null);
    const text = body.length
      ? body
      : await composeBody(
          trx,
          {
            type: row.type,
            recipient: recipientFor(rung?.recipient ?? null, unit.name),
            caseIds,
            replyDeadline: deadline,
            at,
            excludeLetterId: row.id,
          },
          known.body,
        );
    const iso = at.toISOString();
    const ok = await letterRepository.update(trx, row.id, row.version, {
      number,
      year,
      seq,
      issuer_name: row.issuer_name,
      issuer_code: row.issuer_code,
      status: 'issued',
      issued_at: iso,
      issued_by: ctx.actor?.userId ?? null,
      reply_deadline: deadline.toISOString(),
      body: JSON.stringify(text),
      auto: opts.auto ? 1 : 0,
      updated_at: iso,
    });
    if (!ok) throw new AppError(409, 'version_conflict', `letter ${row.id} was changed by someone else`);
    if (!known.casesActive) await letterRepository.setCasesActive(trx, row.id, true);
    await this.audit.record(trx, ctx, {
      action: 'letter.issue',
      targetType: 'letter',
      targetId: row.id,
      summary: { number, type: row.type, unitId: row.unit_id, cases: caseIds.length, auto: opts.auto },
    });
    const userIds = known.recipients ?? (await userRepository.holdersCovering(trx, LETTER_RECIPIENT_ROLES, unit.path));
    await this.notifications.notify(trx, {
      userIds,
      caseId: null,
      kind: 'letter.issued',
      title: `${row.type} ${number}`,
      body: `${row.title}。请及时签收，并于${deadline.toISOString().slice(0, 10)}前回复。`,
    });
    return number;
  }

  /** Issues a draft: number, reply deadline, coverage of its cases, notice to the unit. */
  async issue(ctx: RequestContext, id: number, version?: number): Promise<LetterDetailView> {
    const db = this.database.db;
    const draft = await this.draftRow(db, ctx, id, version);
    const caseIds = (await letterRepository.caseIdsOf(db, [id])).get(id) ?? [];
    const rung = await this.rung(db, draft.rung_key);
    // A hand letter of another type is numbered under the issuer in force when it is
    // issued (a draft made before `handLetters` existed carried a rung's 代字).
    const hand = rung ? null : handLettersOf(await this.campaigns.ladder(db), draft.type);
    const row = hand ? { ...draft, issuer_name: hand.issuer.name, issuer_code: hand.issuer.code } : draft;
    try {
      await db.transaction().execute((trx) =>
        this.issueInTransaction(trx, ctx, row, caseIds, this.clock.now(), {
          replyWorkingDays: (rung ?? hand)!.replyWorkingDays,
          auto: false,
        }),
      );
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('caseIds', `a case of this letter already has a ${row.type}`);
      throw e;
    }
    return this.detail(db, (await letterRepository.byId(db, id))!);
  }

  /** Withdraws an issued letter: the number stays taken, the withdrawal is recorded, its cases are free for that rung again. */
  async withdraw(ctx: RequestContext, id: number, reason: string): Promise<LetterDetailView> {
    const actor = this.actorWith(ctx, 'letter.manage');
    const db = this.database.db;
    const { row } = await this.visible(db, ctx, id);
    if (!reason?.trim()) throw invalid('reason', 'is required');
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
    return this.detail(db, (await letterRepository.byId(db, id))!);
  }

  /** The recipient unit signs for the letter (签收), optionally with its reply. */
  async sign(ctx: RequestContext, id: number, input: SignBody = {}): Promise<LetterDetailView> {
    const db = this.database.db;
    const { row, actor, unitPath } = await this.visible(db, ctx, id);
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
        recipientUnitId: row.unit_id,
      },
      actorUnitId: can(actor, 'letter.sign', unitPath) ? row.unit_id : null,
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
    return this.detail(db, (await letterRepository.byId(db, id))!);
  }

  /** The unit's written reply after signing (整改情况报告). */
  async reply(ctx: RequestContext, id: number, text: string): Promise<LetterDetailView> {
    const db = this.database.db;
    const { row, actor, unitPath } = await this.visible(db, ctx, id);
    if (!can(actor, 'letter.sign', unitPath)) throw forbidden('only the unit the letter is addressed to can reply');
    const reply = text?.trim() ?? '';
    if (!reply) throw invalid('reply', 'is required');
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
    return this.detail(db, (await letterRepository.byId(db, id))!);
  }

  /** A letter for rendering (preview, DOCX, PDF): drafts show the text they would be issued with. */
  async forRendering(ctx: RequestContext, id: number): Promise<LetterDetailView> {
    const db = this.database.db;
    const { row } = await this.visible(db, ctx, id);
    const detail = await this.detail(db, row);
    if (detail.body.length === 0) {
      const rung = await this.rung(db, row.rung_key).catch(() => null);
      const ladder = await this.campaigns.ladder(db);
      const now = this.clock.now();
      const replyDays = (rung ?? ladder.handLetters ?? ladder.rungs[0]!).replyWorkingDays;
      const deadline = row.reply_deadline
        ? new Date(row.reply_deadline)
        : addWorkingDays(now, replyDays, (await this.casePolicy.policy()).calendar);
      detail.body = await composeBody(db, {
        type: row.type,
        recipient: recipientFor(rung?.recipient ?? null, detail.unitName ?? ''),
        caseIds: detail.caseIds,
        replyDeadline: deadline,
        at: now,
        excludeLetterId: row.id,
      });
      detail.replyDeadline ??= deadline.toISOString();
    }
    return detail;
  }
}
