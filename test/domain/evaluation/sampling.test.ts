import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fnv1a32, mulberry32, sampleWithoutReplacement } from '../../../src/domain/evaluation/prng.js';
import {
  allocateLargestRemainder,
  assignToInspectors,
  distanceMeters,
  orderByDistance,
  planSample,
  positionFlag,
  type SamplePoint,
} from '../../../src/domain/evaluation/sampling.js';

describe('PRNG', () => {
  /** mulberry32 exactly as published (returns a float in [0, 1)); ours must match it bit for bit. */
  function reference(a: number): () => number {
    return function () {
      let t = (a += 0x6d2b79f5);
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it('is mulberry32, and its first outputs never change (plans must stay reproducible)', () => {
    for (const seed of [0, 1, 42, 0x7fffffff, 0xffffffff]) {
      const ours = mulberry32(seed);
      const ref = reference(seed);
      for (let i = 0; i < 1000; i++) expect(ours.nextUint32() / 4294967296).toBe(ref());
    }
    const g = mulberry32(0);
    expect([g.nextUint32(), g.nextUint32(), g.nextUint32()]).toEqual([1144304738, 1416247, 958946056]);
    const h = mulberry32(42);
    expect([h.nextUint32(), h.nextUint32(), h.nextUint32()]).toEqual([2581720956, 1925393290, 3661312704]);
  });

  it('FNV-1a matches the published test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('draws integers in range and refuses bad arguments', () => {
    const g = mulberry32(7);
    for (let i = 0; i < 1000; i++) {
      const x = g.nextInt(3);
      expect(x === 0 || x === 1 || x === 2).toBe(true);
    }
    expect(() => mulberry32(-1)).toThrow(RangeError);
    expect(() => mulberry32(2 ** 32)).toThrow(RangeError);
    expect(() => g.nextInt(0)).toThrow(RangeError);
    expect(() => sampleWithoutReplacement([1, 2], 3, g)).toThrow(RangeError);
  });
});

describe('allocateLargestRemainder (hand-computed)', () => {
  it('5 slots over 5/3/2: quotas 2.5/1.5/1 → floors 2/1/1, the tie of remainders goes to the smaller name', () => {
    expect(
      Object.fromEntries(
        allocateLargestRemainder(
          new Map([
            ['a', 5],
            ['b', 3],
            ['c', 2],
          ]),
          5,
        ),
      ),
    ).toEqual({ a: 3, b: 1, c: 1 });
  });

  it('4 slots over park 6 / bus_stop 3 / school 1: quotas 2.4/1.2/0.4 → park wins the tie with school', () => {
    expect(
      Object.fromEntries(
        allocateLargestRemainder(
          new Map([
            ['park', 6],
            ['bus_stop', 3],
            ['school', 1],
          ]),
          4,
        ),
      ),
    ).toEqual({ park: 3, bus_stop: 1, school: 0 });
  });

  it('all or nothing', () => {
    expect(
      Object.fromEntries(
        allocateLargestRemainder(
          new Map([
            ['a', 2],
            ['b', 1],
          ]),
          3,
        ),
      ),
    ).toEqual({ a: 2, b: 1 });
    expect(
      Object.fromEntries(
        allocateLargestRemainder(
          new Map([
            ['a', 2],
            ['b', 1],
          ]),
          0,
        ),
      ),
    ).toEqual({ a: 0, b: 0 });
    expect(() => allocateLargestRemainder(new Map([['a', 2]]), 3)).toThrow(RangeError);
  });
});

/** park 1–6 (1 must-check), bus_stop 7–10, school 11–12 (12 new and weak). */
const TWELVE: SamplePoint[] = [
  ...[1, 2, 3, 4, 5, 6].map((id) => ({ id, pointType: 'park', mustCheck: id === 1 })),
  ...[7, 8, 9, 10].map((id) => ({ id, pointType: 'bus_stop' })),
  { id: 11, pointType: 'school' },
  { id: 12, pointType: 'school', isNew: true, weak: true },
];

describe('planSample (hand-computed)', () => {
  it('forced points first, then 4 slots over frames park 5 / bus_stop 4 / school 1 → 2/2/0', () => {
    // quotas 2.0 / 1.6 / 0.4 → floors 2/1/0, remainders 0/6/4 → the one slot left goes to bus_stop
    const plan = planSample(TWELVE, { targetCount: 6, seed: 20260306 });
    expect(plan.forcedCount).toBe(2);
    expect(plan.allocation).toEqual([
      { stratum: 'bus_stop', size: 4, slots: 2 },
      { stratum: 'park', size: 5, slots: 2 },
      { stratum: 'school', size: 1, slots: 0 },
    ]);
    expect(plan.points.slice(0, 2).map((p) => [p.point.id, p.reasons])).toEqual([
      [1, ['must_check']],
      [12, ['new', 'weak']],
    ]);
    const sampled = plan.points.slice(2);
    expect(sampled.map((p) => p.stratum)).toEqual(['bus_stop', 'bus_stop', 'park', 'park']);
    expect(sampled.every((p) => p.reasons.join() === 'sampled')).toBe(true);
    expect(sampled.every((p) => p.point.id !== 1 && p.point.id !== 12)).toBe(true);
    expect(planSample([...TWELVE].reverse(), { targetCount: 6, seed: 20260306 })).toEqual(plan);
  });

  it('keeps every forced point even beyond the target, and takes everything when points are few', () => {
    const over = planSample(TWELVE, { targetCount: 1, seed: 1 });
    expect(over.points.map((p) => p.point.id)).toEqual([1, 12]);
    expect(planSample(TWELVE, { targetCount: 50, seed: 1 }).points).toHaveLength(12);
    expect(planSample([], { targetCount: 5, seed: 1 }).points).toEqual([]);
  });

  it('can stratify by another key', () => {
    const plan = planSample(TWELVE, { targetCount: 4, seed: 9, strata: (p) => (Number(p.id) % 2 === 0 ? 'even' : 'odd') });
    expect(plan.allocation.map((a) => a.stratum)).toEqual(['even', 'odd']);
  });

  it('refuses duplicate ids, bad targets and bad seeds', () => {
    expect(() => planSample([...TWELVE, { id: 3, pointType: 'park' }], { targetCount: 3, seed: 1 })).toThrow(/duplicate point id 3/);
    expect(() => planSample(TWELVE, { targetCount: -1, seed: 1 })).toThrow(RangeError);
    expect(() => planSample(TWELVE, { targetCount: 2.5, seed: 1 })).toThrow(RangeError);
    expect(() => planSample(TWELVE, { targetCount: 3, seed: 1.5 })).toThrow(RangeError);
  });
});

const TYPES = ['park', 'bus_stop', 'school', 'hospital'];
const pointsArb = fc
  .array(
    fc.record({
      pointType: fc.constantFrom(...TYPES),
      mustCheck: fc.integer({ min: 0, max: 9 }).map((x) => x === 0),
      isNew: fc.integer({ min: 0, max: 14 }).map((x) => x === 0),
      weak: fc.integer({ min: 0, max: 9 }).map((x) => x === 0),
      stringId: fc.boolean(),
    }),
    { maxLength: 60 },
  )
  .map((rs) => rs.map(({ stringId, ...r }, i): SamplePoint => ({ ...r, id: stringId ? `cp-${i}` : i })));

describe('planSample properties', () => {
  it('always includes every must-check, new and weak point, with its reasons', () => {
    fc.assert(
      fc.property(pointsArb, fc.nat(80), fc.nat({ max: 0xffffffff }), (points, targetCount, seed) => {
        const plan = planSample(points, { targetCount, seed });
        const byId = new Map(plan.points.map((p) => [p.point.id, p.reasons]));
        for (const p of points) {
          const expected = [p.mustCheck && 'must_check', p.isNew && 'new', p.weak && 'weak'].filter(Boolean);
          if (expected.length > 0) expect(byId.get(p.id)).toEqual(expected);
          else if (byId.has(p.id)) expect(byId.get(p.id)).toEqual(['sampled']);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('has max(target, forced) points when there are enough, all of them otherwise, none twice', () => {
    fc.assert(
      fc.property(pointsArb, fc.nat(80), fc.nat({ max: 0xffffffff }), (points, targetCount, seed) => {
        const plan = planSample(points, { targetCount, seed });
        const forced = points.filter((p) => p.mustCheck || p.isNew || p.weak).length;
        expect(plan.forcedCount).toBe(forced);
        expect(plan.points).toHaveLength(points.length >= targetCount ? Math.max(targetCount, forced) : points.length);
        expect(new Set(plan.points.map((p) => p.point.id)).size).toBe(plan.points.length);
      }),
      { numRuns: 300 },
    );
  });

  it('shares the sample among types in proportion (largest remainder) and is reproducible from the seed', () => {
    fc.assert(
      fc.property(pointsArb, fc.nat(80), fc.nat({ max: 0xffffffff }), fc.nat(), (points, targetCount, seed, rot) => {
        const plan = planSample(points, { targetCount, seed });
        const slots = plan.allocation.reduce((s, a) => s + a.slots, 0);
        const frame = plan.allocation.reduce((s, a) => s + a.size, 0);
        expect(slots).toBe(plan.points.length - plan.forcedCount);
        for (const a of plan.allocation) {
          expect(a.slots).toBeLessThanOrEqual(a.size);
          expect(Math.abs(a.slots - (slots * a.size) / frame)).toBeLessThan(1);
          expect(plan.points.filter((p) => p.stratum === a.stratum && p.reasons[0] === 'sampled')).toHaveLength(a.slots);
        }
        const k = points.length === 0 ? 0 : rot % points.length;
        const rotated = [...points.slice(k), ...points.slice(0, k)];
        expect(planSample(rotated, { targetCount, seed })).toEqual(plan);
      }),
      { numRuns: 200 },
    );
  });

  it('is uniform within a stratum: each of 10 points drawn 3 at a time lands in 30% ± 5 of 2000 plans', () => {
    const ten: SamplePoint[] = Array.from({ length: 10 }, (_, i) => ({ id: i, pointType: 'park' }));
    const other: SamplePoint[] = Array.from({ length: 10 }, (_, i) => ({ id: 100 + i, pointType: 'school' }));
    const counts = new Array<number>(10).fill(0);
    const samples = new Set<string>();
    for (let seed = 0; seed < 2000; seed++) {
      const plan = planSample([...ten, ...other], { targetCount: 6, seed });
      const parks = plan.points.filter((p) => p.stratum === 'park').map((p) => p.point.id as number);
      expect(parks).toHaveLength(3);
      for (const id of parks) counts[id] = (counts[id] ?? 0) + 1;
      samples.add(parks.join());
    }
    for (const c of counts) expect(Math.abs(c / 2000 - 0.3)).toBeLessThanOrEqual(0.05);
    expect(samples.size).toBe(120); // every one of the C(10,3) = 120 subsets occurs
  });
});

describe('assignToInspectors', () => {
  const pts = [5, 2, 7, 1, 6, 3, 4].map((id) => ({ id, districtId: id <= 4 ? '411602' : '411621' }));

  it('cuts the points, ordered by district then id, into runs balanced to within one', () => {
    expect(assignToInspectors(pts, [101, 102, 103]).map((a) => [a.inspectorId, a.points.map((p) => p.id)])).toEqual([
      [101, [1, 2, 3]],
      [102, [4, 5]],
      [103, [6, 7]],
    ]);
    expect(assignToInspectors(pts, [9]).map((a) => a.points.length)).toEqual([7]);
    expect(assignToInspectors([], [1, 2])).toEqual([
      { inspectorId: 1, points: [] },
      { inspectorId: 2, points: [] },
    ]);
    expect(() => assignToInspectors(pts, [])).toThrow(RangeError);
    expect(() => assignToInspectors(pts, [1, 1])).toThrow(RangeError);
  });

  it('is balanced, complete and deterministic for any input', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat(500), { maxLength: 40 }),
        fc.uniqueArray(fc.nat(50), { minLength: 1, maxLength: 6 }),
        (ids, inspectors) => {
          const points = ids.map((id) => ({ id, districtId: id % 3 }));
          const out = assignToInspectors(points, inspectors);
          const sizes = out.map((a) => a.points.length);
          expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
          expect(out.flatMap((a) => a.points.map((p) => p.id)).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
          expect(assignToInspectors([...points].reverse(), inspectors)).toEqual(out);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('distances and positions', () => {
  // One degree along a meridian is R·π/180 = 6 371 008.8 × 0.0174532925… = 111 195.080 m.
  it('haversine distance', () => {
    expect(distanceMeters({ lon: 114.65, lat: 33.6 }, { lon: 114.65, lat: 34.6 })).toBeCloseTo(111195.08, 1);
    expect(distanceMeters({ lon: 0, lat: 0 }, { lon: 1, lat: 0 })).toBeCloseTo(111195.08, 1);
    // along a parallel at 60°, a degree of longitude is about half as long
    expect(distanceMeters({ lon: 10, lat: 60 }, { lon: 11, lat: 60 }) / 111195.08).toBeCloseTo(0.5, 3);
    expect(distanceMeters({ lon: 114.65, lat: 33.62 }, { lon: 114.65, lat: 33.62 })).toBe(0);
    expect(() => distanceMeters({ lon: 200, lat: 0 }, { lon: 0, lat: 0 })).toThrow(RangeError);
  });

  it('orders the day list nearest first, unlocated points last', () => {
    const here = { lon: 114.65, lat: 33.62 };
    const list = orderByDistance(
      [
        { id: 'far', location: { lon: 114.65, lat: 33.622 } }, // 222 m
        { id: 'nowhere', location: null },
        { id: 'near-b', location: { lon: 114.65, lat: 33.621 } }, // 111 m
        { id: 'near-a', location: { lon: 114.65, lat: 33.619 } }, // 111 m the other way: tie, by id
      ],
      here,
    );
    expect(list.map((x) => x.point.id)).toEqual(['near-a', 'near-b', 'far', 'nowhere']);
    expect(list[0]?.distanceMeters).toBeCloseTo(111.195, 2);
    expect(list[3]?.distanceMeters).toBeNull();
  });

  it('flags, never refuses, a position far from the point; exactly at the limit is fine', () => {
    const point = { location: { lon: 114.65, lat: 33.62 } };
    expect(positionFlag(point, { lon: 114.65, lat: 33.6226 })).toMatchObject({ flagged: false, reason: 'ok', maxMeters: 300 }); // 289 m
    const far = positionFlag(point, { lon: 114.65, lat: 33.6228 }); // 311 m
    expect(far).toMatchObject({ flagged: true, reason: 'far' });
    expect(far.distanceMeters).toBeCloseTo(311.35, 1);
    const d = distanceMeters(point.location, { lon: 114.651, lat: 33.621 });
    expect(positionFlag(point, { lon: 114.651, lat: 33.621 }, d).flagged).toBe(false);
    expect(positionFlag(point, { lon: 114.651, lat: 33.621 }, d - 0.001).flagged).toBe(true);
    expect(positionFlag(point, null)).toEqual({ flagged: true, reason: 'no_position', distanceMeters: null, maxMeters: 300 });
    expect(positionFlag({ location: null }, { lon: 114.65, lat: 33.62 })).toEqual({
      flagged: false,
      reason: 'point_unlocated',
      distanceMeters: null,
      maxMeters: 300,
    });
  });
});
