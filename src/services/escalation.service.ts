import type { Database } from '../db/database.js';
import { letterRepository, OWED_STATES, type CaseFactRow } from '../db/repositories/letter.repository.js';
import { unitRepository } from '../db/repositories/unit.repository.js';
import { decideLetters, type CaseFacts, type LetterFacts, type PlannedLetter } from '../domain/letters/escalation.js';
import type { Ladder } from '../domain/letters/ladder.js';
import { composeLetterTitle } from '../domain/letters/letter-document.js';
import type { CampaignService } from './campaign.service.js';
import type { CasePolicyService } from './case-policy.service.js';
import { systemContext } from './context.js';
import { AppError } from './errors.js';
import { addresseeFor } from './letter-content.js';
import { isUniqueViolation, type LetterService } from './letter.service.js';

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
  return { id: r.id, unitId: r.assigned_unit_id, open: owed(r.state), deadline: r.deadline, reopenCount: r.reopen_count, checkPointId: r.check_point_id, createdAt: r.created_at };
}

/**
 * The escalation sweep (DESIGN.md §3.4): reads the cases a trigger could concern —
 * through indexes whose size follows what is due, not the history — asks the domain
 * which letters the ladder calls for at `now`, and issues each in its own transaction
 * (numbered, listed cases, notice to the unit). Idempotent: a second run at the same
 * moment finds nothing to do, and after downtime it catches up without duplicates
 * because decisions depend on state, and the unique index guards races.
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
    if (windows.length) rows.push(...(await letterRepository.recentPointCases(db, new Date(now.getTime() - Math.max(...windows) * DAY_MS).toISOString())));
    if (triggers.some((t) => t.kind === 'open_after_previous' || t.kind === 'unsigned_previous')) rows.push(...(await letterRepository.owedLetteredCases(db)));
    const unique = new Map(rows.map((r) => [r.id, r]));
    return [...unique.values()];
  }

  /** Plans the letters due at `now` without issuing them (for tests and a dry run). */
  async plan(now: Date): Promise<{ planned: PlannedLetter[]; candidates: number }> {
    const db = this.database.db;
    const ladder = await this.campaigns.ladder(db);
    const calendar = (await this.casePolicy.policy(now.getTime())).calendar;
    const rows = await this.candidates(ladder, now);
    const covering = await letterRepository.lettersCovering(db, rows.map((r) => r.id));
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

  /** One sweep at `now`: plans and issues; each letter commits on its own so one failure does not undo the others. */
  async sweep(now: Date): Promise<SweepReport> {
    const db = this.database.db;
    const ladder = await this.campaigns.ladder(db);
    const campaign = await this.campaigns.current(db);
    const { planned, candidates } = await this.plan(now);
    const ctx = systemContext('escalation');
    const report: SweepReport = { candidates, planned: planned.length, issued: 0, skipped: 0, letters: [] };
    const units = new Map((await unitRepository.byIds(db, [...new Set(planned.map((p) => p.unitId))])).map((u) => [u.id, u]));
    for (const p of planned) {
      const rung = ladder.rungs.find((r) => r.key === p.rungKey)!;
      const unit = units.get(p.unitId);
      if (!unit) continue;
      const iso = now.toISOString();
      try {
        const number = await db.transaction().execute(async (trx) => {
          const id = await letterRepository.insert(trx, {
            number: null, year: null, seq: null,
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
            issued_at: null, issued_by: null, delivered_at: null, signed_at: null, signed_by: null, reply: null, replied_at: null,
            withdrawn_at: null, withdrawn_by: null, withdraw_reason: null,
            created_by: null,
            created_at: iso,
            updated_at: iso,
          });
          await letterRepository.addCases(trx, id, p.caseIds, rung.key, false);
          const row = (await letterRepository.byId(trx, id))!;
          await this.letters.issueInTransaction(trx, ctx, row, p.caseIds, now, { replyWorkingDays: rung.replyWorkingDays, auto: true });
          return (await letterRepository.byId(trx, id))!.number!;
        });
        report.issued += 1;
        report.letters.push({ number, type: rung.type, unitId: unit.id, cases: p.caseIds.length });
      } catch (e) {
        if (isUniqueViolation(e) || (e instanceof AppError && e.status === 409)) report.skipped += 1;
        else throw e;
      }
    }
    return report;
  }
}
