import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CN_2026_CALENDAR } from '../../../src/domain/calendar/cn-holidays.js';
import { DEMO_LADDER } from '../../../src/demo/demo-ladder.js';
import { decideLetters, letterState, checkSignature, type CaseFacts } from '../../../src/domain/letters/escalation.js';
import {
  checkLadder,
  DEFAULT_LADDER,
  isNamedApprover,
  rungNeedsApproval,
  type Ladder,
  type Rung,
} from '../../../src/domain/letters/ladder.js';

const rung = (ladder: Ladder, key: string): Rung => ladder.rungs.find((r) => r.key === key)!;

describe('a rung that needs approval (issue 13)', () => {
  it('is on for the 问责函 rung of the default and the demo ladder, off for the others', () => {
    for (const ladder of [DEFAULT_LADDER, DEMO_LADDER]) {
      expect(ladder.rungs.map((r) => [r.key, rungNeedsApproval(r)])).toEqual([
        ['reminder', false],
        ['supervision', false],
        ['accountability', true],
      ]);
      expect(rung(ladder, 'accountability').approval).toEqual({ required: true });
    }
    expect(checkLadder(DEMO_LADDER)).toEqual([]);
  });

  it('a stored rung without the field needs approval only when it is the 问责函 rung, by key or by type', () => {
    const { approval: _approval, ...old } = rung(DEMO_LADDER, 'accountability');
    expect(rungNeedsApproval(old)).toBe(true);
    expect(rungNeedsApproval({ ...old, key: 'level3' })).toBe(true);
    expect(rungNeedsApproval({ ...old, key: 'level3', type: '约谈函' })).toBe(false);
    expect(rungNeedsApproval(rung(DEMO_LADDER, 'reminder'))).toBe(false);
    expect(rungNeedsApproval(null)).toBe(false);
    // Explicit settings win both ways.
    expect(rungNeedsApproval({ ...old, approval: { required: false } })).toBe(false);
    expect(rungNeedsApproval({ ...rung(DEMO_LADDER, 'reminder'), approval: { required: true } })).toBe(true);
    // An old stored ladder without the field still passes the check.
    expect(checkLadder({ ...DEMO_LADDER, rungs: DEMO_LADDER.rungs.map(({ approval: _a, ...r }) => r) })).toEqual([]);
  });

  it('checkLadder names a malformed approval field', () => {
    const bad = (approval: unknown): Ladder =>
      ({ ...DEMO_LADDER, rungs: DEMO_LADDER.rungs.map((r, i) => (i === 1 ? { ...r, approval } : r)) }) as Ladder;
    for (const v of [null, true, {}, { required: 'yes' }])
      expect(checkLadder(bad(v))).toEqual([
        { field: 'rungs[1].approval.required', code: 'approval_invalid', params: {}, message: expect.stringContaining('approval') },
      ]);
    expect(checkLadder(bad({ required: false }))).toEqual([]);
  });

  it('a rung may name its approver by username; naming one for a rung without approval, or a blank, is a problem', () => {
    const bad = (approval: unknown): Ladder =>
      ({ ...DEMO_LADDER, rungs: DEMO_LADDER.rungs.map((r, i) => (i === 1 ? { ...r, approval } : r)) }) as Ladder;
    expect(checkLadder(bad({ required: true, approver: 'leader' }))).toEqual([]);
    for (const [v, code] of [
      [{ required: false, approver: 'leader' }, 'approver_without_approval'],
      [{ required: true, approver: '  ' }, 'approver_invalid'],
      [{ required: true, approver: 7 }, 'approver_invalid'],
    ] as const)
      expect(checkLadder(bad(v))).toEqual([{ field: 'rungs[1].approval.approver', code, params: {}, message: expect.any(String) }]);
    const named = { approval: { required: true, approver: 'leader' } };
    expect(isNamedApprover(named, { username: 'leader' })).toBe(true);
    expect(isNamedApprover(named, { username: 'leader2' })).toBe(false);
    expect(isNamedApprover({ approval: { required: true } }, { username: 'anyone' })).toBe(true);
    expect(isNamedApprover(null, { username: 'anyone' })).toBe(true);
  });
});

describe('a letter awaiting approval', () => {
  const facts = {
    status: 'pending_approval' as const,
    issuedAt: null,
    deliveredAt: null,
    signedAt: null,
    repliedAt: null,
    replyDeadline: null,
    withdrawnAt: null,
  };

  it('is in state pending_approval and cannot be signed for', () => {
    expect(letterState(facts, new Date())).toBe('pending_approval');
    expect(checkSignature({ letter: { ...facts, recipientUnitId: 7 }, actorUnitId: 7, now: new Date() })).toMatchObject({
      status: 409,
      code: 'letter_draft',
    });
  });

  it('holds its cases: the sweep plans no letter for them, whatever else holds', () => {
    const now = new Date('2026-03-20T01:00:00Z');
    const caseArb = (id: number) =>
      fc
        .record({ unitId: fc.integer({ min: 1, max: 3 }), reopen: fc.integer({ min: 0, max: 3 }) })
        .map(({ unitId, reopen }): CaseFacts => ({
          id,
          unitId,
          open: true,
          deadline: '2026-03-02T16:00:00.000Z',
          reopenCount: reopen,
          checkPointId: null,
          createdAt: '2026-03-01T01:00:00.000Z',
        }));
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 8 }), { maxLength: 8 }),
        fc.tuple(...[1, 2, 3, 4, 5, 6, 7, 8].map(caseArb)),
        (held, cases) => {
          const plan = decideLetters({ now, calendar: CN_2026_CALENDAR, ladder: DEMO_LADDER, cases, letters: [], awaitingApproval: held });
          const planned = plan.flatMap((p) => p.caseIds);
          expect(planned.filter((id) => held.includes(id))).toEqual([]);
          // The others are planned as without any held case.
          const free = decideLetters({ now, calendar: CN_2026_CALENDAR, ladder: DEMO_LADDER, cases, letters: [] }).flatMap(
            (p) => p.caseIds,
          );
          expect(planned).toEqual(free.filter((id) => !held.includes(id)));
        },
      ),
    );
  });
});
