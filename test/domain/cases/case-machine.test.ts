import { describe, expect, it } from 'vitest';
import { CASE_ACTIONS, CASE_STATES, type CaseAction, type CaseState } from '../../../src/shared/case-enums.js';
import {
  actionsFrom,
  decide,
  replay,
  TRANSITIONS,
  type CaseCommand,
  type CaseSnapshot,
  type Rejection,
} from '../../../src/domain/cases/case-machine.js';
import type { Actor } from '../../../src/domain/policies/permissions.js';
import {
  CAST,
  caseIn,
  CGJ,
  citizen,
  DISTRICT_BUREAU,
  handlerCGJ,
  handlerInspector,
  handlerZJJ,
  headCGJ,
  headDistrict,
  hq,
  inspector,
  inspector2,
  owner,
  plus,
  step,
  T0,
  ZJJ,
} from './fixtures.js';

/** A case in `state` with an extension request pending. */
function withPendingExtension(state: 'dispatched' | 'acknowledged'): { snap: CaseSnapshot; now: Date } {
  const { snap, now } = caseIn(state);
  const r = step(snap, { action: 'request_extension', requestedDeadline: '2026-03-25', reason: '材料采购周期长' }, handlerCGJ, now);
  return { snap: r.next, now: plus(now, 1) };
}

interface Row {
  /** Builds the case the valid command applies to (null for report) and the time. */
  given: () => { snap: CaseSnapshot | null; now: Date };
  actor: Actor;
  cmd: CaseCommand;
  /** Command fields that, when removed, give a 422 naming `field`. */
  required: [keyof CaseCommand, string][];
}

const fromState = (s: CaseState) => () => {
  const { snap, now } = caseIn(s);
  return { snap, now };
};

/** One valid scenario per row of the transition table. */
const ROWS: Record<CaseAction, Row> = {
  report: {
    given: () => ({ snap: null, now: T0 }),
    actor: inspector,
    cmd: { action: 'report', caseId: 9, source: 'inspection', categoryCode: 'E05-01', severity: 'normal', evidenceCount: 1 },
    required: [
      ['evidenceCount', 'evidence'],
      ['caseId', 'caseId'],
      ['source', 'source'],
      ['categoryCode', 'categoryCode'],
      ['severity', 'severity'],
    ],
  },
  accept: { given: fromState('reported'), actor: hq, cmd: { action: 'accept' }, required: [] },
  reject: {
    given: fromState('reported'),
    actor: hq,
    cmd: { action: 'reject', reason: '不属城市管理范围' },
    required: [['reason', 'reason']],
  },
  dispatch: {
    given: fromState('accepted'),
    actor: hq,
    cmd: { action: 'dispatch', ...CGJ },
    required: [
      ['unitId', 'unitId'],
      ['unitPath', 'unitPath'],
    ],
  },
  redispatch: {
    given: fromState('returned'),
    actor: hq,
    cmd: { action: 'redispatch', ...ZJJ },
    required: [
      ['unitId', 'unitId'],
      ['unitPath', 'unitPath'],
    ],
  },
  merge: {
    given: fromState('accepted'),
    actor: hq,
    cmd: { action: 'merge', target: { id: 3, state: 'acknowledged' } },
    required: [['target', 'target']],
  },
  acknowledge: { given: fromState('dispatched'), actor: handlerCGJ, cmd: { action: 'acknowledge' }, required: [] },
  rectify: {
    given: fromState('acknowledged'),
    actor: handlerCGJ,
    cmd: { action: 'rectify', evidenceCount: 2 },
    required: [['evidenceCount', 'evidence']],
  },
  return: {
    given: fromState('acknowledged'),
    actor: headCGJ,
    cmd: { action: 'return', reason: '属住建局职责' },
    required: [['reason', 'reason']],
  },
  request_extension: {
    given: fromState('acknowledged'),
    actor: handlerCGJ,
    cmd: { action: 'request_extension', requestedDeadline: '2026-03-20', reason: '需协调产权单位' },
    required: [
      ['requestedDeadline', 'requestedDeadline'],
      ['reason', 'reason'],
    ],
  },
  approve_extension: { given: () => withPendingExtension('dispatched'), actor: hq, cmd: { action: 'approve_extension' }, required: [] },
  deny_extension: {
    given: () => withPendingExtension('acknowledged'),
    actor: hq,
    cmd: { action: 'deny_extension', reason: '工作量不大' },
    required: [['reason', 'reason']],
  },
  verify_close: {
    given: fromState('rectified'),
    actor: inspector,
    cmd: { action: 'verify_close', evidenceCount: 1 },
    required: [['evidenceCount', 'evidence']],
  },
  verify_reopen: {
    given: fromState('rectified'),
    actor: hq,
    cmd: { action: 'verify_reopen', evidenceCount: 1, reason: '垃圾未清理干净' },
    required: [
      ['evidenceCount', 'evidence'],
      ['reason', 'reason'],
    ],
  },
  suspend: {
    given: fromState('dispatched'),
    actor: hq,
    cmd: { action: 'suspend', reason: '需纳入年度改造计划', reviewDate: '2026-06-30' },
    required: [
      ['reason', 'reason'],
      ['reviewDate', 'reviewDate'],
    ],
  },
  resume: { given: fromState('suspended'), actor: hq, cmd: { action: 'resume' }, required: [] },
};

const run = (row: Row, patch: Partial<CaseCommand> = {}, actor: Actor = row.actor) => {
  const { snap, now } = row.given();
  return { snap, d: decide(snap, { ...row.cmd, version: snap?.version, ...patch }, actor, now) };
};

const refusal = (d: ReturnType<typeof decide>): Rejection => {
  if (d.ok) throw new Error(`expected a refusal, got ${d.event.action} → ${d.event.toState}`);
  return d;
};

describe('transition table', () => {
  it('has one row per action and only known states', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...CASE_ACTIONS].sort());
    for (const t of Object.values(TRANSITIONS)) for (const s of t.from) if (s !== null) expect(CASE_STATES).toContain(s);
  });
  // Issue 15 changed this: a closed case may be reopened by HQ on a 不满意 rating (see case-reopen-closed.test.ts).
  it('leaves terminal states with no way out, except reopening a closed case', () => {
    for (const s of ['rejected', 'merged'] as const) expect(actionsFrom(s)).toEqual([]);
    expect(actionsFrom('closed')).toEqual(['verify_reopen']);
    expect(actionsFrom(null)).toEqual(['report']);
  });
});

describe.each(CASE_ACTIONS.map((a) => [a] as const))('row %s', (action) => {
  const row = ROWS[action];
  const t = TRANSITIONS[action];

  it('succeeds for the allowed role with exactly one event', () => {
    const { snap, d } = run(row);
    if (!d.ok) throw new Error(`${d.status} ${d.code} ${d.message}`);
    expect(d.event.action).toBe(action);
    expect(d.event.fromState).toBe(snap?.state ?? null);
    expect(d.event.version).toBe((snap?.version ?? 0) + 1);
    expect(d.next.version).toBe(d.event.version);
    expect(d.next.state).toBe(d.event.toState);
    expect(d.event.actorId).toBe(row.actor.userId);
    const expected = t.to === 'same' ? snap?.state : t.to === 'previous' ? snap?.suspendedFrom : t.to;
    expect(d.next.state).toBe(expected);
  });

  it('refuses every other role with 403', () => {
    const wrong = CAST.filter((a) => !a.grants.some((g) => t.roles.includes(g.role)));
    expect(wrong.length).toBeGreaterThan(0);
    for (const a of wrong) {
      const r = refusal(run(row, {}, a).d);
      expect([r.status, r.code]).toEqual([403, 'role_not_allowed']);
    }
  });

  it('refuses every other state with 409 and says where the case stands', () => {
    const others = ([null, ...CASE_STATES] as (CaseState | null)[]).filter((s) => !t.from.includes(s));
    for (const s of others) {
      const built = s === null ? null : caseIn(s);
      const snap = built?.snap ?? null;
      const r = refusal(decide(snap, { ...row.cmd, version: snap?.version }, row.actor, built?.now ?? T0));
      expect([r.status, r.code]).toEqual([409, 'invalid_transition']);
      if (snap) expect(r.current).toEqual({ state: snap.state, version: snap.version });
    }
  });

  if (action !== 'report')
    it('refuses a stale version with 409', () => {
      const { snap, now } = row.given();
      if (!snap) throw new Error('no case');
      const r = refusal(decide(snap, { ...row.cmd, version: snap.version - 1 }, row.actor, now));
      expect([r.status, r.code]).toEqual([409, 'stale_version']);
      expect(r.current).toEqual({ state: snap?.state, version: snap?.version });
      // A missing version is bad input, not a conflict.
      expect(refusal(run(row, { version: undefined }).d)).toMatchObject({ status: 422, field: 'version' });
    });

  if (row.required.length > 0)
    it('names each missing required field with 422', () => {
      for (const [key, field] of row.required) {
        const r = refusal(run(row, { [key]: undefined }).d);
        expect([r.status, r.field]).toEqual([422, field]);
      }
    });

  if (t.guards.includes('reason'))
    it('treats a blank reason as missing', () => {
      expect(refusal(run(row, { reason: '  \n ' }).d)).toMatchObject({ status: 422, code: 'reason_required', field: 'reason' });
    });

  if (t.guards.includes('evidence'))
    it('treats zero photos as missing evidence', () => {
      expect(refusal(run(row, { evidenceCount: 0 }).d)).toMatchObject({ status: 422, code: 'evidence_required', field: 'evidence' });
    });

  if (t.guards.includes('unitScope'))
    it('refuses a handler of another unit with 403 and accepts a head above', () => {
      expect(refusal(run(row, {}, handlerZJJ).d)).toMatchObject({ status: 403, code: 'out_of_scope' });
      expect(run(row, {}, headCGJ).d.ok).toBe(true);
    });
});

describe('reporting', () => {
  it('lets every reporting role report; only inspection needs a photo', () => {
    for (const a of [inspector, hq, citizen, owner]) {
      const d = decide(null, { action: 'report', caseId: 1, source: 'citizen', categoryCode: 'E01', severity: 'minor' }, a, T0);
      expect(d.ok).toBe(true);
    }
    const d = decide(
      null,
      { action: 'report', caseId: 1, source: 'inspection', categoryCode: 'E01', severity: 'minor', evidenceCount: 0 },
      inspector,
      T0,
    );
    expect(refusal(d).field).toBe('evidence');
  });
  it('refuses unknown categories and actions', () => {
    expect(
      refusal(decide(null, { action: 'report', caseId: 1, source: 'citizen', categoryCode: 'X99', severity: 'minor' }, citizen, T0)).field,
    ).toBe('categoryCode');
    expect(refusal(decide(null, { action: 'explode' as CaseAction }, hq, T0))).toMatchObject({ status: 422, code: 'unknown_action' });
  });
  it('lets HQ correct category and severity when accepting', () => {
    const { snap, now } = caseIn('reported');
    const r = step(snap, { action: 'accept', categoryCode: 'C01-01', severity: 'major' }, hq, now);
    expect([r.next.categoryCode, r.next.severity]).toEqual(['C01-01', 'major']);
    expect(refusal(decide(snap, { action: 'accept', version: snap.version, severity: 'huge' as 'major' }, hq, now)).field).toBe('severity');
  });
});

describe('deadlines in the machine', () => {
  it('dispatch sets the rule deadline: normal = 3 working days, Friday → Thursday 00:00 China', () => {
    const { snap, now } = caseIn('accepted'); // now is Friday 2026-03-06 10:02 China
    const r = step(snap, { action: 'dispatch', ...CGJ }, hq, now);
    expect(r.event.deadlineAfter).toBe('2026-03-11T16:00:00.000Z');
    expect(r.next.dispatchedAt).toBe(now.toISOString());
    expect(r.event.unitAfter).toBe(CGJ.unitId);
  });
  it('a category deadline rule replaces the severity rule (井盖缺损: 24 h)', () => {
    const r0 = step(null, { action: 'report', caseId: 2, source: 'hotline', categoryCode: 'C01-01', severity: 'minor' }, hq, T0);
    const r1 = step(r0.next, { action: 'accept' }, hq, T0);
    const r2 = step(r1.next, { action: 'dispatch', ...ZJJ }, hq, T0);
    expect(r2.next.deadline).toBe(plus(T0, 24 * 60).toISOString());
  });
  it('an override needs a future date and a reason', () => {
    const { snap, now } = caseIn('accepted');
    const ok = step(snap, { action: 'dispatch', ...CGJ, deadline: '2026-03-20', reason: '领导交办' }, hq, now);
    expect(ok.next.deadline).toBe('2026-03-20T16:00:00.000Z');
    expect(ok.event.data.deadlineOverridden).toBe(true);
    const base = { action: 'dispatch' as const, version: snap.version, ...CGJ };
    expect(refusal(decide(snap, { ...base, deadline: '2026-03-20' }, hq, now))).toMatchObject({ status: 422, field: 'reason' });
    expect(refusal(decide(snap, { ...base, deadline: '2026-03-05', reason: 'x' }, hq, now))).toMatchObject({
      status: 422,
      code: 'deadline_in_past',
      field: 'deadline',
    });
    expect(refusal(decide(snap, { ...base, deadline: now.toISOString(), reason: 'x' }, hq, now)).field).toBe('deadline');
    expect(refusal(decide(snap, { ...base, deadline: '2026-03-20 10:00', reason: 'x' }, hq, now)).field).toBe('deadline');
  });
  it('extension: requested date after the current deadline, one at a time, approve moves the deadline', () => {
    const { snap, now } = caseIn('dispatched'); // deadline 2026-03-11T16:00Z
    const base = { action: 'request_extension' as const, version: snap.version, reason: '需采购' };
    expect(refusal(decide(snap, { ...base, requestedDeadline: '2026-03-11' }, handlerCGJ, now))).toMatchObject({
      status: 422,
      code: 'not_after_deadline',
    });
    const req = step(snap, { ...base, requestedDeadline: '2026-03-12' }, handlerCGJ, now);
    expect(req.next.pendingExtension).toMatchObject({
      requestedDeadline: '2026-03-12T16:00:00.000Z',
      requestedBy: handlerCGJ.userId,
      reason: '需采购',
    });
    expect(req.event.deadlineAfter).toBe(req.event.deadlineBefore);
    expect(
      refusal(decide(req.next, { ...base, version: req.next.version, requestedDeadline: '2026-03-30' }, handlerCGJ, now)),
    ).toMatchObject({ status: 409, code: 'extension_pending' });
    const ok = step(req.next, { action: 'approve_extension' }, hq, now);
    expect([ok.next.deadline, ok.next.pendingExtension, ok.next.extensionCount]).toEqual(['2026-03-12T16:00:00.000Z', null, 1]);
    expect(refusal(decide(ok.next, { action: 'deny_extension', version: ok.next.version, reason: 'x' }, hq, now))).toMatchObject({
      status: 409,
      code: 'no_pending_extension',
    });
  });
  it('deny keeps the deadline; rectifying drops a pending request', () => {
    const { snap, now } = withPendingExtension('acknowledged');
    const denied = step(snap, { action: 'deny_extension', reason: '可按期完成' }, hq, now);
    expect([denied.next.deadline, denied.next.pendingExtension, denied.next.extensionCount]).toEqual([snap.deadline, null, 0]);
    const rect = step(snap, { action: 'rectify', evidenceCount: 1 }, handlerCGJ, now);
    expect(rect.next.pendingExtension).toBeNull();
  });
  it('verify_reopen sends the case back to the same unit with a fresh rule deadline', () => {
    const { snap, now } = caseIn('rectified');
    const later = plus(now, 3 * 24 * 60); // Monday 2026-03-09
    const r = step(snap, { action: 'verify_reopen', evidenceCount: 1, reason: '未整改到位' }, inspector, later);
    expect(r.next).toMatchObject({
      state: 'dispatched',
      assignedUnitId: CGJ.unitId,
      assignedUnitPath: CGJ.unitPath,
      reopenCount: 1,
      dispatchedAt: later.toISOString(),
    });
    expect(r.next.deadline).toBe('2026-03-12T16:00:00.000Z'); // Tue, Wed, Thu → Friday 00:00 China
    expect(r.next.handledAt).toBe(snap.handledAt);
  });
});

describe('verification and scope', () => {
  it('refuses the rectifier as verifier with 403, even with the inspector role', () => {
    const { snap, now } = caseIn('acknowledged');
    const rect = step(snap, { action: 'rectify', evidenceCount: 1 }, handlerInspector, now);
    for (const action of ['verify_close', 'verify_reopen'] as const) {
      const d = decide(rect.next, { action, version: rect.next.version, evidenceCount: 1, reason: 'x' }, handlerInspector, now);
      expect(refusal(d)).toMatchObject({ status: 403, code: 'verifier_is_rectifier' });
    }
    const closed = step(rect.next, { action: 'verify_close', evidenceCount: 1 }, inspector2, now);
    expect(closed.next).toMatchObject({ state: 'closed', lastVerifierId: inspector2.userId, lastRectifierId: handlerInspector.userId });
  });
  it('a head covers the bureaus under the district; a sibling handler does not', () => {
    const { snap, now } = caseIn('returned');
    const re = step(snap, { action: 'redispatch', ...DISTRICT_BUREAU }, hq, now);
    expect(step(re.next, { action: 'acknowledge' }, headDistrict, now).next.state).toBe('acknowledged');
    expect(refusal(decide(re.next, { action: 'acknowledge', version: re.next.version }, handlerCGJ, now)).code).toBe('out_of_scope');
    expect(re.next.rerouteCount).toBe(1);
  });
  it('redispatch to the same unit is not a reroute', () => {
    const { snap, now } = caseIn('returned');
    expect(step(snap, { action: 'redispatch', ...CGJ }, hq, now).next.rerouteCount).toBe(0);
  });
  it('checks the dispatch target shape', () => {
    const { snap, now } = caseIn('accepted');
    const d = decide(snap, { action: 'dispatch', version: snap.version, unitId: 40, unitPath: '/1/41/' }, hq, now);
    expect(refusal(d).field).toBe('unitPath');
  });
});

describe('merge, suspend, resume', () => {
  it('merges only into another open case', () => {
    const { snap, now } = caseIn('reported');
    const m = (target: CaseCommand['target']) => decide(snap, { action: 'merge', version: snap.version, target }, hq, now);
    expect(refusal(m({ id: snap.id, state: 'accepted' }))).toMatchObject({ status: 422, field: 'target' });
    expect(refusal(m({ id: 3, state: 'closed' }))).toMatchObject({ status: 409, code: 'target_not_open' });
    const ok = m({ id: 3, state: 'suspended' });
    expect(ok.ok && ok.next.mergedIntoId).toBe(3);
  });
  it.each(['accepted', 'dispatched', 'acknowledged', 'returned'] as const)('resumes a case suspended from %s to where it was', (s) => {
    const { snap, now } = caseIn(s);
    const sus = step(snap, { action: 'suspend', reason: '长期工程', reviewDate: '2026-03-06' }, hq, now);
    expect(sus.next).toMatchObject({ state: 'suspended', suspendedFrom: s, reviewDate: '2026-03-06' });
    const res = step(sus.next, { action: 'resume' }, hq, now);
    expect(res.next).toMatchObject({ state: s, suspendedFrom: null, reviewDate: null, deadline: snap.deadline });
  });
  it('refuses a review date in the past (China date)', () => {
    const { snap } = caseIn('dispatched');
    const at = new Date('2026-03-06T16:30:00Z'); // already Saturday 03-07 in China
    const d = decide(snap, { action: 'suspend', version: snap.version, reason: 'x', reviewDate: '2026-03-06' }, hq, at);
    expect(refusal(d)).toMatchObject({ status: 422, field: 'reviewDate' });
  });
});

describe('replay', () => {
  it.each(CASE_STATES.map((s) => [s] as const))('rebuilds a %s case from its events', (s) => {
    const { snap, events } = caseIn(s);
    expect(replay(events)).toEqual(snap);
  });
  it('refuses a log that does not fit together', () => {
    const { events } = caseIn('closed');
    expect(() => replay([])).toThrow();
    expect(() => replay(events.slice(1))).toThrow();
    expect(() => replay([events[0]!, events[2]!])).toThrow();
    expect(() => replay([...events, events[0]!])).toThrow();
  });
});
