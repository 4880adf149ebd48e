/**
 * Which cases escalate and which letters count: the rules the sweep's decisions and the
 * repositories' filters share (the queries apply them; they are decided here).
 */

import type { CaseState } from '../../shared/case-enums.js';

/**
 * States in which the responsible unit owes work on a case: the only ones that escalate.
 * A case waiting for HQ (returned, rectified, suspended) is not the unit's delay.
 */
export const OWED_STATES = ['dispatched', 'acknowledged'] as const satisfies readonly CaseState[];

/** Whether the unit owes work on a case in `state` (see {@link OWED_STATES}). */
export function isOwed(state: string): boolean {
  return (OWED_STATES as readonly string[]).includes(state);
}

/**
 * The deadline the unit is held to in `state`: the case's deadline while it owes work, else
 * null. Stored as `cases.owed_deadline`, whose index the escalation sweep reads overdue cases
 * through, so that its size follows the open work, not the history.
 */
export function owedDeadline(state: string, deadline: string | null): string | null {
  return isOwed(state) ? deadline : null;
}

/**
 * Letters that went out (issued, possibly withdrawn since; never drafts): the ones a unit
 * sees, and the ones the ladder's chained rungs look back at.
 */
export const SENT_STATUSES = ['issued', 'withdrawn'] as const;

/** The status of the letters a later letter cites: in force (a withdrawn letter is not cited). */
export const CITED_STATUS = 'issued';
