import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { letterRepository, OWED_STATES, type CaseFactRow } from '../../db/repositories/letter.repository.js';
import { unitRepository } from '../../db/repositories/unit.repository.js';
import { decideLetters, type CaseFacts, type LetterFacts, type PlannedLetter } from '../../domain/letters/escalation.js';
import type { Ladder } from '../../domain/letters/ladder.js';
import { composeLetterTitle } from '../../domain/letters/letter-document.js';
import { chinaYear, counterKey } from '../../domain/letters/numbering.js';
import type { CampaignService } from '../evaluation/campaign.service.js';
import type { CasePolicyService } from '../cases/case-policy.service.js';
import { systemContext } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import { addresseeFor, loadBodyFacts } from './letter-content.js';
import { isUniqueViolation } from '../../db/db-errors.js';
import { LETTER_RECIPIENT_ROLES } from './letter-issue.js';
import type { LetterService } from './letter.service.js';

const DAY_MS = 86_400_000;

/** What one sweep did. */
export interface SweepReport {
  /** Cases the sweep looked at (the overdue, reopened, recently raised at points, and already lettered ones). */
  candidates: number;
  planned: number;
  issued: number;
  /** Planned letters another writer got to first (a race lost to the unique index). */
  skipped: number;
  letters: { number: string; type: string; unitId: number; cases: number }[];
}

function owed(state: string): boolean {
  return (OWED_STATES as readonly string[]).includes(state);
}

function facts(r: CaseFactRow): CaseFacts {
  // Only the work a unit still owes escalates: a case waiting for HQ (returned, rectified,
  // suspended) is not the unit's delay.
  return {
    id: r.id,
    unitId: r.assigned_unit_id,
    open: owed(r.state),
    deadline: r.deadline,
    reopenCount: r.reopen_count,
    checkPointId: r.check_point_id,
    createdAt: r.created_at,
  };
}

/** A planned letter the sweep lost to another writer: a case already covered by a letter of the rung (409, or the unique index itself). */
function lostRace(e: unknown): boolean {
  return isUniqueViolation(e) || (e instanceof AppError && e.status === 409);
}

/** The savepoint each letter of a sweep is issued under. */
const LETTER_SAVEPOINT = sql`escalation_letter`;

/**
 * The escalation sweep (DESIGN.md §3.4): reads the cases a trigger could concern —
 * through indexes whose size follows what is due, not the history — asks the domain
 * which letters the ladder calls for at `now`, and issues them (numbered, listed cases,
 * notice to the unit) in one transaction, each letter under its own savepoint.
 * Idempotent: a second run at the same moment finds nothing to do, and after downtime
 * it catches up without duplicates because decisions depend on state, and the unique
 * index guards races.
 */
export class EscalationService {
  constructor(
    private readonly database: Database,
    private readonly letters: LetterService,
    private readonly campaigns: CampaignService,
    private readonly casePolicy: CasePolicyService,
  ) {}

  /** The cases any trigger of the ladder could fire on at `now`. */
  private async candidates(ladder: Ladder, now: Date): Promise<CaseFactRow[]> {
    const db = this.database.db;
    const triggers = ladder.rungs.flatMap((r) => r.triggers);
    const rows: CaseFactRow[] = [];
    if (triggers.some((t) => t.kind === 'overdue')) rows.push(...(await letterRepository.overdueCases(db, now.toISOString())));
    const reopen = triggers.flatMap((t) => (t.kind === 'reopened' ? [t.times] : []));
    if (reopen.length) rows.push(...(await letterRepository.reopenedCases(db, Math.min(...reopen))));
    const windows = triggers.flatMap((t) => (t.kind === 'repeat_at_point' ? [t.windowDays] : []));
    if (windows.length)
      rows.push(...(await letterRepository.recentPointCases(db, new Date(now.getTime() - Math.max(...windows) * DAY_MS).toISOString())));
    if (triggers.some((t) => t.kind === 'open_after_previous' || t.kind === 'unsigned_previous'))
      rows.push(...(await letterRepository.owedLetteredCases(db)));
    const unique = new Map(rows.map((r) => [r.id, r]));
    return [...unique.values()];
  }

  /** Plans the letters due at `now` without issuing them (for tests and a dry run). */
  async plan(now: Date): Promise<{ planned: PlannedLetter[]; candidates: number }> {
    return this.planWith(await this.campaigns.ladder(this.database.db), now);
  }

  private async planWith(ladder: Ladder, now: Date): Promise<{ planned: PlannedLetter[]; candidates: number }> {
    const db = this.database.db;
    const calendar = (await this.casePolicy.policy(now.getTime())).calendar;
    const rows = await this.candidates(ladder, now);
    const covering = await letterRepository.lettersCovering(
      db,
      rows.map((r) => r.id),
    );
    const letters: LetterFacts[] = covering
      .filter((l) => l.row.rung_key && l.row.issued_at && l.row.reply_deadline)
      .map((l) => ({
        id: l.row.id,
        rungKey: l.row.rung_key!,
        unitId: l.row.unit_id,
        caseIds: l.caseIds,
        issuedAt: l.row.issued_at!,
        replyDeadline: l.row.reply_deadline!,
        signedAt: l.row.signed_at,
        withdrawn: l.row.status === 'withdrawn',
      }));
    return { planned: decideLetters({ now, calendar, ladder, cases: rows.map(facts), letters }), candidates: rows.length };
  }

  /**
   * One sweep at `now`: plans, then issues all the planned letters in ONE transaction
   * (one commit instead of one per letter: on PostgreSQL that and the round trips were
   * most of the sweep's time), each letter under its own savepoint.
   *
   * - A letter that loses a race is counted as skipped, as before: one whose case
   *   already has a letter of the rung (checked for all letters first), or one that
   *   fails with a unique violation (another writer got there meanwhile: the index
   *   decides) or a 409. Such a failure is rolled back to the letter's savepoint —
   *   its row, cases, number, audit record and notice — so the others still commit
   *   together and numbering stays gapless.
   * - Any other error fails the sweep, and then NOTHING of that sweep is committed: no
   *   letter, number, audit record or notice. That is acceptable because decisions depend
   *   on state: the next sweep plans and issues the same letters again.
   *
   * While it runs, the sweep holds the number counters of the letter types it issues and
   * (on PostgreSQL) the audit chain head until its commit, so a letter issued by hand or
   * another audited change meanwhile waits for it. The counters are locked first, in name
   * order, so that its locks come in the same order as a one-letter issue's and the two
   * cannot deadlock.
   */
  async sweep(now: Date): Promise<SweepReport> {
    const db = this.database.db;
    const ladder = await this.campaigns.ladder(db);
    const campaign = await this.campaigns.current(db);
    const { planned, candidates } = await this.planWith(ladder, now);
    const ctx = systemContext('escalation');
    const report: SweepReport = { candidates, planned: planned.length, issued: 0, skipped: 0, letters: [] };
    const units = new Map((await unitRepository.byIds(db, [...new Set(planned.map((p) => p.unitId))])).map((u) => [u.id, u]));
    const work = planned.flatMap((p) => {
      const unit = units.get(p.unitId);
      return unit ? [{ p, unit, rung: ladder.rungs.find((r) => r.key === p.rungKey)! }] : [];
    });
    if (work.length === 0) return report;
    const iso = now.toISOString();
    const year = chinaYear(now);
    const outcome = await db.transaction().execute(async (trx) => {
      // A write first: SQLite then takes its write lock before reading anything (a read first
      // could leave a snapshot too old to write from), and a second sweep on PostgreSQL waits
      // here, then reads the coverage the first one committed.
      await letterRepository.lockCounters(
        trx,
        work.map((w) => counterKey(w.rung.issuer.code, w.rung.type, year)),
      );
      // What every letter's body and notice need, read once for all (no letter of a sweep
      // cites another: each case is in one planned letter at most).
      const bodies = await loadBodyFacts(
        trx,
        work.map((w) => w.p.caseIds),
      );
      const recipients = await letterRepository.holdersCoveringUnits(trx, LETTER_RECIPIENT_ROLES, [...new Set(work.map((w) => w.unit.id))]);
      // Cases a letter of the rung already covers, for all letters at once (what issueInTransaction
      // would check letter by letter): such a letter is skipped as a 409 would be.
      const covered = new Set<string>();
      for (const key of new Set(work.map((w) => w.rung.key))) {
        const ids = work.filter((w) => w.rung.key === key).flatMap((w) => w.p.caseIds);
        for (let i = 0; i < ids.length; i += 500) {
          for (const id of await letterRepository.coveredCases(trx, ids.slice(i, i + 500), key)) covered.add(`${key}:${id}`);
        }
      }
      const issued: SweepReport['letters'] = [];
      let skipped = 0;
      for (const [i, { p, unit, rung }] of work.entries()) {
        if (p.caseIds.some((id) => covered.has(`${rung.key}:${id}`))) {
          skipped += 1;
          continue;
        }
        await sql`savepoint ${LETTER_SAVEPOINT}`.execute(trx);
        try {
          const row = await letterRepository.insertRow(trx, {
            number: null,
            year: null,
            seq: null,
            type: rung.type,
            rung_key: rung.key,
            campaign_id: campaign?.id ?? null,
            issuer_name: rung.issuer.name,
            issuer_code: rung.issuer.code,
            unit_id: unit.id,
            addressee: addresseeFor(rung.recipient, unit.name),
            title: composeLetterTitle(rung.type, unit.name),
            body: '[]',
            status: 'draft',
            auto: 1,
            reply_deadline: null,
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
            created_by: null,
            created_at: iso,
            updated_at: iso,
          });
          // Active at once: a writer that got there since the check above meets the unique index here.
          await letterRepository.addCases(trx, row.id, p.caseIds, rung.key, true);
          const number = await this.letters.issueInTransaction(
            trx,
            ctx,
            row,
            p.caseIds,
            now,
            { replyWorkingDays: rung.replyWorkingDays, auto: true },
            {
              unit,
              rung,
              body: bodies[i]!,
              recipients: recipients.get(unit.id) ?? [],
              casesActive: true,
            },
          );
          await sql`release savepoint ${LETTER_SAVEPOINT}`.execute(trx);
          issued.push({ number, type: rung.type, unitId: unit.id, cases: p.caseIds.length });
        } catch (e) {
          if (!lostRace(e)) throw e;
          // Undoes this letter only (its row, cases, number, audit record and notice); on
          // PostgreSQL it also clears the aborted state a failed statement leaves.
          await sql`rollback to savepoint ${LETTER_SAVEPOINT}`.execute(trx);
          await sql`release savepoint ${LETTER_SAVEPOINT}`.execute(trx);
          skipped += 1;
        }
      }
      return { issued, skipped };
    });
    report.issued = outcome.issued.length;
    report.skipped = outcome.skipped;
    report.letters = outcome.issued;
    return report;
  }
}
