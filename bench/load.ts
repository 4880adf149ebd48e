import { chinaDay } from '../src/domain/calendar/work-calendar.js';
import { caseFacts, FACT_FIELDS, zeroFacts, type FactVector } from '../src/domain/cases/indicators.js';
import type { BulkWriter } from './bulk.js';
import { isOverduePending, isTerminal, NORMAL, playCase, rng, STALL, TAME, type GenContext, type GeneratedCase } from './generate.js';
import { CASE_COLUMNS, caseRow, checkAgainstRepository, EVENT_COLUMNS, eventRow, type Row } from './rows.js';

const DAY = 86_400_000;
/** Cases of the last days are held back until the overdue share is set (see loadHistory). */
const WINDOW_DAYS = 30;
const BATCH_CASES = 10_000;
/** Share of open cases whose unit is overdue (the escalation sweep's workload). */
const OVERDUE_SHARE = 0.01;

/** What was loaded. */
export interface LoadStats {
  cases: number;
  events: number;
  aggregateRows: number;
  open: number;
  overduePending: number;
  states: Record<string, number>;
  spanDays: number;
  seconds: number;
}

/** About 1000 cases a day (a prefecture-level city's 数字化城管), at least four weeks of history. */
export function spanDaysFor(cases: number): number {
  return Math.max(28, Math.ceil(cases / 1000));
}

/**
 * Generates and writes `n` cases with their events, oldest first, the maintained
 * aggregates (summed from each case's final facts with the domain's `caseFacts`,
 * which is what applying `factDelta` event by event amounts to) and the number
 * counters.
 *
 * Overdue cases: every case is first played so that no open case is overdue (a case
 * that comes out overdue is replayed with on-time work); then, among the cases of the
 * last weeks, just enough are replayed with a unit that never rectifies ("stall") for
 * 1% of the open cases to be overdue. The last 30 days are held in memory for this.
 */
export async function loadHistory(ctx: GenContext, writer: BulkWriter, n: number, opts: { checkEvery: number }): Promise<LoadStats> {
  const started = performance.now();
  const spanDays = spanDaysFor(n);
  const start = ctx.nowMs - spanDays * DAY;
  const windowFrom = ctx.nowMs - WINDOW_DAYS * DAY;
  const jitter = rng(0xc17);
  const yearCount = new Map<number, number>();
  const aggregates = new Map<string, { unitId: number; day: string; v: FactVector }>();
  const states: Record<string, number> = {};
  let nextEventId = 1;
  let events = 0;
  let open = 0;
  let overdue = 0;
  let caseRows: Row[] = [];
  let eventRows: Row[] = [];

  const play = (id: number, t0: number, number: string): GeneratedCase => {
    let c = playCase(ctx, id, t0, number, NORMAL, 0);
    if (!isTerminal(c.snap) && (isOverduePending(c.snap, ctx.nowMs) || c.snap.reopenCount >= 2)) c = playCase(ctx, id, t0, number, TAME, 1);
    return c;
  };
  const flush = async (): Promise<void> => {
    await writer.write('cases', CASE_COLUMNS, caseRows);
    await writer.write('case_events', EVENT_COLUMNS, eventRows);
    caseRows = [];
    eventRows = [];
  };
  const emit = async (c: GeneratedCase): Promise<void> => {
    if (c.snap.id <= 200 || c.snap.id % opts.checkEvery === 0) await checkAgainstRepository(c, nextEventId);
    caseRows.push(caseRow(c));
    for (const { event, actorName } of c.events) eventRows.push(eventRow(nextEventId++, event, actorName));
    events += c.events.length;
    states[c.snap.state] = (states[c.snap.state] ?? 0) + 1;
    if (!isTerminal(c.snap)) open += 1;
    if (isOverduePending(c.snap, ctx.nowMs)) overdue += 1;
    const f = caseFacts(c.snap);
    if (f) {
      const key = `${f.unitId}|${f.day}`;
      const cur = aggregates.get(key) ?? { unitId: f.unitId, day: f.day, v: zeroFacts() };
      for (const fld of FACT_FIELDS) cur.v[fld] += f[fld];
      aggregates.set(key, cur);
    }
    if (caseRows.length >= BATCH_CASES) await flush();
  };

  const held: GeneratedCase[] = [];
  for (let id = 1; id <= n; id++) {
    const t0 = Math.floor(start + ((id - 1 + jitter()) / n) * spanDays * DAY);
    const year = Number(chinaDay(new Date(t0)).slice(0, 4));
    const seq = (yearCount.get(year) ?? 0) + 1;
    yearCount.set(year, seq);
    const c = play(id, t0, `${year}-${String(seq).padStart(6, '0')}`);
    if (t0 < windowFrom) await emit(c);
    else held.push(c);
  }

  // Open cases of the whole history, before any are made overdue.
  let openTotal = open + held.filter((c) => !isTerminal(c.snap)).length;
  let overdueTotal = overdue + held.filter((c) => isOverduePending(c.snap, ctx.nowMs)).length;
  const candidates = held.filter(
    (c) =>
      c.snap.state !== 'rejected' &&
      c.snap.state !== 'merged' &&
      Date.parse(c.createdAt) < ctx.nowMs - 3 * DAY &&
      Date.parse(c.createdAt) > ctx.nowMs - 14 * DAY,
  );
  // Spread the picks evenly over the candidates (deterministic, no clustering on one day).
  const stride = Math.max(1, Math.floor(candidates.length / Math.max(1, Math.ceil(openTotal * OVERDUE_SHARE))));
  const order: GeneratedCase[] = [];
  for (let offset = 0; offset < stride; offset++) for (let i = offset; i < candidates.length; i += stride) order.push(candidates[i]!);
  for (const before of order) {
    if (overdueTotal >= Math.round(openTotal * OVERDUE_SHARE)) break;
    const stalled = playCase(ctx, before.snap.id, Date.parse(before.createdAt), before.number, STALL, 2);
    // The ladder's first rung wants a deadline passed by a working day or more.
    if (!isOverduePending(stalled.snap, ctx.nowMs - 2 * DAY)) continue;
    if (isTerminal(before.snap)) openTotal += 1;
    overdueTotal += 1;
    held[held.indexOf(before)] = stalled;
  }
  for (const c of held) await emit(c);
  await flush();

  const aggRows: Row[] = [...aggregates.values()].map((a) => [a.unitId, a.day, ...FACT_FIELDS.map((f) => a.v[f])]);
  for (let i = 0; i < aggRows.length; i += BATCH_CASES) {
    await writer.write(
      'case_aggregates',
      [
        'unit_id',
        'day',
        'dispatched',
        'handled',
        'handled_on_time',
        'closed',
        'closed_on_time',
        'reopened',
        'extended',
        'suspended',
        'rerouted',
      ],
      aggRows.slice(i, i + BATCH_CASES),
    );
  }
  await writer.write(
    'counters',
    ['name', 'value'],
    [...yearCount].map(([y, v]) => [`case:${y}`, v]),
  );
  await writer.finish();
  return {
    cases: n,
    events,
    aggregateRows: aggRows.length,
    open,
    overduePending: overdue,
    states,
    spanDays,
    seconds: (performance.now() - started) / 1000,
  };
}
