import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { inPeriod, nextPeriod, periodFromKey, periodOf, previousPeriod } from '../../../src/domain/assessment/periods.js';
import { PERIOD_KINDS } from '../../../src/shared/assessment-enums.js';

/** An instant given as China wall-clock time. */
const cst = (local: string) => new Date(`${local}+08:00`);

describe('periodOf', () => {
  it('weeks start on Monday 00:00 China time and carry ISO week numbers', () => {
    expect(periodOf('week', new Date('2026-12-06T03:00:00Z'))).toEqual({
      kind: 'week',
      key: '2026-W49',
      label: '2026年第49周',
      start: '2026-11-29T16:00:00.000Z',
      end: '2026-12-06T16:00:00.000Z',
    });
    // Sunday 23:59:59.999 China time is still week 48; Monday 00:00 is week 49.
    expect(periodOf('week', cst('2026-11-29T23:59:59.999')).key).toBe('2026-W48');
    expect(periodOf('week', cst('2026-11-30T00:00:00')).key).toBe('2026-W49');
    // 2026-11-29T20:00Z is already Monday in China.
    expect(periodOf('week', new Date('2026-11-29T20:00:00Z')).key).toBe('2026-W49');
  });

  it('weeks across the new year belong to the year of their Thursday', () => {
    expect(periodOf('week', cst('2025-12-31T12:00:00'))).toMatchObject({
      key: '2026-W01',
      label: '2026年第1周',
      start: '2025-12-28T16:00:00.000Z',
    });
    expect(periodOf('week', cst('2027-01-01T12:00:00'))).toMatchObject({ key: '2026-W53', label: '2026年第53周' });
  });

  it('months, quarters and years in China time', () => {
    expect(periodOf('month', cst('2026-12-01T00:00:00'))).toEqual({
      kind: 'month',
      key: '2026-12',
      label: '2026年12月',
      start: '2026-11-30T16:00:00.000Z',
      end: '2026-12-31T16:00:00.000Z',
    });
    // 2026-11-30T16:30Z is 1 December 00:30 in China.
    expect(periodOf('month', new Date('2026-11-30T16:30:00Z')).key).toBe('2026-12');
    expect(periodOf('quarter', cst('2026-11-15T08:00:00'))).toEqual({
      kind: 'quarter',
      key: '2026-Q4',
      label: '2026年第4季度',
      start: '2026-09-30T16:00:00.000Z',
      end: '2026-12-31T16:00:00.000Z',
    });
    expect(periodOf('year', cst('2026-12-31T23:59:59'))).toEqual({
      kind: 'year',
      key: '2026',
      label: '2026年',
      start: '2025-12-31T16:00:00.000Z',
      end: '2026-12-31T16:00:00.000Z',
    });
  });
});

describe('previousPeriod, nextPeriod, periodFromKey', () => {
  it('steps back across year ends', () => {
    const w1 = periodFromKey('2026-W01')!;
    expect(previousPeriod(w1).key).toBe('2025-W52');
    expect(previousPeriod(periodFromKey('2026-01')!).key).toBe('2025-12');
    expect(previousPeriod(periodFromKey('2026-Q1')!)).toMatchObject({ key: '2025-Q4', label: '2025年第4季度' });
    expect(previousPeriod(periodFromKey('2026')!).key).toBe('2025');
    expect(nextPeriod(periodFromKey('2026-W53')!).key).toBe('2027-W01');
  });

  it('rejects keys that name no period', () => {
    for (const k of ['2026-13', '2026-00', '2026-W00', '2025-W53', '2026-W54', '2026-Q5', '1999', '2026-1', 'x', ''])
      expect(periodFromKey(k), k).toBeNull();
    expect(periodFromKey('2026-W53')?.label).toBe('2026年第53周');
  });

  it('periods tile time: each contains its instant, its key names it, and neighbours touch', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PERIOD_KINDS),
        fc.date({ min: new Date('2001-01-01T00:00:00Z'), max: new Date('2098-12-01T00:00:00Z'), noInvalidDate: true }),
        (kind, instant) => {
          const p = periodOf(kind, instant);
          expect(inPeriod(p, instant)).toBe(true);
          expect(periodFromKey(p.key)).toEqual(p);
          expect(previousPeriod(p).end).toBe(p.start);
          expect(nextPeriod(p).start).toBe(p.end);
          expect(previousPeriod(nextPeriod(p))).toEqual(p);
          // Every boundary is a China midnight; weeks start on Monday.
          expect(new Date(p.start).getUTCHours()).toBe(16);
          if (kind === 'week') expect(new Date(Date.parse(p.start) + 8 * 3_600_000).getUTCDay()).toBe(1);
        },
      ),
    );
  });
});
