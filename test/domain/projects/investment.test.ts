import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  completionRate,
  cumulativeInvestment,
  dayOfYear,
  daysInYear,
  investmentLight,
  isReportFlagged,
  monthsDueBy,
  portfolioCompletion,
  reportDueAt,
  reportStanding,
  scheduleShare,
  scheduleShareAt,
  type InvestmentFacts,
} from '../../../src/domain/projects/investment.js';

const MS = 1;

describe('完成率', () => {
  it('is cumulative this year over the annual plan; null without a plan', () => {
    expect(completionRate(52_800_000, 75_213_675)).toBeCloseTo(0.702, 6);
    expect(completionRate(0, 100)).toBe(0);
    expect(completionRate(150, 100)).toBe(1.5);
    expect(completionRate(10, null)).toBeNull();
    expect(completionRate(10, 0)).toBeNull();
  });

  it('of several projects is Σ completed / Σ plan (52.8亿 of 75.2亿 = 70.2%)', () => {
    const p = portfolioCompletion([
      { completedThisYear: 30_000_000, annualPlan: 40_000_000 },
      { completedThisYear: 22_800_000, annualPlan: 35_213_675 },
      { completedThisYear: 0, annualPlan: null },
    ]);
    expect(p).toMatchObject({ count: 3, completed: 52_800_000, plan: 75_213_675 });
    expect(Math.round((p.completionRate ?? 0) * 1000) / 10).toBe(70.2);
    expect(portfolioCompletion([{ completedThisYear: 5, annualPlan: null }]).completionRate).toBeNull();
  });
});

describe('序时进度', () => {
  it('counts the day itself: 1 January is 1/365, 31 December is 1', () => {
    expect(scheduleShare(2026, '2026-01-01')).toEqual({ elapsedDays: 1, daysInYear: 365, share: 1 / 365 });
    expect(scheduleShare(2026, '2026-06-30')).toEqual({ elapsedDays: 181, daysInYear: 365, share: 181 / 365 });
    expect(scheduleShare(2026, '2026-12-31').share).toBe(1);
  });

  it('leap years have 366 days: 29 February is day 60, 31 December day 366', () => {
    expect(daysInYear(2024)).toBe(366);
    expect(daysInYear(2100)).toBe(365);
    expect(daysInYear(2000)).toBe(366);
    expect(dayOfYear('2024-02-29')).toBe(60);
    expect(dayOfYear('2024-03-01')).toBe(61);
    expect(dayOfYear('2026-03-01')).toBe(60);
    expect(scheduleShare(2024, '2024-12-31')).toEqual({ elapsedDays: 366, daysInYear: 366, share: 1 });
    expect(scheduleShare(2024, '2024-12-30').share).toBe(365 / 366);
  });

  it('is 0 before the year and 1 after it', () => {
    expect(scheduleShare(2026, '2025-12-31').share).toBe(0);
    expect(scheduleShare(2026, '2027-01-01').share).toBe(1);
  });

  it('at an instant takes its China day: 2026-12-31T16:00Z is already 2027', () => {
    expect(scheduleShareAt(2026, new Date('2026-12-31T15:59:59.999Z')).share).toBe(1);
    expect(scheduleShareAt(2027, new Date('2026-12-31T15:59:59.999Z')).share).toBe(0);
    expect(scheduleShareAt(2027, new Date('2026-12-31T16:00:00.000Z')).elapsedDays).toBe(1);
  });

  it('property: in [0, 1] and non-decreasing through the year', () => {
    const day = fc
      .integer({ min: 0, max: 3 * 366 })
      .map((n) => new Date(Date.UTC(2023, 11, 1) + n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.integer({ min: 2024, max: 2026 }), day, day, (year, a, b) => {
        const [x, y] = a <= b ? [a, b] : [b, a];
        const sx = scheduleShare(year, x).share;
        expect(sx >= 0 && sx <= 1).toBe(true);
        expect(scheduleShare(year, y).share).toBeGreaterThanOrEqual(sx);
      }),
    );
  });
});

describe('red / yellow / green', () => {
  // 2026-04-10 is day 100 of 365; a plan of 36 500 wan-cents makes 10 000 exactly on 序时进度.
  const base: InvestmentFacts = {
    year: 2026,
    day: '2026-04-10',
    annualPlan: 36_500,
    completedThisYear: 10_000,
    completedSinceStart: 50_000,
    stage: 'started',
    plannedStart: '2025-10-01',
  };

  it('完成率 equal to 序时进度 is green; one wan-cent less is yellow', () => {
    expect(investmentLight(base)).toMatchObject({ status: 'green', reason: 'on_track' });
    expect(investmentLight({ ...base, completedThisYear: 9_999 })).toMatchObject({ status: 'yellow', reason: 'behind_schedule' });
  });

  it('a tolerance of 5 points (500 bp) moves the boundary to 100/365 − 0.05 exactly', () => {
    // completed × 365 × 10 000 < (100 × 10 000 − 500 × 365) × 36 500  ⇔  completed < 8 175.
    expect(investmentLight({ ...base, completedThisYear: 8_175, toleranceBasisPoints: 500 }).status).toBe('green');
    expect(investmentLight({ ...base, completedThisYear: 8_174, toleranceBasisPoints: 500 }).status).toBe('yellow');
  });

  it('red when the planned start has passed with nothing completed and no 开工; the planned day itself is not yet red', () => {
    const idle: InvestmentFacts = { ...base, completedThisYear: 0, completedSinceStart: 0, stage: 'signed', plannedStart: '2026-04-09' };
    expect(investmentLight(idle)).toMatchObject({ status: 'red', reason: 'not_started' });
    expect(investmentLight({ ...idle, plannedStart: '2026-04-10' })).toMatchObject({ status: 'yellow', reason: 'behind_schedule' });
    expect(investmentLight({ ...idle, plannedStart: null })).toMatchObject({ status: 'yellow' });
    // 开工 reached, or anything completed, is not "not started".
    expect(investmentLight({ ...idle, stage: 'started' }).status).toBe('yellow');
    expect(investmentLight({ ...idle, stage: 'partly_producing' }).status).toBe('yellow');
    expect(investmentLight({ ...idle, completedSinceStart: 1 }).status).toBe('yellow');
    // Red needs no plan; without a plan and not red there is no colour.
    expect(investmentLight({ ...idle, annualPlan: null })).toMatchObject({ status: 'red' });
    expect(investmentLight({ ...base, annualPlan: null })).toMatchObject({ status: null, reason: 'no_plan', completionRate: null });
  });

  it('on 1 January a project owes 1/365 of its plan; on 31 December all of it', () => {
    expect(investmentLight({ ...base, day: '2026-01-01', completedThisYear: 100 }).status).toBe('green');
    expect(investmentLight({ ...base, day: '2026-01-01', completedThisYear: 99 }).status).toBe('yellow');
    expect(investmentLight({ ...base, day: '2026-12-31', completedThisYear: 36_500 }).status).toBe('green');
    expect(investmentLight({ ...base, day: '2026-12-31', completedThisYear: 36_499 }).status).toBe('yellow');
  });

  it('property: with a plan and not red, yellow exactly when 完成率 < 序时进度 (no tolerance, exact rationals)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 0, max: 12_000_000 }),
        (n, plan, done) => {
          const day = new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
          const light = investmentLight({ ...base, year: 2024, day, annualPlan: plan, completedThisYear: done });
          const s = scheduleShare(2024, day);
          // done / plan < elapsed / days  ⇔  done × days < elapsed × plan (integers, all < 2^53).
          expect(light.status).toBe(done * s.daysInYear < s.elapsedDays * plan ? 'yellow' : 'green');
        },
      ),
    );
  });
});

describe('cumulative sums from monthly reports', () => {
  const reports = [
    { year: 2025, month: 11, completed: 100 },
    { year: 2025, month: 12, completed: 200 },
    { year: 2026, month: 1, completed: 50 },
    { year: 2026, month: 2, completed: 70 },
    { year: 2026, month: 3, completed: 30 },
  ];
  it('sum this year and since start up to the month, later ones ignored', () => {
    expect(cumulativeInvestment(reports, { year: 2026, month: 2 })).toEqual({ thisYear: 120, sinceStart: 420 });
    expect(cumulativeInvestment(reports, { year: 2025, month: 12 })).toEqual({ thisYear: 300, sinceStart: 300 });
    expect(cumulativeInvestment(reports, { year: 2026, month: 12 })).toEqual({ thisYear: 150, sinceStart: 450 });
    expect(cumulativeInvestment(reports, { year: 2025, month: 10 })).toEqual({ thisYear: 0, sinceStart: 0 });
  });
});

describe('monthly report due date and lateness (China time)', () => {
  const nov = { year: 2026, month: 11 };
  const due = new Date('2026-12-10T16:00:00.000Z'); // end of 10 December, China time

  it('is due at the end of the configured day of the next month', () => {
    expect(reportDueAt(nov).toISOString()).toBe(due.toISOString());
    expect(reportDueAt({ year: 2026, month: 12 }).toISOString()).toBe('2027-01-10T16:00:00.000Z');
    expect(reportDueAt({ year: 2026, month: 1 }, 5).toISOString()).toBe('2026-02-05T16:00:00.000Z');
    expect(reportDueAt({ year: 2024, month: 1 }, 28).toISOString()).toBe('2024-02-28T16:00:00.000Z');
    expect(() => reportDueAt(nov, 0)).toThrow(RangeError);
    expect(() => reportDueAt(nov, 29)).toThrow(RangeError);
  });

  it('not filed: open 1 ms before the due instant, missing at it and 1 ms after', () => {
    expect(reportStanding(nov, null, new Date(due.getTime() - MS))).toBe('open');
    expect(reportStanding(nov, null, due)).toBe('missing');
    expect(reportStanding(nov, null, new Date(due.getTime() + MS))).toBe('missing');
    expect(isReportFlagged(nov, null, new Date(due.getTime() - MS))).toBe(false);
    expect(isReportFlagged(nov, null, new Date(due.getTime() + MS))).toBe(true);
  });

  it('filed 1 ms before the due instant is on time; at it or after is late', () => {
    const later = new Date('2027-01-01T00:00:00Z');
    expect(reportStanding(nov, new Date(due.getTime() - MS), later)).toBe('on_time');
    expect(reportStanding(nov, due, later)).toBe('late');
    expect(reportStanding(nov, new Date(due.getTime() + MS), later)).toBe('late');
    expect(isReportFlagged(nov, new Date(due.getTime() - MS), later)).toBe(false);
    expect(isReportFlagged(nov, new Date(due.getTime() + MS), later)).toBe(true);
  });

  it('a report filed after the instant asked about does not count yet', () => {
    const filed = new Date(due.getTime() + 5 * 86_400_000);
    expect(reportStanding(nov, filed, new Date(due.getTime() - MS))).toBe('open');
    expect(reportStanding(nov, filed, new Date(filed.getTime() - MS))).toBe('missing');
    expect(reportStanding(nov, filed, filed)).toBe('late');
  });

  it('lists the months whose reports are due by an instant', () => {
    expect(monthsDueBy({ year: 2026, month: 9 }, due)).toEqual([
      { year: 2026, month: 9 },
      { year: 2026, month: 10 },
      { year: 2026, month: 11 },
    ]);
    expect(monthsDueBy({ year: 2026, month: 9 }, new Date(due.getTime() - MS))).toHaveLength(2);
    expect(monthsDueBy({ year: 2026, month: 12 }, due)).toEqual([]);
  });
});
