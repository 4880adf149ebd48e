import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkVisitPosition,
  complianceByLeader,
  complianceByProject,
  complianceSummary,
  EARTH_RADIUS_M,
  haversineMeters,
  leaderWeeks,
  visitCounts,
  visitInstant,
  visitPlace,
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

describe('"4个1" place check, weeks of a visit and per-project compliance', () => {
  const project = { lat: 33.62, lng: 114.65 };
  /** A point `m` metres north of the project (1° of latitude = π R / 180 m on the sphere). */
  const north = (m: number) => ({ lat: project.lat + (m / (Math.PI * EARTH_RADIUS_M)) * 180, lng: project.lng });

  it('on site up to the radius, flagged and not counted beyond it; the distance is stored either way', () => {
    expect(visitPlace(north(999), project)).toEqual({ check: 'on_site', distanceM: 999, counts: true });
    expect(visitPlace(north(1_001), project)).toEqual({ check: 'too_far', distanceM: 1_001, counts: false });
    expect(visitPlace(north(1_600), project, 2_000).check).toBe('on_site');
    expect(visitPlace(north(2_001), project, 2_000).check).toBe('too_far');
  });

  it('no reported position while the project has one: flagged; a project without position: unchecked but counted', () => {
    expect(visitPlace(null, project)).toEqual({ check: 'no_position', distanceM: null, counts: false });
    expect(visitPlace(north(5_000), null)).toEqual({ check: 'unchecked', distanceM: null, counts: true });
    expect([visitCounts('on_site'), visitCounts('unchecked'), visitCounts('too_far'), visitCounts('no_position')]).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });

  it('a visit belongs to the China week of its day: Sunday 23:59 and Monday 00:00 China time are different weeks', () => {
    expect(visitInstant('2026-12-06').toISOString()).toBe('2026-12-06T04:00:00.000Z');
    const sunday = visitInstant('2026-12-06', '23:59');
    const monday = visitInstant('2026-12-07', '00:00');
    expect(monday.toISOString()).toBe('2026-12-06T16:00:00.000Z');
    const weeks = weeklyCompliance([{ at: sunday }, { at: monday }], cst('2026-11-30T00:00'), cst('2026-12-14T00:00'), 1);
    expect(weeks.map((w) => [w.key, w.count])).toEqual([
      ['2026-W49', 1],
      ['2026-W50', 1],
    ]);
    // One millisecond before Monday 00:00 China time is still the old week.
    const before = weeklyCompliance([{ at: new Date(monday.getTime() - 1) }], cst('2026-11-30T00:00'), cst('2026-12-14T00:00'), 1);
    expect(before.map((w) => w.count)).toEqual([1, 0]);
  });

  it('the target is per project: only counted visits of the current leader to that project', () => {
    const from = cst('2026-11-30T00:00');
    const to = cst('2026-12-07T00:00');
    const at = (d: string) => visitInstant(d);
    const visits = [
      { projectId: 1, leaderId: 7, at: at('2026-11-30'), counts: true },
      { projectId: 1, leaderId: 7, at: at('2026-12-01'), counts: true },
      { projectId: 1, leaderId: 7, at: at('2026-12-02'), counts: true },
      { projectId: 1, leaderId: 7, at: at('2026-12-03'), counts: false }, // too far: not counted
      { projectId: 2, leaderId: 7, at: at('2026-12-03'), counts: true },
      { projectId: 2, leaderId: 9, at: at('2026-12-04'), counts: true }, // not the leader of 2
    ];
    const byProject = complianceByProject(
      visits,
      [
        { projectId: 1, leaderId: 7 },
        { projectId: 2, leaderId: 7 },
      ],
      from,
      to,
    );
    expect(byProject.get(1)!.map((w) => [w.count, w.met])).toEqual([[3, true]]);
    expect(byProject.get(2)!.map((w) => [w.count, w.met])).toEqual([[1, false]]);
    const leader = leaderWeeks([byProject.get(1)!, byProject.get(2)!]);
    expect(leader).toEqual([expect.objectContaining({ key: '2026-W49', count: 4, target: 6, projects: 2, projectsMet: 1, met: false })]);
    // Six visits to one project do not make up for none at the other.
    const lopsided = complianceByProject(
      [0, 1, 2, 3, 4, 5].map((i) => ({ projectId: 1, leaderId: 7, at: at(`2026-12-0${1 + (i % 5)}`), counts: true })),
      [
        { projectId: 1, leaderId: 7 },
        { projectId: 2, leaderId: 7 },
      ],
      from,
      to,
    );
    expect(leaderWeeks([lopsided.get(1)!, lopsided.get(2)!])[0]).toMatchObject({ count: 6, target: 6, met: false });
    expect(leaderWeeks([])).toEqual([]);
  });
});
