/**
 * Day routes (DOMAIN.md §3.1): an inspector's points of a plan split into walkable
 * days. A plan hands one inspector every point of their share for the whole period;
 * shown at once that can be dozens of points across the city. Here they are cut into
 * days of at most `maxPerDay` points that stay close together: points are grouped by
 * district, the districts visited in nearest-neighbour order of their centres, each
 * district walked in nearest-neighbour order, a district cut into as few near-equal
 * days as the limit allows, and small neighbouring parts share a day when they are
 * close (or when the period is too short otherwise and can hold every point).
 *
 * The result depends only on the set of points (ids, districts, locations) and the
 * limit, never on the input order, so the same plan gives the same days every time
 * the inspector opens the app.
 */
import { distanceMeters, type LonLat } from './sampling.js';

/** What route planning needs of a point. */
export interface RoutePoint {
  id: number;
  /** District (or area) the point lies in; points without one form their own group. */
  districtId: number | null;
  location: LonLat | null;
}

/** Default limit of points per day: what one inspector can check on foot or by bike. */
export const DEFAULT_MAX_POINTS_PER_DAY = 12;
/** Upper bound of the setting (a day's list beyond this is no longer a route). */
export const MAX_POINTS_PER_DAY_LIMIT = 200;

/** The routes: `days[i]` is the i-th day's point ids in walking order. */
export interface DayRoutes {
  days: number[][];
}

const byId = (a: RoutePoint, b: RoutePoint) => a.id - b.id;

function centre(points: readonly RoutePoint[]): LonLat | null {
  const located = points.filter((p) => p.location);
  if (!located.length) return null;
  return {
    lon: located.reduce((s, p) => s + p.location!.lon, 0) / located.length,
    lat: located.reduce((s, p) => s + p.location!.lat, 0) / located.length,
  };
}

/** West first, then south, then id: a fixed starting point independent of input order. */
function westmost<T extends { location: LonLat | null; id: number }>(items: readonly T[]): T {
  return [...items].sort((a, b) => a.location!.lon - b.location!.lon || a.location!.lat - b.location!.lat || a.id - b.id)[0]!;
}

/**
 * Nearest-neighbour order of located items from `from` (or the westmost item);
 * ties by id. Unlocated items follow in id order.
 */
function nearestNeighbour<T extends { location: LonLat | null; id: number }>(items: readonly T[], from: LonLat | null): T[] {
  const left = items.filter((i) => i.location).sort((a, b) => a.id - b.id);
  const out: T[] = [];
  let at = from;
  while (left.length) {
    let best = 0;
    if (at === null) best = left.indexOf(westmost(left));
    else {
      let bestD = Infinity;
      left.forEach((p, i) => {
        const d = distanceMeters(at!, p.location!);
        if (d < bestD) {
          bestD = d;
          best = i;
        }
      });
    }
    const [next] = left.splice(best, 1);
    out.push(next!);
    at = next!.location;
  }
  return [...out, ...items.filter((i) => !i.location).sort((a, b) => a.id - b.id)];
}

/** Cuts a walk into the fewest parts of at most `max`, sizes differing by at most one. */
function cut<T>(walk: readonly T[], max: number): T[][] {
  const parts = Math.ceil(walk.length / max);
  const out: T[][] = [];
  let at = 0;
  for (let i = 0; i < parts; i++) {
    const size = Math.floor(walk.length / parts) + (i < walk.length % parts ? 1 : 0);
    out.push(walk.slice(at, at + size));
    at += size;
  }
  return out;
}

/** Parts of a walk closer than this (last point to first point) share a day when they fit. */
export const JOIN_METRES = 2_000;

/** Gap between two parts: from the last located point of `a` to the first of `b`; unlocated: unknown (Infinity). */
function gap(a: readonly RoutePoint[], b: readonly RoutePoint[]): number {
  const from = a.filter((p) => p.location).at(-1)?.location;
  const to = b.find((p) => p.location)?.location;
  return from && to ? distanceMeters(from, to) : Infinity;
}

/**
 * Splits points into day routes of at most `maxPerDay` points each, every point in
 * exactly one day, deterministic for a given set of points. Neighbouring parts (in
 * walking order) share a day when they fit and are within {@link JOIN_METRES}; when
 * `periodDays` is given and the points can fit in it (≤ periodDays × maxPerDay),
 * the closest neighbouring parts are also joined until the routes fit the period.
 * Throws RangeError for a limit that is not a positive integer, or a duplicate id.
 */
export function planDayRoutes(points: readonly RoutePoint[], maxPerDay: number, periodDays = Infinity): DayRoutes {
  if (!Number.isInteger(maxPerDay) || maxPerDay < 1) throw new RangeError(`maxPerDay ${maxPerDay} is not a positive integer`);
  const sorted = [...points].sort(byId);
  for (let i = 1; i < sorted.length; i++)
    if (sorted[i]!.id === sorted[i - 1]!.id) throw new RangeError(`point ${sorted[i]!.id} is listed twice`);
  const groups = new Map<string, RoutePoint[]>();
  for (const p of sorted) {
    const key = p.districtId === null ? '' : String(p.districtId);
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  // Districts as items of their own, ordered by their centres (no centre: last, by smallest id).
  const districts = [...groups.values()].map((pts) => ({ id: pts[0]!.id, location: centre(pts), pts }));
  const parts: RoutePoint[][] = [];
  let last: LonLat | null = null;
  for (const d of nearestNeighbour(districts, null)) {
    const walk: RoutePoint[] = nearestNeighbour(d.pts, last);
    last = walk.filter((p) => p.location).at(-1)?.location ?? last;
    parts.push(...cut(walk, maxPerDay));
  }
  // Join neighbouring parts, closest first (ties: earliest), while they fit in a day and
  // are close, or the period needs fewer days and can hold every point.
  const canFit = sorted.length <= periodDays * maxPerDay;
  for (;;) {
    let best = -1;
    let bestGap = Infinity;
    for (let i = 0; i + 1 < parts.length; i++) {
      if (parts[i]!.length + parts[i + 1]!.length > maxPerDay) continue;
      const g = gap(parts[i]!, parts[i + 1]!);
      if (best === -1 || g < bestGap) {
        best = i;
        bestGap = g;
      }
    }
    if (best === -1 || !(bestGap <= JOIN_METRES || (canFit && parts.length > periodDays))) break;
    parts.splice(best, 2, [...parts[best]!, ...parts[best + 1]!]);
  }
  return { days: parts.map((p) => p.map((x) => x.id)) };
}

/** What an inspector is given on one day of the period. */
export interface DayOfPlan {
  points: number[];
  /** Points of routes beyond the last day of the period (more routes than days). */
  unscheduled: number;
  /** A spare day after the routes ran out: the points not yet inspected, in route order. */
  catchUp: boolean;
}

/**
 * The route of a day of the period: day `index` (0 = first day of the plan) gets
 * route `index`. A period shorter than the routes leaves the later ones unscheduled
 * (reported, not crammed into the last day); the spare days of a longer period are
 * catch-up days: the first `maxPerDay` points, in route order, not in `doneBefore`
 * (inspected before this day), so a missed day is made up without ever exceeding
 * the limit. Days outside the period get nothing.
 */
export function routeOfDay(
  routes: DayRoutes,
  index: number,
  periodDays: number,
  doneBefore: ReadonlySet<number> = new Set(),
  maxPerDay = Infinity,
): DayOfPlan {
  const scheduled = routes.days.slice(0, Math.max(0, periodDays));
  const unscheduled = routes.days.slice(scheduled.length).reduce((n, d) => n + d.length, 0);
  if (index < 0 || index >= periodDays) return { points: [], unscheduled, catchUp: false };
  if (index < scheduled.length) return { points: [...scheduled[index]!], unscheduled, catchUp: false };
  return {
    points: routes.days
      .flat()
      .filter((id) => !doneBefore.has(id))
      .slice(0, maxPerDay),
    unscheduled,
    catchUp: true,
  };
}
