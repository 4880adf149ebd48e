import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appealDeadline, appealOpen, appealWorkingDaysOf } from '../../../src/domain/assessment/appeals.js';
import { chinaDay, isWorkingDay, workingDaysBetween } from '../../../src/domain/calendar/work-calendar.js';

describe('appeal window (申诉期限)', () => {
  it('ends with the N-th working day after the day of publication, weekends skipped', () => {
    // Published Friday 2026-03-06 15:00 China time, 3 working days: Mon, Tue, Wed → Thursday 00:00 China time.
    const d = appealDeadline(new Date('2026-03-06T07:00:00.000Z'), 3);
    expect(d.toISOString()).toBe('2026-03-11T16:00:00.000Z');
    // Both sides of the deadline: the last instant of Wednesday is in time, Thursday 00:00 is not.
    expect(appealOpen(d, new Date(d.getTime() - 1))).toBe(true);
    expect(appealOpen(d, d)).toBe(false);
  });

  it('skips holidays of the calendar', () => {
    const cal = { name: 't', holidays: ['2026-03-09'], makeUpWorkdays: [] };
    expect(appealDeadline(new Date('2026-03-06T07:00:00.000Z'), 3, cal).toISOString()).toBe('2026-03-12T16:00:00.000Z');
  });

  it('reads N from the campaign settings, else 3', () => {
    expect(appealWorkingDaysOf({ assessment: { appealWorkingDays: 5 } })).toBe(5);
    expect(appealWorkingDaysOf({})).toBe(3);
    expect(appealWorkingDaysOf(null)).toBe(3);
    expect(appealWorkingDaysOf({ assessment: { appealWorkingDays: 0 } })).toBe(3);
    expect(appealWorkingDaysOf({ assessment: { appealWorkingDays: 2.5 } })).toBe(3);
    expect(appealWorkingDaysOf({ assessment: { appealWorkingDays: '5' } })).toBe(3);
  });

  it('property: the deadline is a China midnight after exactly N whole working days, its eve a working day', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 10 }),
        (published, n) => {
          const d = appealDeadline(published, n);
          expect(d.getTime()).toBeGreaterThan(published.getTime());
          expect(chinaDay(d) > chinaDay(published)).toBe(true);
          expect((d.getTime() + 8 * 3_600_000) % 86_400_000).toBe(0);
          expect(isWorkingDay(chinaDay(new Date(d.getTime() - 1)))).toBe(true);
          expect(workingDaysBetween(published, d)).toBe(n);
        },
      ),
    );
  });
});
