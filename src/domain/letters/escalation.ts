import {
  addWorkingDays,
  chinaDay,
  chinaMidnight,
  CHINA_UTC_OFFSET_MS,
  shiftDay,
  workingDaysBetween,
  type WorkCalendar,
} from '../calendar/work-calendar.js';
import { LETTER_STATE_VALUES, type LetterStateValue, type LetterStatusValue } from '../../shared/letter-enums.js';
import { checkLadder, rungsByLevel, type Ladder, type Rung, type Trigger, type TriggerKind } from './ladder.js';

/**
 * Escalation decisions (督查督办, DOMAIN.md §3.4): which letters a sweep issues, a
 * letter's state, who may sign for it, and its reply deadline. Pure: the clock is
 * `now`, passed in; the service loads the facts, issues the planned letters (numbers,
 * documents, audit) in one transaction and runs the sweep again later.
 */

const DAY_MS = 86_400_000;

/** What the sweep needs to know about a case. */
export interface CaseFacts {
  id: number;
  /** The current responsible unit; cases without one are skipped. */
  unitId: number | null;
  /**
   * Whether the case still needs work: not closed, rejected or merged. The service
   * should also pass false for suspended (缓办) cases, which HQ parked on purpose.
   */
  open: boolean;
  /** Deadline in force, ISO instant; null before dispatch. */
  deadline: string | null;
  reopenCount: number;
  checkPointId: number | null;
  createdAt: string;
}

/**
 * What the sweep needs to know about a letter already issued, automatic or by hand.
 * Pass every issued letter including withdrawn ones, never drafts (a draft has no
 * number and was not sent, so it neither blocks nor starts anything).
 */
export interface LetterFacts {
  id: number;
  rungKey: string;
  /** The responsible unit the letter is about (for an office recipient, not the office). */
  unitId: number;
  caseIds: number[];
  issuedAt: string;
  replyDeadline: string;
  signedAt: string | null;
  withdrawn: boolean;
}

/** Everything {@link decideLetters} looks at. */
export interface EscalationInput {
  now: Date;
  calendar: WorkCalendar;
  ladder: Ladder;
  cases: CaseFacts[];
  letters: LetterFacts[];
  /**
   * Cases covered by a letter awaiting the leader's approval (no issue time yet, so not
   * in `letters`), or by one sent back that HQ still holds: they get no new letter.
   */
  awaitingApproval?: readonly number[];
}

/** Why one case is in a planned letter: a trigger that holds, with the figures in Chinese for HQ and the letter. */
export interface LetterReason {
  caseId: number;
  trigger: TriggerKind;
  detail: string;
}

/** One letter the sweep should issue: one rung, one responsible unit, every case it covers. */
export interface PlannedLetter {
  rungKey: string;
  level: number;
  unitId: number;
  /** Ascending, without duplicates. */
  caseIds: number[];
  /** Every trigger that holds for every listed case, by case id then trigger order in the rung. */
  reasons: LetterReason[];
}

function instant(iso: string, what: string): Date {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new RangeError(`${what} is not an ISO instant: ${iso}`);
  return new Date(t);
}

/** China wall-clock time for reasons; a China midnight is written as 24:00 of the day before, as letters do. */
function wallTime(d: Date): string {
  const local = new Date(d.getTime() + CHINA_UTC_OFFSET_MS).toISOString();
  if (local.slice(11, 16) === '00:00') return `${chinaDay(new Date(d.getTime() - 1))} 24:00`;
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}

/** Counts cases per check point created in the last `windowDays` days before `now` (cached per window). */
class PointCounts {
  private readonly cache = new Map<number, Map<number, number>>();
  constructor(
    private readonly cases: readonly CaseFacts[],
    private readonly now: Date,
  ) {}

  count(pointId: number, windowDays: number): number {
    let counts = this.cache.get(windowDays);
    if (!counts) {
      counts = new Map();
      const from = this.now.getTime() - windowDays * DAY_MS;
      for (const c of this.cases) {
        if (c.checkPointId === null) continue;
        const t = instant(c.createdAt, `case ${c.id} createdAt`).getTime();
        // Closed the window on both ends: a case created exactly M days ago still counts.
        if (t >= from && t <= this.now.getTime()) counts.set(c.checkPointId, (counts.get(c.checkPointId) ?? 0) + 1);
      }
      this.cache.set(windowDays, counts);
    }
    return counts.get(pointId) ?? 0;
  }
}

interface Ctx {
  now: Date;
  calendar: WorkCalendar;
  points: PointCounts;
}

/**
 * The detail of a trigger that holds for `c` at `now`, or null. `prev` is the
 * previous rung and `ref` the letter of it the chained triggers are measured from.
 */
function holds(t: Trigger, c: CaseFacts, prev: Rung | null, ref: LetterFacts | null, ctx: Ctx): string | null {
  const { now, calendar } = ctx;
  switch (t.kind) {
    case 'overdue': {
      if (c.deadline === null) return null;
      const deadline = instant(c.deadline, `case ${c.id} deadline`);
      // The deadline instant itself is still in time (as in isOverdue); after it,
      // only whole working days count, so a case due at 24:00 Friday is overdue by
      // one working day at 24:00 Monday, and weekends and holidays never count.
      if (now.getTime() <= deadline.getTime()) return null;
      const days = workingDaysBetween(deadline, now, calendar);
      return days >= t.workingDays ? `逾期 ${days} 个工作日（办理期限 ${wallTime(deadline)}）` : null;
    }
    case 'open_after_previous': {
      if (!ref || !prev) return null;
      const issued = instant(ref.issuedAt, `letter ${ref.id} issuedAt`);
      // The issue day never counts, whatever the hour, exactly as for reply
      // deadlines: this holds from addWorkingDays(issuedAt, N) on.
      const since = chinaMidnight(shiftDay(chinaDay(issued), 1));
      const days = now.getTime() >= since.getTime() ? workingDaysBetween(since, now, calendar) : 0;
      return days >= t.workingDays ? `${prev.type}（${wallTime(issued)} 发出）后 ${days} 个工作日仍未办结` : null;
    }
    case 'unsigned_previous': {
      if (!ref || !prev) return null;
      const deadline = instant(ref.replyDeadline, `letter ${ref.id} replyDeadline`);
      if (now.getTime() <= deadline.getTime()) return null;
      if (ref.signedAt === null) return `${prev.type}逾期未签收（期限 ${wallTime(deadline)}）`;
      const signed = instant(ref.signedAt, `letter ${ref.id} signedAt`);
      return signed.getTime() > deadline.getTime() ? `${prev.type}逾期签收（期限 ${wallTime(deadline)}，${wallTime(signed)} 签收）` : null;
    }
    case 'repeat_at_point': {
      if (c.checkPointId === null) return null;
      const n = ctx.points.count(c.checkPointId, t.windowDays);
      return n >= t.minCases ? `同一点位 ${t.windowDays} 天内发现 ${n} 个问题` : null;
    }
    case 'reopened':
      return c.reopenCount >= t.times ? `返工 ${c.reopenCount} 次` : null;
  }
}

/**
 * The letters a sweep at `now` should issue. Rules:
 *
 * - Only open cases with a responsible unit are considered.
 * - A case qualifies for a rung when any of the rung's triggers holds at `now`.
 * - The ladder is only climbed: a case is considered only for rungs above the highest
 *   rung it has any letter of — withdrawn letters and letters issued by hand
 *   included. Hence never two letters of the same rung for one case, and a withdrawn
 *   letter is not reissued automatically: withdrawing is a deliberate human decision,
 *   and HQ can still issue by hand.
 * - Of the rungs a case qualifies for, it gets only the lowest. A case also gets no
 *   automatic letter on a China day on which it already got one. So after downtime
 *   the sweep catches up one rung at a time instead of issuing 提醒函, 督办函 and 问责函
 *   at once, and a second sweep at the same `now` plans nothing.
 * - `open_after_previous` and `unsigned_previous` are measured from the earliest
 *   non-withdrawn letter of the previous rung that covers the case and was about its
 *   current unit: a unit is only escalated for letters it received itself. (A case
 *   re-routed to another unit after a letter therefore stops escalating
 *   automatically; HQ decides by hand.) Because they count from the actual issue
 *   time, a catch-up never shortens the time the unit is given.
 * - A case covered by a letter awaiting approval is left alone: that letter is the next
 *   step, and the leader decides it (approved, it counts like any issued letter).
 * - Letters whose `rungKey` is not on the ladder are ignored.
 * - One planned letter per (rung, unit), listing all its cases. Output is ordered by
 *   level, then unit id; case ids ascending.
 *
 * @throws RangeError when the ladder fails {@link checkLadder} or an instant is malformed.
 */
export function decideLetters(input: EscalationInput): PlannedLetter[] {
  const { now, calendar, ladder } = input;
  const problems = checkLadder(ladder);
  if (problems.length) throw new RangeError(`invalid ladder: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
  const rungs = rungsByLevel(ladder);
  const levelOf = new Map(rungs.map((r) => [r.key, r.level]));
  const today = chinaDay(now);

  const lettersByCase = new Map<number, LetterFacts[]>();
  for (const l of input.letters) {
    if (!levelOf.has(l.rungKey)) continue;
    for (const id of new Set(l.caseIds)) {
      const list = lettersByCase.get(id);
      if (list) list.push(l);
      else lettersByCase.set(id, [l]);
    }
  }

  const held = new Set(input.awaitingApproval ?? []);
  const ctx: Ctx = { now, calendar, points: new PointCounts(input.cases, now) };
  const groups = new Map<string, PlannedLetter>();
  const seen = new Set<number>();
  for (const c of [...input.cases].sort((a, b) => a.id - b.id)) {
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    if (!c.open || c.unitId === null || held.has(c.id)) continue;
    const own = lettersByCase.get(c.id) ?? [];
    if (own.some((l) => chinaDay(instant(l.issuedAt, `letter ${l.id} issuedAt`)) >= today)) continue;
    const top = own.reduce((m, l) => Math.max(m, levelOf.get(l.rungKey) ?? 0), 0);

    for (let i = 0; i < rungs.length; i++) {
      const rung = rungs[i] as Rung;
      if (rung.level <= top) continue;
      const prev = i > 0 ? (rungs[i - 1] as Rung) : null;
      const ref = prev ? referenceLetter(own, prev.key, c.unitId) : null;
      const reasons: LetterReason[] = [];
      for (const t of rung.triggers) {
        const detail = holds(t, c, prev, ref, ctx);
        if (detail !== null) reasons.push({ caseId: c.id, trigger: t.kind, detail });
      }
      if (reasons.length === 0) continue;
      const key = `${rung.level}:${c.unitId}`;
      let planned = groups.get(key);
      if (!planned) {
        planned = { rungKey: rung.key, level: rung.level, unitId: c.unitId, caseIds: [], reasons: [] };
        groups.set(key, planned);
      }
      planned.caseIds.push(c.id); // cases are visited in id order, so this stays sorted
      planned.reasons.push(...reasons);
      break;
    }
  }
  return [...groups.values()].sort((a, b) => a.level - b.level || a.unitId - b.unitId);
}

/** The earliest non-withdrawn letter of rung `rungKey` about `unitId` among a case's letters. */
function referenceLetter(own: readonly LetterFacts[], rungKey: string, unitId: number): LetterFacts | null {
  let best: LetterFacts | null = null;
  for (const l of own) {
    if (l.rungKey !== rungKey || l.withdrawn || l.unitId !== unitId) continue;
    if (!best || Date.parse(l.issuedAt) < Date.parse(best.issuedAt) || (l.issuedAt === best.issuedAt && l.id < best.id)) best = l;
  }
  return best;
}

/**
 * The reply deadline of a letter of `rung` issued at `issuedAt`: the end (24:00 China
 * time, i.e. 00:00 of the next day) of the `replyWorkingDays`-th working day after the
 * issue day. The issue day never counts, whatever the hour, so a letter issued at
 * 17:30 gives the same time as one issued at 08:30.
 */
export function replyDeadlineFor(issuedAt: Date, rung: Pick<Rung, 'replyWorkingDays'>, calendar: WorkCalendar): Date {
  return addWorkingDays(issuedAt, rung.replyWorkingDays, calendar);
}

/** Stored life-cycle status of a letter; the displayed state is derived by {@link letterState}. */
export type LetterStatus = LetterStatusValue;

/** The states HQ sees (defined once, in the shared wire shapes). */
export const LETTER_STATES = LETTER_STATE_VALUES;
/** One of {@link LETTER_STATES}. */
export type LetterState = LetterStateValue;

/** What {@link letterState} derives a state from. Instants are ISO strings; null = not (yet) happened. */
export interface LetterStateFacts {
  status: LetterStatus;
  issuedAt: string | null;
  /** First time someone of the recipient unit opened the letter. */
  deliveredAt: string | null;
  /** 签收 by the recipient. */
  signedAt: string | null;
  repliedAt: string | null;
  replyDeadline: string | null;
  withdrawnAt: string | null;
}

const happened = (iso: string | null, now: Date): boolean => iso !== null && Date.parse(iso) <= now.getTime();

/**
 * A letter's state at `now`, the furthest step reached, with precedence
 * withdrawn > pending_approval > draft > replied > overdue > signed > delivered > issued. `overdue`
 * means no reply by the reply deadline (signed or not; the deadline instant itself
 * is in time). Facts stamped after `now` are ignored, so the state at any past
 * moment (e.g. the end of a briefing week) comes out right.
 */
export function letterState(letter: LetterStateFacts, now: Date): LetterState {
  const withdrawn = letter.withdrawnAt !== null ? happened(letter.withdrawnAt, now) : letter.status === 'withdrawn';
  if (withdrawn) return 'withdrawn';
  if (letter.status === 'pending_approval') return 'pending_approval';
  if (letter.status === 'draft' || !happened(letter.issuedAt, now)) return 'draft';
  if (happened(letter.repliedAt, now)) return 'replied';
  if (letter.replyDeadline !== null && now.getTime() > Date.parse(letter.replyDeadline)) return 'overdue';
  if (happened(letter.signedAt, now)) return 'signed';
  if (happened(letter.deliveredAt, now)) return 'delivered';
  return 'issued';
}

/** What {@link checkSignature} needs: the state facts plus the unit that must sign. */
export interface SignatureFacts extends LetterStateFacts {
  /** The unit the letter is addressed to (the responsible unit, or the office for an office recipient). */
  recipientUnitId: number;
}

/** Why a 签收 is refused; the status is ready for an AppError. */
export interface SignatureRefusal {
  status: 403 | 409;
  code: 'wrong_unit' | 'letter_draft' | 'letter_withdrawn' | 'already_signed';
  message: string;
}

/**
 * Whether a person of `actorUnitId` may sign for `letter` at `now`: null when they
 * may, else the refusal. The unit is checked first so that someone of another unit
 * learns nothing about the letter's state. Late signing is allowed (and recorded as
 * late by its timestamp); it is the missing or late signature that escalates.
 */
export function checkSignature(args: { letter: SignatureFacts; actorUnitId: number | null; now: Date }): SignatureRefusal | null {
  const { letter, actorUnitId, now } = args;
  if (actorUnitId === null || actorUnitId !== letter.recipientUnitId) {
    return { status: 403, code: 'wrong_unit', message: 'only the unit the letter is addressed to can sign for it' };
  }
  const state = letterState(letter, now);
  if (state === 'draft' || state === 'pending_approval')
    return { status: 409, code: 'letter_draft', message: 'the letter has not been issued' };
  if (state === 'withdrawn') return { status: 409, code: 'letter_withdrawn', message: 'the letter has been withdrawn' };
  if (letter.signedAt !== null) return { status: 409, code: 'already_signed', message: 'the letter has already been signed for' };
  return null;
}
