import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decide, replay } from '../../../src/domain/cases/case-machine.js';
import { caseFacts, factDelta } from '../../../src/domain/cases/indicators.js';
import { CAST, caseIn, handlerCGJ, hq, inspector, plus, step } from './fixtures.js';

/**
 * Issue 15 (回访): HQ may reopen a CLOSED case when its reporter rated the result 不满意 —
 * verify_reopen from closed, back to the same unit with a fresh deadline, counted as rework.
 */
const closed = () => caseIn('closed');
const reopen = { action: 'verify_reopen' as const, reason: '市民回访不满意：垃圾仍未清运', afterDissatisfied: true };

describe('reopening a closed case on a 不满意 rating', () => {
  it('goes back to dispatched at the same unit, fresh deadline, reopen count +1, no longer closed', () => {
    const { snap, now } = closed();
    const at = plus(now, 60 * 24 * 3);
    const d = decide(snap, { ...reopen, version: snap.version }, hq, at);
    if (!d.ok) throw new Error(`${d.status} ${d.code}`);
    expect(d.event.fromState).toBe('closed');
    expect(d.next.state).toBe('dispatched');
    expect(d.next.assignedUnitId).toBe(snap.assignedUnitId);
    expect(d.next.assignedUnitPath).toBe(snap.assignedUnitPath);
    expect(d.next.reopenCount).toBe(snap.reopenCount + 1);
    expect(d.next.closedAt).toBeNull();
    expect(d.next.closedOnTime).toBeNull();
    expect(d.next.dispatchedAt).toBe(at.toISOString());
    expect(Date.parse(d.next.deadline!)).toBeGreaterThan(at.getTime());
    expect(d.event.data.afterDissatisfied).toBe(true);
    // the aggregates: closed −1, reopened +1, at the same key
    const before = caseFacts(snap)!;
    const after = caseFacts(d.next)!;
    expect([before.closed, after.closed, after.reopened - before.reopened]).toEqual([1, 0, 1]);
    const delta = factDelta(snap, d.next);
    expect(delta).toHaveLength(1);
    expect(delta[0]!.delta).toMatchObject({ closed: -1, reopened: 1 });
  });

  it('needs no photo (the rating is the evidence) but a reason', () => {
    const { snap, now } = closed();
    const r = decide(snap, { action: 'verify_reopen', version: snap.version, afterDissatisfied: true }, hq, now);
    expect(r).toMatchObject({ ok: false, status: 422, field: 'reason' });
  });

  it('is refused without a 不满意 rating under review (409) and for anyone but HQ (403)', () => {
    const { snap, now } = closed();
    const noRating = decide(snap, { ...reopen, afterDissatisfied: undefined, evidenceCount: 2, version: snap.version }, hq, now);
    expect(noRating).toMatchObject({ ok: false, status: 409, code: 'not_dissatisfied' });
    for (const a of CAST.filter((x) => !x.grants.some((g) => g.role === 'hq_dispatcher'))) {
      const r = decide(snap, { ...reopen, evidenceCount: 1, version: snap.version }, a, now);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.status).toBe(403);
    }
  });

  it('still needs a photo to reopen a rectified case (nothing changed there)', () => {
    const { snap, now } = caseIn('rectified');
    const r = decide(snap, { ...reopen, version: snap.version }, inspector, now);
    expect(r).toMatchObject({ ok: false, status: 422, field: 'evidence' });
  });

  it('the reopened case can be handled and closed again; replay and facts agree at every step', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 60 * 24 * 20 }), (rounds, gap) => {
        let { snap, events, now } = caseIn('closed');
        for (let i = 0; i < rounds; i++) {
          now = plus(now, gap + 1);
          const r = step(snap, reopen, hq, now);
          events = [...events, r.event];
          snap = r.next;
          expect(replay(events)).toEqual(snap);
          for (const [cmd, actor] of [
            [{ action: 'acknowledge' }, handlerCGJ],
            [{ action: 'rectify', evidenceCount: 1 }, handlerCGJ],
            [{ action: 'verify_close', evidenceCount: 1 }, inspector],
          ] as const) {
            now = plus(now, 30);
            const s = step(snap, cmd, actor, now);
            events = [...events, s.event];
            snap = s.next;
          }
          expect(snap.state).toBe('closed');
        }
        expect(replay(events)).toEqual(snap);
        expect(caseFacts(snap)).toMatchObject({ closed: 1, reopened: rounds, dispatched: 1 });
      }),
      { numRuns: 50 },
    );
  });
});
