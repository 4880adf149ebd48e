import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEMO_LADDER } from '../../../src/demo/demo-ladder.js';
import {
  checkLadder,
  DEFAULT_LADDER,
  ladderNotConfigured,
  previousRung,
  rungsByLevel,
  type Ladder,
  type Rung,
  type Trigger,
} from '../../../src/domain/letters/ladder.js';
import { chinaYear, counterKey, formatLetterNumber, handCounterKey, parseLetterNumber } from '../../../src/domain/letters/numbering.js';

/** A deep copy of the demo's (configured) ladder, edited by `edit`, as untrusted input would arrive. */
function variant(edit: (l: { rungs: Record<string, unknown>[] }) => void): Ladder {
  const copy = structuredClone(DEMO_LADDER) as unknown as { rungs: Record<string, unknown>[] };
  edit(copy);
  return copy as unknown as Ladder;
}
const fields = (l: Ladder): string[] => checkLadder(l).map((p) => p.field);
const rung = (l: { rungs: Record<string, unknown>[] }, i: number): Record<string, unknown> => l.rungs[i] as Record<string, unknown>;
const triggers = (l: { rungs: Record<string, unknown>[] }, i: number): Record<string, unknown>[] =>
  rung(l, i).triggers as Record<string, unknown>[];

describe('DEFAULT_LADDER', () => {
  it("carries no city's names: the issuers and the accountability office are left for the city to configure", () => {
    expect(rungsByLevel(DEFAULT_LADDER).map((r) => [r.type, r.level, r.recipient.kind, r.replyWorkingDays])).toEqual([
      ['提醒函', 1, 'unit_head', 2],
      ['督办函', 2, 'leader_in_charge', 3],
      ['问责函', 3, 'office', 5],
    ]);
    expect(JSON.stringify(DEFAULT_LADDER)).not.toMatch(/周|411600/);
    expect(checkLadder(DEFAULT_LADDER).map((p) => p.field)).toEqual([
      'handLetters.issuer.name',
      'handLetters.issuer.code',
      'rungs[0].issuer.name',
      'rungs[0].issuer.code',
      'rungs[1].issuer.name',
      'rungs[1].issuer.code',
      'rungs[2].recipient.unitCode',
      'rungs[2].recipient.name',
      'rungs[2].issuer.name',
      'rungs[2].issuer.code',
    ]);
  });
  it('is not configured until its issuers are, and says which fields are missing', () => {
    const missing = ladderNotConfigured(DEFAULT_LADDER);
    expect(missing?.message).toMatch(/^the escalation ladder is not configured: ladder\.handLetters\.issuer\.name \(/);
    expect(missing?.message).toContain('ladder.rungs[0].issuer.code');
    expect(missing?.problems[0]).toEqual({
      field: 'ladder.handLetters.issuer.name',
      code: 'issuer_name_missing',
      params: {},
      message: 'the issuer name must not be empty',
    });
    expect(ladderNotConfigured(DEMO_LADDER)).toBeNull();
  });
  it('has the triggers the demo ladder configures', () => {
    expect(DEFAULT_LADDER.rungs.map((r) => r.triggers)).toEqual(DEMO_LADDER.rungs.map((r) => r.triggers));
  });
});

describe('DEMO_LADDER (the default ladder configured for the demo city 周口市)', () => {
  it('is valid and climbs 提醒函 → 督办函 → 问责函 with one 代字 each', () => {
    expect(checkLadder(DEMO_LADDER)).toEqual([]);
    const rungs = rungsByLevel(DEMO_LADDER);
    expect(rungs.map((r) => [r.type, r.level, r.issuer.code, r.recipient.kind, r.replyWorkingDays])).toEqual([
      ['提醒函', 1, '周创指提', 'unit_head', 2],
      ['督办函', 2, '周创指督', 'leader_in_charge', 3],
      ['问责函', 3, '周创指责', 'office', 5],
    ]);
    expect(new Set(rungs.map((r) => r.issuer.name))).toEqual(new Set(['周口市创建全国文明城市指挥部']));
    expect(previousRung(DEMO_LADDER, rungs[0] as Rung)).toBeNull();
    expect(previousRung(DEMO_LADDER, rungs[2] as Rung)?.type).toBe('督办函');
  });
  it('has the triggers of the issue', () => {
    const [r1, r2, r3] = rungsByLevel(DEMO_LADDER) as [Rung, Rung, Rung];
    expect(r1.triggers).toEqual([
      { kind: 'overdue', workingDays: 1 },
      { kind: 'repeat_at_point', minCases: 3, windowDays: 30 },
    ]);
    expect(r2.triggers).toEqual([{ kind: 'open_after_previous', workingDays: 3 }, { kind: 'unsigned_previous' }]);
    expect(r3.triggers).toEqual([
      { kind: 'open_after_previous', workingDays: 5 },
      { kind: 'unsigned_previous' },
      { kind: 'reopened', times: 2 },
    ]);
    expect(r3.recipient).toEqual({ kind: 'office', unitCode: '411600-JJJCZ', name: '市纪委监委驻市委办公室纪检监察组' });
  });
});

describe('checkLadder names the offending field', () => {
  it('a ladder without rungs', () => {
    expect(checkLadder({ rungs: [] })).toEqual([
      { field: 'rungs', code: 'rungs_empty', params: {}, message: 'a ladder needs at least one rung' },
    ]);
    expect(fields({} as Ladder)).toEqual(['rungs']);
    expect(fields(null as unknown as Ladder)).toEqual(['rungs']);
  });
  it('a rung with no recipient, or an unusable one', () => {
    expect(fields(variant((l) => delete rung(l, 1).recipient))).toEqual(['rungs[1].recipient']);
    expect(fields(variant((l) => (rung(l, 0).recipient = { kind: 'mayor' })))).toEqual(['rungs[0].recipient.kind']);
    expect(fields(variant((l) => (rung(l, 2).recipient = { kind: 'office', unitCode: ' ', name: '' })))).toEqual([
      'rungs[2].recipient.unitCode',
      'rungs[2].recipient.name',
    ]);
  });
  it('a trigger with a negative, fractional or missing count', () => {
    expect(fields(variant((l) => (triggers(l, 0)[0] = { kind: 'overdue', workingDays: -1 })))).toEqual([
      'rungs[0].triggers[0].workingDays',
    ]);
    expect(checkLadder(variant((l) => (triggers(l, 0)[0] = { kind: 'overdue', workingDays: -1 })))[0]?.message).toMatch(/negative/);
    expect(fields(variant((l) => (triggers(l, 0)[1] = { kind: 'repeat_at_point', minCases: 2.5, windowDays: 30 })))).toEqual([
      'rungs[0].triggers[1].minCases',
    ]);
    expect(fields(variant((l) => (triggers(l, 0)[1] = { kind: 'repeat_at_point', minCases: 3 })))).toEqual([
      'rungs[0].triggers[1].windowDays',
    ]);
    expect(fields(variant((l) => (triggers(l, 2)[2] = { kind: 'reopened', times: 0 })))).toEqual(['rungs[2].triggers[2].times']);
    expect(fields(variant((l) => (triggers(l, 1)[0] = { kind: 'open_after_previous', workingDays: '3' })))).toEqual([
      'rungs[1].triggers[0].workingDays',
    ]);
  });
  it('the smallest counts that still make sense are accepted', () => {
    expect(fields(variant((l) => (triggers(l, 0)[0] = { kind: 'overdue', workingDays: 0 })))).toEqual([]);
    expect(fields(variant((l) => (triggers(l, 0)[1] = { kind: 'repeat_at_point', minCases: 2, windowDays: 1 })))).toEqual([]);
    expect(fields(variant((l) => (triggers(l, 0)[1] = { kind: 'repeat_at_point', minCases: 1, windowDays: 1 })))).toEqual([
      'rungs[0].triggers[1].minCases',
    ]);
    expect(fields(variant((l) => (triggers(l, 1)[0] = { kind: 'open_after_previous', workingDays: 0 })))).toEqual([
      'rungs[1].triggers[0].workingDays',
    ]);
    expect(fields(variant((l) => (triggers(l, 0)[0] = { kind: 'overdue', workingDays: 2500 })))).toEqual([
      'rungs[0].triggers[0].workingDays',
    ]);
  });
  it('an unknown trigger kind, or a chained trigger on the first rung', () => {
    expect(fields(variant((l) => (triggers(l, 1)[1] = { kind: 'full_moon' })))).toEqual(['rungs[1].triggers[1].kind']);
    expect(fields(variant((l) => (triggers(l, 1)[1] = 'overdue' as unknown as Record<string, unknown>)))).toEqual(['rungs[1].triggers[1]']);
    expect(fields(variant((l) => triggers(l, 0).push({ kind: 'unsigned_previous' })))).toEqual(['rungs[0].triggers[2].kind']);
    expect(fields(variant((l) => triggers(l, 0).push({ kind: 'open_after_previous', workingDays: 2 })))).toEqual([
      'rungs[0].triggers[2].kind',
    ]);
    // the first rung is the one with level 1, wherever it sits in the list
    expect(fields(variant((l) => l.rungs.reverse()))).toEqual([]);
    expect(fields(variant((l) => (rung(l, 0).triggers = 'overdue')))).toEqual(['rungs[0].triggers']);
  });
  it('a rung without triggers is allowed (issued by hand only)', () => {
    expect(fields(variant((l) => (rung(l, 2).triggers = [])))).toEqual([]);
  });
  it('duplicate keys and levels, gaps and bad levels', () => {
    expect(fields(variant((l) => (rung(l, 2).key = 'reminder')))).toEqual(['rungs[2].key']);
    expect(fields(variant((l) => (rung(l, 0).key = 'Reminder 1')))).toEqual(['rungs[0].key']);
    expect(fields(variant((l) => (rung(l, 2).level = 2)))).toEqual(['rungs[2].level']);
    expect(fields(variant((l) => (rung(l, 2).level = 4)))).toEqual(['rungs[2].level']);
    expect(fields(variant((l) => (rung(l, 0).level = 0)))).toContain('rungs[0].level');
    expect(fields(variant((l) => (rung(l, 1).level = 1.5)))).toEqual(['rungs[1].level']);
  });
  it('replyWorkingDays below 1, empty issuer name or code, missing type', () => {
    expect(fields(variant((l) => (rung(l, 1).replyWorkingDays = 0)))).toEqual(['rungs[1].replyWorkingDays']);
    expect(fields(variant((l) => (rung(l, 1).replyWorkingDays = -2)))).toEqual(['rungs[1].replyWorkingDays']);
    expect(fields(variant((l) => (rung(l, 0).issuer = { name: '', code: '周创指提' })))).toEqual(['rungs[0].issuer.name']);
    expect(fields(variant((l) => (rung(l, 0).issuer = { name: '指挥部', code: '  ' })))).toEqual(['rungs[0].issuer.code']);
    expect(fields(variant((l) => delete rung(l, 0).issuer))).toEqual(['rungs[0].issuer']);
    expect(fields(variant((l) => (rung(l, 0).issuer = { name: '指挥部', code: '周创〔指〕' })))).toEqual(['rungs[0].issuer.code']);
    expect(fields(variant((l) => (rung(l, 0).type = '')))).toEqual(['rungs[0].type']);
  });
  it('one 代字 shared by two letter types would repeat numbers', () => {
    expect(fields(variant((l) => (rung(l, 1).issuer = { name: '指挥部', code: '周创指提' })))).toEqual(['rungs[1].issuer.code']);
    // the same type on two levels may share its 代字 and its series
    const twoDubans = variant((l) => {
      rung(l, 2).type = '督办函';
      rung(l, 2).issuer = { name: '指挥部', code: '周创指督' };
    });
    expect(fields(twoDubans)).toEqual([]);
  });
  it('hand letters of other types need an issuer, a reply time and a 代字 no rung uses', () => {
    const hand = (h: unknown) => variant((l) => ((l as Record<string, unknown>).handLetters = h));
    expect(fields(hand(DEMO_LADDER.handLetters))).toEqual([]);
    // optional: without it only rung types can be drafted
    expect(fields(hand(undefined))).toEqual([]);
    expect(fields(hand({ issuer: { name: '指挥部', code: '周创指提' }, replyWorkingDays: 5 }))).toEqual(['handLetters.issuer.code']);
    expect(checkLadder(hand({ issuer: { name: '指挥部', code: '周创指提' }, replyWorkingDays: 5 }))[0]!.message).toContain('提醒函');
    expect(fields(hand({ issuer: { name: '', code: '周创〔函〕' }, replyWorkingDays: 0 }))).toEqual([
      'handLetters.issuer.name',
      'handLetters.issuer.code',
      'handLetters.replyWorkingDays',
    ]);
    expect(fields(hand('周创指函'))).toEqual(['handLetters']);
  });
  it('reports every problem, not just the first', () => {
    const l = variant((x) => {
      delete rung(x, 0).recipient;
      rung(x, 1).replyWorkingDays = 0;
      triggers(x, 2)[2] = { kind: 'reopened', times: -1 };
    });
    expect(fields(l)).toEqual(['rungs[0].recipient', 'rungs[1].replyWorkingDays', 'rungs[2].triggers[2].times']);
  });
});

const triggerArb = (first: boolean): fc.Arbitrary<Trigger> =>
  fc.oneof(
    fc.record({ kind: fc.constant('overdue' as const), workingDays: fc.integer({ min: 0, max: 30 }) }),
    fc.record({
      kind: fc.constant('repeat_at_point' as const),
      minCases: fc.integer({ min: 2, max: 10 }),
      windowDays: fc.integer({ min: 1, max: 90 }),
    }),
    fc.record({ kind: fc.constant('reopened' as const), times: fc.integer({ min: 1, max: 5 }) }),
    ...(first
      ? []
      : [
          fc.record({ kind: fc.constant('open_after_previous' as const), workingDays: fc.integer({ min: 1, max: 20 }) }),
          fc.constant({ kind: 'unsigned_previous' as const }),
        ]),
  );

/** Random valid ladders of 1–5 rungs in random list order. */
const ladderArb: fc.Arbitrary<Ladder> = fc.integer({ min: 1, max: 5 }).chain((n) =>
  fc
    .tuple(
      ...Array.from({ length: n }, (_, i) =>
        fc.record({
          triggers: fc.array(triggerArb(i === 0), { maxLength: 3 }),
          recipient: fc.constantFrom(
            { kind: 'unit_head' as const },
            { kind: 'leader_in_charge' as const },
            { kind: 'office' as const, unitCode: 'X-1', name: '某办公室' },
          ),
          replyWorkingDays: fc.integer({ min: 1, max: 10 }),
        }),
      ),
    )
    .chain((parts) =>
      fc.shuffledSubarray(
        parts.map((p, i): Rung => ({
          key: `r${i + 1}`,
          type: `第${i + 1}级函`,
          level: i + 1,
          ...p,
          issuer: { name: '指挥部', code: `代字${'甲乙丙丁戊'[i]}` },
        })),
        { minLength: n, maxLength: n },
      ),
    )
    .map((rungs) => ({ rungs })),
);

describe('checkLadder properties', () => {
  it('accepts every well-formed ladder', () => {
    fc.assert(fc.property(ladderArb, (l) => checkLadder(l).length === 0));
  });
  it('a negative count anywhere is reported at exactly that field', () => {
    fc.assert(
      fc.property(ladderArb, fc.nat(), fc.integer({ min: -50, max: -1 }), (l, pick, bad) => {
        const spots: { field: string; set: () => void }[] = [];
        l.rungs.forEach((r, i) => {
          spots.push({ field: `rungs[${i}].replyWorkingDays`, set: () => (r.replyWorkingDays = bad) });
          r.triggers.forEach((t, j) => {
            const rec = t as unknown as Record<string, number>;
            for (const k of ['workingDays', 'minCases', 'windowDays', 'times']) {
              if (k in t) spots.push({ field: `rungs[${i}].triggers[${j}].${k}`, set: () => (rec[k] = bad) });
            }
          });
        });
        const spot = spots[pick % spots.length] as (typeof spots)[number];
        spot.set();
        expect(fields(l)).toEqual([spot.field]);
      }),
    );
  });
});

describe('letter numbers', () => {
  it('counter per issuer code, type and year', () => {
    expect(counterKey('周创指督', '督办函', 2026)).toBe('letter:周创指督:督办函:2026');
    expect(counterKey('周创指督', '督办函', 2027)).not.toBe(counterKey('周创指督', '督办函', 2026));
    expect(counterKey('周创指督', '提醒函', 2026)).not.toBe(counterKey('周创指督', '督办函', 2026));
    // a ':' in a part cannot make two different pairs collide
    expect(counterKey('a', 'b:c', 2026)).not.toBe(counterKey('a:b', 'c', 2026));
    expect(() => counterKey('周创指督', '督办函', 26)).toThrow(RangeError);
  });
  it('hand letters count per 代字 and year, never in a rung’s series', () => {
    expect(handCounterKey('周创指函', 2026)).toBe('letter:周创指函:2026');
    expect(handCounterKey('周创指函', 2027)).not.toBe(handCounterKey('周创指函', 2026));
    // one part fewer than a rung's key, escaped the same way: no type can make them equal
    expect(handCounterKey('a:b', 2026)).not.toBe(counterKey('a', 'b', 2026));
    expect(handCounterKey('周创指提', 2026)).not.toBe(counterKey('周创指提', '提醒函', 2026));
    expect(() => handCounterKey('周创指函', 26)).toThrow(RangeError);
  });
  it('the year is the China year of the issue instant', () => {
    expect(chinaYear(new Date('2026-12-31T15:59:59.999Z'))).toBe(2026); // 23:59:59.999 Beijing
    expect(chinaYear(new Date('2026-12-31T16:00:00.000Z'))).toBe(2027); // 00:00 Beijing, still 2026 in UTC
    expect(chinaYear(new Date('2027-01-01T00:10:00+08:00'))).toBe(2027);
  });
  it('formats 代字〔YYYY〕N号 with the full year, 六角括号 and no leading zeros, and parses it back', () => {
    expect(formatLetterNumber('周创指督', 2026, 7)).toBe('周创指督〔2026〕7号');
    expect(formatLetterNumber('周创指责', 2026, 12)).toBe('周创指责〔2026〕12号');
    expect(() => formatLetterNumber('周创指督', 2026, 0)).toThrow(RangeError);
    expect(() => formatLetterNumber('周创指督', 26, 1)).toThrow(RangeError);
    expect(parseLetterNumber('周创指督〔2026〕7号')).toEqual({ issuerCode: '周创指督', year: 2026, serial: 7 });
    for (const bad of ['周创指督[2026]7号', '周创指督〔26〕7号', '周创指督〔2026〕07号', '〔2026〕7号', '周创指督〔2026〕7'])
      expect(parseLetterNumber(bad)).toBeNull();
    fc.assert(
      fc.property(
        fc.constantFrom('周创指提', '周创指督', '周创指责', '豫文明办'),
        fc.integer({ min: 2000, max: 2099 }),
        fc.integer({ min: 1, max: 99999 }),
        (code, y, n) => {
          expect(parseLetterNumber(formatLetterNumber(code, y, n))).toEqual({ issuerCode: code, year: y, serial: n });
        },
      ),
    );
  });
});
