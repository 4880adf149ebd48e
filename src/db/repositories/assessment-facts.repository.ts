import { sql } from 'kysely';
import type { Executor } from '../database.js';
import { dispatchedBefore, owedNow as owedNowIndexed } from './case-index-hints.js';
import type { CaseFact, InspectionFact, LetterFact, RatingFact, UnitInputs } from '../../domain/assessment/inputs.js';
import type { SatisfactionRating } from '../../shared/public-enums.js';
import { OWED_STATES } from '../../domain/letters/rules.js';

/** What the reader needs to know of the period and the campaign. */
export interface FactsQuery {
  /** The period `[start, end)` as UTC ISO instants. */
  start: string;
  end: string;
  /** The units to read facts for (the members of the model's groups). */
  unitIds: readonly number[];
  /** Inspections count only under the campaign's framework (null: any). */
  frameworkId: number | null;
  /** Letters of this campaign or of none. */
  campaignId: number;
}

/** Bounded batches keep IN lists within every engine's parameter limit. */
const BATCH = 900;

function chinaDate(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Cases never owed by anyone: refused, or duplicates merged into another. */
const NEVER_OWED = ['rejected', 'merged'];

interface CaseRow {
  id: number;
  number: string;
  category_code: string;
  assigned_unit_id: number | null;
  state: string;
  deadline: string | null;
  first_dispatched_at: string | null;
  handled_at: string | null;
  closed_at: string | null;
  reopen_count: number;
}

/**
 * The facts units are scored on for one period (DOMAIN.md §3.5, src/domain/assessment/inputs.ts),
 * read as at the end of the period from timestamps that do not move afterwards (first dispatch,
 * first handling, closure, the rework events before the end), so that a past period computes
 * the same later. Every query is bounded by the period or by an index on open work, never a
 * scan of the history; the whole read is a handful of statements for all units at once.
 */
export const assessmentFactsRepository = {
  /** One UnitInputs per unit of `q.unitIds` (units without facts get empty lists). */
  async read(db: Executor, q: FactsQuery): Promise<Map<number, UnitInputs>> {
    const out = new Map<
      number,
      { unitId: number; cases: CaseFact[]; inspections: InspectionFact[]; letters: LetterFact[]; ratings: RatingFact[] }
    >();
    for (const id of q.unitIds) out.set(id, { unitId: id, cases: [], inspections: [], letters: [], ratings: [] });
    const [cases, inspections, letters, ratings] = await Promise.all([
      this.cases(db, q),
      this.inspections(db, q),
      this.letters(db, q),
      this.ratings(db, q),
    ]);
    for (const [unitId, c] of cases) out.get(unitId)?.cases.push(c);
    for (const [unitId, i] of inspections) out.get(unitId)?.inspections.push(i);
    for (const [unitId, l] of letters) out.get(unitId)?.letters.push(l);
    for (const [unitId, r] of ratings) out.get(unitId)?.ratings.push(r);
    return out;
  },

  /**
   * Cases a unit answers for: first dispatched in the period, or dispatched earlier and still
   * owed at its start (neither handled nor closed by then). The earlier ones are found through
   * the indexes on open work (owed deadline), closure time and state, not by reading history.
   */
  async cases(db: Executor, q: FactsQuery): Promise<[number, CaseFact][]> {
    const cols = [
      'id',
      'number',
      'category_code',
      'assigned_unit_id',
      'state',
      'deadline',
      'first_dispatched_at',
      'handled_at',
      'closed_at',
      'reopen_count',
    ] as const;
    const inPeriod = db
      .selectFrom('cases')
      .select(cols)
      .where('first_dispatched_at', '>=', q.start)
      .where('first_dispatched_at', '<', q.end)
      .execute();
    // Dispatched before the period and still owed now: open work carried in.
    const stillOwed = db.selectFrom('cases').select(cols).where(owedNowIndexed()).where(dispatchedBefore(q.start)).execute();
    // Dispatched before and closed since the start: owed at the start unless handled before it.
    const closedSince = db.selectFrom('cases').select(cols).where('closed_at', '>=', q.start).where(dispatchedBefore(q.start)).execute();
    // Dispatched before and parked now (rectified, returned, suspended) after being handled since the start.
    const parked = db
      .selectFrom('cases')
      .select(cols)
      .where('state', 'in', ['rectified', 'returned', 'suspended'])
      .where(dispatchedBefore(q.start))
      .where('handled_at', '>=', q.start)
      .execute();
    const units = new Set(q.unitIds);
    const byId = new Map<number, CaseRow>();
    for (const rows of await Promise.all([inPeriod, stillOwed, closedSince, parked]))
      for (const r of rows) {
        if (r.assigned_unit_id === null || !units.has(r.assigned_unit_id) || NEVER_OWED.includes(r.state)) continue;
        if (r.first_dispatched_at! < q.start) {
          const handledBefore = r.handled_at !== null && r.handled_at < q.start;
          const closedBefore = r.closed_at !== null && r.closed_at < q.start;
          if (handledBefore || closedBefore) continue;
        }
        byId.set(r.id, r);
      }
    const rows = [...byId.values()].sort((a, b) => a.id - b.id);
    const reworks = await this.reworksBefore(
      db,
      rows.filter((r) => r.reopen_count > 0).map((r) => r.id),
      q.end,
    );
    const categories = new Map(
      (await db.selectFrom('categories').select(['code', 'name']).execute()).map((c) => [c.code, c.name] as const),
    );
    const owedNow = OWED_STATES as readonly string[];
    return rows.map((r): [number, CaseFact] => {
      const handled = r.handled_at !== null && r.handled_at < q.end;
      const closed = r.closed_at !== null && r.closed_at < q.end;
      // Owed at the end: neither handled nor closed by then, past the deadline, and the work was
      // the unit's then (it is still owed now, or it was handled or closed only after the end).
      const laterDone = (r.handled_at !== null && r.handled_at >= q.end) || (r.closed_at !== null && r.closed_at >= q.end);
      const overdueAtEnd = !handled && !closed && r.deadline !== null && r.deadline < q.end && (owedNow.includes(r.state) || laterDone);
      return [
        r.assigned_unit_id!,
        {
          id: r.id,
          label: `${r.number} ${categories.get(r.category_code) ?? r.category_code}`,
          handled,
          handledOnTime: handled && r.deadline !== null && r.handled_at! <= r.deadline,
          closed,
          closedOnTime: closed && r.deadline !== null && r.closed_at! <= r.deadline,
          reworks: reworks.get(r.id) ?? 0,
          overdueAtEnd,
        },
      ];
    });
  },

  /** 返工 (verify_reopen events) per case before `end`; only cases reworked at some time are asked. */
  async reworksBefore(db: Executor, caseIds: readonly number[], end: string): Promise<Map<number, number>> {
    const out = new Map<number, number>();
    for (let i = 0; i < caseIds.length; i += BATCH) {
      const rows = await db
        .selectFrom('case_events')
        .select(['case_id', sql<number>`count(*)`.as('n')])
        .where('case_id', 'in', caseIds.slice(i, i + BATCH))
        .where('action', '=', 'verify_reopen')
        .where('at', '<', end)
        .groupBy('case_id')
        .execute();
      for (const r of rows) out.set(Number(r.case_id), Number(r.n));
    }
    return out;
  },

  /** Inspections started in the period at check points the units are responsible for. */
  async inspections(db: Executor, q: FactsQuery): Promise<[number, InspectionFact][]> {
    let query = db
      .selectFrom('inspections as i')
      .innerJoin('checkpoints as c', 'c.id', 'i.checkpoint_id')
      .select(['i.id', 'i.earned', 'i.possible', 'i.started_at', 'c.name', 'c.responsible_unit_id'])
      .where('i.started_at', '>=', q.start)
      .where('i.started_at', '<', q.end)
      .where('c.responsible_unit_id', 'is not', null);
    if (q.frameworkId !== null) query = query.where('i.framework_id', '=', q.frameworkId);
    const units = new Set(q.unitIds);
    return (await query.orderBy('i.id').execute())
      .filter((r) => units.has(r.responsible_unit_id!) && Number(r.possible) > 0)
      .map((r): [number, InspectionFact] => [
        r.responsible_unit_id!,
        { id: r.id, label: `${r.name}（${chinaDate(r.started_at)}）`, rate: Number(r.earned) / Number(r.possible) },
      ]);
  },

  /**
   * Letters to the units of this campaign (or of none): issued in the period, or issued before
   * and still unanswered past their reply date at its end. Withdrawn before the end: not counted.
   */
  async letters(db: Executor, q: FactsQuery): Promise<[number, LetterFact][]> {
    const cols = [
      'id',
      'number',
      'type',
      'rung_key',
      'unit_id',
      'campaign_id',
      'reply_deadline',
      'replied_at',
      'withdrawn_at',
      'issued_at',
    ] as const;
    const [inPeriod, carried] = await Promise.all([
      db
        .selectFrom('letters')
        .select(cols)
        .where('issued_at', '>=', q.start)
        .where('issued_at', '<', q.end)
        .where('status', 'in', ['issued', 'withdrawn'])
        .execute(),
      db
        .selectFrom('letters')
        .select(cols)
        .where('status', 'in', ['issued', 'withdrawn'])
        .where('reply_deadline', '<', q.end)
        .where('issued_at', '<', q.start)
        .where((eb) => eb.or([eb('replied_at', 'is', null), eb('replied_at', '>=', q.end)]))
        .execute(),
    ]);
    const units = new Set(q.unitIds);
    const seen = new Set<number>();
    const out: [number, LetterFact][] = [];
    for (const r of [...inPeriod, ...carried].sort((a, b) => a.id - b.id)) {
      if (seen.has(r.id) || !units.has(r.unit_id)) continue;
      if (r.campaign_id !== null && r.campaign_id !== q.campaignId) continue;
      if (r.withdrawn_at !== null && r.withdrawn_at < q.end) continue;
      seen.add(r.id);
      const unansweredAtEnd = r.reply_deadline !== null && r.reply_deadline < q.end && (r.replied_at === null || r.replied_at >= q.end);
      out.push([r.unit_id, { id: r.id, label: `${r.type} ${r.number ?? ''}`.trim(), rungKey: r.rung_key ?? '', unansweredAtEnd }]);
    }
    return out;
  },

  /**
   * 回访 ratings given in the period to cases the units handled (the unit stored with the
   * rating), through case_satisfaction_unit_idx (unit, rated_at). A rating is given once and
   * never changes, so a past period reads the same later.
   */
  async ratings(db: Executor, q: FactsQuery): Promise<[number, RatingFact][]> {
    const out: [number, RatingFact][] = [];
    for (let i = 0; i < q.unitIds.length; i += BATCH) {
      const batch = q.unitIds.slice(i, i + BATCH);
      const rows = await db
        .selectFrom('case_satisfaction as s')
        .innerJoin('cases as c', 'c.id', 's.case_id')
        .leftJoin('categories as k', 'k.code', 'c.category_code')
        .select(['s.case_id', 's.unit_id', 's.rating', 'c.number', 'c.category_code', 'k.name as category_name'])
        .where('s.unit_id', 'in', batch)
        .where('s.rated_at', '>=', q.start)
        .where('s.rated_at', '<', q.end)
        .orderBy('s.case_id')
        .execute();
      for (const r of rows)
        out.push([
          Number(r.unit_id),
          {
            id: Number(r.case_id),
            label: `${r.number} ${r.category_name ?? r.category_code}`,
            rating: r.rating as SatisfactionRating,
          },
        ]);
    }
    return out;
  },
};
