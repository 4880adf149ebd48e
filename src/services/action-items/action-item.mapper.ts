import type { ActionItemLetterRead, ActionItemRead } from '../../db/repositories/action-item.repository.js';
import { canEscalate, progressAt } from '../../domain/action-items/action-item-rules.js';
import { formatIssueNumber } from '../../domain/briefings/briefing-period.js';
import { can, type Actor } from '../../domain/policies/permissions.js';
import type { ActionItemStatus } from '../../shared/action-item-enums.js';
import type { ActionItem } from '../../shared/contracts/action-items.contract.js';

/** What an item is shown with besides its row. */
export interface ActionItemExtras {
  files: { id: number; mime: string; created_at: string }[];
  letters: ActionItemLetterRead[];
  names: ReadonlyMap<number, string>;
}

/** An item as the actor sees it at `now`: progress derived from the deadline, and what the actor may do. */
export function actionItemView(r: ActionItemRead, x: ActionItemExtras, actor: Actor, now: Date): ActionItem {
  const status = r.status as ActionItemStatus;
  const facts = { status, dueAt: r.due_at, doneAt: r.done_at };
  const ref = (id: number | null) => (id === null ? null : { id, name: x.names.get(id) ?? `#${id}` });
  const manages = can(actor, 'action_item.manage', r.unit_path);
  // A letter of the ladder waiting (a draft or for approval) must be settled before the next.
  const letterOpen = x.letters.some((l) => l.status === 'draft' || l.status === 'pending_approval');
  return {
    id: r.id,
    briefingId: r.briefing_id,
    briefingTitle: r.briefing_title,
    briefingNumber: r.briefing_year !== null && r.briefing_seq !== null ? `${r.briefing_year}年${formatIssueNumber(r.briefing_seq)}` : null,
    title: r.title,
    detail: r.detail,
    unitId: r.unit_id,
    unitName: r.unit_name,
    dueAt: r.due_at,
    status,
    progress: progressAt(facts, now),
    reportNote: r.report_note,
    reportedAt: r.reported_at,
    reportedBy: ref(r.reported_by),
    files: x.files.map((f) => ({ id: f.id, mime: f.mime, createdAt: f.created_at })),
    doneAt: r.done_at,
    confirmedBy: ref(r.confirmed_by),
    returnReason: r.return_reason,
    letters: x.letters
      .filter((l) => letterVisible(actor, r.unit_path, l.status))
      .map((l) => ({ id: l.id, type: l.type, number: l.number, status: l.status, issuedAt: l.issued_at })),
    canReport: status === 'open' && can(actor, 'action_item.report', r.unit_path),
    canDecide: status === 'reported' && manages,
    canEscalate: manages && canEscalate(facts, now) && !letterOpen,
    version: r.version,
    createdAt: r.created_at,
    createdBy: ref(r.created_by),
  };
}

/** A letter is shown with the item as the letters module shows it: drafts to HQ, those awaiting approval to HQ and approvers. */
function letterVisible(actor: Actor, unitPath: string, status: string): boolean {
  if (status === 'draft') return can(actor, 'letter.manage', unitPath);
  if (status === 'pending_approval') return can(actor, 'letter.manage', unitPath) || can(actor, 'letter.approve', unitPath);
  return true;
}
