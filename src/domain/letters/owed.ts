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
