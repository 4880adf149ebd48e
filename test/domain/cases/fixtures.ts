import type { CaseState } from '../../../src/shared/case-enums.js';
import type { Role } from '../../../src/shared/enums.js';
import type { Actor, Grant } from '../../../src/domain/policies/permissions.js';
import { decide, type CaseCommand, type CaseEvent, type CaseSnapshot } from '../../../src/domain/cases/case-machine.js';

/**
 * A small unit tree and cast for the case-machine tests:
 * /1/ city, /1/40/ 城管局 (CGJ), /1/41/ 住建局 (ZJJ), /1/10/ a district, /1/10/42/ its bureau.
 */
export const CGJ = { unitId: 40, unitPath: '/1/40/' };
export const ZJJ = { unitId: 41, unitPath: '/1/41/' };
export const DISTRICT_BUREAU = { unitId: 42, unitPath: '/1/10/42/' };

const g = (role: Role, unitPath: string): Grant => ({ role, unitPath, unitId: Number(unitPath.split('/').at(-2)) });
const person = (userId: number, name: string, ...grants: Grant[]): Actor => ({ userId, username: name, displayName: name, grants });

export const hq = person(1, 'hq', g('hq_dispatcher', '/1/'));
export const inspector = person(2, 'inspector', g('inspector', '/1/'));
export const inspector2 = person(3, 'inspector2', g('inspector', '/1/'));
export const handlerCGJ = person(10, 'handlerCGJ', g('unit_handler', '/1/40/'));
export const headCGJ = person(11, 'headCGJ', g('unit_head', '/1/40/'));
export const handlerZJJ = person(12, 'handlerZJJ', g('unit_handler', '/1/41/'));
/** A district head: covers the district's bureau through the subtree rule. */
export const headDistrict = person(13, 'headDistrict', g('unit_head', '/1/10/'));
/** Handles for CGJ and also inspects: the person the verifier ≠ rectifier rule is about. */
export const handlerInspector = person(14, 'handlerInspector', g('unit_handler', '/1/40/'), g('inspector', '/1/'));
export const citizen = person(20, 'citizen', g('citizen', '/1/'));
export const owner = person(21, 'owner', g('project_owner', '/1/50/'));
export const leader = person(30, 'leader', g('leader', '/1/'));
export const sysadmin = person(31, 'sysadmin', g('sysadmin', '/1/'));

/** Everyone, for random choices and "wrong role" sweeps. */
export const CAST: readonly Actor[] = [
  hq,
  inspector,
  inspector2,
  handlerCGJ,
  headCGJ,
  handlerZJJ,
  headDistrict,
  handlerInspector,
  citizen,
  owner,
  leader,
  sysadmin,
];

/** Friday 2026-03-06 10:00 China time. */
export const T0 = new Date('2026-03-06T02:00:00Z');

/** `t` plus `minutes`. */
export const plus = (t: Date, minutes: number): Date => new Date(t.getTime() + minutes * 60_000);

/** Applies a command that must succeed (version filled in); returns the next snapshot and event. */
export function step(snap: CaseSnapshot | null, cmd: CaseCommand, actor: Actor, now: Date): { next: CaseSnapshot; event: CaseEvent } {
  const d = decide(snap, { version: snap?.version, ...cmd }, actor, now);
  if (!d.ok) throw new Error(`fixture step ${cmd.action} refused: ${d.status} ${d.code} ${d.message}`);
  return { next: d.next, event: d.event };
}

/** The commands that bring a fresh case into `state`, with who does each. */
export function pathTo(state: CaseState): [CaseCommand, Actor][] {
  const report: [CaseCommand, Actor] = [
    { action: 'report', caseId: 7, source: 'inspection', categoryCode: 'E01-01', severity: 'normal', evidenceCount: 1 },
    inspector,
  ];
  const accept: [CaseCommand, Actor] = [{ action: 'accept' }, hq];
  const dispatch: [CaseCommand, Actor] = [{ action: 'dispatch', ...CGJ }, hq];
  const ack: [CaseCommand, Actor] = [{ action: 'acknowledge' }, handlerCGJ];
  const rectify: [CaseCommand, Actor] = [{ action: 'rectify', evidenceCount: 2, note: '已清运' }, handlerCGJ];
  switch (state) {
    case 'reported':
      return [report];
    case 'accepted':
      return [report, accept];
    case 'rejected':
      return [report, [{ action: 'reject', reason: '重复上报' }, hq]];
    case 'merged':
      return [report, [{ action: 'merge', target: { id: 3, state: 'dispatched' } }, hq]];
    case 'dispatched':
      return [report, accept, dispatch];
    case 'acknowledged':
      return [report, accept, dispatch, ack];
    case 'rectified':
      return [report, accept, dispatch, ack, rectify];
    case 'closed':
      return [report, accept, dispatch, ack, rectify, [{ action: 'verify_close', evidenceCount: 1 }, inspector]];
    case 'returned':
      return [report, accept, dispatch, [{ action: 'return', reason: '不属本单位职责' }, handlerCGJ]];
    case 'suspended':
      return [report, accept, dispatch, [{ action: 'suspend', reason: '需列入明年计划', reviewDate: '2026-06-01' }, hq]];
  }
}

/** A case in `state`, built through decide with one minute between steps from T0. */
export function caseIn(state: CaseState, start: Date = T0): { snap: CaseSnapshot; events: CaseEvent[]; now: Date } {
  let snap: CaseSnapshot | null = null;
  const events: CaseEvent[] = [];
  let now = start;
  for (const [cmd, actor] of pathTo(state)) {
    const r = step(snap, cmd, actor, now);
    snap = r.next;
    events.push(r.event);
    now = plus(now, 1);
  }
  if (!snap) throw new Error('no steps');
  return { snap, events, now };
}
