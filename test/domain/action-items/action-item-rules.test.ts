import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACTION_ITEM_TRANSITIONS,
  actionItemLetterBody,
  canEscalate,
  deadlineOf,
  decideActionItem,
  nextRung,
  progressAt,
  type ActionItemAction,
  type ActionItemSide,
} from '../../../src/domain/action-items/action-item-rules.js';
import { reportedActionItems } from '../../../src/domain/briefings/briefing-content.js';
import { briefingPeriod } from '../../../src/domain/briefings/briefing-period.js';
import { ACTION_ITEM_STATUSES, type ActionItemStatus } from '../../../src/shared/action-item-enums.js';

const HOUR = 3_600_000;
const ACTIONS: ActionItemAction[] = ['report', 'confirm', 'return'];
const SIDES: ActionItemSide[] = ['unit', 'hq'];

describe('action item deadlines (China time)', () => {
  it('a day without a time is due at its end, the next China midnight', () => {
    expect(deadlineOf('2026-03-13').toISOString()).toBe('2026-03-13T16:00:00.000Z');
  });
  it('a day and a time is due at that time in China', () => {
    expect(deadlineOf('2026-03-13', '18:00').toISOString()).toBe('2026-03-13T10:00:00.000Z');
    expect(deadlineOf('2026-03-13', '00:30').toISOString()).toBe('2026-03-12T16:30:00.000Z');
  });
});

describe('progress of an item at an instant', () => {
  const dueAt = '2026-03-13T10:00:00.000Z';
  const due = Date.parse(dueAt);
  const open = { status: 'open' as const, dueAt, doneAt: null };

  it('is in progress 1 h before the deadline and overdue 1 h after it', () => {
    expect(progressAt(open, new Date(due - HOUR))).toBe('in_progress');
    expect(progressAt(open, new Date(due))).toBe('in_progress');
    expect(progressAt(open, new Date(due + HOUR))).toBe('overdue');
  });

  it('a reported item HQ has not confirmed is still overdue past the deadline', () => {
    expect(progressAt({ ...open, status: 'reported' }, new Date(due + HOUR))).toBe('overdue');
  });

  it('a confirmed item is done from when it was done; before that it was in progress or overdue', () => {
    const late = { status: 'done' as const, dueAt, doneAt: new Date(due + 2 * HOUR).toISOString() };
    expect(progressAt(late, new Date(due - HOUR))).toBe('in_progress');
    expect(progressAt(late, new Date(due + HOUR))).toBe('overdue');
    expect(progressAt(late, new Date(due + 3 * HOUR))).toBe('done');
    const early = { status: 'done' as const, dueAt, doneAt: new Date(due - 2 * HOUR).toISOString() };
    expect(progressAt(early, new Date(due + HOUR))).toBe('done');
  });

  it('may be escalated only while open and overdue', () => {
    expect(canEscalate(open, new Date(due - HOUR))).toBe(false);
    expect(canEscalate(open, new Date(due + HOUR))).toBe(true);
    expect(canEscalate({ ...open, status: 'reported' }, new Date(due + HOUR))).toBe(false);
    expect(canEscalate({ status: 'done', dueAt, doneAt: dueAt }, new Date(due + HOUR))).toBe(false);
  });

  it('property: progress is a function of status, deadline, done time and instant, and monotone for an open item', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (a, gap) => {
        const t1 = new Date(due + a * 60_000);
        const t2 = new Date(t1.getTime() + gap * 60_000);
        // Once overdue, an open item stays overdue.
        if (progressAt(open, t1) === 'overdue') expect(progressAt(open, t2)).toBe('overdue');
        expect(progressAt(open, t1)).toBe(t1.getTime() > due ? 'overdue' : 'in_progress');
      }),
    );
  });
});

describe('the state machine (transition table)', () => {
  it('report → reported → confirm → done; return → open', () => {
    expect(decideActionItem('open', 'report', 'unit')).toEqual({ ok: true, to: 'reported' });
    expect(decideActionItem('reported', 'confirm', 'hq')).toEqual({ ok: true, to: 'done' });
    expect(decideActionItem('reported', 'return', 'hq')).toEqual({ ok: true, to: 'open' });
  });

  it('refuses the wrong side and the wrong state', () => {
    expect(decideActionItem('open', 'report', 'hq').ok).toBe(false);
    expect(decideActionItem('reported', 'confirm', 'unit').ok).toBe(false);
    expect(decideActionItem('open', 'confirm', 'hq').ok).toBe(false);
    expect(decideActionItem('done', 'report', 'unit').ok).toBe(false);
  });

  it('property: any sequence of actions only follows the table, done is final, and an item is done only after a report', () => {
    const step = fc.record({ action: fc.constantFrom(...ACTIONS), side: fc.constantFrom(...SIDES) });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let s: ActionItemStatus = 'open';
        let lastAccepted: ActionItemAction | null = null;
        for (const { action, side } of steps) {
          const d = decideActionItem(s, action, side);
          const row = ACTION_ITEM_TRANSITIONS.find((t) => t.from === s && t.action === action && t.by === side);
          expect(d.ok).toBe(row !== undefined);
          if (!d.ok) continue;
          expect(ACTION_ITEM_STATUSES).toContain(d.to);
          if (d.to === 'done') expect(lastAccepted).toBe('report');
          if (s === 'done') throw new Error('left done');
          s = d.to;
          lastAccepted = action;
        }
        if (s === 'done') for (const a of ACTIONS) for (const side of SIDES) expect(decideActionItem('done', a, side).ok).toBe(false);
      }),
    );
  });
});

describe('the next rung of the ladder for an item', () => {
  const rungs = [
    { key: 'reminder', level: 1 },
    { key: 'supervision', level: 2 },
    { key: 'accountability', level: 3 },
  ];
  it('climbs from the lowest rung above those used, and stops at the top', () => {
    expect(nextRung(rungs, [])?.key).toBe('reminder');
    expect(nextRung(rungs, ['reminder'])?.key).toBe('supervision');
    expect(nextRung(rungs, ['reminder', 'supervision'])?.key).toBe('accountability');
    expect(nextRung(rungs, ['supervision'])?.key).toBe('accountability');
    expect(nextRung(rungs, ['accountability'])).toBeNull();
  });
  it('property: the next rung is always above every used rung', () => {
    fc.assert(
      fc.property(fc.subarray(rungs.map((r) => r.key)), (used) => {
        const next = nextRung(rungs, used);
        const top = Math.max(0, ...rungs.filter((r) => used.includes(r.key)).map((r) => r.level));
        if (next) expect(next.level).toBe(top + 1);
        else expect(top).toBe(3);
      }),
    );
  });
});

describe('the letter about an overdue item', () => {
  it('cites the meeting, the item, its deadline and the reply day', () => {
    const body = actionItemLetterBody({
      type: '提醒函',
      unitName: '市城市管理局',
      toOffice: false,
      meeting: '周例会（2026年第1期）',
      title: '清理七一路暴露垃圾',
      detail: '',
      dueDay: '2026-03-13',
      replyDay: '2026-03-20',
    });
    expect(body[0]).toContain('“清理七一路暴露垃圾”');
    expect(body[0]).toContain('2026年3月13日前办结');
    expect(body[1]).toContain('提醒函');
    expect(body[1]).toContain('2026年3月20日前');
  });
});

describe('the items of the last meeting in the next briefing', () => {
  const period = briefingPeriod({ kind: 'week', from: '2026-03-09' }, '2026-03-18');
  if ('field' in period) throw new Error(period.field);
  // The period ends at China midnight after Sunday 2026-03-15 = 2026-03-15T16:00Z.
  const end = Date.parse('2026-03-15T16:00:00.000Z');
  const item = (id: number, status: ActionItemStatus, dueAt: number, doneAt: number | null) => ({
    id,
    title: `事项${id}`,
    unitName: '市城市管理局',
    status,
    dueAt: new Date(dueAt).toISOString(),
    doneAt: doneAt === null ? null : new Date(doneAt).toISOString(),
  });

  it('reports 完成 / 逾期 / 进行中 as at the period end', () => {
    const rows = reportedActionItems({
      period,
      asOf: '2026-03-18T01:00:00.000Z',
      actionItems: [
        item(1, 'done', end - 24 * HOUR, end - 30 * HOUR),
        item(2, 'open', end - HOUR, null),
        item(3, 'open', end + HOUR, null),
        // Done after the period end: at its end it was overdue.
        item(4, 'done', end - 2 * HOUR, end + HOUR),
      ],
    });
    expect(rows.map((r) => [r.id, r.progress, r.doneAt !== null])).toEqual([
      [1, 'done', true],
      [2, 'overdue', false],
      [3, 'in_progress', false],
      [4, 'overdue', false],
    ]);
  });
});
