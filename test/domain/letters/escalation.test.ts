import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CN_2026_CALENDAR } from '../../../src/domain/calendar/cn-holidays.js';
import { addWorkingDays, chinaDay, chinaMidnight, isWorkingDay, shiftDay } from '../../../src/domain/calendar/work-calendar.js';
import { DEMO_LADDER } from '../../../src/demo/demo-ladder.js';
import { rungsByLevel, type Ladder, type Rung, type Trigger } from '../../../src/domain/letters/ladder.js';
import {
  checkSignature,
  decideLetters,
  letterState,
  replyDeadlineFor,
  type CaseFacts,
  type LetterFacts,
  type LetterStateFacts,
  type PlannedLetter,
  type SignatureFacts,
} from '../../../src/domain/letters/escalation.js';

/** An instant given as China wall-clock time, e.g. cn('2026-03-06 10:00'). */
const cn = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+08:00`);
const iso = (local: string): string => cn(local).toISOString();
const CAL = CN_2026_CALENDAR;
const [REMINDER, SUPERVISION, ACCOUNTABILITY] = rungsByLevel(DEMO_LADDER) as [Rung, Rung, Rung];

const kase = (id: number, over: Partial<CaseFacts> = {}): CaseFacts => ({
  id,
  unitId: 10,
  open: true,
  deadline: null,
  reopenCount: 0,
  checkPointId: null,
  createdAt: iso('2026-01-05 09:00'),
  ...over,
});
let nextLetterId = 1;
/** A letter of `rung` issued at `issuedAt` (China wall time) with the rung's own reply deadline. */
const letter = (rung: Rung, caseIds: number[], issuedAt: string, over: Partial<LetterFacts> = {}): LetterFacts => ({
  id: nextLetterId++,
  rungKey: rung.key,
  unitId: 10,
  caseIds,
  issuedAt: iso(issuedAt),
  replyDeadline: replyDeadlineFor(cn(issuedAt), rung, CAL).toISOString(),
  signedAt: null,
  withdrawn: false,
  ...over,
});
const decide = (now: string | Date, cases: CaseFacts[], letters: LetterFacts[] = [], ladder: Ladder = DEMO_LADDER): PlannedLetter[] =>
  decideLetters({ now: typeof now === 'string' ? cn(now) : now, calendar: CAL, ladder, cases, letters });
/** Compact view: rung key, unit and cases of each planned letter. */
const brief = (plan: PlannedLetter[]): string[] => plan.map((p) => `${p.rungKey}@${p.unitId}:${p.caseIds.join(',')}`);
/** A one-rung ladder with the given triggers, to test one threshold at a time. */
const only = (...triggers: Trigger[]): Ladder => ({ rungs: [{ ...REMINDER, triggers }] });

describe('overdue by N working days (deadline instant in time, then whole working days)', () => {
  // Due at the end of Friday 2026-03-06 (00:00 Saturday). Saturday and Sunday do not
  // count, Monday is the first whole working day after the deadline.
  const friday = kase(1, { deadline: iso('2026-03-07 00:00') });
  it('across a weekend: 1 working day is reached at the end of Monday', () => {
    expect(decide('2026-03-08 23:59', [friday])).toEqual([]); // two days late, but a weekend
    expect(decide('2026-03-09 23:59', [friday])).toEqual([]); // 1 day − 1 minute
    const plan = decide('2026-03-10 00:01', [friday]); // 1 day + 1 minute
    expect(plan).toEqual([
      {
        rungKey: 'reminder',
        level: 1,
        unitId: 10,
        caseIds: [1],
        reasons: [{ caseId: 1, trigger: 'overdue', detail: '逾期 1 个工作日（办理期限 2026-03-06 24:00）' }],
      },
    ]);
  });
  it('a deadline inside a day (hour rule): the partial day never counts', () => {
    const c = kase(1, { deadline: iso('2026-03-06 14:00') });
    expect(decide('2026-03-09 23:59', [c])).toEqual([]);
    expect(brief(decide('2026-03-10 00:01', [c]))).toEqual(['reminder@10:1']);
  });
  it('overdue by 0 fires one minute after the deadline, not at it', () => {
    const c = kase(1, { deadline: iso('2026-03-06 14:00') });
    expect(decide('2026-03-06 14:00', [c], [], only({ kind: 'overdue', workingDays: 0 }))).toEqual([]);
    expect(decide('2026-03-06 14:01', [c], [], only({ kind: 'overdue', workingDays: 0 }))[0]?.reasons[0]?.detail).toBe(
      '逾期 0 个工作日（办理期限 2026-03-06 14:00）',
    );
  });
  // Due at the end of Wednesday 2026-09-30. 国庆 2026-10-01..07 is off, Thursday 10-08
  // and Friday 10-09 are worked, Saturday 10-10 is a 调休 working day, Sunday 10-11 is off.
  const beforeNationalDay = kase(1, { deadline: iso('2026-10-01 00:00') });
  it('across 国庆: a week late is not yet 1 working day late', () => {
    expect(decide('2026-10-07 23:59', [beforeNationalDay])).toEqual([]);
    expect(decide('2026-10-08 23:59', [beforeNationalDay])).toEqual([]);
    expect(decide('2026-10-09 00:01', [beforeNationalDay])[0]?.reasons[0]?.detail).toBe('逾期 1 个工作日（办理期限 2026-09-30 24:00）');
  });
  it('across 国庆: the 调休 Saturday counts, the Sunday after it does not', () => {
    const n = (workingDays: number): Ladder => only({ kind: 'overdue', workingDays });
    expect(decide('2026-10-09 23:59', [beforeNationalDay], [], n(2))).toEqual([]); // 10-08, then 10-09 ends at midnight
    expect(brief(decide('2026-10-10 00:01', [beforeNationalDay], [], n(2)))).toEqual(['reminder@10:1']);
    expect(decide('2026-10-10 23:59', [beforeNationalDay], [], n(3))).toEqual([]); // the 调休 Saturday 10-10 is day 3
    expect(brief(decide('2026-10-11 00:01', [beforeNationalDay], [], n(3)))).toEqual(['reminder@10:1']);
    expect(decide('2026-10-12 23:59', [beforeNationalDay], [], n(4))).toEqual([]); // Sunday 10-11 is off: day 4 is Monday
    expect(decide('2026-10-13 00:01', [beforeNationalDay], [], n(4))[0]?.reasons[0]?.detail).toBe(
      '逾期 4 个工作日（办理期限 2026-09-30 24:00）',
    );
  });
  it('closed cases, cases without a deadline and cases without a unit get nothing', () => {
    const late = { deadline: iso('2026-03-01 00:00') };
    expect(decide('2026-03-20 10:00', [kase(1, { ...late, open: false }), kase(2), kase(3, { ...late, unitId: null })])).toEqual([]);
  });
});

describe('the chain: still open after, or unsigned, the previous rung', () => {
  // 提醒函 issued Wednesday 2026-09-30 10:00; reply in 2 working days → end of Friday 10-09.
  const c = kase(1, { deadline: iso('2026-09-29 00:00') });
  it('reply deadlines are the end of the n-th working day after the issue day', () => {
    expect(replyDeadlineFor(cn('2026-09-30 10:00'), REMINDER, CAL)).toEqual(cn('2026-10-10 00:00'));
    expect(replyDeadlineFor(cn('2026-09-30 17:30'), SUPERVISION, CAL)).toEqual(cn('2026-10-11 00:00')); // 10-08, 10-09, 10-10 (调休)
    expect(replyDeadlineFor(cn('2026-03-06 08:30'), REMINDER, CAL)).toEqual(replyDeadlineFor(cn('2026-03-06 17:30'), REMINDER, CAL));
    expect(replyDeadlineFor(cn('2026-03-06 08:30'), REMINDER, CAL)).toEqual(cn('2026-03-11 00:00')); // Mon, Tue
  });
  it('open_after_previous: 3 working days after the 提醒函, across 国庆 and the 调休 Saturday', () => {
    const signed = letter(REMINDER, [1], '2026-09-30 10:00', { signedAt: iso('2026-09-30 15:00') });
    expect(decide('2026-10-10 23:59', [c], [signed])).toEqual([]);
    const plan = decide('2026-10-11 00:01', [c], [signed]);
    expect(plan).toEqual([
      {
        rungKey: 'supervision',
        level: 2,
        unitId: 10,
        caseIds: [1],
        reasons: [{ caseId: 1, trigger: 'open_after_previous', detail: '提醒函（2026-09-30 10:00 发出）后 3 个工作日仍未办结' }],
      },
    ]);
    expect(decide('2026-10-11 00:01', [{ ...c, open: false }], [signed])).toEqual([]);
  });
  it('unsigned_previous: fires after the reply deadline, not at it', () => {
    const unsigned = letter(REMINDER, [1], '2026-09-30 10:00');
    expect(decide('2026-10-10 00:00', [c], [unsigned])).toEqual([]);
    expect(decide('2026-10-10 00:01', [c], [unsigned])[0]?.reasons).toEqual([
      { caseId: 1, trigger: 'unsigned_previous', detail: '提醒函逾期未签收（期限 2026-10-09 24:00）' },
    ]);
    // both hold a day later and both are listed
    expect(decide('2026-10-11 00:01', [c], [unsigned])[0]?.reasons.map((r) => r.trigger)).toEqual([
      'open_after_previous',
      'unsigned_previous',
    ]);
  });
  it('signed at the deadline is in time; signed after it counts as unsigned', () => {
    const onTime = letter(REMINDER, [1], '2026-09-30 10:00', { signedAt: iso('2026-10-10 00:00') });
    expect(decide('2026-10-10 09:00', [c], [onTime])).toEqual([]);
    const late = letter(REMINDER, [1], '2026-09-30 10:00', { signedAt: iso('2026-10-10 08:00') });
    expect(decide('2026-10-10 09:00', [c], [late])[0]?.reasons[0]?.detail).toBe(
      '提醒函逾期签收（期限 2026-10-09 24:00，2026-10-10 08:00 签收）',
    );
  });
  it('needs a non-withdrawn letter of the previous rung about the current unit', () => {
    const withdrawn = letter(REMINDER, [1], '2026-09-30 10:00', { withdrawn: true });
    expect(decide('2026-10-20 10:00', [c], [withdrawn])).toEqual([]);
    const otherUnit = letter(REMINDER, [1], '2026-09-30 10:00', { unitId: 99 });
    expect(decide('2026-10-20 10:00', [c], [otherUnit])).toEqual([]);
    // long after the 提醒函 the next rung is still the 督办函, never straight to the 问责函
    const ladder2 = letter(REMINDER, [1], '2026-09-01 10:00');
    expect(brief(decide('2026-10-20 10:00', [c], [ladder2]))).toEqual(['supervision@10:1']);
  });
  it('measures from the earliest of several letters of the previous rung', () => {
    const first = letter(REMINDER, [1], '2026-09-30 10:00', { signedAt: iso('2026-09-30 11:00') });
    const byHand = letter(REMINDER, [1], '2026-10-09 10:00', { signedAt: iso('2026-10-09 11:00') });
    expect(brief(decide('2026-10-11 00:01', [c], [byHand, first]))).toEqual(['supervision@10:1']);
  });
  it('the 问责函 follows the 督办函 after 5 working days', () => {
    const r = letter(REMINDER, [1], '2026-09-30 10:00', { signedAt: iso('2026-09-30 11:00') });
    const s = letter(SUPERVISION, [1], '2026-10-12 09:00', { signedAt: iso('2026-10-12 10:00') }); // Monday
    expect(decide('2026-10-18 23:59', [c], [r, s])).toEqual([]); // Tue..Sat: Tue–Fri is 4 days
    expect(decide('2026-10-19 23:59', [c], [r, s])).toEqual([]);
    expect(decide('2026-10-20 00:01', [c], [r, s])[0]?.reasons).toEqual([
      { caseId: 1, trigger: 'open_after_previous', detail: '督办函（2026-10-12 09:00 发出）后 5 个工作日仍未办结' },
    ]);
  });
});

describe('never twice, withdrawn, by hand, catch-up', () => {
  const late = kase(1, { deadline: iso('2026-03-02 00:00') });
  it('a case covered by a letter of a rung never gets that rung again', () => {
    const r = letter(REMINDER, [1], '2026-03-03 10:00', { signedAt: iso('2026-03-03 11:00') });
    expect(decide('2026-03-04 10:00', [late], [r])).toEqual([]);
  });
  it('a withdrawn letter blocks automatic reissue, and below it; other rungs may still fire on their own triggers', () => {
    const w = letter(REMINDER, [1], '2026-03-03 10:00', { withdrawn: true });
    expect(decide('2026-03-20 10:00', [late], [w])).toEqual([]);
    expect(brief(decide('2026-03-20 10:00', [{ ...late, reopenCount: 2 }], [w]))).toEqual(['accountability@10:1']);
  });
  it('a rung issued by hand blocks the rungs below it', () => {
    const byHand = letter(SUPERVISION, [1], '2026-03-03 10:00', { signedAt: iso('2026-03-03 11:00') });
    expect(decide('2026-03-09 10:00', [late], [byHand])).toEqual([]);
    expect(brief(decide('2026-03-11 00:01', [late], [byHand]))).toEqual(['accountability@10:1']); // 5 working days: Wed..Tue
  });
  it('after a 3-day gap only the next rung is issued, then one rung per day', () => {
    // 提醒函 on Monday 2026-03-02; the system is down Tuesday to Thursday. On Friday the
    // 督办函 is due (unsigned since Wednesday night, 3 days open) and so is the 问责函
    // (reopened twice): only the 督办函 comes.
    const c = { ...late, reopenCount: 2 };
    const r = letter(REMINDER, [1], '2026-03-02 10:00');
    const friday = decide('2026-03-06 09:00', [c], [r]);
    expect(brief(friday)).toEqual(['supervision@10:1']);
    expect(friday[0]?.reasons.map((x) => x.trigger)).toEqual(['open_after_previous', 'unsigned_previous']);
    const s = letter(SUPERVISION, [1], '2026-03-06 09:00');
    expect(decide('2026-03-06 09:00', [c], [r, s])).toEqual([]);
    expect(decide('2026-03-06 23:59', [c], [r, s])).toEqual([]);
    expect(brief(decide('2026-03-07 00:01', [c], [r, s]))).toEqual(['accountability@10:1']);
  });
  it('a case never lettered catches up from the first rung it qualifies for', () => {
    expect(brief(decide('2026-06-01 10:00', [{ ...late, reopenCount: 3 }]))).toEqual(['reminder@10:1']);
  });
});

describe('repeat at one check point', () => {
  const now = '2026-06-30 12:00'; // window of 30 days from 2026-05-31 12:00
  const at = (id: number, created: string, over: Partial<CaseFacts> = {}): CaseFacts =>
    kase(id, { checkPointId: 7, createdAt: iso(created), ...over });
  const recent = [at(2, '2026-06-10 09:00', { open: false }), at(3, '2026-06-29 16:00')];
  it('K cases in the window: every open case at the point qualifies, whatever its age or unit', () => {
    const old = at(4, '2026-01-10 09:00', { unitId: 20 });
    const plan = decide(now, [at(1, '2026-05-31 12:01'), ...recent, old, kase(5, { checkPointId: 8 })]);
    expect(brief(plan)).toEqual(['reminder@10:1,3', 'reminder@20:4']);
    expect(plan[0]?.reasons[0]).toEqual({ caseId: 1, trigger: 'repeat_at_point', detail: '同一点位 30 天内发现 3 个问题' });
  });
  it('window edges: exactly M days ago counts, a minute more does not', () => {
    expect(brief(decide(now, [at(1, '2026-05-31 12:00'), ...recent]))).toEqual(['reminder@10:1,3']);
    expect(decide(now, [at(1, '2026-05-31 11:59'), ...recent])).toEqual([]);
  });
  it('K − 1 cases are not enough; cases created after now do not count', () => {
    expect(decide(now, recent)).toEqual([]);
    expect(decide(now, [...recent, at(9, '2026-06-30 12:01')])).toEqual([]);
  });
});

describe('reopened', () => {
  it('R times fires, R − 1 does not', () => {
    const ladder = only({ kind: 'reopened', times: 2 });
    expect(decide('2026-03-06 10:00', [kase(1, { reopenCount: 1 })], [], ladder)).toEqual([]);
    expect(decide('2026-03-06 10:00', [kase(1, { reopenCount: 2 })], [], ladder)[0]?.reasons).toEqual([
      { caseId: 1, trigger: 'reopened', detail: '返工 2 次' },
    ]);
  });
  it('on the default ladder it goes straight to the 问责函 when nothing lower qualifies', () => {
    expect(brief(decide('2026-03-06 10:00', [kase(1, { reopenCount: 2 })]))).toEqual(['accountability@10:1']);
  });
});

describe('grouping and order', () => {
  it('one letter per rung and unit, listing every case; ordered by level then unit', () => {
    const late = { deadline: iso('2026-03-02 00:00') };
    const cases = [
      kase(7, { ...late, unitId: 20 }),
      kase(3, late),
      kase(1, late),
      kase(4, { ...late, unitId: null }),
      kase(5, { ...late, open: false }),
      kase(6, { ...late, unitId: 5 }),
    ];
    const r = letter(REMINDER, [9], '2026-03-02 10:00', { unitId: 5 });
    cases.push(kase(9, { ...late, unitId: 5 }));
    const plan = decide('2026-03-10 10:00', cases, [r]);
    expect(brief(plan)).toEqual(['reminder@5:6', 'reminder@10:1,3', 'reminder@20:7', 'supervision@5:9']);
    expect(decide('2026-03-10 10:00', [...cases].reverse(), [r])).toEqual(plan);
  });
  it('rejects an invalid ladder', () => {
    expect(() => decide('2026-03-10 10:00', [], [], { rungs: [] })).toThrow(/invalid ladder: rungs/);
  });
});

describe('letter state and signature', () => {
  const base: LetterStateFacts = {
    status: 'issued',
    issuedAt: iso('2026-03-02 10:00'),
    deliveredAt: null,
    signedAt: null,
    repliedAt: null,
    replyDeadline: iso('2026-03-05 00:00'),
    withdrawnAt: null,
  };
  it('walks issued → delivered → signed → replied, or overdue', () => {
    const full = { ...base, deliveredAt: iso('2026-03-02 11:00'), signedAt: iso('2026-03-03 09:00'), repliedAt: iso('2026-03-06 09:00') };
    expect(letterState({ ...base, status: 'draft', issuedAt: null }, cn('2026-03-02 09:00'))).toBe('draft');
    expect(letterState(full, cn('2026-03-02 09:00'))).toBe('draft'); // before it was issued
    expect(letterState(full, cn('2026-03-02 10:30'))).toBe('issued');
    expect(letterState(full, cn('2026-03-02 12:00'))).toBe('delivered');
    expect(letterState(full, cn('2026-03-04 12:00'))).toBe('signed');
    expect(letterState(full, cn('2026-03-05 00:00'))).toBe('signed'); // the deadline instant is in time
    expect(letterState(full, cn('2026-03-05 00:01'))).toBe('overdue'); // signed but no reply
    expect(letterState(full, cn('2026-03-06 09:00'))).toBe('replied'); // late reply still counts as replied
    expect(letterState(base, cn('2026-03-05 00:01'))).toBe('overdue');
  });
  it('withdrawn wins from the moment of withdrawal', () => {
    const w = { ...base, status: 'withdrawn' as const, signedAt: iso('2026-03-03 09:00'), withdrawnAt: iso('2026-03-04 09:00') };
    expect(letterState(w, cn('2026-03-04 08:59'))).toBe('signed');
    expect(letterState(w, cn('2026-03-04 09:00'))).toBe('withdrawn');
    expect(letterState({ ...base, status: 'withdrawn' }, cn('2026-03-02 10:30'))).toBe('withdrawn');
  });
  it('only the recipient unit signs, once, an issued letter', () => {
    const l: SignatureFacts = { ...base, recipientUnitId: 10 };
    const now = cn('2026-03-03 09:00');
    expect(checkSignature({ letter: l, actorUnitId: 10, now })).toBeNull();
    expect(checkSignature({ letter: l, actorUnitId: 10, now: cn('2026-03-09 09:00') })).toBeNull(); // late signing is allowed
    expect(checkSignature({ letter: l, actorUnitId: 11, now })).toMatchObject({ status: 403, code: 'wrong_unit' });
    expect(checkSignature({ letter: l, actorUnitId: null, now })).toMatchObject({ status: 403, code: 'wrong_unit' });
    expect(checkSignature({ letter: { ...l, signedAt: iso('2026-03-02 12:00') }, actorUnitId: 10, now })).toMatchObject({
      status: 409,
      code: 'already_signed',
    });
    expect(
      checkSignature({ letter: { ...l, status: 'withdrawn', withdrawnAt: iso('2026-03-02 12:00') }, actorUnitId: 10, now }),
    ).toMatchObject({ status: 409, code: 'letter_withdrawn' });
    expect(checkSignature({ letter: { ...l, status: 'draft', issuedAt: null }, actorUnitId: 10, now })).toMatchObject({
      status: 409,
      code: 'letter_draft',
    });
    // a foreign unit learns nothing about the state
    expect(
      checkSignature({ letter: { ...l, status: 'withdrawn', withdrawnAt: iso('2026-03-02 12:00') }, actorUnitId: 11, now })?.code,
    ).toBe('wrong_unit');
  });
});

// ---------------------------------------------------------------------------------
// Properties

const T0 = Date.parse('2026-01-01T00:00:00+08:00');
const T1 = Date.parse('2026-12-01T00:00:00+08:00');
const instantArb = fc.integer({ min: T0, max: T1 }).map((t) => new Date(Math.floor(t / 60_000) * 60_000));

/** The default ladder, a one-rung ladder, and one whose upper rungs also have triggers of their own (so catch-up matters). */
const ladderArb: fc.Arbitrary<Ladder> = fc.constantFrom(
  DEMO_LADDER,
  only({ kind: 'overdue', workingDays: 0 }, { kind: 'reopened', times: 1 }),
  {
    rungs: [
      REMINDER,
      { ...SUPERVISION, triggers: [...SUPERVISION.triggers, { kind: 'overdue', workingDays: 2 }] },
      {
        ...ACCOUNTABILITY,
        triggers: [
          { kind: 'overdue', workingDays: 4 },
          { kind: 'repeat_at_point', minCases: 2, windowDays: 10 },
        ],
      },
    ],
  },
);
const caseArb = (id: number): fc.Arbitrary<CaseFacts> =>
  fc
    .record({
      unitId: fc.constantFrom(null, 1, 2, 3),
      open: fc.boolean(),
      deadline: fc.option(instantArb.map((d) => d.toISOString())),
      reopenCount: fc.integer({ min: 0, max: 3 }),
      checkPointId: fc.constantFrom(null, 1, 2),
      createdAt: instantArb.map((d) => d.toISOString()),
    })
    .map((r) => ({ id, ...r }));
const casesArb = fc.integer({ min: 0, max: 12 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => caseArb(i + 1))));

/** Issues a plan at `now` as letters, the way the service does. */
function issue(plan: PlannedLetter[], ladder: Ladder, now: Date, firstId: number): LetterFacts[] {
  return plan.map((p, i) => ({
    id: firstId + i,
    rungKey: p.rungKey,
    unitId: p.unitId,
    caseIds: p.caseIds,
    issuedAt: now.toISOString(),
    replyDeadline: replyDeadlineFor(now, ladder.rungs.find((r) => r.key === p.rungKey) as Rung, CAL).toISOString(),
    signedAt: null,
    withdrawn: false,
  }));
}

/** Checks the shape of a plan against its input. */
function checkPlan(plan: PlannedLetter[], cases: CaseFacts[], letters: LetterFacts[], ladder: Ladder): void {
  const levelOf = new Map(ladder.rungs.map((r) => [r.key, r.level]));
  const inPlan = new Set<number>();
  for (const p of plan) {
    expect(p.caseIds).toEqual([...new Set(p.caseIds)].sort((a, b) => a - b));
    expect(new Set(p.reasons.map((r) => r.caseId))).toEqual(new Set(p.caseIds));
    for (const id of p.caseIds) {
      const c = cases.find((x) => x.id === id) as CaseFacts;
      expect(c.open && c.unitId === p.unitId).toBe(true);
      expect(inPlan.has(id)).toBe(false); // at most one letter per case and sweep
      inPlan.add(id);
      const had = letters.filter((l) => l.caseIds.includes(id)).map((l) => levelOf.get(l.rungKey) ?? 0);
      expect(p.level).toBeGreaterThan(Math.max(0, ...had));
    }
  }
  const order = plan.map((p) => [p.level, p.unitId]);
  expect(order).toEqual([...order].sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number)));
}

describe('escalation properties', () => {
  it('issuing a plan and sweeping again at the same instant plans nothing', () => {
    fc.assert(
      fc.property(ladderArb, casesArb, instantArb, (ladder, cases, now) => {
        const plan = decideLetters({ now, calendar: CAL, ladder, cases, letters: [] });
        checkPlan(plan, cases, [], ladder);
        const letters = issue(plan, ladder, now, 1);
        expect(decideLetters({ now, calendar: CAL, ladder, cases, letters })).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('over any sequence of sweeps no case gets two letters of one rung', () => {
    const stepArb = fc.record({
      advanceMinutes: fc.oneof(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 6 * 1440 })),
      caseIndex: fc.nat(),
      change: fc.constantFrom('none', 'none', 'close', 'reopen', 'move', 'redeadline'),
      letterIndex: fc.nat(),
      letterChange: fc.constantFrom('none', 'none', 'sign', 'withdraw'),
      newUnit: fc.constantFrom(1, 2, 3),
    });
    fc.assert(
      fc.property(ladderArb, casesArb, instantArb, fc.array(stepArb, { maxLength: 25 }), (ladder, initial, start, steps) => {
        const cases = initial.map((c) => ({ ...c }));
        let letters: LetterFacts[] = [];
        let now = start;
        for (const s of steps) {
          now = new Date(now.getTime() + s.advanceMinutes * 60_000);
          const c = cases.length ? cases[s.caseIndex % cases.length] : undefined;
          if (c && s.change === 'close') c.open = false;
          if (c && s.change === 'reopen') {
            c.open = true;
            c.reopenCount++;
          }
          if (c && s.change === 'move') c.unitId = s.newUnit;
          if (c && s.change === 'redeadline') c.deadline = now.toISOString();
          const l = letters.length ? letters[s.letterIndex % letters.length] : undefined;
          if (l && s.letterChange === 'sign' && l.signedAt === null) l.signedAt = now.toISOString();
          if (l && s.letterChange === 'withdraw') l.withdrawn = true;
          const plan = decideLetters({ now, calendar: CAL, ladder, cases, letters });
          checkPlan(plan, cases, letters, ladder);
          letters = [...letters, ...issue(plan, ladder, now, letters.length + 1)];
        }
        const pairs = letters.flatMap((l) => l.caseIds.map((id) => `${id}/${l.rungKey}`));
        expect(new Set(pairs).size).toBe(pairs.length);
      }),
      { numRuns: 200 },
    );
  });

  /** Independent model: the instant from which a deadline is `n` whole working days past. */
  function overdueThreshold(deadline: Date, n: number): Date {
    if (n === 0) return deadline;
    let day = chinaDay(deadline);
    if (chinaMidnight(day).getTime() < deadline.getTime()) day = shiftDay(day, 1);
    for (let seen = 0; ; day = shiftDay(day, 1)) if (isWorkingDay(day, CAL) && ++seen === n) return chinaMidnight(shiftDay(day, 1));
  }

  it('overdue: a minute before the threshold no, a minute after yes (any deadline, incl. holidays)', () => {
    const deadlineArb = fc.oneof(
      instantArb,
      instantArb.map((d) => chinaMidnight(chinaDay(d))),
    );
    fc.assert(
      fc.property(deadlineArb, fc.integer({ min: 0, max: 6 }), (deadline, n) => {
        const c = kase(1, { deadline: deadline.toISOString() });
        const ladder = only({ kind: 'overdue', workingDays: n });
        const t = overdueThreshold(deadline, n).getTime();
        expect(decide(new Date(t - 60_000), [c], [], ladder)).toEqual([]);
        expect(decide(new Date(t + 60_000), [c], [], ladder)).toHaveLength(1);
      }),
    );
  });

  it('open_after_previous holds exactly from addWorkingDays(issuedAt, N) on', () => {
    fc.assert(
      fc.property(instantArb, fc.integer({ min: 1, max: 6 }), (issuedAt, n) => {
        const ladder: Ladder = {
          rungs: [
            { ...REMINDER, triggers: [] },
            { ...SUPERVISION, triggers: [{ kind: 'open_after_previous', workingDays: n }] },
          ],
        };
        const r: LetterFacts = {
          id: 1,
          rungKey: 'reminder',
          unitId: 10,
          caseIds: [1],
          issuedAt: issuedAt.toISOString(),
          replyDeadline: '2099-01-01T00:00:00Z',
          signedAt: null,
          withdrawn: false,
        };
        const t = addWorkingDays(issuedAt, n, CAL).getTime();
        expect(decide(new Date(t - 60_000), [kase(1)], [r], ladder)).toEqual([]);
        expect(decide(new Date(t), [kase(1)], [r], ladder)).toHaveLength(1);
      }),
    );
  });
});
