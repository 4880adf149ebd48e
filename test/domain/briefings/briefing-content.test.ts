import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectBilingual } from '../../helpers/import-said.js';
import {
  briefingRanking,
  canonicalJson,
  composeBriefing,
  figureChanges,
  figuresOf,
  lettersByType,
  snapshotHash,
  type BriefingFacts,
} from '../../../src/domain/briefings/briefing-content.js';
import {
  briefingCounterKey,
  briefingPeriod,
  defaultBriefingTitle,
  formatIssueNumber,
  lastFullWeek,
} from '../../../src/domain/briefings/briefing-period.js';
import type { UnitFacts } from '../../../src/domain/cases/dashboard.js';
import { zeroFacts, type FactVector } from '../../../src/domain/cases/indicators.js';

const facts = (p: Partial<FactVector>): FactVector => ({ ...zeroFacts(), ...p });
const unit = (unitId: number, p: Partial<FactVector>, overduePending = 0, backlog = { owed: 0, overdue: 0 }): UnitFacts => ({
  unitId,
  sums: facts(p),
  overduePending,
  backlog,
});

describe('briefing period', () => {
  it('defaults to the last full week (Monday–Sunday, China days) and compares with the week before', () => {
    // 2026-03-11 is a Wednesday.
    expect(lastFullWeek('2026-03-11')).toEqual({ from: '2026-03-02', to: '2026-03-08' });
    // On a Monday the last full week ended yesterday.
    expect(lastFullWeek('2026-03-09')).toEqual({ from: '2026-03-02', to: '2026-03-08' });
    // On a Sunday the current week is not over yet.
    expect(lastFullWeek('2026-03-08')).toEqual({ from: '2026-02-23', to: '2026-03-01' });
    expect(briefingPeriod({}, '2026-03-11')).toEqual({
      kind: 'week',
      from: '2026-03-02',
      to: '2026-03-08',
      previous: { from: '2026-02-23', to: '2026-03-01' },
    });
  });

  it('takes the week or month containing a chosen day, or custom days compared with as many before', () => {
    expect(briefingPeriod({ kind: 'week', from: '2026-03-12' }, '2026-04-01')).toMatchObject({ from: '2026-03-09', to: '2026-03-15' });
    expect(briefingPeriod({ kind: 'month', from: '2026-03-12' }, '2026-04-01')).toEqual({
      kind: 'month',
      from: '2026-03-01',
      to: '2026-03-31',
      previous: { from: '2026-02-01', to: '2026-02-28' },
    });
    expect(briefingPeriod({ kind: 'month' }, '2026-01-15')).toMatchObject({ from: '2025-12-01', to: '2025-12-31' });
    expect(briefingPeriod({ kind: 'custom', from: '2026-03-01', to: '2026-03-10' }, '2026-04-01')).toMatchObject({
      previous: { from: '2026-02-19', to: '2026-02-28' },
    });
  });

  it('names the field of a period that cannot be', () => {
    expect(briefingPeriod({ kind: 'custom', from: '2026-03-01' }, '2026-04-01')).toMatchObject({ field: 'to' });
    expect(briefingPeriod({ kind: 'custom', from: '2026-03-10', to: '2026-03-01' }, '2026-04-01')).toMatchObject({ field: 'to' });
    expect(briefingPeriod({ kind: 'custom', from: '2026-01-01', to: '2026-12-31' }, '2027-01-01')).toMatchObject({ field: 'to' });
    expect(briefingPeriod({ kind: 'week', to: '2026-03-01' }, '2026-04-01')).toMatchObject({ field: 'to' });
    expect(briefingPeriod({ kind: 'week', from: '2026-02-30' }, '2026-04-01')).toMatchObject({ field: 'from' });
    // Each refusal says itself in both languages; the English is the message.
    const refusals = [
      briefingPeriod({ kind: 'custom', from: '2026-03-01' }, '2026-04-01'),
      briefingPeriod({ kind: 'custom', to: '2026-03-01' }, '2026-04-01'),
      briefingPeriod({ kind: 'custom', from: '2026-03-10', to: '2026-03-01' }, '2026-04-01'),
      briefingPeriod({ kind: 'custom', from: '2026-01-01', to: '2026-12-31' }, '2027-01-01'),
      briefingPeriod({ kind: 'week', to: '2026-03-01' }, '2026-04-01'),
      briefingPeriod({ kind: 'week', from: '2026-02-30' }, '2026-04-01'),
      briefingPeriod({ kind: 'custom', from: '2026-03-01', to: 'soon' }, '2026-04-01'),
    ];
    for (const r of refusals) {
      if (!('field' in r)) throw new Error('expected a refusal');
      expectBilingual(r.text, r.message);
      expect(r.text.en).toBe(r.message);
    }
  });

  it('titles, numbers and counters', () => {
    expect(defaultBriefingTitle({ from: '2026-03-02', to: '2026-03-08' })).toBe('关于2026年3月2日至3月8日创建工作情况的通报');
    expect(defaultBriefingTitle({ from: '2025-12-29', to: '2026-01-04' })).toBe('关于2025年12月29日至2026年1月4日创建工作情况的通报');
    expect(formatIssueNumber(7)).toBe('第7期');
    expect(() => formatIssueNumber(0)).toThrow(RangeError);
    expect(briefingCounterKey(2026)).toBe('briefing:2026');
  });
});

describe('briefing content', () => {
  it('computes the headline figures and their changes by hand', () => {
    // This week: 10 new cases, 8 handled (6 on time), 5 closed, 1 overdue pending.
    const cur = figuresOf([
      unit(1, { dispatched: 6, handled: 5, handledOnTime: 4, closed: 3 }, 1),
      unit(2, { dispatched: 4, handled: 3, handledOnTime: 2, closed: 2 }),
    ]);
    expect(cur).toEqual({ newCases: 10, handled: 8, closed: 5, disposalRate: 0.8, onTimeDisposalRate: 0.6, overduePending: 1 });
    // Last week: 5 new, 3 handled (3 on time), 3 closed.
    const prev = figuresOf([unit(1, { dispatched: 5, handled: 3, handledOnTime: 3, closed: 3 })]);
    // 处置率 0.8 vs 0.6 → +20 points; 按期处置率 0.6 vs 0.6 → 0.
    expect(figureChanges(cur, prev)).toEqual({
      newCases: 5,
      handled: 5,
      closed: 2,
      disposalRate: 20,
      onTimeDisposalRate: 0,
      overduePending: 1,
    });
    expect(figureChanges(cur, figuresOf([]))).toMatchObject({ disposalRate: null, newCases: 10 });
  });

  it('ranks with the backlog counted and shows places gained or lost', () => {
    const names = new Map([
      [1, '城管局'],
      [2, '交通局'],
      [3, '住建局'],
    ]);
    const previous = [unit(1, { dispatched: 4, handled: 4, handledOnTime: 4 }), unit(2, { dispatched: 4, handled: 2, handledOnTime: 1 })];
    // 交通局 handles everything this week; 城管局 handles its 4 new cases but owes 6 old ones, 3 overdue.
    const current = [
      unit(1, { dispatched: 4, handled: 4, handledOnTime: 4 }, 0, { owed: 6, overdue: 3 }),
      unit(2, { dispatched: 4, handled: 4, handledOnTime: 4 }),
      unit(3, { dispatched: 2, handled: 1, handledOnTime: 1 }),
    ];
    const r = briefingRanking(current, previous, names);
    expect(r.map((x) => [x.name, x.rank, x.previousRank, x.change])).toEqual([
      ['交通局', 1, 2, 1],
      ['住建局', 2, null, null],
      ['城管局', 3, 1, -2],
    ]);
    expect(r[2]).toMatchObject({ backlogOwed: 6, overdue: 3, dispatched: 4 });
  });

  it('groups letters by type with their numbers and composes every section', () => {
    const letters = [
      { number: '周创指提〔2026〕1号', type: '提醒函', unitName: '城管局', title: 't', issuedAt: '2026-03-03T02:00:00.000Z' },
      { number: '周创指督〔2026〕1号', type: '督办函', unitName: '城管局', title: 't', issuedAt: '2026-03-04T02:00:00.000Z' },
      { number: '周创指提〔2026〕2号', type: '提醒函', unitName: '交通局', title: 't', issuedAt: '2026-03-05T02:00:00.000Z' },
    ];
    expect(lettersByType(letters)).toEqual([
      { type: '提醒函', count: 2, numbers: ['周创指提〔2026〕1号', '周创指提〔2026〕2号'] },
      { type: '督办函', count: 1, numbers: ['周创指督〔2026〕1号'] },
    ]);
    const f: BriefingFacts = {
      period: briefingPeriod({}, '2026-03-11') as BriefingFacts['period'],
      asOf: '2026-03-11T01:00:00.000Z',
      unitNames: new Map([
        [1, '城管局'],
        [2, '交通局'],
      ]),
      current: [unit(1, { dispatched: 2, handled: 1 }, 1)],
      previous: [],
      newCases: { total: 0, items: [] },
      closedCases: { total: 0, items: [] },
      overdueByUnit: new Map([
        [1, 2],
        [2, 5],
        [3, 0],
      ]),
      letters,
      weakCheckpoints: null,
      evaluationByDistrict: null,
    };
    const c = composeBriefing(f);
    expect(c.headline.overdueNow).toBe(7);
    expect(c.overdueByUnit).toEqual([
      { unitId: 2, name: '交通局', overdue: 5 },
      { unitId: 1, name: '城管局', overdue: 2 },
    ]);
    // Sections of modules not built yet are empty, never invented.
    expect(c.assessment).toBeNull();
    expect(c.actionItems).toEqual([]);
    expect(c.period).toEqual({ kind: 'week', from: '2026-03-02', to: '2026-03-08' });
  });
});

describe('canonical JSON and hash', () => {
  it('does not depend on key order, and any change changes the hash', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (o) => {
        const reversed = Object.fromEntries(Object.entries(o).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(o));
        expect(snapshotHash(reversed)).toBe(snapshotHash(o));
        expect(JSON.parse(canonicalJson(o))).toEqual(JSON.parse(JSON.stringify(o)));
      }),
    );
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
    expect(snapshotHash({ a: 1 })).toMatch(/^[0-9a-f]{64}$/);
    expect(snapshotHash({ a: 1 })).not.toBe(snapshotHash({ a: 2 }));
  });
});
