import type { CaseAction, CaseState } from '../../shared/case-enums.js';
import type { Role } from '../../shared/enums.js';

/**
 * The case state machine of DOMAIN.md §3.2 as data. `decide` reads this table and
 * nothing else to know who may do what from where; the guards named here are
 * implemented in guards.ts. Keeping it as data lets the tests walk every row and
 * lets the web app show only the buttons the table allows.
 */

/**
 * Named checks run, in the listed order, after role, version and state:
 * - `newCase`: a report names a valid id, source, category and severity.
 * - `reclassify`: accept may correct category/severity; any given must be valid.
 * - `reason`: a non-empty reason (422 `reason`).
 * - `evidence`: at least one photo (422 `evidence`).
 * - `evidenceIfInspection`: evidence, but only for reports from inspection.
 * - `unitScope`: the actor holds an allowed role on a unit whose path covers the
 *   case's assigned unit (403).
 * - `verifierNotRectifier`: the actor is not the last rectifier (403).
 * - `dispatchTarget`: a unit id and path to dispatch to (422).
 * - `deadlineOverride`: an optional hand-picked deadline must parse, lie in the
 *   future and come with a reason (422).
 * - `mergeTarget`: the target is another case and still open.
 * - `extensionRequest`: none pending (409); the date is after the current deadline and now (422).
 * - `extensionPending`: a request is pending (409).
 * - `reviewDate`: a suspension names a review date not in the past (422).
 * - `reopenClosed`: reopening a CLOSED case (issue 15, 回访): only HQ (403), and only when
 *   the service vouches that the reporter rated the result 不满意 and HQ reviews that
 *   rating (409 `not_dissatisfied` otherwise). The rating is then the evidence: no photo is
 *   required. From `rectified` it lets everything through.
 */
export type GuardName =
  | 'newCase'
  | 'reclassify'
  | 'reason'
  | 'evidence'
  | 'evidenceIfInspection'
  | 'unitScope'
  | 'verifierNotRectifier'
  | 'dispatchTarget'
  | 'deadlineOverride'
  | 'mergeTarget'
  | 'extensionRequest'
  | 'extensionPending'
  | 'reviewDate'
  | 'reopenClosed';

/**
 * How the deadline moves: `keep` it, `assign` a new one (rule or override, from
 * now), or `extend` to the pending request's date. Only dispatch, redispatch,
 * verify_reopen (assign) and approve_extension (extend) move it.
 */
export type DeadlineEffect = 'keep' | 'assign' | 'extend';

/** Whether the action assigns the case to the unit named in the command. */
export type UnitEffect = 'keep' | 'assign';

/** One row of the table. */
export interface Transition {
  action: CaseAction;
  /** States the action applies to; `null` means "no case yet" (report creates it). */
  from: readonly (CaseState | null)[];
  /** Target state; `same` keeps the state, `previous` goes back to the state before suspension. */
  to: CaseState | 'same' | 'previous';
  /** Roles allowed, on any unit unless `unitScope` is among the guards. */
  roles: readonly Role[];
  guards: readonly GuardName[];
  deadline: DeadlineEffect;
  unit: UnitEffect;
}

// The project side raises obstacles (要素保障) as cases: the project unit, its work team, the projects office.
const REPORTERS: readonly Role[] = ['inspector', 'hq_dispatcher', 'citizen', 'project_owner', 'work_team', 'projects_office'];
const HQ: readonly Role[] = ['hq_dispatcher'];
const UNIT: readonly Role[] = ['unit_handler', 'unit_head'];
const VERIFIERS: readonly Role[] = ['inspector', 'hq_dispatcher'];
const WORKING: readonly CaseState[] = ['dispatched', 'acknowledged'];

function row(
  action: CaseAction,
  from: readonly (CaseState | null)[],
  to: Transition['to'],
  roles: readonly Role[],
  guards: readonly GuardName[] = [],
  deadline: DeadlineEffect = 'keep',
  unit: UnitEffect = 'keep',
): Transition {
  return { action, from, to, roles, guards, deadline, unit };
}

/**
 * The transition table. Guard order is the order of the error a person sees first:
 * permission problems (403) before conflicts (409) before missing input (422).
 */
export const TRANSITIONS: Readonly<Record<CaseAction, Transition>> = {
  report: row('report', [null], 'reported', REPORTERS, ['newCase', 'evidenceIfInspection']),
  accept: row('accept', ['reported'], 'accepted', HQ, ['reclassify']),
  reject: row('reject', ['reported'], 'rejected', HQ, ['reason']),
  dispatch: row('dispatch', ['accepted'], 'dispatched', HQ, ['dispatchTarget', 'deadlineOverride'], 'assign', 'assign'),
  redispatch: row('redispatch', ['returned'], 'dispatched', HQ, ['dispatchTarget', 'deadlineOverride'], 'assign', 'assign'),
  merge: row('merge', ['reported', 'accepted'], 'merged', HQ, ['mergeTarget']),
  acknowledge: row('acknowledge', ['dispatched'], 'acknowledged', UNIT, ['unitScope']),
  rectify: row('rectify', ['acknowledged'], 'rectified', UNIT, ['unitScope', 'evidence']),
  return: row('return', WORKING, 'returned', UNIT, ['unitScope', 'reason']),
  request_extension: row('request_extension', WORKING, 'same', UNIT, ['unitScope', 'extensionRequest', 'reason']),
  approve_extension: row('approve_extension', WORKING, 'same', HQ, ['extensionPending'], 'extend'),
  deny_extension: row('deny_extension', WORKING, 'same', HQ, ['extensionPending', 'reason']),
  verify_close: row('verify_close', ['rectified'], 'closed', VERIFIERS, ['verifierNotRectifier', 'evidence']),
  // From `closed` only on a 不满意 rating under HQ's review (guard reopenClosed): back to the
  // same unit with a fresh deadline, counted as rework like a failed verification.
  verify_reopen: row(
    'verify_reopen',
    ['rectified', 'closed'],
    'dispatched',
    VERIFIERS,
    ['reopenClosed', 'verifierNotRectifier', 'evidence', 'reason', 'deadlineOverride'],
    'assign',
  ),
  suspend: row('suspend', ['accepted', 'dispatched', 'acknowledged', 'returned'], 'suspended', HQ, ['reason', 'reviewDate']),
  resume: row('resume', ['suspended'], 'previous', HQ),
};

/** Actions the table allows from `state` (ignoring roles and guards); for menus and tests. */
export function actionsFrom(state: CaseState | null): CaseAction[] {
  return Object.values(TRANSITIONS)
    .filter((t) => t.from.includes(state))
    .map((t) => t.action);
}

/** True when the action needs a written reason (the deadline override's reason is conditional and not included). */
export function requiresReason(action: CaseAction): boolean {
  return TRANSITIONS[action].guards.includes('reason');
}

/** True when the action needs at least one photo (report only when from inspection). */
export function requiresEvidence(action: CaseAction): boolean {
  return TRANSITIONS[action].guards.includes('evidence');
}
