import { CASE_SOURCES, OPEN_CASE_STATES, SEVERITIES, type CaseState } from '../../shared/case-enums.js';
import { chinaDay, isValidDay } from '../calendar/work-calendar.js';
import { coversUnit, type Actor } from '../policies/permissions.js';
import type { CaseCommand, CasePolicy, CaseSnapshot, Rejection } from './case-types.js';
import { findCategory } from './categories.js';
import { checkDeadlineOverride, parseDeadlineInput } from './deadline-rules.js';
import type { GuardName, Transition } from './transition-table.js';

/** What a guard may look at. `snap` is null only for report. */
export interface GuardContext {
  snap: CaseSnapshot | null;
  cmd: CaseCommand;
  actor: Actor;
  now: Date;
  policy: CasePolicy;
  transition: Transition;
}

/** A check: null to let the command through, or the refusal. */
export type Guard = (ctx: GuardContext) => Rejection | null;

/** Builds a refusal; `current` is filled in for 409s so the client can refresh. */
export function refuse(
  status: Rejection['status'],
  code: string,
  message: string,
  field?: string,
  current?: { state: CaseState; version: number },
): Rejection {
  return { ok: false, status, code, message, ...(field !== undefined ? { field } : {}), ...(current ? { current } : {}) };
}

/** True for a string with something other than white space in it. */
export function hasText(s: string | undefined): s is string {
  return typeof s === 'string' && s.trim().length > 0;
}

function current(snap: CaseSnapshot | null): { state: CaseState; version: number } | undefined {
  return snap ? { state: snap.state, version: snap.version } : undefined;
}

const UNIT_PATH = /^(\/\d+)+\/$/;

/** True when HQ reopens a closed case on the reporter's 不满意 (see `reopenClosed`). */
const reopeningOnRating = ({ snap, cmd }: GuardContext): boolean => snap?.state === 'closed' && cmd.afterDissatisfied === true;

// A reopening on a 不满意 rating has the rating as its evidence; everything else needs a photo.
const evidence: Guard = (ctx) =>
  reopeningOnRating(ctx) || (Number.isInteger(ctx.cmd.evidenceCount) && (ctx.cmd.evidenceCount ?? 0) >= 1)
    ? null
    : refuse(422, 'evidence_required', 'at least one photo is required', 'evidence');

const reason: Guard = ({ cmd }) => (hasText(cmd.reason) ? null : refuse(422, 'reason_required', 'a reason is required', 'reason'));

/** The checks named in the transition table. */
export const GUARDS: Readonly<Record<GuardName, Guard>> = {
  newCase: ({ cmd, policy }) => {
    if (!Number.isInteger(cmd.caseId) || (cmd.caseId ?? 0) < 1)
      return refuse(422, 'invalid_input', 'caseId must be a positive integer', 'caseId');
    if (!cmd.source || !CASE_SOURCES.includes(cmd.source))
      return refuse(422, 'invalid_input', `source must be one of ${CASE_SOURCES.join(', ')}`, 'source');
    if (!cmd.categoryCode || !findCategory(policy.categories, cmd.categoryCode))
      return refuse(422, 'invalid_input', 'unknown category', 'categoryCode');
    if (!cmd.severity || !SEVERITIES.includes(cmd.severity))
      return refuse(422, 'invalid_input', `severity must be one of ${SEVERITIES.join(', ')}`, 'severity');
    return null;
  },

  reclassify: ({ cmd, policy }) => {
    if (cmd.categoryCode !== undefined && !findCategory(policy.categories, cmd.categoryCode))
      return refuse(422, 'invalid_input', 'unknown category', 'categoryCode');
    if (cmd.severity !== undefined && !SEVERITIES.includes(cmd.severity))
      return refuse(422, 'invalid_input', `severity must be one of ${SEVERITIES.join(', ')}`, 'severity');
    return null;
  },

  reason,
  evidence,
  evidenceIfInspection: (ctx) => (ctx.cmd.source === 'inspection' ? evidence(ctx) : null),

  // A grant covers its unit's subtree, so a district's head can act on cases of the
  // district's bureaus, and a handler of one bureau cannot touch another's cases.
  unitScope: ({ snap, actor, transition }) => {
    const path = snap?.assignedUnitPath;
    const ok = !!path && actor.grants.some((g) => transition.roles.includes(g.role) && coversUnit(g.unitPath, path));
    return ok ? null : refuse(403, 'out_of_scope', 'the case is not assigned to a unit you work for');
  },

  // 403 rather than 422: nothing the person can add to the request makes it
  // acceptable; it is who they are that is not allowed (DOMAIN.md §3.2).
  verifierNotRectifier: ({ snap, actor }) =>
    snap?.lastRectifierId === actor.userId
      ? refuse(403, 'verifier_is_rectifier', 'the person who rectified a case cannot verify it')
      : null,

  dispatchTarget: ({ cmd }) => {
    if (!Number.isInteger(cmd.unitId) || (cmd.unitId ?? 0) < 1)
      return refuse(422, 'invalid_input', 'a responsible unit is required', 'unitId');
    if (!cmd.unitPath || !UNIT_PATH.test(cmd.unitPath)) return refuse(422, 'invalid_input', 'unitPath must look like /1/12/', 'unitPath');
    if (!cmd.unitPath.endsWith(`/${cmd.unitId}/`)) return refuse(422, 'invalid_input', 'unitPath does not end with unitId', 'unitPath');
    return null;
  },

  deadlineOverride: ({ cmd, now }) => {
    if (cmd.deadline === undefined) return null;
    const d = parseDeadlineInput(cmd.deadline);
    if (!d) return refuse(422, 'invalid_input', 'deadline must be a date (YYYY-MM-DD) or an ISO instant with a zone', 'deadline');
    const why = checkDeadlineOverride(d, now);
    if (why) return refuse(422, 'deadline_in_past', why, 'deadline');
    return hasText(cmd.reason) ? null : refuse(422, 'reason_required', 'overriding the deadline requires a reason', 'reason');
  },

  mergeTarget: ({ snap, cmd }) => {
    const t = cmd.target;
    if (!t) return refuse(422, 'invalid_input', 'the case to merge into is required', 'target');
    if (t.id === snap?.id) return refuse(422, 'invalid_input', 'a case cannot be merged into itself', 'target');
    if (!OPEN_CASE_STATES.includes(t.state))
      return refuse(409, 'target_not_open', `case ${t.id} is ${t.state} and cannot absorb duplicates`, 'target');
    return null;
  },

  extensionRequest: ({ snap, cmd, now }) => {
    if (snap?.pendingExtension)
      return refuse(409, 'extension_pending', 'an extension request is already waiting for a decision', undefined, current(snap));
    const d = cmd.requestedDeadline === undefined ? null : parseDeadlineInput(cmd.requestedDeadline);
    if (!d)
      return refuse(
        422,
        'invalid_input',
        'requestedDeadline must be a date (YYYY-MM-DD) or an ISO instant with a zone',
        'requestedDeadline',
      );
    const why = checkDeadlineOverride(d, now);
    if (why) return refuse(422, 'deadline_in_past', why, 'requestedDeadline');
    if (snap?.deadline && d.getTime() <= Date.parse(snap.deadline)) {
      return refuse(422, 'not_after_deadline', 'the requested deadline must be after the current one', 'requestedDeadline');
    }
    return null;
  },

  extensionPending: ({ snap }) =>
    snap?.pendingExtension
      ? null
      : refuse(409, 'no_pending_extension', 'there is no extension request to decide', undefined, current(snap)),

  reviewDate: ({ cmd, now }) => {
    if (!cmd.reviewDate || !isValidDay(cmd.reviewDate))
      return refuse(422, 'invalid_input', 'reviewDate must be a YYYY-MM-DD date', 'reviewDate');
    // Days compare as strings; "today" is the China date, not the server's.
    if (cmd.reviewDate < chinaDay(now)) return refuse(422, 'invalid_input', 'reviewDate must not be in the past', 'reviewDate');
    return null;
  },

  // A closed case is done unless its reporter was not satisfied and HQ, reviewing that,
  // decides the work must be redone (issue 15, 回访). The generic act route never sets
  // `afterDissatisfied`, so a closed case is reopened only through the satisfaction review.
  reopenClosed: (ctx) => {
    const { snap, actor } = ctx;
    if (snap?.state !== 'closed') return null;
    if (!actor.grants.some((g) => g.role === 'hq_dispatcher'))
      return refuse(403, 'role_not_allowed', 'only HQ reopens a closed case', undefined, current(snap));
    return reopeningOnRating(ctx)
      ? null
      : refuse(409, 'not_dissatisfied', 'a closed case is reopened only on a 不满意 rating under review', undefined, current(snap));
  },
};
