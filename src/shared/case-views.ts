import type { CaseAction, CaseSource, CaseState, Severity } from './case-enums.js';

/**
 * Wire shapes of the case workflow shared by server and web, so the API and the
 * app cannot drift apart. Only plain data; no server code.
 */

/** An extension request waiting for HQ. */
export interface PendingExtension {
  requestedDeadline: string;
  reason: string;
  requestedBy: number;
  requestedAt: string;
}

/** A case in lists, queues and inboxes. */
export interface CaseListItem {
  id: number;
  number: string;
  state: CaseState;
  version: number;
  source: CaseSource;
  categoryCode: string;
  severity: Severity;
  description: string;
  address: string | null;
  lon: number | null;
  lat: number | null;
  assignedUnitId: number | null;
  assignedUnitName: string | null;
  deadline: string | null;
  overdue: boolean;
  /** Milliseconds until the deadline (negative when overdue); null without one. */
  remainingMs: number | null;
  pendingExtension: PendingExtension | null;
  reopenCount: number;
  createdAt: string;
  updatedAt: string;
}

/** What an actor sends to move a case; `version` is the one the person saw. */
export interface ActCommand {
  action: Exclude<CaseAction, 'report'>;
  version: number;
  unitId?: number;
  deadline?: string;
  reason?: string;
  note?: string;
  requestedDeadline?: string;
  reviewDate?: string;
  targetCaseId?: number;
  categoryCode?: string;
  severity?: Severity;
}

/**
 * Who did something on a case, as a reporter without staff rights is told it: a role or
 * unit label instead of a staff member's name (a citizen learns what happened, not who).
 */
export const EVENT_ACTOR_KINDS = ['reporter', 'center', 'unit', 'verifier', 'system'] as const;
/** One of {@link EVENT_ACTOR_KINDS}. */
export type EventActorKind = (typeof EVENT_ACTOR_KINDS)[number];

/** Chinese and English names of {@link EVENT_ACTOR_KINDS}. */
export const EVENT_ACTOR_LABELS: Record<EventActorKind, { zh: string; en: string }> = {
  reporter: { zh: '本人', en: 'You' },
  center: { zh: '指挥中心', en: 'Command centre' },
  unit: { zh: '责任单位', en: 'Responsible unit' },
  verifier: { zh: '核查人员', en: 'Verifier' },
  system: { zh: '系统', en: 'System' },
};
