import { TRANSITIONS } from '../../domain/cases/transition-table.js';
import type { CaseAction, EventActorKind } from '../../shared/case-enums.js';

/** The parts of a timeline event that can name a person. */
interface NamedEvent {
  action: string;
  actorId: number | null;
  actorName: string | null;
  actorKind?: EventActorKind;
}

/**
 * What kind of actor did an event, judged from the transition table's roles for the
 * action, so a new action is labelled without touching this file.
 */
export function actorKindOf(action: string, actorId: number | null, reporterId: number | null): EventActorKind {
  if (actorId === null) return 'system';
  if (reporterId !== null && actorId === reporterId) return 'reporter';
  const t = TRANSITIONS[action as CaseAction];
  if (!t) return 'center';
  if (t.roles.every((r) => r === 'unit_handler' || r === 'unit_head')) return 'unit';
  if (t.roles.includes('inspector') && t.roles.includes('hq_dispatcher') && t.action !== 'report') return 'verifier';
  return 'center';
}

/**
 * The timeline as a reporter without staff rights may see it: staff are named by role or
 * unit ("指挥中心", "责任单位") and their ids are dropped; the reporter's own entries stay theirs.
 */
export function redactForReporter<E extends NamedEvent>(events: E[], reporterId: number | null): E[] {
  return events.map((e) => {
    const kind = actorKindOf(e.action, e.actorId, reporterId);
    return kind === 'reporter' ? { ...e, actorKind: kind } : { ...e, actorId: null, actorName: null, actorKind: kind };
  });
}
