import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { planDayRoutes, routeOfDay, type RoutePoint } from '../../../src/domain/evaluation/routes.js';
import { distanceMeters } from '../../../src/domain/evaluation/sampling.js';

/** 11 districts 0.1° apart on a 4×3 grid, `perDistrict` points each within ~1 km of the district's centre. */
function city(perDistrict: number): RoutePoint[] {
  const out: RoutePoint[] = [];
  let id = 1;
  for (let d = 0; d < 11; d++) {
    const c = { lon: 114.5 + (d % 4) * 0.1, lat: 33.5 + Math.floor(d / 4) * 0.1 };
    for (let i = 0; i < perDistrict; i++)
      out.push({
        id: (id++ * 7) % 1000,
        districtId: 100 + d,
        location: { lon: c.lon + ((i * 37) % 10) * 0.001, lat: c.lat + ((i * 53) % 10) * 0.001 },
      });
  }
  return out;
}

const spread = (ids: number[], pts: RoutePoint[]) => {
  const loc = ids.map((id) => pts.find((p) => p.id === id)!.location!);
  let max = 0;
  for (const a of loc) for (const b of loc) max = Math.max(max, distanceMeters(a, b));
  return max;
};

const pointArb = fc.uniqueArray(
  fc.record({
    id: fc.integer({ min: 1, max: 10_000 }),
    districtId: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }),
    location: fc.option(
      fc.record({ lon: fc.double({ min: 113, max: 116, noNaN: true }), lat: fc.double({ min: 32, max: 35, noNaN: true }) }),
      { nil: null },
    ),
  }),
  { selector: (p) => p.id, maxLength: 80 },
);

describe('planDayRoutes', () => {
  it('turns 65 points over 11 districts into walkable days of at most 12: one district a day, or two neighbours to fit a week', () => {
    const pts = city(6).slice(0, 65);
    const ids = pts.map((p) => p.id).sort((a, b) => a - b);
    const loose = planDayRoutes(pts, 12).days;
    expect(loose.flat().sort((a, b) => a - b)).toEqual(ids);
    expect(loose).toHaveLength(11);
    for (const d of loose) expect(spread(d, pts)).toBeLessThan(2_000);

    const week = planDayRoutes(pts, 12, 7).days;
    expect(week.flat().sort((a, b) => a - b)).toEqual(ids);
    expect(week.length).toBeLessThanOrEqual(7);
    for (const d of week) {
      expect(d.length).toBeLessThanOrEqual(12);
      expect(new Set(d.map((id) => pts.find((p) => p.id === id)!.districtId)).size).toBeLessThanOrEqual(2);
      // Neighbouring districts are 0.1° (~10 km) apart; a day never crosses the city (~35 km).
      expect(spread(d, pts)).toBeLessThan(15_000);
    }
    // A period too short to hold the plan anyway: days stay compact (the rest is unscheduled).
    expect(planDayRoutes(pts, 12, 3).days).toEqual(loose);
  });

  it('joins near parts into one day, never far ones unless the period needs it', () => {
    const at = (id: number, districtId: number, lon: number) => ({ id, districtId, location: { lon, lat: 33 } });
    const near = [at(1, 1, 114), at(2, 1, 114.001), at(3, 2, 114.01), at(4, 2, 114.011)];
    expect(planDayRoutes(near, 12).days).toEqual([[1, 2, 3, 4]]);
    const far = [at(1, 1, 114), at(2, 1, 114.001), at(3, 2, 114.3), at(4, 2, 114.301)];
    expect(planDayRoutes(far, 12).days).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(planDayRoutes(far, 12, 1).days).toEqual([[1, 2, 3, 4]]);
  });

  it('walks a district in nearest-neighbour order from its west end', () => {
    const line: RoutePoint[] = [5, 1, 4, 2, 3].map((k) => ({ id: k, districtId: 1, location: { lon: 114 + k * 0.01, lat: 33 } }));
    expect(planDayRoutes(line, 12).days).toEqual([[1, 2, 3, 4, 5]]);
  });

  it('cuts a big district into near-equal days rather than 12 + 1', () => {
    const pts = city(13).filter((p) => p.districtId === 100);
    expect(planDayRoutes(pts, 12).days.map((d) => d.length)).toEqual([7, 6]);
  });

  it('keeps points without a location (after the located ones, by id)', () => {
    const pts: RoutePoint[] = [
      { id: 3, districtId: 1, location: null },
      { id: 2, districtId: 1, location: { lon: 114, lat: 33 } },
      { id: 1, districtId: null, location: null },
    ];
    expect(planDayRoutes(pts, 12).days.flat().sort()).toEqual([1, 2, 3]);
  });

  it('refuses a limit below 1 or a repeated point', () => {
    expect(() => planDayRoutes([], 0)).toThrow(RangeError);
    expect(() => planDayRoutes([], 1.5)).toThrow(RangeError);
    expect(() =>
      planDayRoutes(
        [
          { id: 1, districtId: null, location: null },
          { id: 1, districtId: 2, location: null },
        ],
        3,
      ),
    ).toThrow(/twice/);
  });

  it('property: every point exactly once, at most max per day, no empty day', () => {
    fc.assert(
      fc.property(
        pointArb,
        fc.integer({ min: 1, max: 20 }),
        fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
        (pts, max, period) => {
          const { days } = planDayRoutes(pts, max, period);
          expect(days.flat().sort((a, b) => a - b)).toEqual(pts.map((p) => p.id).sort((a, b) => a - b));
          expect(days.every((d) => d.length >= 1 && d.length <= max)).toBe(true);
          // Near-minimal: never more than one day per district part beyond the minimum.
          expect(days.length).toBeLessThanOrEqual(Math.ceil(pts.length / max) + new Set(pts.map((p) => p.districtId)).size);
        },
      ),
    );
  });

  it('property: deterministic and independent of the input order', () => {
    fc.assert(
      fc.property(pointArb, fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 10 }), fc.integer(), (pts, max, period, seed) => {
        const shuffled = [...pts].sort((a, b) => ((a.id * 2654435761) ^ seed) - ((b.id * 2654435761) ^ seed));
        expect(planDayRoutes(shuffled, max, period)).toEqual(planDayRoutes(pts, max, period));
        expect(planDayRoutes(pts, max)).toEqual(planDayRoutes(pts, max));
      }),
    );
  });
});

describe('routeOfDay', () => {
  const routes = { days: [[1, 2], [3], [4, 5]] };
  it('gives day i route i and counts what the period cannot hold', () => {
    expect(routeOfDay(routes, 0, 7)).toEqual({ points: [1, 2], unscheduled: 0, catchUp: false });
    expect(routeOfDay(routes, 2, 7)).toEqual({ points: [4, 5], unscheduled: 0, catchUp: false });
    expect(routeOfDay(routes, 1, 2)).toEqual({ points: [3], unscheduled: 2, catchUp: false });
    expect(routeOfDay(routes, -1, 2).points).toEqual([]);
    expect(routeOfDay(routes, 7, 7).points).toEqual([]);
  });
  it('makes spare days catch-up days: what is not yet inspected, in route order, at most max', () => {
    expect(routeOfDay(routes, 3, 7, new Set([1, 3]), 2)).toEqual({ points: [2, 4], unscheduled: 0, catchUp: true });
    expect(routeOfDay(routes, 6, 7, new Set([1, 2, 3, 4, 5]), 2).points).toEqual([]);
  });
  it('property: a day never holds more than max points', () => {
    fc.assert(
      fc.property(
        pointArb,
        fc.integer({ min: 1, max: 15 }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: -1, max: 12 }),
        (pts, max, period, index) => {
          const r = planDayRoutes(pts, max);
          const day = routeOfDay(r, index, period, new Set(pts.filter((p) => p.id % 3 === 0).map((p) => p.id)), max);
          expect(day.points.length).toBeLessThanOrEqual(max);
          expect(new Set(day.points).size).toBe(day.points.length);
        },
      ),
    );
  });
});
