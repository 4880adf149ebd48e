import { describe, expect, it } from 'vitest';
import { cumulativeInvestment } from '../../../src/domain/projects/investment.js';
import {
  chinaMonth,
  decideLapseLetters,
  lapseLetterBody,
  monthsToReport,
  standings,
  type LapseFacts,
} from '../../../src/domain/projects/report-lapses.js';
import { DEFAULT_WORK_CALENDAR } from '../../../src/domain/calendar/work-calendar.js';
import type { Ladder } from '../../../src/domain/letters/ladder.js';

const MS = 1;

const LADDER: Ladder = {
  rungs: [
    {
      key: 'reminder',
      type: '提醒函',
      level: 1,
      triggers: [{ kind: 'overdue', workingDays: 1 }],
      recipient: { kind: 'unit_head' },
      replyWorkingDays: 2,
      issuer: { name: '指挥部', code: '创提' },
    },
    {
      key: 'supervision',
      type: '督办函',
      level: 2,
      triggers: [{ kind: 'open_after_previous', workingDays: 3 }],
      recipient: { kind: 'leader_in_charge' },
      replyWorkingDays: 3,
      issuer: { name: '指挥部', code: '创督' },
    },
  ],
};

describe('the opening balance in the cumulative sums', () => {
  const reports = [
    { year: 2026, month: 3, completed: 100 },
    { year: 2026, month: 4, completed: 50 },
  ];
  const opening = { year: 2026, month: 3, sinceStart: 1000 };
  it('counts in since-start from its month on, never before it, and never in this year', () => {
    expect(cumulativeInvestment(reports, { year: 2026, month: 2 }, opening)).toEqual({ thisYear: 0, sinceStart: 0 });
    expect(cumulativeInvestment(reports, { year: 2026, month: 3 }, opening)).toEqual({ thisYear: 100, sinceStart: 1100 });
    expect(cumulativeInvestment(reports, { year: 2027, month: 1 }, opening)).toEqual({ thisYear: 0, sinceStart: 1150 });
    expect(cumulativeInvestment(reports, { year: 2026, month: 4 })).toEqual({ thisYear: 150, sinceStart: 150 });
  });
});

describe('the months a project owes', () => {
  const facts = { plannedYears: [2026], from: { year: 2026, month: 3 }, until: null };
  it('are the ended months of planned years from the month it was registered', () => {
    // 2026-05-01 00:00 China time: April has just ended.
    expect(monthsToReport(facts, new Date('2026-04-30T16:00:00.000Z'))).toEqual([
      { year: 2026, month: 3 },
      { year: 2026, month: 4 },
    ]);
    expect(monthsToReport(facts, new Date(Date.parse('2026-04-30T16:00:00.000Z') - MS))).toEqual([{ year: 2026, month: 3 }]);
    expect(monthsToReport({ ...facts, plannedYears: [] }, new Date('2026-12-01T00:00:00.000Z'))).toEqual([]);
  });
  it('stop at the month of termination and at the end of the planned years', () => {
    expect(monthsToReport({ ...facts, until: { year: 2026, month: 5 } }, new Date('2027-03-01T00:00:00.000Z'))).toHaveLength(2);
    expect(monthsToReport(facts, new Date('2027-03-01T00:00:00.000Z'))).toHaveLength(10);
    expect(monthsToReport({ ...facts, plannedYears: [2026, 2027] }, new Date('2027-03-01T00:00:00.000Z'))).toHaveLength(12);
  });
  it('stand open, then missing at the due instant; filed before it on time, at it late', () => {
    const due = Date.parse('2026-04-05T16:00:00.000Z');
    const m = [{ year: 2026, month: 3 }];
    expect(standings(m, new Map(), new Date(due - MS), 5)[0]!.standing).toBe('open');
    expect(standings(m, new Map(), new Date(due), 5)[0]!.standing).toBe('missing');
    expect(standings(m, new Map([['2026-03', new Date(due - MS)]]), new Date(due + 9), 5)[0]!.standing).toBe('on_time');
    expect(standings(m, new Map([['2026-03', new Date(due)]]), new Date(due + 9), 5)[0]!.standing).toBe('late');
    expect(chinaMonth(new Date('2026-03-31T16:00:00.000Z'))).toEqual({ year: 2026, month: 4 });
  });
});

describe('letters for missing reports', () => {
  const lapse = (over: Partial<LapseFacts> = {}): LapseFacts => ({
    projectId: 7,
    year: 2026,
    month: 3,
    unitId: 40,
    dueAt: '2026-04-08T16:00:00.000Z',
    filed: false,
    ...over,
  });
  it('a 提醒函 one whole working day after the due instant, not before; one letter per unit listing its lapses', () => {
    // Due at the end of Wednesday 2026-04-08; Thursday 24:00 is one working day later.
    const before = new Date(Date.parse('2026-04-09T16:00:00.000Z') - MS);
    expect(decideLapseLetters({ now: before, calendar: DEFAULT_WORK_CALENDAR, ladder: LADDER, lapses: [lapse()], letters: [] })).toEqual(
      [],
    );
    const now = new Date('2026-04-09T16:00:00.000Z');
    const planned = decideLapseLetters({
      now,
      calendar: DEFAULT_WORK_CALENDAR,
      ladder: LADDER,
      lapses: [lapse(), lapse({ projectId: 3, dueAt: '2026-04-08T16:00:00.000Z' }), lapse({ projectId: 9, filed: true })],
      letters: [],
    });
    expect(planned).toHaveLength(1);
    expect(planned[0]).toMatchObject({ rungKey: 'reminder', unitId: 40 });
    expect(planned[0]!.lapses.map((l) => l.projectId)).toEqual([3, 7]);
  });
  it('climbs to 督办函 from the 提醒函 sent about the lapse; a filed lapse climbs no further; awaiting approval holds it', () => {
    const sent = {
      id: 1,
      rungKey: 'reminder',
      unitId: 40,
      lapses: [{ projectId: 7, year: 2026, month: 3 }],
      issuedAt: '2026-04-10T01:00:00.000Z',
      replyDeadline: '2026-04-14T16:00:00.000Z',
      signedAt: null,
      withdrawn: false,
    };
    const now = new Date('2026-04-16T02:00:00.000Z');
    const base = { now, calendar: DEFAULT_WORK_CALENDAR, ladder: LADDER, letters: [sent] };
    expect(decideLapseLetters({ ...base, lapses: [lapse()] }).map((p) => p.rungKey)).toEqual(['supervision']);
    expect(decideLapseLetters({ ...base, lapses: [lapse({ filed: true })] })).toEqual([]);
    expect(decideLapseLetters({ ...base, lapses: [lapse()], awaitingApproval: [{ projectId: 7, year: 2026, month: 3 }] })).toEqual([]);
  });
  it('are written about the unit and its months, asking for a reply within the rung working days of the letter', () => {
    const body = lapseLetterBody({
      type: '提醒函',
      unitName: '淮阳区',
      toOffice: false,
      lines: [{ projectName: '耕德电子二期', year: 2026, month: 3, dueDay: '2026-04-05' }],
      replyWorkingDays: 2,
    });
    expect(body[0]).toContain('“耕德电子二期”2026年3月（应于2026年4月5日前报送）');
    expect(body[1]).toContain('自本函印发之日起2个工作日内');
    expect(lapseLetterBody({ type: '问责函', unitName: '淮阳区', toOffice: true, lines: [], replyWorkingDays: 5 })[1]).toContain('问责');
  });
});
