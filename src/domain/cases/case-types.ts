import type { CaseAction, CaseSource, CaseState, Severity } from '../../shared/case-enums.js';
import { DEFAULT_WORK_CALENDAR, type WorkCalendar } from '../calendar/work-calendar.js';
import { DEFAULT_CATEGORIES, type CaseCategory } from './categories.js';
import { DEFAULT_SEVERITY_RULES, type DeadlineRule } from './deadline-rules.js';

/**
 * Types of the case state machine: the snapshot (current state of one case), the
 * command (what a person asks for), the event (what happened, append-only) and the
 * decision (event + next snapshot, or a refusal with an HTTP-ready status).
 * All instants are ISO-8601 UTC strings so snapshots and events serialise as-is.
 */

/** An extension request waiting for HQ. */
export interface PendingExtension {
  requestedDeadline: string;
  reason: string;
  requestedBy: number;
  requestedAt: string;
}

/**
 * Everything the rules need to know about a case, and nothing they do not
 * (descriptions, photos and locations live elsewhere). It is a pure fold of the
 * case's events ({@link CaseEvent}), see `replay`.
 */
export interface CaseSnapshot {
  id: number;
  state: CaseState;
  /** Number of events so far; the next event gets version + 1. */
  version: number;
  source: CaseSource;
  categoryCode: string;
  severity: Severity;
  assignedUnitId: number | null;
  /** Materialized path of the assigned unit (e.g. `/1/40/`), for unit-scope checks. */
  assignedUnitPath: string | null;
  /** Deadline in force, ISO; null until dispatched. */
  deadline: string | null;
  /** Start of the current clock: last dispatch, re-dispatch or reopening. */
  dispatchedAt: string | null;
  /** First dispatch ever: fixes the case's cohort day for the indicators. */
  firstDispatchedAt: string | null;
  lastRectifierId: number | null;
  lastRectifiedAt: string | null;
  /** Whether the last rectification was no later than the deadline then in force. */
  lastRectifiedOnTime: boolean | null;
  /** Number of verify_reopen events (返工). */
  reopenCount: number;
  /** Number of return events (退回). */
  returnCount: number;
  /** Number of re-dispatches that sent the case to a different unit than the one that returned it. */
  rerouteCount: number;
  pendingExtension: PendingExtension | null;
  /** Number of approved extensions. */
  extensionCount: number;
  /** State to go back to on resume; set only while suspended. */
  suspendedFrom: CaseState | null;
  /** Date (YYYY-MM-DD) HQ plans to review a suspended case. */
  reviewDate: string | null;
  /** First rectification since the case was (re)dispatched to its current unit. */
  handledAt: string | null;
  /** Whether {@link handledAt} was no later than the deadline then in force. */
  handledOnTime: boolean | null;
  closedAt: string | null;
  /** Whether the rectification that was verified was on time (see indicators). */
  closedOnTime: boolean | null;
  lastVerifierId: number | null;
  mergedIntoId: number | null;
}

/**
 * A request to move a case. One shape for every action, with the fields each
 * action needs marked optional, because commands come from untrusted input and the
 * guards must be able to name a missing field (422) rather than fail to type-check.
 */
export interface CaseCommand {
  action: CaseAction;
  /** The version of the case the person saw; required for every action except report. */
  version?: number;
  /** report: id the service allocated for the new case. */
  caseId?: number;
  /** report. */
  source?: CaseSource;
  /** report; accept (reclassify). */
  categoryCode?: string;
  /** report; accept (reclassify). */
  severity?: Severity;
  /** dispatch, redispatch: the unit the case goes to. */
  unitId?: number;
  unitPath?: string;
  /** dispatch, redispatch, verify_reopen: a deadline chosen instead of the rule's (needs a reason). */
  deadline?: string;
  /** The justification for actions that require one. */
  reason?: string;
  /** Free text for actions that do not require a reason. */
  note?: string;
  /** Number of photos attached (the service counts stored files, never trusts the client). */
  evidenceCount?: number;
  /** request_extension: the deadline asked for. */
  requestedDeadline?: string;
  /** suspend: YYYY-MM-DD on which HQ will look at the case again. */
  reviewDate?: string;
  /** merge: the case this one duplicates, as the service loaded it. */
  target?: { id: number; state: CaseState } | null;
  /**
   * verify_reopen of a closed case: set by the satisfaction review only, after checking
   * that the reporter rated the result 不满意 (never taken from a request body).
   */
  afterDissatisfied?: boolean;
}

/** Action-specific facts an event carries so that replay needs nothing else. */
export interface CaseEventData {
  source?: CaseSource;
  categoryCode?: string;
  severity?: Severity;
  unitPath?: string;
  /** True when the deadline was chosen by hand rather than by the rule. */
  deadlineOverridden?: boolean;
  /** verify_reopen: the case was closed and is reopened on the reporter's 不满意 (回访). */
  afterDissatisfied?: boolean;
  targetCaseId?: number;
  reviewDate?: string;
  requestedDeadline?: string;
}

/** One append-only entry of a case's history. Exactly one per accepted command. */
export interface CaseEvent {
  caseId: number;
  /** The case's version after this event (1 for the report). */
  version: number;
  action: CaseAction;
  /** Null for the report that creates the case. */
  fromState: CaseState | null;
  toState: CaseState;
  actorId: number;
  at: string;
  /** The reason, or else the free-text note. */
  note: string | null;
  evidenceCount: number;
  deadlineBefore: string | null;
  deadlineAfter: string | null;
  unitBefore: number | null;
  unitAfter: number | null;
  data: CaseEventData;
}

/** A refused command, ready to become an HTTP error. Nothing is written. */
export interface Rejection {
  ok: false;
  status: 403 | 409 | 422;
  /** Stable machine-readable code, e.g. `stale_version`, `reason_required`. */
  code: string;
  /** The command field at fault, for 422s. */
  field?: string;
  message: string;
  /** For 409s: where the case actually stands, so the client can refresh. */
  current?: { state: CaseState; version: number };
}

/** An accepted command: the event to append and the snapshot it produces. */
export interface Acceptance {
  ok: true;
  event: CaseEvent;
  next: CaseSnapshot;
}

/** Outcome of `decide`. */
export type Decision = Rejection | Acceptance;

/** Configuration the machine needs to compute deadlines and validate categories. */
export interface CasePolicy {
  calendar: WorkCalendar;
  severityRules: Readonly<Record<Severity, DeadlineRule>>;
  categories: readonly CaseCategory[];
}

/** The shipped defaults: 2025–2026 calendar, severity rules, default categories. */
export const DEFAULT_CASE_POLICY: CasePolicy = {
  calendar: DEFAULT_WORK_CALENDAR,
  severityRules: DEFAULT_SEVERITY_RULES,
  categories: DEFAULT_CATEGORIES,
};
