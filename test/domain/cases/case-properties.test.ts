import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CASE_ACTIONS, CASE_STATES, type CaseAction } from '../../../src/shared/case-enums.js';
import { chinaDay } from '../../../src/domain/calendar/work-calendar.js';
import { coversUnit, type Actor } from '../../../src/domain/policies/permissions.js';
import {
  actionsFrom,
  applyEvent,
  decide,
  replay,
  TRANSITIONS,
  type CaseCommand,
  type CaseEvent,
  type CaseSnapshot,
} from '../../../src/domain/cases/case-machine.js';
import {
  addFacts,
  caseFacts,
  factDelta,
  factKeyString,
  FACT_FIELDS,
  zeroFacts,
  type FactVector,
} from '../../../src/domain/cases/indicators.js';
import { CAST, CGJ, DISTRICT_BUREAU, ZJJ } from './fixtures.js';

/**
 * Random histories: each step picks (mostly) an action the table allows from the
 * current state and (mostly) an actor holding an allowed role, with randomly
 * missing or bad fields, stale versions and clock jumps, so that both accepted and
 * refused commands are frequent. Every invariant is checked after every step.
 */

const UNITS = [CGJ, ZJJ, DISTRICT_BUREAU];
const DAY = 86_400_000;

const stepArb = fc.record({
  pickAction: fc.nat(),
  // 10%: any action at all; 70%: an action that moves the case forward; 20%: any the state allows
  actionMode: fc.constantFrom('free', 'forward', 'forward', 'forward', 'forward', 'forward', 'forward', 'forward', 'allowed', 'allowed'),
  pickActor: fc.nat(),
  freeActor: fc.integer({ min: 0, max: 6 }).map((x) => x === 0), // ~15%: anyone
  // 50%: people holding both a unit role and a verifier role rectify, and the last
  // rectifier tries to verify — the situation the verifier ≠ rectifier rule is for
  adversary: fc.boolean(),
  stale: fc.integer({ min: 0, max: 19 }).map((x) => x === 0),
  withReason: fc.integer({ min: 0, max: 9 }).map((x) => x > 0),
  evidence: fc.integer({ min: -1, max: 3 }),
  unit: fc.integer({ min: 0, max: UNITS.length - 1 }),
  overrideDays: fc.option(fc.integer({ min: -2, max: 20 }), { freq: 4 }),
  extDays: fc.integer({ min: -3, max: 15 }),
  reviewDays: fc.integer({ min: -2, max: 60 }),
  targetSelf: fc.integer({ min: 0, max: 9 }).map((x) => x === 0),
  targetState: fc.constantFrom(...CASE_STATES),
  // ~1 in 8: the satisfaction review vouches for a 不满意 rating (lets HQ reopen a closed case)
  dissatisfied: fc.integer({ min: 0, max: 7 }).map((x) => x === 0),
  advanceMinutes: fc.oneof(fc.integer({ min: 0, max: 90 }), fc.integer({ min: 0, max: 6 * 24 * 60 })),
});
type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

const historyArb = fc.record({
  start: fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2026-11-30T00:00:00Z'), noInvalidDate: true }),
  reporter: fc.constantFrom(...CAST),
  source: fc.constantFrom('inspection', 'citizen', 'hotline', 'video', 'higher_level', 'project_obstacle' as const),
  category: fc.constantFrom('E01-01', 'C01-01', 'E04', 'C04', 'E05-01'),
  severity: fc.constantFrom('urgent', 'major', 'normal', 'minor' as const),
  steps: fc.array(stepArb, { maxLength: 50, size: 'max' }),
});
type History = typeof historyArb extends fc.Arbitrary<infer T> ? T : never;

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

const pick = <T>(xs: readonly T[], n: number): T | undefined => (xs.length ? xs[n % xs.length] : undefined);

function chooseActor(snap: CaseSnapshot, action: CaseAction, s: Step): Actor {
  if (s.freeActor) return pick(CAST, s.pickActor) as Actor;
  const t = TRANSITIONS[action];
  const rectifier = CAST.find((a) => a.userId === snap.lastRectifierId);
  if (s.adversary && rectifier && rectifier.grants.some((g) => t.roles.includes(g.role))) return rectifier;
  const path = snap.assignedUnitPath;
  const ok = CAST.filter((a) =>
    a.grants.some((g) => t.roles.includes(g.role) && (!t.guards.includes('unitScope') || (path !== null && coversUnit(g.unitPath, path)))),
  );
  const dual = ok.filter((a) => a.grants.some((g) => g.role === 'inspector' || g.role === 'hq_dispatcher'));
  return pick(s.adversary && action === 'rectify' && dual.length ? dual : ok.length ? ok : CAST, s.pickActor) as Actor;
}

function buildCommand(snap: CaseSnapshot, action: CaseAction, s: Step, now: Date): CaseCommand {
  const unit = UNITS[s.unit] as { unitId: number; unitPath: string };
  const base = snap.deadline ? Date.parse(snap.deadline) : now.getTime();
  return {
    action,
    version: s.stale ? snap.version - 1 : snap.version,
    reason: s.withReason ? '理由' : undefined,
    note: '备注',
    evidenceCount: s.evidence < 0 ? undefined : s.evidence,
    unitId: unit.unitId,
    unitPath: unit.unitPath,
    deadline: s.overrideDays === null ? undefined : new Date(now.getTime() + s.overrideDays * DAY).toISOString(),
    requestedDeadline: new Date(base + s.extDays * DAY).toISOString(),
    reviewDate: chinaDay(new Date(now.getTime() + s.reviewDays * DAY)),
    target: { id: s.targetSelf ? snap.id : snap.id + 1, state: s.targetState },
    afterDissatisfied: s.dissatisfied,
  };
}

/**
 * Actions that move a case along the usual path. Without this bias a random walk is
 * mostly absorbed by reject/merge before it reaches verification.
 */
function forward(snap: CaseSnapshot): readonly CaseAction[] {
  if (snap.pendingExtension) return ['approve_extension', 'deny_extension'];
  const next: Partial<Record<CaseSnapshot['state'], readonly CaseAction[]>> = {
    reported: ['accept'],
    accepted: ['dispatch'],
    dispatched: ['acknowledge', 'request_extension'],
    acknowledged: ['rectify', 'rectify', 'request_extension'],
    rectified: ['verify_close', 'verify_reopen'],
    returned: ['redispatch'],
    suspended: ['resume'],
  };
  return next[snap.state] ?? [];
}

const DEADLINE_MOVERS: readonly CaseAction[] = ['dispatch', 'redispatch', 'approve_extension', 'verify_reopen'];

/** Global coverage across all runs, to make sure the generator reaches everything. */
const accepted = new Map<CaseAction, number>();
const refusedCodes = new Map<string, number>();

/** Runs one random history, asserting step invariants; returns the final snapshot, the events and all fact deltas. */
function runHistory(h: History, caseId = 1): { final: CaseSnapshot; events: CaseEvent[]; deltas: Map<string, FactVector> } {
  const report = decide(
    null,
    { action: 'report', caseId, source: h.source, categoryCode: h.category, severity: h.severity, evidenceCount: 1 },
    h.reporter,
    h.start,
  );
  const first = report.ok
    ? report
    : decide(
        null,
        { action: 'report', caseId, source: 'citizen', categoryCode: h.category, severity: h.severity },
        CAST[0] as Actor,
        h.start,
      );
  if (!first.ok) throw new Error('hq could not report');
  accepted.set('report', (accepted.get('report') ?? 0) + 1);
  let snap = deepFreeze(first.next);
  const events: CaseEvent[] = [first.event];
  const deltas = new Map<string, FactVector>();
  const addDeltas = (before: CaseSnapshot | null, after: CaseSnapshot) => {
    for (const ch of factDelta(before, after)) {
      const k = factKeyString(ch.key);
      deltas.set(k, addFacts(deltas.get(k) ?? zeroFacts(), ch.delta));
    }
  };
  addDeltas(null, snap);
  let now = h.start;
  for (const s of h.steps) {
    now = new Date(now.getTime() + s.advanceMinutes * 60_000);
    const choices = s.actionMode === 'free' ? CASE_ACTIONS : s.actionMode === 'forward' ? forward(snap) : actionsFrom(snap.state);
    const action = pick(choices.length ? choices : actionsFrom(snap.state), s.pickAction);
    if (!action) break; // terminal state
    const d = decide(snap, buildCommand(snap, action, s, now), chooseActor(snap, action, s), now); // snap is frozen: decide cannot mutate it
    if (!d.ok) {
      refusedCodes.set(`${d.status}:${d.code}`, (refusedCodes.get(`${d.status}:${d.code}`) ?? 0) + 1);
      continue;
    }
    const e = d.event;
    accepted.set(e.action, (accepted.get(e.action) ?? 0) + 1);
    // (a) exactly one event, which is the only way the state changes
    expect(e.version).toBe(snap.version + 1);
    expect(e.fromState).toBe(snap.state);
    expect(e.deadlineBefore).toBe(snap.deadline);
    expect(d.next).toEqual(applyEvent(snap, e));
    expect(d.next.state).toBe(e.toState);
    // (c) the deadline moves only through dispatch/redispatch, approved extension or reopening
    if (e.deadlineAfter !== e.deadlineBefore) expect(DEADLINE_MOVERS).toContain(e.action);
    // (b) verification by someone other than the last rectifier
    if (e.action === 'verify_close' || e.action === 'verify_reopen') {
      const lastRectify = [...events].reverse().find((x) => x.action === 'rectify');
      expect(lastRectify).toBeDefined();
      expect(e.actorId).not.toBe(lastRectify?.actorId);
    }
    addDeltas(snap, d.next);
    events.push(e);
    snap = deepFreeze(d.next);
    // sanity of facts: on-time counts never exceed their totals
    const f = caseFacts(snap);
    if (f) {
      expect(f.handledOnTime).toBeLessThanOrEqual(f.handled);
      expect(f.closedOnTime).toBeLessThanOrEqual(f.closed);
      expect(f.closed + f.suspended).toBeLessThanOrEqual(1);
    }
  }
  return { final: snap, events, deltas };
}

/** Drops all-zero rows so maps compare by content. */
function nonZero(m: Map<string, FactVector>): Record<string, FactVector> {
  return Object.fromEntries([...m].filter(([, v]) => FACT_FIELDS.some((f) => v[f] !== 0)));
}

describe('case machine properties', () => {
  it('keeps the invariants on random histories; replay reproduces the snapshot; deltas sum to the facts', () => {
    fc.assert(
      fc.property(historyArb, (h) => {
        const { final, events, deltas } = runHistory(h);
        // (b) a closed case was closed by a verify_close of someone other than the last rectifier
        if (final.state === 'closed') {
          const close = events.at(-1) as CaseEvent;
          expect(close.action).toBe('verify_close');
          const lastRectify = events.filter((x) => x.action === 'rectify').at(-1);
          expect(close.actorId).not.toBe(lastRectify?.actorId);
        }
        // every event but the report changed the version by one, in order
        expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));
        // (d) replay(events) equals the final snapshot
        expect(replay(events)).toEqual(final);
        // (e) the sum of deltas over the history equals the facts of the final snapshot
        const f = caseFacts(final);
        const expected = new Map<string, FactVector>();
        if (f) expected.set(factKeyString(f), addFacts(zeroFacts(), f));
        expect(nonZero(deltas)).toEqual(nonZero(expected));
      }),
      { numRuns: 400 },
    );
    // The generator must actually exercise the whole table and the refusals.
    expect([...accepted.keys()].sort()).toEqual([...CASE_ACTIONS].sort());
    for (const code of [
      '403:role_not_allowed',
      '403:out_of_scope',
      '409:stale_version',
      '409:invalid_transition',
      '422:reason_required',
      '422:evidence_required',
      '403:verifier_is_rectifier',
      '409:extension_pending',
      '409:no_pending_extension',
    ]) {
      expect([...refusedCodes.keys()]).toContain(code);
    }
  });

  it('summing caseFacts over many cases equals summing all their deltas (aggregate maintenance)', () => {
    fc.assert(
      fc.property(fc.array(historyArb, { minLength: 1, maxLength: 15 }), (hs) => {
        const fromFacts = new Map<string, FactVector>();
        const fromDeltas = new Map<string, FactVector>();
        hs.forEach((h, i) => {
          const { final, deltas } = runHistory(h, i + 1);
          const f = caseFacts(final);
          if (f) fromFacts.set(factKeyString(f), addFacts(fromFacts.get(factKeyString(f)) ?? zeroFacts(), f));
          for (const [k, v] of deltas) fromDeltas.set(k, addFacts(fromDeltas.get(k) ?? zeroFacts(), v));
        });
        expect(nonZero(fromDeltas)).toEqual(nonZero(fromFacts));
      }),
      { numRuns: 60 },
    );
  });
});
