import type { CaseState } from '../../shared/case-enums.js';
import type { Actor } from '../policies/permissions.js';
import {
  DEFAULT_CASE_POLICY,
  type CaseCommand,
  type CaseEvent,
  type CaseEventData,
  type CasePolicy,
  type CaseSnapshot,
  type Decision,
} from './case-types.js';
import { deadlineRuleFor, findCategory } from './categories.js';
import { computeDeadline, parseDeadlineInput } from './deadline-rules.js';
import { GUARDS, hasText, refuse } from './guards.js';
import { TRANSITIONS, type Transition } from './transition-table.js';

/**
 * The case state machine: `decide` turns a command into exactly one event (or a
 * refusal), and `applyEvent` / `replay` fold events into snapshots. `decide` builds
 * its next snapshot with `applyEvent` too, so the state can only ever change
 * through an event and the event log alone reproduces every snapshot.
 */

// Re-exported so services and tests import the whole machine from one module.
export * from './case-types.js';
/** The transition table and its helpers (see transition-table.ts). */
export { TRANSITIONS, actionsFrom, requiresEvidence, requiresReason, type Transition, type GuardName } from './transition-table.js';

/** States in which an extension request stays meaningful; leaving them drops a pending one. */
const WORKING_STATES: readonly CaseState[] = ['dispatched', 'acknowledged'];

/**
 * Decides a command against the case as it stands.
 *
 * Checks, in order: known action (422), role held anywhere (403), version (409
 * `stale_version`), state (409 `invalid_transition`), then the row's guards
 * (unit scope and verifier ≠ rectifier 403, pending extension 409, missing reason,
 * evidence or fields 422). On success returns the single event to append and the
 * snapshot it produces. Pure: `now` is the clock, `policy` the configuration.
 *
 * @param snap the case, or null for a report (which creates it)
 */
export function decide(
  snap: CaseSnapshot | null,
  cmd: CaseCommand,
  actor: Actor,
  now: Date,
  policy: CasePolicy = DEFAULT_CASE_POLICY,
): Decision {
  const t = (TRANSITIONS as Partial<Record<string, Transition>>)[cmd.action];
  if (!t) return refuse(422, 'unknown_action', `unknown action ${String(cmd.action)}`, 'action');
  if (!actor.grants.some((g) => t.roles.includes(g.role))) {
    return refuse(403, 'role_not_allowed', `${t.action} needs one of the roles ${t.roles.join(', ')}`);
  }
  const cur = snap ? { state: snap.state, version: snap.version } : undefined;
  if (snap) {
    if (!Number.isInteger(cmd.version)) return refuse(422, 'invalid_input', 'the case version acted on is required', 'version');
    if (cmd.version !== snap.version) {
      return refuse(
        409,
        'stale_version',
        `the case changed since you loaded it (now version ${snap.version}, ${snap.state})`,
        undefined,
        cur,
      );
    }
  }
  const from = snap?.state ?? null;
  if (!t.from.includes(from)) {
    const what = snap ? `a ${snap.state} case` : 'a case that does not exist yet';
    return refuse(409, 'invalid_transition', `cannot ${t.action} ${what}`, undefined, cur);
  }
  for (const name of t.guards) {
    const r = GUARDS[name]({ snap, cmd, actor, now, policy, transition: t });
    if (r) return r;
  }
  const toState = t.to === 'same' ? from : t.to === 'previous' ? (snap?.suspendedFrom ?? null) : t.to;
  // Only a corrupted snapshot (resume without suspendedFrom) can get here.
  if (toState === null) return refuse(409, 'invalid_transition', 'the state to resume to is unknown', undefined, cur);

  const event: CaseEvent = {
    caseId: snap?.id ?? (cmd.caseId as number),
    version: (snap?.version ?? 0) + 1,
    action: t.action,
    fromState: from,
    toState,
    actorId: actor.userId,
    at: now.toISOString(),
    note: hasText(cmd.reason) ? cmd.reason.trim() : hasText(cmd.note) ? cmd.note.trim() : null,
    evidenceCount: Number.isInteger(cmd.evidenceCount) && (cmd.evidenceCount ?? 0) > 0 ? (cmd.evidenceCount as number) : 0,
    deadlineBefore: snap?.deadline ?? null,
    deadlineAfter: nextDeadline(t, snap, cmd, now, policy),
    unitBefore: snap?.assignedUnitId ?? null,
    unitAfter: t.unit === 'assign' ? (cmd.unitId as number) : (snap?.assignedUnitId ?? null),
    data: eventData(t, snap, cmd),
  };
  return { ok: true, event, next: applyEvent(snap, event) };
}

/** The deadline after the action: kept, assigned from rule/override, or extended. */
function nextDeadline(t: Transition, snap: CaseSnapshot | null, cmd: CaseCommand, now: Date, policy: CasePolicy): string | null {
  if (t.deadline === 'extend') return snap?.pendingExtension?.requestedDeadline ?? snap?.deadline ?? null;
  if (t.deadline === 'keep' || !snap) return snap?.deadline ?? null;
  // Guards have validated an override already; parse again only to normalise it.
  const override = cmd.deadline !== undefined ? parseDeadlineInput(cmd.deadline) : null;
  if (override) return override.toISOString();
  const rule = deadlineRuleFor(findCategory(policy.categories, snap.categoryCode), snap.severity, policy.severityRules);
  return computeDeadline(rule, now, policy.calendar).toISOString();
}

/** The facts replay needs beyond the common event fields. */
function eventData(t: Transition, snap: CaseSnapshot | null, cmd: CaseCommand): CaseEventData {
  switch (t.action) {
    case 'report':
      return { source: cmd.source, categoryCode: cmd.categoryCode, severity: cmd.severity };
    case 'accept':
      return { categoryCode: cmd.categoryCode ?? snap?.categoryCode, severity: cmd.severity ?? snap?.severity };
    case 'dispatch':
    case 'redispatch':
      return { unitPath: cmd.unitPath, deadlineOverridden: cmd.deadline !== undefined };
    case 'verify_reopen':
      return { deadlineOverridden: cmd.deadline !== undefined, ...(snap?.state === 'closed' ? { afterDissatisfied: true } : {}) };
    case 'merge':
      return { targetCaseId: cmd.target?.id };
    case 'suspend':
      return { reviewDate: cmd.reviewDate };
    case 'request_extension':
      return { requestedDeadline: parseDeadlineInput(cmd.requestedDeadline ?? '')?.toISOString() };
    case 'approve_extension':
      return { requestedDeadline: snap?.pendingExtension?.requestedDeadline };
    default:
      return {};
  }
}

/** Thrown when an event log does not fit together (wrong version, state or order). */
export class CaseLogError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaseLogError';
  }
}

function onTime(at: string, deadline: string | null): boolean {
  return deadline === null || Date.parse(at) <= Date.parse(deadline);
}

/**
 * The snapshot after `event`. The only place a snapshot changes; shared by
 * `decide` and `replay` so the two cannot drift apart. Throws {@link CaseLogError}
 * when the event does not follow the snapshot (a corrupted or reordered log).
 */
export function applyEvent(snap: CaseSnapshot | null, e: CaseEvent): CaseSnapshot {
  if (e.action === 'report') {
    if (snap) throw new CaseLogError(`case ${snap.id}: a second report event`);
    const { source, categoryCode, severity } = e.data;
    if (!source || !categoryCode || !severity) throw new CaseLogError(`case ${e.caseId}: report event lacks source, category or severity`);
    return {
      id: e.caseId,
      state: e.toState,
      version: e.version,
      source,
      categoryCode,
      severity,
      assignedUnitId: null,
      assignedUnitPath: null,
      deadline: null,
      dispatchedAt: null,
      firstDispatchedAt: null,
      lastRectifierId: null,
      lastRectifiedAt: null,
      lastRectifiedOnTime: null,
      reopenCount: 0,
      returnCount: 0,
      rerouteCount: 0,
      pendingExtension: null,
      extensionCount: 0,
      suspendedFrom: null,
      reviewDate: null,
      handledAt: null,
      handledOnTime: null,
      closedAt: null,
      closedOnTime: null,
      lastVerifierId: null,
      mergedIntoId: null,
    };
  }
  if (!snap) throw new CaseLogError(`case ${e.caseId}: ${e.action} before the report`);
  if (e.caseId !== snap.id || e.version !== snap.version + 1 || e.fromState !== snap.state) {
    throw new CaseLogError(
      `case ${snap.id} v${snap.version} (${snap.state}): event v${e.version} ${e.action} from ${e.fromState} does not follow`,
    );
  }
  const s: CaseSnapshot = { ...snap, state: e.toState, version: e.version, deadline: e.deadlineAfter, assignedUnitId: e.unitAfter };
  if (!WORKING_STATES.includes(e.toState)) s.pendingExtension = null;
  switch (e.action) {
    case 'accept':
      s.categoryCode = e.data.categoryCode ?? s.categoryCode;
      s.severity = e.data.severity ?? s.severity;
      break;
    case 'dispatch':
    case 'redispatch':
      s.assignedUnitPath = e.data.unitPath ?? null;
      s.dispatchedAt = e.at;
      s.firstDispatchedAt ??= e.at;
      // A new dispatch is a new assignment: handling is judged afresh for it.
      s.handledAt = null;
      s.handledOnTime = null;
      if (e.action === 'redispatch' && e.unitAfter !== e.unitBefore) s.rerouteCount += 1;
      break;
    case 'merge':
      s.mergedIntoId = e.data.targetCaseId ?? null;
      break;
    case 'rectify': {
      const ok = onTime(e.at, e.deadlineBefore);
      s.lastRectifierId = e.actorId;
      s.lastRectifiedAt = e.at;
      s.lastRectifiedOnTime = ok;
      if (s.handledAt === null) {
        s.handledAt = e.at;
        s.handledOnTime = ok;
      }
      break;
    }
    case 'return':
      s.returnCount += 1;
      break;
    case 'request_extension':
      s.pendingExtension = {
        requestedDeadline: e.data.requestedDeadline ?? '',
        reason: e.note ?? '',
        requestedBy: e.actorId,
        requestedAt: e.at,
      };
      break;
    case 'approve_extension':
      s.pendingExtension = null;
      s.extensionCount += 1;
      break;
    case 'deny_extension':
      s.pendingExtension = null;
      break;
    case 'verify_close':
      s.closedAt = e.at;
      s.closedOnTime = s.lastRectifiedOnTime ?? false;
      s.lastVerifierId = e.actorId;
      break;
    case 'verify_reopen':
      // Rework restarts the clock at the same unit; handledAt stays (see indicators). A
      // closed case reopened on a 不满意 is open again: no longer counted as closed.
      s.reopenCount += 1;
      s.closedAt = null;
      s.closedOnTime = null;
      s.dispatchedAt = e.at;
      s.lastVerifierId = e.actorId;
      break;
    case 'suspend':
      s.suspendedFrom = snap.state;
      s.reviewDate = e.data.reviewDate ?? null;
      break;
    case 'resume':
      s.suspendedFrom = null;
      s.reviewDate = null;
      break;
    default: // reject, acknowledge: the common fields say it all
      break;
  }
  return s;
}

/**
 * Folds a case's events, oldest first, into its snapshot. Used to recompute
 * snapshots and aggregates from the log and by the property tests.
 * Throws {@link CaseLogError} on an empty or inconsistent log.
 */
export function replay(events: readonly CaseEvent[]): CaseSnapshot {
  let s: CaseSnapshot | null = null;
  for (const e of events) s = applyEvent(s, e);
  if (!s) throw new CaseLogError('no events to replay');
  return s;
}
