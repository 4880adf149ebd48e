import { describe, expect, it } from 'vitest';
import {
  checkDeadlineOverride,
  checkDeadlineRule,
  computeDeadline,
  DEFAULT_SEVERITY_RULES,
  isOverdue,
  parseDeadlineInput,
} from '../../../src/domain/cases/deadline-rules.js';

const cn = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+08:00`);
const iso = (d: Date): string => d.toISOString();
const min = (t: Date, m: number): Date => new Date(t.getTime() + m * 60_000);

describe('default severity rules', () => {
  it('are urgent 2 h, major 1, normal 3, minor 7 working days', () => {
    expect(DEFAULT_SEVERITY_RULES).toEqual({
      urgent: { unit: 'hours', amount: 2 },
      major: { unit: 'working_days', amount: 1 },
      normal: { unit: 'working_days', amount: 3 },
      minor: { unit: 'working_days', amount: 7 },
    });
  });
  it('urgent: 1 h 59 m is in time, exactly 2 h is in time, 2 h 01 m is overdue', () => {
    const start = cn('2026-03-06 22:30'); // runs past midnight: hours are wall-clock
    const deadline = computeDeadline(DEFAULT_SEVERITY_RULES.urgent, start);
    expect(iso(deadline)).toBe(iso(cn('2026-03-07 00:30')));
    expect(isOverdue(deadline, min(start, 119))).toBe(false);
    expect(isOverdue(deadline, min(start, 120))).toBe(false);
    expect(isOverdue(deadline, min(start, 121))).toBe(true);
  });
  it('major: Friday 10:00 → Tuesday 00:00; Monday 23:59 in time, Tuesday 00:00:00.001 late', () => {
    const deadline = computeDeadline(DEFAULT_SEVERITY_RULES.major, cn('2026-03-06 10:00'));
    expect(iso(deadline)).toBe('2026-03-09T16:00:00.000Z');
    expect(isOverdue(iso(deadline), cn('2026-03-09 23:59'))).toBe(false);
    expect(isOverdue(iso(deadline), new Date(deadline.getTime() + 1))).toBe(true);
  });
  it('normal: 3 working days across 国庆 with the make-up Saturday', () => {
    expect(iso(computeDeadline(DEFAULT_SEVERITY_RULES.normal, cn('2026-09-30 16:00')))).toBe(iso(cn('2026-10-11 00:00')));
  });
  it('minor: 7 working days across a weekend and 清明', () => {
    // Wed Apr 1 2026 → Thu 2, Fri 3, (Sat 4–Mon 6 清明) Tue 7, Wed 8, Thu 9, Fri 10, Mon 13
    expect(iso(computeDeadline(DEFAULT_SEVERITY_RULES.minor, cn('2026-04-01 09:00')))).toBe(iso(cn('2026-04-14 00:00')));
  });
  it('a null deadline is never overdue', () => {
    expect(isOverdue(null, cn('2030-01-01 00:00'))).toBe(false);
  });
});

describe('rule and override checks', () => {
  it('accepts positive amounts, whole working days only', () => {
    expect(checkDeadlineRule({ unit: 'hours', amount: 0.5 })).toBeNull();
    expect(checkDeadlineRule({ unit: 'working_days', amount: 15 })).toBeNull();
    expect(checkDeadlineRule({ unit: 'working_days', amount: 1.5 })).toMatch(/whole/);
    expect(checkDeadlineRule({ unit: 'hours', amount: 0 })).toMatch(/positive/);
    expect(checkDeadlineRule({ unit: 'hours', amount: Number.NaN })).toMatch(/positive/);
    expect(checkDeadlineRule({ unit: 'weeks', amount: 1 } as never)).toMatch(/unknown/);
  });
  it('an override must be strictly after now', () => {
    const now = cn('2026-03-06 10:00');
    expect(checkDeadlineOverride(now, now)).toMatch(/future/);
    expect(checkDeadlineOverride(new Date(now.getTime() - 1), now)).toMatch(/future/);
    expect(checkDeadlineOverride(new Date(now.getTime() + 1), now)).toBeNull();
  });
  it('parses a bare date as the end of that China day, and zoned instants only', () => {
    expect(iso(parseDeadlineInput('2026-03-10')!)).toBe('2026-03-10T16:00:00.000Z');
    expect(iso(parseDeadlineInput('2026-03-10T12:00:00+08:00')!)).toBe('2026-03-10T04:00:00.000Z');
    expect(iso(parseDeadlineInput('2026-03-10T12:00Z')!)).toBe('2026-03-10T12:00:00.000Z');
    expect(parseDeadlineInput('2026-03-10T12:00:00')).toBeNull(); // no zone: ambiguous
    expect(parseDeadlineInput('2026-02-30')).toBeNull();
    expect(parseDeadlineInput('next friday')).toBeNull();
  });
});
