/**
 * The stage machine of a major project (重大项目, DOMAIN.md §3.7): 谋划 → 签约 → 履约 → 开工 →
 * (部分投产 →) 投产 → 达产, and 终止. Pure: dates are China calendar days (`YYYY-MM-DD`) passed
 * in; nothing here reads a clock.
 *
 * A stage is recorded by the project unit (pending) and confirmed or sent back (rejected) by the
 * work team or the county; only confirmed records count anywhere.
 */

import {
  PROJECT_STAGES,
  type ProjectStage,
  type ProjectStatus,
  type StageMove,
  type StageRecordStatus,
} from '../../shared/project-enums.js';

export type { ProjectStage, ProjectStatus, StageMove, StageRecordStatus };

/** A recorded stage of a project: which stage, the day it actually happened, and its confirmation. */
export interface StageRecord {
  stage: ProjectStage;
  /** The actual date (China day, YYYY-MM-DD). */
  actualDate: string;
  status: StageRecordStatus;
}

/** A milestone of the project's plan (一套方案): the day a stage is planned to be reached. */
export interface PlannedStage {
  stage: ProjectStage;
  /** The planned date (China day, YYYY-MM-DD). */
  plannedDate: string;
}

/** Position of a stage in PROJECT_STAGES; a later stage has passed every earlier one. */
export function stageIndex(stage: ProjectStage): number {
  return PROJECT_STAGES.indexOf(stage);
}

/** True when `stage` is `other` or lies after it (a project at 达产 has passed 开工). */
export function hasPassed(stage: ProjectStage | null, other: ProjectStage): boolean {
  return stage !== null && stageIndex(stage) >= stageIndex(other);
}

/**
 * True for a project under construction (在建): it has reached 开工 but not yet 投产; 部分投产
 * is still under construction (only some workshops produce).
 */
export function isUnderConstruction(stage: ProjectStage | null): boolean {
  return stage === 'started' || stage === 'partly_producing';
}

/**
 * The ordinary next steps from each stage. 部分投产 is an optional step between 开工 and 投产, so
 * 开工 → 投产 is one step as well ("部分车间已于日前投产运营" happens only for some projects).
 * From no stage at all, 谋划 and 签约 are both ordinary beginnings: many projects enter the
 * register only when signed (the "签约" of a batch) and have no recorded 谋划.
 */
const NEXT: Record<ProjectStage | 'none', readonly ProjectStage[]> = {
  none: ['planning', 'signed'],
  planning: ['signed'],
  signed: ['performing'],
  performing: ['started'],
  started: ['partly_producing', 'producing'],
  partly_producing: ['producing'],
  producing: ['at_capacity'],
  at_capacity: [],
};

/** Classifies a move from `current` (null: no confirmed stage yet) to `proposed`: 'same' when they are equal. */
export function classifyStageMove(current: ProjectStage | null, proposed: ProjectStage): StageMove | 'same' {
  if (current === proposed) return 'same';
  if (NEXT[current ?? 'none'].includes(proposed)) return 'next';
  const from = current === null ? -1 : stageIndex(current);
  return stageIndex(proposed) > from ? 'skip' : 'back';
}

/** Why a stage change or termination is refused (a 409/422 for the service). */
export type StageRefusal =
  | 'terminated'
  | 'same_stage'
  | 'partly_producing_before_started'
  | 'reason_required'
  | 'already_terminated'
  | 'date_in_future'
  | 'date_before_current';

/**
 * The outcome of a proposed change: allowed (and whether the move is one that must carry a
 * reason, so the service stores it), or refused with a code and a message.
 */
export type StageDecision = { ok: true; needsReason: boolean } | { ok: false; code: StageRefusal; message: string };

/** The outcome of a recorded stage: its move when allowed, or why it is refused. */
export type StageRecordDecision = { ok: true; move: StageMove } | { ok: false; code: StageRefusal; message: string };

/** True when `reason` has some non-whitespace text. */
export function isGivenReason(reason: string | null | undefined): reason is string {
  return typeof reason === 'string' && reason.trim().length > 0;
}

/**
 * Decides moving a project from its current confirmed stage to `proposed`.
 *
 * - nothing moves once the project is terminated (终止);
 * - one step forward is ordinary (no reason needed);
 * - skipping ahead (签约 → 开工) or going back needs a non-blank reason;
 * - 部分投产 is entered only from 开工 (it is a part of production that began after
 *   construction, never a way back from 投产), and may be followed by 投产;
 * - proposing the current stage again is refused (it would be a duplicate record).
 *
 * Pass no `reason` to ask whether one is needed: the refusal is then `reason_required`.
 */
export function decideStageChange(
  status: ProjectStatus,
  current: ProjectStage | null,
  proposed: ProjectStage,
  reason?: string | null,
): StageDecision {
  if (status === 'terminated') return { ok: false, code: 'terminated', message: 'the project is terminated; its stage no longer changes' };
  const move = classifyStageMove(current, proposed);
  if (move === 'same') return { ok: false, code: 'same_stage', message: `the project is already at stage ${proposed}` };
  if (proposed === 'partly_producing' && !hasPassed(current, 'started'))
    return {
      ok: false,
      code: 'partly_producing_before_started',
      message: 'partly_producing follows started (or is a move back from production); record started first',
    };
  const needsReason = move !== 'next';
  if (needsReason && !isGivenReason(reason))
    return {
      ok: false,
      code: 'reason_required',
      message: `${move === 'skip' ? 'skipping ahead' : 'going back'} from ${current ?? 'no stage'} to ${proposed} needs a reason`,
    };
  return { ok: true, needsReason };
}

/**
 * Decides a stage the project unit records on `today` (China days): the move rules of
 * `decideStageChange`, and its actual day must not lie in the future nor before the day of the
 * current stage — also when going back, which happens after the stage it undoes. So a project's
 * confirmed records, in the order they were confirmed, have non-decreasing days, and `stageAsOf`
 * may read them by day.
 */
export function decideStageRecord(input: {
  status: ProjectStatus;
  current: ProjectStage | null;
  currentDate: string | null;
  proposed: ProjectStage;
  actualDate: string;
  reason: string | null;
  today: string;
}): StageRecordDecision {
  const change = decideStageChange(input.status, input.current, input.proposed, input.reason);
  if (!change.ok) return change;
  if (input.actualDate > input.today)
    return { ok: false, code: 'date_in_future', message: `must not be in the future (today is ${input.today})` };
  if (input.currentDate && input.actualDate < input.currentDate)
    return { ok: false, code: 'date_before_current', message: `must not be before the day of the current stage (${input.currentDate})` };
  const move = classifyStageMove(input.current, input.proposed);
  return { ok: true, move: move === 'same' ? 'next' : move };
}

/** Decides terminating (终止) a project: it needs a non-blank reason and must not be terminated already. */
export function decideTermination(status: ProjectStatus, reason?: string | null): StageDecision {
  if (status === 'terminated') return { ok: false, code: 'already_terminated', message: 'the project is already terminated' };
  if (!isGivenReason(reason)) return { ok: false, code: 'reason_required', message: 'terminating a project needs a reason' };
  return { ok: true, needsReason: true };
}

/**
 * The stage a project was at on `asOf` (a China day, inclusive): the latest confirmed move whose
 * actual day is on or before that day (by day; on the same day the later record); null before any.
 *
 * The latest, not the furthest: the register records going back (投产 → 开工 when production
 * stops) as a confirmed move of its own, and from its day the project counts at the stage it went
 * back to — the register, the batch rates and the roll-ups all read one stage. A project at a
 * later stage has passed the earlier ones (the rates rely on it); `reachedOn` keeps the history
 * of what was once reached.
 */
export function stageAsOf(records: readonly StageRecord[], asOf: string): ProjectStage | null {
  let out: StageRecord | null = null;
  for (const r of records) {
    if (r.status !== 'confirmed' || r.actualDate > asOf) continue;
    if (out === null || r.actualDate >= out.actualDate) out = r;
  }
  return out?.stage ?? null;
}

/** The stage of the latest confirmed move whatever its date (the project's current stage). */
export function currentStage(records: readonly StageRecord[]): ProjectStage | null {
  return stageAsOf(records, '9999-12-31');
}

/**
 * The day a project reached `stage` (or passed it): the earliest actual date among its confirmed
 * records of that stage or a later one; null when it has not. A project recorded straight at 开工
 * thus reached 签约 no later than its 开工 day.
 */
export function reachedOn(records: readonly StageRecord[], stage: ProjectStage): string | null {
  let first: string | null = null;
  for (const r of records) {
    if (r.status !== 'confirmed' || !hasPassed(r.stage, stage)) continue;
    if (first === null || r.actualDate < first) first = r.actualDate;
  }
  return first;
}

/** A planned stage not reached in time. */
export interface LateStage {
  stage: ProjectStage;
  plannedDate: string;
  /** Whole days from the planned date to `day` (≥ 1). */
  daysLate: number;
}

const dayNumber = (day: string): number => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

/**
 * The planned stages that are late on `day`: the planned date has passed (it is before `day`; on
 * the planned day itself the stage is still in time) and the project had not reached that stage
 * or a later one by `day`. Ordered as the stages are.
 */
export function lateStages(plan: readonly PlannedStage[], records: readonly StageRecord[], day: string): LateStage[] {
  const reached = stageAsOf(records, day);
  return plan
    .filter((p) => p.plannedDate < day && !hasPassed(reached, p.stage))
    .sort((a, b) => stageIndex(a.stage) - stageIndex(b.stage))
    .map((p) => ({ stage: p.stage, plannedDate: p.plannedDate, daysLate: dayNumber(day) - dayNumber(p.plannedDate) }));
}
