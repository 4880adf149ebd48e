import type { Database } from '../../db/database.js';
import { letterRepository, type CaseFactRow } from '../../db/repositories/letter.repository.js';
import { unitRepository } from '../../db/repositories/unit.repository.js';
import { decideLetters, type CaseFacts, type LetterFacts, type PlannedLetter } from '../../domain/letters/escalation.js';
import type { Ladder } from '../../domain/letters/ladder.js';
import { isOwed } from '../../domain/letters/rules.js';
import type { CampaignService } from '../evaluation/campaign.service.js';
import type { CasePolicyService } from '../cases/case-policy.service.js';
import { systemContext } from '../../core/context.js';
import type { IssueLetterCommand, LetterToIssue } from './issue-letter.command.js';

const DAY_MS = 86_400_000;

/** What one sweep did. */
export interface SweepReport {
  /** Cases the sweep looked at (the overdue, reopened, recently raised at points, and already lettered ones). */
  candidates: number;
  planned: number;
  issued: number;
  /** Letters of rungs that need approval, prepared without a number for the leader. */
  prepared: number;
  /** Planned letters another writer got to first (a race lost to the unique index). */
  skipped: number;
  letters: { number: string; type: string; unitId: number; cases: number }[];
}

function facts(r: CaseFactRow): CaseFacts {
  return {
    id: r.id,
    unitId: r.assigned_unit_id,
    open: isOwed(r.state),
    deadline: r.deadline,
    reopenCount: r.reopen_count,
    checkPointId: r.check_point_id,
    createdAt: r.created_at,
  };
}

/**
 * The escalation sweep (DOMAIN.md §3.4): reads the cases a trigger could concern —
 * through indexes whose size follows what is due, not the history — asks the domain
 * which letters the ladder calls for at `now`, and issues them (numbered, listed cases,
 * notice to the unit) in one transaction, each letter under its own savepoint. A letter
 * of a rung that needs approval is prepared instead (no number, the leader told), and
 * its cases are left alone by later sweeps until the leader decides.
 * Idempotent: a second run at the same moment finds nothing to do, and after downtime
 * it catches up without duplicates because decisions depend on state, and the unique
 * index guards races.
 */
export class EscalationService {
  constructor(
    private readonly database: Database,
    private readonly issuing: IssueLetterCommand,
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
    const awaitingApproval = await letterRepository.casesAwaitingApproval(
      db,
      rows.map((r) => r.id),
    );
    return {
      planned: decideLetters({ now, calendar, ladder, cases: rows.map(facts), letters, awaitingApproval }),
      candidates: rows.length,
    };
  }

  /**
   * One sweep at `now`: plans, then issues all the planned letters through the issuing
   * command, in ONE transaction, each letter under its own savepoint (see
   * {@link IssueLetterCommand}).
   *
   * - A letter that loses a race is counted as skipped: one whose case already has a
   *   letter of the rung, or one that fails with a unique violation (another writer got
   *   there meanwhile) or a 409. It is rolled back to its savepoint — its row, cases,
   *   number, audit record and notice — so the others still commit together and numbering
   *   stays gapless.
   * - Any other error fails the sweep, and then NOTHING of that sweep is committed: no
   *   letter, number, audit record or notice. That is acceptable because decisions depend
   *   on state: the next sweep plans and issues the same letters again.
   *
   * While it runs, the sweep holds the number counters of the letter types it issues and
   * (on PostgreSQL) the audit chain head until its commit, so a letter issued by hand or
   * another audited change meanwhile waits for it.
   */
  async sweep(now: Date): Promise<SweepReport> {
    const db = this.database.db;
    const ladder = await this.campaigns.ladder(db);
    const campaign = await this.campaigns.current(db);
    const { planned, candidates } = await this.planWith(ladder, now);
    const report: SweepReport = { candidates, planned: planned.length, issued: 0, prepared: 0, skipped: 0, letters: [] };
    const units = new Set((await unitRepository.byIds(db, [...new Set(planned.map((p) => p.unitId))])).map((u) => u.id));
    const work: LetterToIssue[] = planned.flatMap((p) =>
      units.has(p.unitId)
        ? [{ rung: ladder.rungs.find((r) => r.key === p.rungKey)!, unitId: p.unitId, caseIds: p.caseIds, campaignId: campaign?.id ?? null }]
        : [],
    );
    const outcomes = await this.issuing.issue(systemContext('escalation'), now, work, { onLost: 'skip' });
    for (const o of outcomes) {
      if (o.issued === false && o.pending) report.prepared += 1;
      else if (!o.issued) report.skipped += 1;
      else report.letters.push({ number: o.number, type: o.type, unitId: o.unitId, cases: o.cases });
    }
    report.issued = report.letters.length;
    return report;
  }
}
