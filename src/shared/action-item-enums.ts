/**
 * Enumerations of the 周例会 action items (交办事项), shared by server and web. Plain values
 * without TypeBox (the web bundle imports them); the wire shapes are in
 * src/shared/contracts/action-items.contract.ts, the rules in src/domain/action-items.
 */

/**
 * The stored state of an item: open (the unit works on it; also after HQ sent a report
 * back), reported (the unit reported it done, HQ has to confirm), done (HQ confirmed).
 */
export const ACTION_ITEM_STATUSES = ['open', 'reported', 'done'] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

export const ACTION_ITEM_STATUS_LABELS: Record<ActionItemStatus, { zh: string; en: string }> = {
  open: { zh: '办理中', en: 'Open' },
  reported: { zh: '待确认', en: 'Reported' },
  done: { zh: '已完成', en: 'Done' },
};

/**
 * Where an item stands at an instant, as a briefing reports it: done (完成, confirmed and
 * done by then), overdue (逾期, not done by its deadline), in progress (进行中).
 */
export const ACTION_ITEM_PROGRESS = ['done', 'overdue', 'in_progress'] as const;
export type ActionItemProgress = (typeof ACTION_ITEM_PROGRESS)[number];

export const ACTION_ITEM_PROGRESS_LABELS: Record<ActionItemProgress, { zh: string; en: string }> = {
  done: { zh: '完成', en: 'Done' },
  overdue: { zh: '逾期', en: 'Overdue' },
  in_progress: { zh: '进行中', en: 'In progress' },
};
