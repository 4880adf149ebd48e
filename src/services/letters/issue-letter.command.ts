import type { Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import { isUniqueViolation } from '../../db/db-errors.js';
import { caseRepository } from '../../db/repositories/case.repository.js';
import { userRepository } from '../../db/repositories/user.repository.js';
import { letterRepository, type LetterRow } from '../../db/repositories/letter.repository.js';
import { unitRepository } from '../../db/repositories/unit.repository.js';
import type { DB, UnitRow } from '../../db/schema.js';
import { inTransaction, withSavepoint, type SavepointTransaction } from '../../db/transactions.js';
import { addWorkingDays, type WorkCalendar } from '../../domain/calendar/work-calendar.js';
import { rungNeedsApproval, type Rung } from '../../domain/letters/ladder.js';
import { addresseeFor, composeBody, recipientFor, type BodyFacts } from '../../domain/letters/letter-composition.js';
import { composeLetterTitle } from '../../domain/letters/letter-document.js';
import { chinaYear, counterKey, formatLetterNumber, handCounterKey } from '../../domain/letters/numbering.js';
import type { NotificationService } from '../../notify/notification.service.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CasePolicyService } from '../cases/case-policy.service.js';
import type { RequestContext } from '../../core/context.js';
import { AppError, conflictSaid } from '../../core/errors.js';
import { loadBodyFacts } from './letter-reads.js';

/** The roles at or above the recipient unit that are told of a letter issued to it. */
export const LETTER_RECIPIENT_ROLES = ['unit_handler', 'unit_head'];

/** The roles at or above a letter's unit told that a letter awaits their approval (holders of `letter.approve`). */
export const LETTER_APPROVER_ROLES = ['leader'];

/**
 * One letter to issue: a draft HQ wrote (issued by hand), or a letter of a rung that the
 * escalation sweep writes and issues at once.
 */
export type LetterToIssue =
  | {
      /** The draft as it is stored, with the issuer it is numbered under. */
      draft: LetterRow;
      caseIds: number[];
      /** The draft's rung, if it has one. */
      rung: Rung | null;
      /** Working days to reply, when the draft names no reply date. */
      replyWorkingDays: number;
      /** The approver has approved it: it is numbered and issued even if its rung needs approval. */
      approved?: boolean;
    }
  | { rung: Rung; unitId: number; caseIds: number[]; campaignId: number | null; subject?: LetterSubject };

/**
 * What a letter of a rung is about when it is not about cases (a project's missing monthly
 * reports, issue 14): its title and body, written by the caller, and how it is linked to its
 * subject — inside the letter's savepoint, so a unique index of the link table refuses a second
 * letter of the rung as `letter_cases` does for cases (the letter is then skipped, no number spent).
 */
export interface LetterSubject {
  title: string;
  body: string[];
  /** What the notice to approvers says the letter is about (e.g. "3 期月报"). */
  about: string;
  link(trx: Transaction<DB>, letterId: number): Promise<void>;
}

/**
 * What became of one letter: issued with its number, prepared without a number for the
 * leader's approval (its rung needs it), or lost to another writer (a 409).
 */
export type IssueOutcome =
  | { issued: true; letterId: number; number: string; type: string; unitId: number; cases: number }
  | { issued: false; pending: true; letterId: number; type: string; unitId: number; cases: number }
  | { issued: false; pending?: undefined; refusal: AppError };

/** A letter to issue with everything about it that does not need the transaction. */
interface Item {
  draft: LetterRow | null;
  type: string;
  /** The rung whose one-letter-per-case rule applies, if any. */
  rungKey: string | null;
  rung: Rung | null;
  /** Prepared for approval (status pending_approval, no number) instead of issued. */
  toApprove: boolean;
  issuer: { name: string; code: string };
  unitId: number;
  caseIds: number[];
  replyWorkingDays: number;
  campaignId: number | null;
  counter: string;
  subject: LetterSubject | null;
}

/** What issuing reads once for all the letters of one command. */
interface Facts {
  units: Map<number, UnitRow>;
  calendar: WorkCalendar;
  /** Per letter (same order); empty for a letter that already has its body. */
  bodies: BodyFacts[];
  recipients: Map<number, number[]>;
  /** `rungKey:caseId` of the cases a letter of the rung already covers (other than the letter itself). */
  covered: Set<string>;
  /** Office units by code: the units that sign for letters addressed to an office. */
  offices: Map<string, UnitRow>;
  /** Per letter unit, who is told that a letter awaits approval. */
  approvers: Map<number, number[]>;
}

/**
 * Issuing letters, by hand or by the escalation sweep — the one place where a letter gets
 * its number, its body, its coverage of cases, its audit record and the notice to its unit.
 *
 * All the letters of one call are issued in ONE transaction (one commit for a whole sweep:
 * on PostgreSQL that and the round trips were most of the sweep's time), each under its own
 * savepoint. What every letter needs (recipient units, body facts, notice recipients, the
 * cases already covered) is read once for all of them.
 *
 * - Numbers: taken from the counter row of the issuer, type and year in the same
 *   transaction, so they are gapless and unique across instances. The counters of all the
 *   letters are locked first, in name order, so that two issuing transactions take their
 *   locks (counters, then the case coverage, then the audit head) in the same order and
 *   cannot deadlock.
 * - A letter that loses a race — a case already covered by a letter of the rung (checked
 *   for all letters first), a unique violation on the coverage (another writer got there
 *   meanwhile: the index decides), a draft changed meanwhile (409) — is rolled back to its
 *   savepoint: its row, coverage, number, audit record and notice are gone and numbering
 *   stays gapless. With `onLost: 'skip'` (the sweep) the others go on and the letter is
 *   reported as refused; with `onLost: 'fail'` (by hand) the 409 fails the call.
 * - Any other error fails the call, and then NOTHING of it is committed.
 */
export class IssueLetterCommand {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
    private readonly notifications: NotificationService,
    private readonly casePolicy: CasePolicyService,
  ) {}

  /** Issues `letters` at `at`; the outcomes are in the same order. */
  async issue(
    ctx: RequestContext,
    at: Date,
    letters: LetterToIssue[],
    opts: { onLost: 'skip' | 'fail' } = { onLost: 'fail' },
  ): Promise<IssueOutcome[]> {
    if (letters.length === 0) return [];
    const items = letters.map((l) => item(l, chinaYear(at)));
    return inTransaction(this.database.db, async (trx) => {
      // A write first: SQLite then takes its write lock before reading anything (a read first
      // could leave a snapshot too old to write from), and a second sweep on PostgreSQL waits
      // here, then reads the coverage the first one committed.
      await letterRepository.lockCounters(
        trx,
        items.map((i) => i.counter),
      );
      const facts = await this.facts(trx, items, at);
      const outcomes: IssueOutcome[] = [];
      const lost = (refusal: AppError) => {
        if (opts.onLost === 'fail') throw refusal;
        outcomes.push({ issued: false, refusal });
      };
      for (const [i, it] of items.entries()) {
        const covered = it.rungKey ? it.caseIds.filter((id) => facts.covered.has(`${it.rungKey}:${id}`)) : [];
        if (covered.length) {
          lost(
            conflictSaid('caseIds', {
              zh: `所选案卷中有 ${covered.length} 件已有${it.type}`,
              en: `case(s) ${covered.join(', ')} already have a ${it.type}`,
            }),
          );
          continue;
        }
        const o = await withSavepoint(trx, 'issue_letter', (sp) =>
          it.toApprove ? this.prepareOne(sp, ctx, at, it, facts) : this.issueOne(sp, ctx, at, it, facts, i),
        );
        if (o.ok) outcomes.push(o.value);
        else if (isUniqueViolation(o.error))
          lost(conflictSaid('caseIds', { zh: `所选案卷中已有案卷发过${it.type}`, en: `a case of this letter already has a ${it.type}` }));
        else if (o.error instanceof AppError && o.error.status === 409) lost(o.error);
        else throw o.error;
      }
      return outcomes;
    });
  }

  /** Reads what the letters need, once for all of them, inside the transaction. */
  private async facts(trx: SavepointTransaction, items: Item[], at: Date): Promise<Facts> {
    const unitIds = [...new Set(items.map((i) => i.unitId))];
    const units = new Map((await unitRepository.byIds(trx, unitIds)).map((u) => [u.id, u]));
    const codes = [...new Set(items.flatMap((i) => (i.rung?.recipient.kind === 'office' ? [i.rung.recipient.unitCode] : [])))];
    const offices = new Map((codes.length ? await unitRepository.byCodes(trx, codes) : []).map((u) => [u.code, u]));
    const calendar = (await this.casePolicy.policy(at.getTime(), trx)).calendar;
    // No letter of one call cites another: the sweep puts each case in one letter at most.
    const bodies = await loadBodyFacts(
      trx,
      items.map((i) => (i.draft && (JSON.parse(i.draft.body) as string[]).length ? [] : i.caseIds)),
    );
    const recipients = await letterRepository.holdersCoveringUnits(trx, LETTER_RECIPIENT_ROLES, [
      ...new Set([...unitIds, ...[...offices.values()].map((u) => u.id)]),
    ]);
    const approvers = items.some((i) => i.toApprove)
      ? await letterRepository.holdersCoveringUnits(trx, LETTER_APPROVER_ROLES, [
          ...new Set(items.filter((i) => i.toApprove).map((i) => i.unitId)),
        ])
      : new Map<number, number[]>();
    const covered = new Set<string>();
    for (const key of new Set(items.flatMap((i) => (i.rungKey ? [i.rungKey] : [])))) {
      const mine = items.filter((i) => i.rungKey === key);
      const ids = mine.flatMap((i) => i.caseIds);
      // A letter awaiting approval already covers its own cases: that is no conflict with itself.
      const own = mine.flatMap((i) => (i.draft ? [i.draft.id] : []));
      for (let n = 0; n < ids.length; n += 500) {
        for (const id of await letterRepository.coveredCases(trx, ids.slice(n, n + 500), key, own)) covered.add(`${key}:${id}`);
      }
    }
    return { units, calendar, bodies, recipients, covered, offices, approvers };
  }

  /** Issues one letter (run under its savepoint): row, coverage, number, body, audit record, notice. */
  private async issueOne(
    trx: Transaction<DB>,
    ctx: RequestContext,
    at: Date,
    it: Item,
    facts: Facts,
    index: number,
  ): Promise<IssueOutcome> {
    const unit = facts.units.get(it.unitId);
    if (!unit) throw new Error(`letter to unit ${it.unitId}: no such unit`);
    const iso = at.toISOString();
    const row = await this.coveringDraft(trx, iso, it, unit);
    const year = chinaYear(at);
    const seq = await caseRepository.nextCounter(trx, it.counter);
    const number = formatLetterNumber(it.issuer.code, year, seq);
    const deadline = row.reply_deadline ? new Date(row.reply_deadline) : addWorkingDays(at, it.replyWorkingDays, facts.calendar);
    const stored = JSON.parse(row.body) as string[];
    const body = stored.length
      ? stored
      : composeBody(
          { type: it.type, recipient: recipientFor(it.rung?.recipient ?? null, unit.name), replyDeadline: deadline, at },
          facts.bodies[index]!,
        );
    const auto = it.draft ? it.draft.auto === 1 : true;
    const office = it.rung?.recipient.kind === 'office' ? (facts.offices.get(it.rung.recipient.unitCode) ?? null) : null;
    const ok = await letterRepository.update(trx, row.id, row.version, {
      number,
      year,
      seq,
      issuer_name: it.issuer.name,
      issuer_code: it.issuer.code,
      status: 'issued',
      issued_at: iso,
      issued_by: ctx.actor?.userId ?? null,
      reply_deadline: deadline.toISOString(),
      body: JSON.stringify(body),
      auto: auto ? 1 : 0,
      // The office a letter is addressed to signs for it; the unit held to account reads it.
      sign_unit_id: office?.id ?? null,
      ...(row.status === 'pending_approval' ? { approved_at: iso, approved_by: ctx.actor?.userId ?? null } : {}),
      updated_at: iso,
    });
    if (!ok) throw new AppError(409, 'version_conflict', `letter ${row.id} was changed by someone else`);
    await this.audit.record(trx, ctx, {
      action: 'letter.issue',
      targetType: 'letter',
      targetId: row.id,
      summary: {
        number,
        type: it.type,
        unitId: unit.id,
        cases: it.caseIds.length,
        auto,
        ...(row.status === 'pending_approval' ? { approved: true } : {}),
      },
    });
    await this.notifications.notify(trx, {
      userIds: [...new Set([...(facts.recipients.get(unit.id) ?? []), ...(office ? (facts.recipients.get(office.id) ?? []) : [])])],
      caseId: null,
      kind: 'letter.issued',
      title: `${it.type} ${number}`,
      body: `${row.title}。请及时签收，并于${deadline.toISOString().slice(0, 10)}前回复。`,
    });
    return { issued: true, letterId: row.id, number, type: it.type, unitId: unit.id, cases: it.caseIds.length };
  }

  /**
   * The letter's row, covering its cases: HQ's draft (its cases made active again), or a
   * new automatic draft of the rung with the cases linked. The body is written from the
   * facts when the letter is issued, so its dates are those of the issue day.
   */
  private async coveringDraft(trx: Transaction<DB>, iso: string, it: Item, unit: UnitRow): Promise<LetterRow> {
    const row =
      it.draft ??
      (await letterRepository.insertDraft(trx, {
        type: it.type,
        rung_key: it.rungKey,
        campaign_id: it.campaignId,
        issuer_name: it.issuer.name,
        issuer_code: it.issuer.code,
        unit_id: unit.id,
        addressee: addresseeFor(it.rung?.recipient ?? null, unit.name),
        title: it.subject?.title ?? composeLetterTitle(it.type, unit.name),
        body: JSON.stringify(it.subject?.body ?? []),
        auto: 1,
        reply_deadline: null,
        created_by: null,
        created_at: iso,
      }));
    // Coverage first: a writer that got there since the check meets the unique index here.
    if (it.draft) await letterRepository.setCasesActive(trx, row.id, true);
    else if (it.subject) await it.subject.link(trx, row.id);
    else await letterRepository.addCases(trx, row.id, it.caseIds, row.rung_key, true);
    return row;
  }

  /** Who is told a letter awaits approval: the leader its rung names, else the leaders over its unit. */
  private async approversOf(trx: Transaction<DB>, it: Item, facts: Facts): Promise<number[]> {
    const named = it.rung?.approval?.approver;
    if (named === undefined) return facts.approvers.get(it.unitId) ?? [];
    const user = await userRepository.byUsername(trx, named);
    return user ? [user.id] : [];
  }

  /**
   * Prepares one letter of a rung that needs approval (run under its savepoint): the row
   * (written now, or HQ's draft), its coverage turned on — so the unique index keeps a
   * second letter of the rung off its cases while it waits — status `pending_approval`,
   * NO number (numbers stay gapless whatever the leader decides), audit record, notice
   * to the approvers.
   */
  private async prepareOne(trx: Transaction<DB>, ctx: RequestContext, at: Date, it: Item, facts: Facts): Promise<IssueOutcome> {
    const unit = facts.units.get(it.unitId);
    if (!unit) throw new Error(`letter to unit ${it.unitId}: no such unit`);
    const iso = at.toISOString();
    const row = await this.coveringDraft(trx, iso, it, unit);
    const ok = await letterRepository.update(trx, row.id, row.version, { status: 'pending_approval', updated_at: iso });
    if (!ok) throw new AppError(409, 'version_conflict', `letter ${row.id} was changed by someone else`);
    await this.audit.record(trx, ctx, {
      action: 'letter.prepare',
      targetType: 'letter',
      targetId: row.id,
      summary: { type: it.type, unitId: unit.id, cases: it.caseIds.length, auto: it.draft === null },
    });
    await this.notifications.notify(trx, {
      userIds: await this.approversOf(trx, it, facts),
      caseId: null,
      kind: 'letter.awaiting_approval',
      title: `${it.type}待审批`,
      body: `${row.title}（涉及 ${it.subject?.about ?? `${it.caseIds.length} 件案件`}）待您审批：同意后编号印发，或说明理由退回。`,
    });
    return { issued: false, pending: true, letterId: row.id, type: it.type, unitId: unit.id, cases: it.caseIds.length };
  }
}

/** A letter to issue as the command works with it, whether drafted or planned. */
function item(l: LetterToIssue, year: number): Item {
  if ('draft' in l) {
    const d = l.draft;
    return {
      draft: d,
      type: d.type,
      rungKey: d.rung_key,
      rung: l.rung,
      toApprove: rungNeedsApproval(l.rung) && l.approved !== true,
      issuer: { name: d.issuer_name, code: d.issuer_code },
      unitId: d.unit_id,
      caseIds: l.caseIds,
      replyWorkingDays: l.replyWorkingDays,
      campaignId: d.campaign_id,
      subject: null,
      // A rung's letters count per 代字 and type; hand letters of other types share their 代字's one series.
      counter: d.rung_key ? counterKey(d.issuer_code, d.type, year) : handCounterKey(d.issuer_code, year),
    };
  }
  return {
    draft: null,
    type: l.rung.type,
    rungKey: l.rung.key,
    rung: l.rung,
    toApprove: rungNeedsApproval(l.rung),
    issuer: l.rung.issuer,
    unitId: l.unitId,
    caseIds: l.caseIds,
    replyWorkingDays: l.rung.replyWorkingDays,
    campaignId: l.campaignId,
    counter: counterKey(l.rung.issuer.code, l.rung.type, year),
    subject: l.subject ?? null,
  };
}
