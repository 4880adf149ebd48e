import { describe, expect, it } from 'vitest';
import { GROUP_BY } from '../../../src/domain/evaluation/scoring.js';
import { bucketsBetween, bucketStart, nextBucketStart, trend, type TimedResult } from '../../../src/domain/evaluation/trend.js';
import { RESULTS, tinyFramework, type Row } from './fixtures.js';

const fw = tinyFramework();
const at = (iso: string) => new Date(iso);

describe('bucketStart', () => {
  it('starts weeks on Monday 00:00 China time', () => {
    // 2026-11-22 is a Sunday; 15:59:59Z is 23:59:59 China time, 16:00:00Z is Monday 00:00.
    expect(bucketStart(at('2026-11-22T15:59:59Z'), 'week')).toBe('2026-11-16');
    expect(bucketStart(at('2026-11-22T16:00:00Z'), 'week')).toBe('2026-11-23');
    expect(bucketStart(at('2026-11-16T03:00:00Z'), 'week')).toBe('2026-11-16');
    expect(bucketStart(at('2026-11-15T15:59:59.999Z'), 'week')).toBe('2026-11-09');
  });

  it('starts months on the 1st, China time', () => {
    expect(bucketStart(at('2026-11-30T15:59:59Z'), 'month')).toBe('2026-11-01');
    expect(bucketStart(at('2026-11-30T16:00:00Z'), 'month')).toBe('2026-12-01');
    expect(nextBucketStart('2026-12-01', 'month')).toBe('2027-01-01');
    expect(nextBucketStart('2026-02-01', 'month')).toBe('2026-03-01');
    expect(nextBucketStart('2026-11-23', 'week')).toBe('2026-11-30');
  });
});

describe('bucketsBetween', () => {
  it('lists the buckets that overlap [from, to), the end exclusive', () => {
    // Wednesday 2026-11-18 08:00 China time … Tuesday 2026-12-01 08:00 China time.
    expect(bucketsBetween(at('2026-11-18T00:00:00Z'), at('2026-12-01T00:00:00Z'), 'week')).toEqual([
      { start: '2026-11-16', end: '2026-11-23' },
      { start: '2026-11-23', end: '2026-11-30' },
      { start: '2026-11-30', end: '2026-12-07' },
    ]);
    // Ending exactly at Monday 2026-11-30 00:00 China time leaves that week out.
    expect(bucketsBetween(at('2026-11-18T00:00:00Z'), at('2026-11-29T16:00:00Z'), 'week')).toHaveLength(2);
    expect(bucketsBetween(at('2026-10-31T16:00:00Z'), at('2027-01-15T00:00:00Z'), 'month').map((b) => b.start)).toEqual([
      '2026-11-01',
      '2026-12-01',
      '2027-01-01',
    ]);
    expect(bucketsBetween(at('2026-11-18T00:00:00Z'), at('2026-11-18T00:00:00Z'), 'week')).toEqual([]);
  });

  it('refuses more buckets than allowed', () => {
    expect(() => bucketsBetween(at('2000-01-01T00:00:00Z'), at('2026-01-01T00:00:00Z'), 'week')).toThrow(RangeError);
    expect(bucketsBetween(at('2000-01-01T00:00:00Z'), at('2026-01-01T00:00:00Z'), 'month', 400)).toHaveLength(313);
  });
});

describe('trend', () => {
  // Fixture points with times: week of Mon 11-16 holds P1 (D1, Sunday 23:59:59 China time)
  // and P3 (D2); week of 11-23 holds P2 (D1, Monday 00:00:00) and P4 (D2); week of 11-30
  // holds P6 (D1, only "not applicable"); P5 falls after `to` and is left out.
  const byId = new Map(RESULTS.map((r) => [r.pointId, r]));
  const timed = (id: string, startedAt: string): Row & TimedResult => ({ ...byId.get(id)!, startedAt });
  const results = [
    timed('P1', '2026-11-22T15:59:59Z'),
    timed('P2', '2026-11-22T16:00:00Z'),
    timed('P3', '2026-11-20T02:00:00Z'),
    timed('P4', '2026-11-24T02:00:00Z'),
    timed('P5', '2026-12-05T00:00:00Z'),
    {
      pointId: 'P6',
      pointType: 'park',
      districtId: 'D1',
      unitId: 11,
      startedAt: '2026-11-30T01:00:00Z',
      answers: [{ standardCode: 'S5', answer: 'na' }],
    },
  ];
  const opts = { from: at('2026-11-15T16:00:00Z'), to: at('2026-12-01T00:00:00Z'), bucket: 'week' as const };

  it('rolls up 得分率 per week and district (hand-computed), null where nothing was inspected', () => {
    const t = trend(results, fw, { ...opts, seriesOf: GROUP_BY.district, seriesOrder: ['D2', 'D1', 'D3'] });
    expect(t.buckets.map((b) => b.start)).toEqual(['2026-11-16', '2026-11-23', '2026-11-30']);
    expect(t.series.map((s) => s.key)).toEqual(['D2', 'D1', 'D3']);
    const [d2, d1, d3] = t.series;
    // D1: P1 7/10, then P2 3/7, then P6 na only (0/0 → null).
    expect(d1!.cells).toEqual([
      { earned: 7, possible: 10, rate: 0.7 },
      { earned: 3, possible: 7, rate: 3 / 7 },
      { earned: 0, possible: 0, rate: null },
    ]);
    // D2: P3 1.5/5, then P4 5/5; nothing in the third week; P5 is after `to`.
    expect(d2!.cells).toEqual([
      { earned: 1.5, possible: 5, rate: 0.3 },
      { earned: 5, possible: 5, rate: 1 },
      { earned: 0, possible: 0, rate: null },
    ]);
    expect(d3!.cells.every((c) => c.rate === null)).toBe(true);
    expect(t.rejected).toEqual([]);
  });

  it('rolls up the whole city per month and leaves out results outside the period', () => {
    const t = trend(results, fw, {
      from: at('2026-10-31T16:00:00Z'),
      to: at('2026-12-31T16:00:00Z'),
      bucket: 'month',
      seriesOf: GROUP_BY.all,
    });
    // November: P1 7/10 + P2 3/7 + P3 1.5/5 + P4 5/5 + P6 0/0 = 16.5/27; December: P5 10/12.
    expect(t.series).toEqual([
      {
        key: 'all',
        cells: [
          { earned: 16.5, possible: 27, rate: 16.5 / 27 },
          { earned: 10, possible: 12, rate: 10 / 12 },
        ],
      },
    ]);
    const narrow = trend(results, fw, {
      from: at('2026-11-22T16:00:00Z'),
      to: at('2026-11-29T16:00:00Z'),
      bucket: 'week',
      seriesOf: GROUP_BY.all,
    });
    // Only P2 and P4: 8/12.
    expect(narrow.series[0]!.cells).toEqual([{ earned: 8, possible: 12, rate: 8 / 12 }]);
  });
});
