import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkVisitPosition,
  complianceByLeader,
  complianceSummary,
  EARTH_RADIUS_M,
  haversineMeters,
  weeklyCompliance,
  weeksCovering,
} from '../../../src/domain/projects/visits.js';

/** An instant given as China wall-clock time. */
const cst = (local: string) => new Date(`${local}+08:00`);

describe('weeks of a range (ISO weeks, Monday 00:00 China time)', () => {
  it('lists every week overlapping [from, to); a range ending at a Monday midnight stops before that week', () => {
    expect(weeksCovering(cst('2026-11-18T12:00:00'), cst('2026-12-01T00:00:00')).map((w) => w.key)).toEqual([
      '2026-W47',
      '2026-W48',
      '2026-W49',
    ]);
    expect(weeksCovering(cst('2026-11-18T12:00:00'), cst('2026-11-30T00:00:00')).map((w) => w.key)).toEqual(['2026-W47', '2026-W48']);
    expect(weeksCovering(cst('2026-11-30T00:00:00'), cst('2026-11-30T00:00:00'))).toEqual([]);
    expect(weeksCovering(cst('2026-11-30T00:00:00'), cst('2026-11-30T00:00:00.001'))[0]).toEqual({
      key: '2026-W49',
      label: '2026年第49周',
      start: '2026-11-29T16:00:00.000Z',
      end: '2026-12-06T16:00:00.000Z',
    });
  });
});

describe('"4个1" weekly compliance', () => {
  const visits = [
    // W48: Monday, Wednesday, and Sunday 23:59:59.999 China time (still W48).
    { at: cst('2026-11-23T09:00:00') },
    { at: cst('2026-11-25T15:00:00') },
    { at: cst('2026-11-29T23:59:59.999') },
    // W49: Monday 00:00 China time (Sunday 16:00Z) and Friday.
    { at: new Date('2026-11-29T16:00:00.000Z') },
    { at: cst('2026-12-04T10:00:00') },
    // W50: outside the range, ignored.
    { at: cst('2026-12-07T10:00:00') },
  ];
  const from = cst('2026-11-16T00:00:00');
  const to = cst('2026-12-07T00:00:00');

  it('counts per week against the target (3), weeks without visits included', () => {
    expect(weeklyCompliance(visits, from, to).map((w) => [w.key, w.count, w.met])).toEqual([
      ['2026-W47', 0, false],
      ['2026-W48', 3, true],
      ['2026-W49', 2, false],
    ]);
  });

  it('the target is configurable: 2 makes W49 met, 4 fails W48', () => {
    expect(weeklyCompliance(visits, from, to, 2).map((w) => w.met)).toEqual([false, true, true]);
    expect(weeklyCompliance(visits, from, to, 4).map((w) => w.met)).toEqual([false, false, false]);
    expect(() => weeklyCompliance(visits, from, to, 0)).toThrow(RangeError);
  });

  it('summarises weeks met and visits', () => {
    expect(complianceSummary(weeklyCompliance(visits, from, to))).toEqual({ weeks: 3, met: 1, share: 1 / 3, visits: 5 });
    expect(complianceSummary([])).toEqual({ weeks: 0, met: 0, share: null, visits: 0 });
  });

  it('per leader, a leader without visits fails every week; unknown leaders are ignored', () => {
    const byLeader = complianceByLeader(
      [...visits.map((v) => ({ ...v, leaderId: 'L1' })), { at: cst('2026-11-24T10:00:00'), leaderId: 'L9' }],
      ['L1', 'L2'],
      from,
      to,
    );
    expect([...byLeader.keys()]).toEqual(['L1', 'L2']);
    expect(byLeader.get('L1')?.map((w) => w.count)).toEqual([0, 3, 2]);
    expect(byLeader.get('L2')?.map((w) => [w.count, w.met])).toEqual([
      [0, false],
      [0, false],
      [0, false],
    ]);
  });

  it('property: the counts add up to the visits inside the weeks, and met ⇔ count ≥ target', () => {
    const base = cst('2026-01-05T00:00:00').getTime(); // a Monday
    const WEEK = 7 * 86_400_000;
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -WEEK, max: 6 * WEEK }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 4 }),
        (offsets, weeks, target) => {
          const ws = weeklyCompliance(
            offsets.map((o) => ({ at: new Date(base + o) })),
            new Date(base),
            new Date(base + weeks * WEEK),
            target,
          );
          expect(ws).toHaveLength(weeks);
          expect(ws.reduce((s, w) => s + w.count, 0)).toBe(offsets.filter((o) => o >= 0 && o < weeks * WEEK).length);
          for (const w of ws) expect(w.met).toBe(w.count >= target);
        },
      ),
    );
  });
});

describe('visit position check (haversine)', () => {
  const project = { lat: 33.78, lng: 114.52 };
  // Along a meridian the haversine distance is R × Δlat (radians): 1 000 m is 0.0089932°.
  const north = (m: number) => ({ lat: project.lat + (m / EARTH_RADIUS_M) * (180 / Math.PI), lng: project.lng });

  it('999 m is on site, 1 001 m too far (default radius 1 000 m)', () => {
    const near = checkVisitPosition(north(999), project);
    expect(near).toMatchObject({ ok: true, radiusM: 1000 });
    expect(near.ok && near.distanceM).toBeCloseTo(999, 6);
    const far = checkVisitPosition(north(1001), project);
    expect(far).toMatchObject({ ok: false, code: 'too_far', radiusM: 1000 });
    expect(!far.ok && far.code === 'too_far' && far.distanceM).toBeCloseTo(1001, 6);
    expect(checkVisitPosition(project, project)).toEqual({ ok: true, distanceM: 0, radiusM: 1000 });
  });

  it('the radius is configurable', () => {
    expect(checkVisitPosition(north(1500), project, 2000).ok).toBe(true);
    expect(checkVisitPosition(north(400), project, 300)).toMatchObject({ ok: false, code: 'too_far' });
    expect(() => checkVisitPosition(project, project, 0)).toThrow(RangeError);
  });

  it('refuses positions out of range, naming which', () => {
    expect(checkVisitPosition({ lat: 91, lng: 0 }, project)).toMatchObject({ ok: false, code: 'invalid_position', field: 'reported' });
    expect(checkVisitPosition(project, { lat: 0, lng: Number.NaN })).toMatchObject({
      ok: false,
      code: 'invalid_position',
      field: 'project',
    });
  });

  it('known distances: Beijing–Shanghai ≈ 1 067 km, half the equator = π R', () => {
    expect(haversineMeters({ lat: 39.9042, lng: 116.4074 }, { lat: 31.2304, lng: 121.4737 }) / 1000).toBeCloseTo(1067.31, 1);
    expect(haversineMeters({ lat: 0, lng: 0 }, { lat: 0, lng: 180 })).toBeCloseTo(Math.PI * EARTH_RADIUS_M, 3);
  });

  it('property: symmetric, non-negative, and within the triangle inequality', () => {
    const pos = fc.record({ lat: fc.double({ min: -89, max: 89, noNaN: true }), lng: fc.double({ min: -179, max: 179, noNaN: true }) });
    fc.assert(
      fc.property(pos, pos, pos, (a, b, c) => {
        const ab = haversineMeters(a, b);
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(Math.abs(ab - haversineMeters(b, a))).toBeLessThan(1e-6);
        expect(ab).toBeLessThanOrEqual(haversineMeters(a, c) + haversineMeters(c, b) + 1);
      }),
    );
  });
});
