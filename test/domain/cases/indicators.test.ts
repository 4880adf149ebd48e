import { describe, expect, it } from 'vitest';
import type { CaseSnapshot, CaseCommand, CaseEvent } from '../../../src/domain/cases/case-machine.js';
import type { Actor } from '../../../src/domain/policies/permissions.js';
import {
  addFacts,
  caseFacts,
  factDelta,
  factKeyString,
  indicators,
  isOverduePending,
  sumFacts,
  zeroFacts,
  type FactVector,
} from '../../../src/domain/cases/indicators.js';
import { caseIn, CGJ, handlerCGJ, handlerZJJ, hq, inspector, inspector2, step, ZJJ } from './fixtures.js';

/** China wall-clock time → instant. */
const cn = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+08:00`);

type Script = [string, CaseCommand, Actor][];

/** Runs a script for a new case; returns the final snapshot and the aggregate deltas of every event. */
function play(caseId: number, script: Script): { snap: CaseSnapshot; events: CaseEvent[]; deltas: ReturnType<typeof factDelta> } {
  let snap: CaseSnapshot | null = null;
  const events: CaseEvent[] = [];
  const deltas: ReturnType<typeof factDelta> = [];
  const all: Script = [
    ['2026-03-06 09:00', { action: 'report', caseId, source: 'citizen', categoryCode: 'E01-01', severity: 'normal' }, hq],
    ['2026-03-06 09:30', { action: 'accept' }, hq],
    ...script,
  ];
  for (const [at, cmd, actor] of all) {
    const r = step(snap, cmd, actor, cn(at));
    deltas.push(...factDelta(snap, r.next));
    events.push(r.event);
    snap = r.next;
  }
  return { snap: snap as CaseSnapshot, events, deltas };
}

const dispatchCGJ: [string, CaseCommand, Actor] = ['2026-03-06 10:00', { action: 'dispatch', ...CGJ }, hq]; // deadline Thu 03-12 00:00
const ack: [string, CaseCommand, Actor] = ['2026-03-06 11:00', { action: 'acknowledge' }, handlerCGJ];

/**
 * Five cases dispatched on Friday 2026-03-06, all ending up with 城管局 (CGJ):
 * A rectified on time and closed; B rectified late, reopened, redone on time and closed;
 * C extended and then left overdue; D suspended; E first sent to 住建局, returned and
 * re-dispatched to CGJ, acknowledged, deadline still ahead.
 */
function scenario() {
  const A = play(1, [
    dispatchCGJ,
    ack,
    ['2026-03-09 10:00', { action: 'rectify', evidenceCount: 2 }, handlerCGJ],
    ['2026-03-09 15:00', { action: 'verify_close', evidenceCount: 1 }, inspector],
  ]);
  const B = play(2, [
    dispatchCGJ,
    ack,
    ['2026-03-12 09:00', { action: 'rectify', evidenceCount: 1 }, handlerCGJ], // after 03-12 00:00: late
    ['2026-03-12 14:00', { action: 'verify_reopen', evidenceCount: 1, reason: '仍有垃圾' }, inspector], // new deadline 03-18 00:00
    ['2026-03-13 09:00', { action: 'acknowledge' }, handlerCGJ],
    ['2026-03-16 10:00', { action: 'rectify', evidenceCount: 1 }, handlerCGJ], // on time
    ['2026-03-16 16:00', { action: 'verify_close', evidenceCount: 1 }, inspector2],
  ]);
  const C = play(3, [
    dispatchCGJ,
    ['2026-03-09 09:00', { action: 'request_extension', requestedDeadline: '2026-03-13', reason: '需调配车辆' }, handlerCGJ],
    ['2026-03-09 10:00', { action: 'approve_extension' }, hq],
  ]); // deadline 03-14 00:00
  const D = play(4, [dispatchCGJ, ['2026-03-07 10:00', { action: 'suspend', reason: '纳入旧城改造', reviewDate: '2026-06-01' }, hq]]);
  const E = play(5, [
    ['2026-03-06 10:00', { action: 'dispatch', ...ZJJ }, hq],
    ['2026-03-06 12:00', { action: 'return', reason: '属城管职责' }, handlerZJJ],
    ['2026-03-19 10:00', { action: 'redispatch', ...CGJ }, hq], // deadline 03-25 00:00
    ['2026-03-19 11:00', { action: 'acknowledge' }, handlerCGJ],
  ]);
  return { A, B, C, D, E, all: [A, B, C, D, E] };
}

describe('case facts', () => {
  it('are written out for each case of the scenario', () => {
    const { A, B, C, D, E } = scenario();
    const key = { unitId: CGJ.unitId, day: '2026-03-06' };
    const facts = (over: Partial<FactVector>) => ({ ...key, ...zeroFacts(), dispatched: 1, ...over });
    expect(caseFacts(A.snap)).toEqual(facts({ handled: 1, handledOnTime: 1, closed: 1, closedOnTime: 1 }));
    expect(caseFacts(B.snap)).toEqual(facts({ handled: 1, handledOnTime: 0, closed: 1, closedOnTime: 1, reopened: 1 }));
    expect(caseFacts(C.snap)).toEqual(facts({ extended: 1 }));
    expect(caseFacts(D.snap)).toEqual(facts({ suspended: 1 }));
    expect(caseFacts(E.snap)).toEqual(facts({ rerouted: 1 }));
  });
  it('are null for cases never dispatched', () => {
    for (const s of ['reported', 'accepted', 'rejected', 'merged'] as const) expect(caseFacts(caseIn(s).snap)).toBeNull();
  });
  it('count on the China day of the first dispatch (16:00Z is the next day)', () => {
    const late = caseIn('dispatched', new Date('2026-03-06T15:58:00Z')).snap; // dispatch (3rd step, +2 min) at 16:00Z = 00:00 China on 03-07
    expect(caseFacts(late)?.day).toBe('2026-03-07');
    const early = caseIn('dispatched', new Date('2026-03-06T15:57:00Z')).snap; // dispatch at 15:59Z = 23:59 China on 03-06
    expect(caseFacts(early)?.day).toBe('2026-03-06');
  });
  it('deltas of every event sum to the final facts; the rerouted case leaves nothing at 住建局', () => {
    const { all } = scenario();
    const table = new Map<string, FactVector>();
    for (const c of all)
      for (const d of c.deltas) table.set(factKeyString(d.key), addFacts(table.get(factKeyString(d.key)) ?? zeroFacts(), d.delta));
    expect(table.get(`${ZJJ.unitId}|2026-03-06`)).toEqual(zeroFacts());
    expect(table.get(`${CGJ.unitId}|2026-03-06`)).toEqual(sumFacts(all.map((c) => caseFacts(c.snap) as FactVector)));
  });
});

describe('indicators', () => {
  it('match the hand computation for the scenario', () => {
    const { all } = scenario();
    const asOf = cn('2026-03-20 12:00');
    const sums = sumFacts(all.map((c) => caseFacts(c.snap) as FactVector));
    // dispatched 5; handled 2 (A, B); on time 1 (A; B's first rectification was late);
    // closed 2, both on time (B's verified rectification was on time); reopened 1;
    // extended 1 (C); suspended 1 (D); rerouted 1 (E).
    expect(sums).toEqual({
      dispatched: 5,
      handled: 2,
      handledOnTime: 1,
      closed: 2,
      closedOnTime: 2,
      reopened: 1,
      extended: 1,
      suspended: 1,
      rerouted: 1,
    });
    // Only C is overdue and pending at asOf (deadline 03-14 00:00); E's runs to 03-25.
    expect(all.map((c) => isOverduePending(c.snap, asOf))).toEqual([false, false, true, false, false]);
    const r = indicators(sums, 1);
    expect(r.disposalRate).toBeCloseTo(2 / 5); // 处置率 0.4
    expect(r.onTimeDisposalRate).toBeCloseTo(1 / 5); // 按期处置率 0.2
    expect(r.closureRate).toBeCloseTo(2 / 4); // 结案率: 缓办 excluded → 0.5
    expect(r.onTimeClosureRate).toBeCloseTo(2 / 4); // 按期结案率 0.5
    expect(r.reworkRate).toBeCloseTo(1 / 4); // 返工率 0.25
    expect(r.overduePendingRate).toBeCloseTo(1 / 5); // 超期待处置率 0.2
    expect(r.extensionRate).toBeCloseTo(1 / 5); // 延期率 0.2
    expect(r.accurateDispatchRate).toBeCloseTo(4 / 5); // 准确派遣率 0.8
    // 30·0.4 + 20·0.2 + 20·(1−0.25) + 20·(1−0.2) + 10·(1−0.2) = 12 + 4 + 15 + 16 + 8 = 55
    expect(r.composite).toBeCloseTo(55);
  });
  it('uses configurable weights', () => {
    const sums = {
      ...zeroFacts(),
      dispatched: 10,
      handled: 8,
      handledOnTime: 6,
      closed: 5,
      closedOnTime: 4,
      reopened: 2,
      extended: 1,
      suspended: 2,
      rerouted: 1,
    };
    // rates: 0.8, 0.6, rework 2/8 = 0.25, overdue 1/10, extension 1/10
    expect(indicators(sums, 1).composite).toBeCloseTo(30 * 0.8 + 20 * 0.6 + 20 * 0.75 + 20 * 0.9 + 10 * 0.9); // 78
    expect(indicators(sums, 1, { disposal: 100, onTimeDisposal: 0, noRework: 0, noOverdue: 0, noExtension: 0 }).composite).toBeCloseTo(80);
  });
  it('gives null, never NaN, for zero denominators', () => {
    const none = indicators(zeroFacts(), 0);
    expect(Object.values(none).every((v) => v === null)).toBe(true);
    const allSuspended = indicators({ ...zeroFacts(), dispatched: 2, suspended: 2 }, 0);
    expect([allSuspended.disposalRate, allSuspended.closureRate, allSuspended.reworkRate, allSuspended.composite]).toEqual([
      0,
      null,
      null,
      null,
    ]);
  });
  it('clamps composite terms when reopenings outnumber cases', () => {
    const r = indicators({ ...zeroFacts(), dispatched: 1, handled: 1, handledOnTime: 1, closed: 1, closedOnTime: 1, reopened: 3 }, 0);
    expect(r.reworkRate).toBe(3);
    expect(r.composite).toBeCloseTo(30 + 20 + 0 + 20 + 10);
  });
});
