import type { ActionItemProgress, ActionItemStatus } from '../../shared/action-item-enums.js';
import { chinaMidnight, shiftDay } from '../calendar/work-calendar.js';

/**
 * Rules of the 周例会 action items (交办事项, DOMAIN.md §3.6, issue 13 point 8). Pure: the
 * instant is always passed in.
 *
 * The stored state moves by the transition table below: the unit reports an open item done
 * (with a note and evidence), HQ confirms the report (done) or sends it back with a reason
 * (open again). Done is final. Overdue is not a state but derived from the deadline and
 * the instant asked about, so nothing has to run at the deadline for an item to become
 * overdue, and a briefing can ask where an item stood at its period's end.
 */

export type ActionItemAction = 'report' | 'confirm' | 'return';

/** Who may take an action: the responsible unit (report) or HQ (confirm, return). */
export type ActionItemSide = 'unit' | 'hq';

/** The transition table: from a state, by an action, to a state, and whose action it is. */
export const ACTION_ITEM_TRANSITIONS: readonly {
  from: ActionItemStatus;
  action: ActionItemAction;
  to: ActionItemStatus;
  by: ActionItemSide;
}[] = [
  { from: 'open', action: 'report', to: 'reported', by: 'unit' },
  { from: 'reported', action: 'confirm', to: 'done', by: 'hq' },
  { from: 'reported', action: 'return', to: 'open', by: 'hq' },
];

/** The outcome of asking to act: the next state, or why not (a 409 for the service). */
export type ActionItemDecision = { ok: true; to: ActionItemStatus } | { ok: false; code: 'invalid_transition'; message: string };

/** Decides an action on an item in `status` taken by `side`. */
export function decideActionItem(status: ActionItemStatus, action: ActionItemAction, side: ActionItemSide): ActionItemDecision {
  const t = ACTION_ITEM_TRANSITIONS.find((x) => x.from === status && x.action === action);
  if (!t) return { ok: false, code: 'invalid_transition', message: `an item that is ${status} cannot be given "${action}"` };
  if (t.by !== side)
    return { ok: false, code: 'invalid_transition', message: `"${action}" is ${t.by === 'hq' ? 'HQ' : 'the unit'}'s to take` };
  return { ok: true, to: t.to };
}

/** What the progress of an item depends on. */
export interface ActionItemFacts {
  status: ActionItemStatus;
  /** Deadline, ISO instant. */
  dueAt: string;
  /** When the work was done (the accepted report's time), ISO; null unless confirmed. */
  doneAt: string | null;
}

/**
 * Where an item stands at `at`: done (完成) when confirmed and done by then; otherwise
 * overdue (逾期) once `at` is past its deadline; otherwise in progress (进行中). An item
 * done after its deadline is reported as overdue at instants before it was done.
 */
export function progressAt(item: ActionItemFacts, at: Date): ActionItemProgress {
  if (item.status === 'done' && item.doneAt !== null && Date.parse(item.doneAt) <= at.getTime()) return 'done';
  return at.getTime() > Date.parse(item.dueAt) ? 'overdue' : 'in_progress';
}

/** True when HQ may escalate the item at `at`: overdue and not waiting for HQ's decision on a report. */
export function canEscalate(item: ActionItemFacts, at: Date): boolean {
  return item.status === 'open' && progressAt(item, at) === 'overdue';
}

/**
 * The deadline instant of a China day and optional time of day (HH:MM): that time in China,
 * or the end of the day (the next China midnight) without one.
 */
export function deadlineOf(day: string, time?: string): Date {
  if (!time) return chinaMidnight(shiftDay(day, 1));
  const [h, m] = time.split(':').map(Number) as [number, number];
  return new Date(chinaMidnight(day).getTime() + (h * 60 + m) * 60_000);
}

/** A rung as far as choosing the next one goes. */
export interface RungLevel {
  key: string;
  level: number;
}

/**
 * The rung of the next letter about an item: the lowest rung above every rung already used
 * for it (letters not withdrawn), the lowest rung for a first letter; null when the top
 * rung has been used.
 */
export function nextRung<R extends RungLevel>(rungs: readonly R[], usedKeys: readonly string[]): R | null {
  const sorted = [...rungs].sort((a, b) => a.level - b.level);
  const used = sorted.filter((r) => usedKeys.includes(r.key));
  const top = used.length ? Math.max(...used.map((r) => r.level)) : -Infinity;
  return sorted.find((r) => r.level > top) ?? null;
}

/**
 * The paragraphs of a letter about an overdue item (the addressee line is the letter's own):
 * which meeting assigned what, the deadline that passed, and what is to be done by when
 * (dates as China days, given). A letter to an office (a 纪检监察组) speaks of the unit in
 * the third person, as the case letters do.
 */
export function actionItemLetterBody(f: {
  type: string;
  unitName: string;
  toOffice: boolean;
  meeting: string;
  title: string;
  detail: string;
  dueDay: string;
  replyDay: string;
}): string[] {
  const zh = (d: string) => {
    const [y, m, day] = d.split('-').map(Number);
    return `${y}年${m}月${day}日`;
  };
  const detail = f.detail.trim() ? `事项内容：${f.detail.trim()}` : '';
  if (f.toOffice)
    return [
      `${f.meeting}交办${f.unitName}的“${f.title}”事项，要求于${zh(f.dueDay)}前办结，截至目前已逾期未办结。${detail}`,
      `现将有关情况函告你们，建议依规依纪对${f.unitName}有关责任人员进行问责，并请于${zh(f.replyDay)}前将处理情况书面反馈市创建指挥部。`,
      '特此函告。',
    ];
  return [
    `${f.meeting}交办你单位的“${f.title}”事项，要求于${zh(f.dueDay)}前办结，截至目前已逾期未办结。${detail}`,
    `现发出${f.type}。请你单位高度重视，立即组织落实，于${zh(f.replyDay)}前办结，并将办理情况书面报送市创建指挥部，同时在系统中报告办结情况及佐证材料。`,
    '特此函告。',
  ];
}
