import type { PlanReason } from '../../shared/evaluation-enums.js';
import { isValidSeed, sampleWithoutReplacement, streamFor } from './prng.js';

/**
 * Inspection plans (DOMAIN.md §3.1): which check points a team visits in a period,
 * who visits which, and in what order an inspector walks them.
 *
 * A plan takes every must-check, new and weak point, then fills up to the target
 * with a stratified random sample of the others by type, so each type is checked in
 * proportion to how common it is and a rare type is not skipped by bad luck of a
 * single draw. The plan depends only on the set of points, the target and the seed
 * (points are put in a canonical order first), so it can be re-derived and audited.
 */

/** Point identifiers: numbers (database ids) or strings (codes). */
export type PointId = string | number;

/** What sampling needs to know of a check point. */
export interface SamplePoint {
  id: PointId;
  pointType: string;
  /** 必查点 (set on the point or inherited from its type by the caller). */
  mustCheck?: boolean;
  /** 新增点: added to this campaign's scope. */
  isNew?: boolean;
  /** 薄弱点, as computed by weak-points.ts. */
  weak?: boolean;
}

/** Options of {@link planSample}. */
export interface SampleOptions<P> {
  /** How many points the plan should have; forced points may exceed it. */
  targetCount: number;
  /** 32-bit unsigned seed, shown on the plan. */
  seed: number;
  /** The stratum of a point; by point type unless given. */
  strata?: (p: P) => string;
}

/** A point of a plan and why it is there. */
export interface PlannedPoint<P> {
  point: P;
  stratum: string;
  /** must_check / new / weak (any of them, in that order), or just sampled. */
  reasons: PlanReason[];
}

/** How the random part was shared out among strata. */
export interface StratumAllocation {
  stratum: string;
  /** Points of the stratum that were not forced in (the sampling frame). */
  size: number;
  /** How many of them were drawn. */
  slots: number;
}

/** An inspection plan. */
export interface SamplePlan<P> {
  seed: number;
  targetCount: number;
  /** Forced points first, then sampled ones; each group by stratum, then id. */
  points: PlannedPoint<P>[];
  /** Number of must-check, new and weak points. */
  forcedCount: number;
  /** Allocation per stratum, by stratum name. */
  allocation: StratumAllocation[];
}

/** Total order on ids: numbers (numerically) before strings (by code unit). */
export function compareIds(a: PointId, b: PointId): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

const cmpStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Shares `slots` among strata in proportion to their sizes by the largest-remainder
 * (Hamilton) method: each gets ⌊slots·size/total⌋, and the slots left go one each to
 * the largest remainders, ties to the smaller stratum name. Integer arithmetic
 * throughout, so no float rounding can make two machines disagree. Requires
 * slots ≤ total; no stratum then gets more than its size.
 */
export function allocateLargestRemainder(sizes: ReadonlyMap<string, number>, slots: number): Map<string, number> {
  const total = [...sizes.values()].reduce((s, n) => s + n, 0);
  if (!Number.isInteger(slots) || slots < 0 || slots > total) throw new RangeError(`cannot allocate ${slots} slots over ${total} points`);
  const out = new Map<string, number>();
  if (total === 0) {
    for (const k of sizes.keys()) out.set(k, 0);
    return out;
  }
  const rems: { k: string; rem: number }[] = [];
  let given = 0;
  for (const [k, n] of sizes) {
    const q = Math.floor((slots * n) / total);
    out.set(k, q);
    given += q;
    rems.push({ k, rem: (slots * n) % total });
  }
  rems.sort((a, b) => b.rem - a.rem || cmpStr(a.k, b.k));
  for (let i = 0; i < slots - given; i++) {
    const r = rems[i] as { k: string };
    out.set(r.k, (out.get(r.k) ?? 0) + 1);
  }
  return out;
}

function forcedReasons(p: SamplePoint): PlanReason[] {
  const r: PlanReason[] = [];
  if (p.mustCheck) r.push('must_check');
  if (p.isNew) r.push('new');
  if (p.weak) r.push('weak');
  return r;
}

/**
 * The plan: every flagged point, then a stratified sample of the rest up to
 * `targetCount` (its size is max(target, forced) when there are enough points, and
 * every point otherwise). Within a stratum the draw is uniform without replacement
 * from the seeded stream of that stratum. Throws RangeError on duplicate ids, a
 * negative or fractional target, or a seed outside 0..2^32−1.
 */
export function planSample<P extends SamplePoint>(points: readonly P[], opts: SampleOptions<P>): SamplePlan<P> {
  const { targetCount, seed } = opts;
  if (!Number.isInteger(targetCount) || targetCount < 0) throw new RangeError('targetCount must be an integer ≥ 0');
  if (!isValidSeed(seed)) throw new RangeError('seed must be an integer within 0..2^32−1');
  const stratumOf = opts.strata ?? ((p: P) => p.pointType);

  const sorted = [...points].sort((a, b) => compareIds(a.id, b.id));
  for (let i = 1; i < sorted.length; i++) {
    if (compareIds((sorted[i - 1] as P).id, (sorted[i] as P).id) === 0)
      throw new RangeError(`duplicate point id ${String((sorted[i] as P).id)}`);
  }

  const forced: PlannedPoint<P>[] = [];
  const frames = new Map<string, P[]>();
  for (const p of sorted) {
    const stratum = stratumOf(p);
    const reasons = forcedReasons(p);
    if (reasons.length > 0) forced.push({ point: p, stratum, reasons });
    else frames.set(stratum, [...(frames.get(stratum) ?? []), p]);
  }
  const strataNames = [...frames.keys()].sort(cmpStr);
  const sizes = new Map(strataNames.map((s) => [s, (frames.get(s) as P[]).length] as const));
  const frameTotal = [...sizes.values()].reduce((s, n) => s + n, 0);
  const slots = Math.min(Math.max(0, targetCount - forced.length), frameTotal);
  const quota = allocateLargestRemainder(sizes, slots);

  const sampled: PlannedPoint<P>[] = [];
  const allocation: StratumAllocation[] = [];
  for (const stratum of strataNames) {
    const frame = frames.get(stratum) as P[];
    const k = quota.get(stratum) ?? 0;
    allocation.push({ stratum, size: frame.length, slots: k });
    const drawn = k === 0 ? [] : sampleWithoutReplacement(frame, k, streamFor(seed, stratum));
    drawn.sort((a, b) => compareIds(a.id, b.id));
    for (const p of drawn) sampled.push({ point: p, stratum, reasons: ['sampled'] });
  }
  const byStratumThenId = (a: PlannedPoint<P>, b: PlannedPoint<P>): number =>
    cmpStr(a.stratum, b.stratum) || compareIds(a.point.id, b.point.id);
  forced.sort(byStratumThenId);
  return { seed, targetCount, points: [...forced, ...sampled], forcedCount: forced.length, allocation };
}

/** What assignment needs of a point. */
export interface AssignablePoint {
  id: PointId;
  districtId?: string | number | null;
}

/** One inspector's share of a plan. */
export interface Assignment<P> {
  inspectorId: number;
  points: P[];
}

/** Options of {@link assignToInspectors}. */
export interface AssignOptions<P> {
  /** Points of a group are kept together where possible; by district unless given. */
  groupOf?: (p: P) => string;
}

/**
 * Shares a plan's points among inspectors, balanced to within one point: the
 * points are ordered by group (district) then id and cut into consecutive runs, the
 * first (count mod inspectors) inspectors taking one more. Consecutive runs rather
 * than dealing round-robin keep each inspector inside one or two districts, which is
 * what saves travel. Deterministic: same points and inspector order, same result.
 * Throws RangeError for duplicate inspectors or points with nobody to take them.
 */
export function assignToInspectors<P extends AssignablePoint>(
  points: readonly P[],
  inspectorIds: readonly number[],
  opts: AssignOptions<P> = {},
): Assignment<P>[] {
  if (new Set(inspectorIds).size !== inspectorIds.length) throw new RangeError('inspector ids must be distinct');
  if (points.length > 0 && inspectorIds.length === 0) throw new RangeError('points to assign but no inspectors');
  const groupOf = opts.groupOf ?? ((p: P) => (p.districtId === undefined || p.districtId === null ? '' : String(p.districtId)));
  const ordered = [...points].sort((a, b) => cmpStr(groupOf(a), groupOf(b)) || compareIds(a.id, b.id));
  const k = inspectorIds.length;
  const base = Math.floor(ordered.length / k);
  const extra = ordered.length % k;
  let at = 0;
  return inspectorIds.map((inspectorId, i) => {
    const n = base + (i < extra ? 1 : 0);
    const share = ordered.slice(at, at + n);
    at += n;
    return { inspectorId, points: share };
  });
}

/** A position in degrees (WGS-84 or whatever datum the registry uses — both sides must agree). */
export interface LonLat {
  lon: number;
  lat: number;
}

/** Mean Earth radius (IUGG), metres. */
export const EARTH_RADIUS_M = 6_371_008.8;

function checkLonLat(p: LonLat, what: string): void {
  if (!Number.isFinite(p.lon) || !Number.isFinite(p.lat) || p.lon < -180 || p.lon > 180 || p.lat < -90 || p.lat > 90) {
    throw new RangeError(`${what} (${p.lon}, ${p.lat}) is not a longitude/latitude`);
  }
}

/**
 * Great-circle distance in metres (haversine). Within a city the spherical model is
 * off by well under 0.5%, far below GPS error, so no ellipsoid is needed.
 */
export function distanceMeters(a: LonLat, b: LonLat): number {
  checkLonLat(a, 'a');
  checkLonLat(b, 'b');
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A point that may have a location. */
export interface LocatedPoint {
  id: PointId;
  location: LonLat | null;
}

/**
 * The inspector's day list: points by straight-line distance from `here`, nearest
 * first, ties by id; points without a location last (by id), distance null.
 */
export function orderByDistance<P extends LocatedPoint>(points: readonly P[], here: LonLat): { point: P; distanceMeters: number | null }[] {
  return points
    .map((point) => ({ point, distanceMeters: point.location ? distanceMeters(here, point.location) : null }))
    .sort((a, b) => {
      if (a.distanceMeters === null || b.distanceMeters === null) {
        if (a.distanceMeters !== b.distanceMeters) return a.distanceMeters === null ? 1 : -1;
      } else if (a.distanceMeters !== b.distanceMeters) return a.distanceMeters - b.distanceMeters;
      return compareIds(a.point.id, b.point.id);
    });
}

/** Outcome of {@link positionFlag}. */
export interface PositionFlag {
  flagged: boolean;
  /** far: beyond maxMeters; no_position: the phone gave none; point_unlocated: the point has no location to compare. */
  reason: 'ok' | 'far' | 'no_position' | 'point_unlocated';
  distanceMeters: number | null;
  maxMeters: number;
}

/** Default distance beyond which an inspection's position is flagged. */
export const DEFAULT_MAX_POSITION_METERS = 300;

/**
 * Flags (never refuses) an inspection recorded far from its point: GPS indoors and
 * in dense streets is often off by a hundred metres or more, and refusing would lose
 * a genuine inspection; a flag lets HQ look. Exactly maxMeters away is not flagged.
 * A missing position is flagged; a point without a location cannot be checked and
 * is not flagged (reason `point_unlocated`), since that is the registry's gap.
 */
export function positionFlag(
  point: Pick<LocatedPoint, 'location'>,
  position: LonLat | null,
  maxMeters = DEFAULT_MAX_POSITION_METERS,
): PositionFlag {
  if (!point.location) return { flagged: false, reason: 'point_unlocated', distanceMeters: null, maxMeters };
  if (!position) return { flagged: true, reason: 'no_position', distanceMeters: null, maxMeters };
  const d = distanceMeters(point.location, position);
  return d > maxMeters
    ? { flagged: true, reason: 'far', distanceMeters: d, maxMeters }
    : { flagged: false, reason: 'ok', distanceMeters: d, maxMeters };
}
