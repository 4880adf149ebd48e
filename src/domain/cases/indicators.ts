import type { CaseState } from '../../shared/case-enums.js';
import { chinaDay } from '../calendar/work-calendar.js';
import type { CaseSnapshot } from './case-types.js';
import { isOverdue } from './deadline-rules.js';

/**
 * Standard indicators of DOMAIN.md §3.3 (GB/T 30428 practice) with COHORT semantics:
 * a dispatched case counts once, for the unit it is currently assigned to and the
 * China-time day of its first dispatch, and its facts describe where it stands now.
 *
 * Why cohorts: a period's figures then only change when cases of that period move
 * on, each figure is a sum of per-case 0/1 facts, and the aggregates table can be
 * kept exact in the same transaction as each event by applying `factDelta`. A
 * recompute (fold the log with `replay`, sum `caseFacts`) must give the same table.
 */

/** The per-case facts summed into aggregates, in storage order. */
export const FACT_FIELDS = [
  'dispatched', // 1 for every case dispatched at least once (应处置数)
  'handled', // rectified at least once in the current assignment (处置数)
  'handledOnTime', // that first rectification was no later than the deadline then in force
  'closed', // closed (结案数)
  'closedOnTime', // closed, and the rectification that was verified was on time
  'reopened', // number of reopenings (返工数) — a count, may exceed 1 per case
  'extended', // 1 if any extension was approved
  'suspended', // 1 while currently suspended (缓办, excluded from 应结案数)
  'rerouted', // 1 if a unit returned it and HQ re-dispatched it elsewhere (mis-dispatch)
] as const;
/** One of {@link FACT_FIELDS}. */
export type FactField = (typeof FACT_FIELDS)[number];
/** A vector of facts (per case) or of their sums (per unit and day). */
export type FactVector = Record<FactField, number>;

/** Aggregates key: current unit and China day (YYYY-MM-DD) of first dispatch. */
export interface FactKey {
  unitId: number;
  day: string;
}

/** The facts of one case, with the key they are summed under. */
export type CaseFacts = FactKey & FactVector;

/** A signed change to one aggregates row. */
export interface FactChange {
  key: FactKey;
  delta: FactVector;
}

/** All-zero fact vector. */
export function zeroFacts(): FactVector {
  return { dispatched: 0, handled: 0, handledOnTime: 0, closed: 0, closedOnTime: 0, reopened: 0, extended: 0, suspended: 0, rerouted: 0 };
}

/** a + sign·b, field by field. */
export function addFacts(a: FactVector, b: FactVector, sign = 1): FactVector {
  const out = zeroFacts();
  for (const f of FACT_FIELDS) out[f] = a[f] + sign * b[f];
  return out;
}

/** Sum of many fact vectors (extra fields such as the key are ignored). */
export function sumFacts(vectors: Iterable<FactVector>): FactVector {
  let total = zeroFacts();
  for (const v of vectors) total = addFacts(total, v);
  return total;
}

/** A string form of a key, for maps. */
export function factKeyString(key: FactKey): string {
  return `${key.unitId}|${key.day}`;
}

const b = (x: boolean): number => (x ? 1 : 0);

/**
 * The facts of one case, or null when it has never been dispatched (cases still
 * with HQ, rejected or merged are nobody's to handle and count nowhere).
 */
export function caseFacts(s: CaseSnapshot): CaseFacts | null {
  if (s.firstDispatchedAt === null || s.assignedUnitId === null) return null;
  return {
    unitId: s.assignedUnitId,
    day: chinaDay(new Date(s.firstDispatchedAt)),
    dispatched: 1,
    handled: b(s.handledAt !== null),
    handledOnTime: b(s.handledAt !== null && s.handledOnTime === true),
    closed: b(s.state === 'closed'),
    closedOnTime: b(s.state === 'closed' && s.closedOnTime === true),
    reopened: s.reopenCount,
    extended: b(s.extensionCount > 0),
    suspended: b(s.state === 'suspended'),
    rerouted: b(s.rerouteCount > 0),
  };
}

/**
 * The changes to apply to the aggregates table for a case going from `before` to
 * `after` (one event). Empty when no fact moved; one row when the key stayed;
 * two rows (minus at the old key, plus at the new) when a re-dispatch moved the
 * case to another unit. Summed over a case's whole history it equals
 * `caseFacts(final)`, which is the invariant the property tests check.
 */
export function factDelta(before: CaseSnapshot | null, after: CaseSnapshot): FactChange[] {
  const a = before ? caseFacts(before) : null;
  const c = caseFacts(after);
  const changes: FactChange[] = [];
  const push = (key: FactKey, delta: FactVector): void => {
    if (FACT_FIELDS.some((f) => delta[f] !== 0)) changes.push({ key: { unitId: key.unitId, day: key.day }, delta });
  };
  if (a && c && a.unitId === c.unitId && a.day === c.day) {
    push(c, addFacts(c, a, -1));
  } else {
    if (a) push(a, addFacts(zeroFacts(), a, -1));
    if (c) push(c, addFacts(zeroFacts(), c));
  }
  return changes;
}

/** States in which a unit holds the case and has not (re)submitted a rectification. */
const PENDING_STATES: readonly CaseState[] = ['dispatched', 'acknowledged'];

/**
 * True when the case counts towards 超期待处置: with the unit (dispatched or
 * acknowledged, including rework after a reopening) and its deadline passed at
 * `asOf`. Returned and suspended cases are with HQ and do not count. The services
 * count these per aggregates key at the time of asking and pass the sum to
 * {@link indicators}.
 */
export function isOverduePending(s: CaseSnapshot, asOf: Date): boolean {
  return PENDING_STATES.includes(s.state) && isOverdue(s.deadline, asOf);
}

/** Weights of the composite score; the defaults of DOMAIN.md §3.3 sum to 100. */
export interface IndicatorWeights {
  disposal: number;
  onTimeDisposal: number;
  noRework: number;
  noOverdue: number;
  noExtension: number;
}

/** 30·处置率 + 20·按期处置率 + 20·(1−返工率) + 20·(1−超期待处置率) + 10·(1−延期率). */
export const DEFAULT_INDICATOR_WEIGHTS: Readonly<IndicatorWeights> = {
  disposal: 30,
  onTimeDisposal: 20,
  noRework: 20,
  noOverdue: 20,
  noExtension: 10,
};

/** The indicators; each a ratio in [0, 1] (返工率 may exceed 1), null when its denominator is 0. */
export interface Indicators {
  /** 处置率 = handled / dispatched. */
  disposalRate: number | null;
  /** 按期处置率 = handledOnTime / dispatched. */
  onTimeDisposalRate: number | null;
  /** 结案率 = closed / (dispatched − suspended). */
  closureRate: number | null;
  /** 按期结案率 = closedOnTime / (dispatched − suspended). */
  onTimeClosureRate: number | null;
  /** 返工率 = reopened / (dispatched − suspended). */
  reworkRate: number | null;
  /** 超期待处置率 = overduePending / dispatched. */
  overduePendingRate: number | null;
  /** 延期率 = extended / dispatched. */
  extensionRate: number | null;
  /** 准确派遣率 = (dispatched − rerouted) / dispatched. */
  accurateDispatchRate: number | null;
  /** Weighted composite, 0–100 with default weights; null when any input rate is null. */
  composite: number | null;
}

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);
const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));

/**
 * Indicators from summed facts (any set of units and days) and the number of
 * overdue pending cases among them at the time of asking.
 *
 * 准确派遣率: GB/T 30428 counts dispatches that had to be redone; here a case is
 * mis-dispatched when a unit returned it and HQ then sent it to a different unit
 * (a return that HQ overrules by re-dispatching to the same unit is not HQ's error).
 *
 * The composite clamps each term to [0, 1] so that repeated reopenings (返工率 > 1)
 * cannot push a score below zero, and is null whenever a term is undefined.
 */
export function indicators(sums: FactVector, overduePending: number, weights: IndicatorWeights = DEFAULT_INDICATOR_WEIGHTS): Indicators {
  const d = sums.dispatched;
  const toClose = sums.dispatched - sums.suspended; // 应结案数: 缓办 excluded
  const r: Omit<Indicators, 'composite'> = {
    disposalRate: ratio(sums.handled, d),
    onTimeDisposalRate: ratio(sums.handledOnTime, d),
    closureRate: ratio(sums.closed, toClose),
    onTimeClosureRate: ratio(sums.closedOnTime, toClose),
    reworkRate: ratio(sums.reopened, toClose),
    overduePendingRate: ratio(overduePending, d),
    extensionRate: ratio(sums.extended, d),
    accurateDispatchRate: ratio(d - sums.rerouted, d),
  };
  const terms = [r.disposalRate, r.onTimeDisposalRate, r.reworkRate, r.overduePendingRate, r.extensionRate];
  let composite: number | null = null;
  if (terms.every((x) => x !== null)) {
    const [disp, onTime, rework, overdue, ext] = terms as [number, number, number, number, number];
    composite =
      weights.disposal * clamp01(disp) +
      weights.onTimeDisposal * clamp01(onTime) +
      weights.noRework * clamp01(1 - rework) +
      weights.noOverdue * clamp01(1 - overdue) +
      weights.noExtension * clamp01(1 - ext);
  }
  return { ...r, composite };
}
