import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addHours,
  addWorkingDays,
  checkWorkCalendar,
  chinaDay,
  chinaMidnight,
  DEFAULT_WORK_CALENDAR,
  isValidDay,
  isWorkingDay,
  shiftDay,
  weekdayOf,
  workingDaysBetween,
  type WorkCalendar,
} from '../../../src/domain/calendar/work-calendar.js';
import { CN_2025_CALENDAR, CN_2026_CALENDAR } from '../../../src/domain/calendar/cn-holidays.js';

/** An instant given as China wall-clock time, e.g. cn('2026-03-06 10:00'). */
const cn = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+08:00`);
const iso = (d: Date): string => d.toISOString();
const PLAIN: WorkCalendar = { holidays: [], makeUpWorkdays: [] };

describe('China days', () => {
  it('switches day at 00:00 China time, not UTC midnight', () => {
    expect(chinaDay(new Date('2026-03-06T15:59:59.999Z'))).toBe('2026-03-06'); // 23:59:59.999 China
    expect(chinaDay(new Date('2026-03-06T16:00:00.000Z'))).toBe('2026-03-07'); // 00:00 China
    expect(iso(chinaMidnight('2026-03-07'))).toBe('2026-03-06T16:00:00.000Z');
  });
  it('validates days and knows weekdays', () => {
    expect(isValidDay('2026-02-28')).toBe(true);
    expect(isValidDay('2026-02-29')).toBe(false);
    expect(isValidDay('2026-2-3')).toBe(false);
    expect(weekdayOf('2026-03-06')).toBe(5); // Friday
    expect(shiftDay('2026-02-28', 1)).toBe('2026-03-01');
    expect(() => isWorkingDay('2026-13-01')).toThrow(RangeError);
  });
  it('does not depend on the machine time zone', () => {
    const before = process.env.TZ;
    const compute = () => [iso(addWorkingDays(cn('2026-09-30 23:30'), 3)), chinaDay(new Date('2026-03-06T16:00:00Z'))];
    const utc = compute();
    try {
      for (const tz of ['America/Los_Angeles', 'Asia/Shanghai', 'Pacific/Kiritimati']) {
        process.env.TZ = tz;
        expect(compute()).toEqual(utc);
      }
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });
});

describe('working days', () => {
  it('weekends are off, weekdays on', () => {
    expect(isWorkingDay('2026-03-06')).toBe(true); // Fri
    expect(isWorkingDay('2026-03-07')).toBe(false); // Sat
    expect(isWorkingDay('2026-03-08')).toBe(false); // Sun
    expect(isWorkingDay('2026-03-09')).toBe(true); // Mon
  });
  it('holidays are off on both sides of their edges', () => {
    expect(isWorkingDay('2026-09-30')).toBe(true); // Wed before 国庆
    expect(isWorkingDay('2026-10-01')).toBe(false);
    expect(isWorkingDay('2026-10-07')).toBe(false);
    expect(isWorkingDay('2026-10-08')).toBe(true); // Thu after
    expect(isWorkingDay('2025-10-08')).toBe(false); // 2025: 国庆+中秋 until the 8th
    expect(isWorkingDay('2025-10-09')).toBe(true);
  });
  it('make-up days are worked although they are weekends', () => {
    for (const d of [
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
      '2025-01-26',
      '2025-02-08',
      '2025-04-27',
      '2025-09-28',
      '2025-10-11',
    ]) {
      expect(isWorkingDay(d)).toBe(true);
      expect(isWorkingDay(d, PLAIN)).toBe(false);
    }
    expect(isWorkingDay('2026-10-11')).toBe(false); // the Sunday after the make-up Saturday
  });
  it('ships consistent 2025 and 2026 arrangements', () => {
    expect(CN_2025_CALENDAR.holidays).toHaveLength(1 + 8 + 3 + 5 + 3 + 8);
    expect(CN_2026_CALENDAR.holidays).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7);
    for (const cal of [CN_2025_CALENDAR, CN_2026_CALENDAR, DEFAULT_WORK_CALENDAR]) expect(checkWorkCalendar(cal)).toEqual([]);
    for (const d of DEFAULT_WORK_CALENDAR.makeUpWorkdays) expect([0, 6]).toContain(weekdayOf(d));
  });
  it('honours configured weekend days', () => {
    const sixDays: WorkCalendar = { weekendDays: [0], holidays: [], makeUpWorkdays: [] };
    expect(isWorkingDay('2026-03-07', sixDays)).toBe(true);
    expect(isWorkingDay('2026-03-08', sixDays)).toBe(false);
  });
  it('reports calendar configuration problems', () => {
    expect(checkWorkCalendar({ weekendDays: [7], holidays: ['2026-02-30', '2026-05-01'], makeUpWorkdays: ['2026-05-01'] })).toHaveLength(3);
  });
});

describe('addWorkingDays', () => {
  it('Friday 10:00 + 1 → Tuesday 00:00 China (Monday 16:00Z)', () => {
    expect(iso(addWorkingDays(cn('2026-03-06 10:00'), 1))).toBe('2026-03-09T16:00:00.000Z');
  });
  it('the start day never counts: 23:59 vs 00:00 on either side of midnight', () => {
    // Thursday 23:59: Friday is the first working day → Saturday 00:00.
    expect(iso(addWorkingDays(cn('2026-03-05 23:59'), 1))).toBe(iso(cn('2026-03-07 00:00')));
    // Friday 00:00: Friday is the start day → Monday → Tuesday 00:00.
    expect(iso(addWorkingDays(cn('2026-03-06 00:00'), 1))).toBe(iso(cn('2026-03-10 00:00')));
    // Friday 23:59: same deadline as any time on Friday.
    expect(iso(addWorkingDays(cn('2026-03-06 23:59'), 1))).toBe(iso(cn('2026-03-10 00:00')));
  });
  it('3 working days across a weekend', () => {
    expect(iso(addWorkingDays(cn('2026-03-05 10:00'), 3))).toBe(iso(cn('2026-03-11 00:00'))); // Fri, Mon, Tue
    expect(iso(addWorkingDays(cn('2026-03-04 10:00'), 3))).toBe(iso(cn('2026-03-10 00:00'))); // Thu, Fri, Mon
    expect(iso(addWorkingDays(cn('2026-03-07 10:00'), 3))).toBe(iso(cn('2026-03-12 00:00'))); // from Saturday: Mon, Tue, Wed
  });
  it('across 国庆 2026 and its make-up Saturday (Oct 10)', () => {
    const start = cn('2026-09-30 10:00');
    expect(iso(addWorkingDays(start, 1))).toBe(iso(cn('2026-10-09 00:00'))); // Oct 8
    expect(iso(addWorkingDays(start, 2))).toBe(iso(cn('2026-10-10 00:00'))); // Oct 9
    expect(iso(addWorkingDays(start, 3))).toBe(iso(cn('2026-10-11 00:00'))); // Oct 10, the make-up Saturday
    expect(iso(addWorkingDays(start, 4))).toBe(iso(cn('2026-10-13 00:00'))); // Sunday 11th off → Monday 12th
    // Without the make-up day the third working day is Monday the 12th.
    expect(iso(addWorkingDays(start, 3, { holidays: CN_2026_CALENDAR.holidays, makeUpWorkdays: [] }))).toBe(iso(cn('2026-10-13 00:00')));
  });
  it('across 国庆 2025 and its make-up Sunday (Sep 28)', () => {
    const fri = cn('2025-09-26 10:00');
    expect(iso(addWorkingDays(fri, 1))).toBe(iso(cn('2025-09-29 00:00'))); // Sunday 28th is worked
    expect(iso(addWorkingDays(fri, 3))).toBe(iso(cn('2025-10-01 00:00'))); // 28, 29, 30
    expect(iso(addWorkingDays(fri, 4))).toBe(iso(cn('2025-10-10 00:00'))); // Oct 1–8 off → Oct 9
  });
  it('across 春节 2026 with the make-up Saturday before it', () => {
    const thu = cn('2026-02-12 10:00');
    expect(iso(addWorkingDays(thu, 2))).toBe(iso(cn('2026-02-15 00:00'))); // Fri 13, Sat 14 (make-up)
    expect(iso(addWorkingDays(thu, 3))).toBe(iso(cn('2026-02-25 00:00'))); // Feb 15–23 off → Tue 24
  });
  it('starting on a holiday or a make-up day', () => {
    expect(iso(addWorkingDays(cn('2026-10-03 09:00'), 1))).toBe(iso(cn('2026-10-09 00:00')));
    expect(iso(addWorkingDays(cn('2026-10-10 09:00'), 1))).toBe(iso(cn('2026-10-13 00:00')));
  });
  it('refuses nonsense amounts and calendars without working days', () => {
    expect(() => addWorkingDays(cn('2026-03-06 10:00'), 0)).toThrow(RangeError);
    expect(() => addWorkingDays(cn('2026-03-06 10:00'), 1.5)).toThrow(RangeError);
    expect(() =>
      addWorkingDays(cn('2026-03-06 10:00'), 1, { weekendDays: [0, 1, 2, 3, 4, 5, 6], holidays: [], makeUpWorkdays: [] }),
    ).toThrow(RangeError);
  });
});

describe('addHours', () => {
  it('is wall-clock, through nights and holidays', () => {
    expect(iso(addHours(cn('2026-10-01 23:30'), 2))).toBe(iso(cn('2026-10-02 01:30')));
    expect(iso(addHours(cn('2026-03-06 10:00'), 0.5))).toBe(iso(cn('2026-03-06 10:30')));
  });
});

describe('workingDaysBetween', () => {
  it('counts whole working days after a deadline (23:59 vs 00:00)', () => {
    const deadline = cn('2026-03-10 00:00'); // Tuesday 00:00
    expect(workingDaysBetween(deadline, cn('2026-03-10 23:59'))).toBe(0);
    expect(workingDaysBetween(deadline, cn('2026-03-11 00:00'))).toBe(1);
    expect(workingDaysBetween(deadline, cn('2026-03-12 00:00'))).toBe(2);
  });
  it('skips weekends, holidays, and counts make-up days', () => {
    expect(workingDaysBetween(cn('2026-03-06 00:00'), cn('2026-03-09 00:00'))).toBe(1); // Fri only
    expect(workingDaysBetween(cn('2026-03-06 00:00'), cn('2026-03-10 00:00'))).toBe(2);
    expect(workingDaysBetween(cn('2026-09-30 00:00'), cn('2026-10-11 00:00'))).toBe(4); // Sep 30, Oct 8, 9, 10
    expect(workingDaysBetween(cn('2026-10-11 00:00'), cn('2026-09-30 00:00'))).toBe(-4);
    expect(workingDaysBetween(cn('2026-03-06 00:01'), cn('2026-03-09 00:00'))).toBe(0); // partial Friday
  });
  it('inverts addWorkingDays when the start is not a China midnight (property)', () => {
    const start = fc
      .date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2026-12-01T00:00:00Z'), noInvalidDate: true })
      .filter((d) => chinaMidnight(chinaDay(d)).getTime() !== d.getTime());
    fc.assert(
      fc.property(start, fc.integer({ min: 1, max: 25 }), (s, n) => {
        const deadline = addWorkingDays(s, n);
        expect(workingDaysBetween(s, deadline)).toBe(n);
        // The deadline is always a China midnight, right after a working day.
        expect(chinaMidnight(chinaDay(deadline)).getTime()).toBe(deadline.getTime());
        expect(isWorkingDay(shiftDay(chinaDay(deadline), -1))).toBe(true);
      }),
    );
  });
});
