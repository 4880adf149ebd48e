/**
 * "4个1" site visits (现场办公, DOMAIN.md §3.7): the leader in charge of a project works on site a
 * target number of times a week (three by default). Weeks are ISO weeks from Monday 00:00 China
 * time, as the assessment periods (§3.5). The reported position of a visit is checked against the
 * project's. Pure: instants are passed in.
 */

import type { VisitPlaceCheck } from '../../shared/project-visit-enums.js';
import { periodOf, nextPeriod } from '../assessment/periods.js';
import { chinaMidnight } from '../calendar/work-calendar.js';

/** The default number of site visits a leader owes each week. */
export const DEFAULT_WEEKLY_VISIT_TARGET = 3;

/** The default radius within which a visit's reported position counts as on site, metres. */
export const DEFAULT_VISIT_RADIUS_M = 1_000;

/** A logged visit as the weekly count needs it. */
export interface VisitInstant {
  /** When the visit took place. */
  at: Date;
}

/** One week's compliance. */
export interface WeekCompliance {
  /** ISO week key, e.g. `2026-W49`. */
  key: string;
  /** e.g. `2026年第49周`. */
  label: string;
  /** Monday 00:00 China time (ISO instant), inclusive. */
  start: string;
  /** The next Monday 00:00 China time, exclusive. */
  end: string;
  count: number;
  target: number;
  /** count ≥ target. */
  met: boolean;
}

/**
 * The weeks overlapping `[from, to)`, oldest first: each week whose `[start, end)` shares an
 * instant with the range. An empty range (to ≤ from) has no weeks.
 */
export function weeksCovering(from: Date, to: Date): { key: string; label: string; start: string; end: string }[] {
  const out: { key: string; label: string; start: string; end: string }[] = [];
  if (to.getTime() <= from.getTime()) return out;
  for (let w = periodOf('week', from); Date.parse(w.start) < to.getTime(); w = nextPeriod(w))
    out.push({ key: w.key, label: w.label, start: w.start, end: w.end });
  return out;
}

/**
 * Compliance of one leader's visits, week by week over the weeks overlapping `[from, to)`, weeks
 * without any visit included (they are the ones that matter). A week cut by the range still
 * counts all its visits — compliance is a property of whole weeks — so callers pass the visits of
 * the whole first and last weeks (from the first week's start to the last week's end); visits
 * outside those weeks are ignored.
 */
export function weeklyCompliance(
  visits: readonly VisitInstant[],
  from: Date,
  to: Date,
  target: number = DEFAULT_WEEKLY_VISIT_TARGET,
): WeekCompliance[] {
  if (!Number.isInteger(target) || target < 1) throw new RangeError(`weekly visit target must be a whole number ≥ 1, got ${target}`);
  const weeks = weeksCovering(from, to);
  const counts = new Map<string, number>(weeks.map((w) => [w.key, 0]));
  for (const v of visits) {
    const key = periodOf('week', v.at).key;
    const n = counts.get(key);
    if (n !== undefined) counts.set(key, n + 1);
  }
  return weeks.map((w) => {
    const count = counts.get(w.key) ?? 0;
    return { ...w, count, target, met: count >= target };
  });
}

/** Totals over the weeks of a compliance list: weeks met and weeks in all (the share is null without weeks). */
export function complianceSummary(weeks: readonly WeekCompliance[]): { weeks: number; met: number; share: number | null; visits: number } {
  const met = weeks.filter((w) => w.met).length;
  const visits = weeks.reduce((s, w) => s + w.count, 0);
  return { weeks: weeks.length, met, share: weeks.length === 0 ? null : met / weeks.length, visits };
}

/** A visit of some leader. */
export interface LeaderVisit extends VisitInstant {
  leaderId: string;
}

/**
 * Compliance per leader over `[from, to)`. Every leader in `leaderIds` appears, even one with no
 * visit at all (that leader fails every week); visits of other leaders are ignored.
 */
export function complianceByLeader(
  visits: readonly LeaderVisit[],
  leaderIds: readonly string[],
  from: Date,
  to: Date,
  target: number = DEFAULT_WEEKLY_VISIT_TARGET,
): Map<string, WeekCompliance[]> {
  const byLeader = new Map<string, LeaderVisit[]>(leaderIds.map((id) => [id, []]));
  for (const v of visits) byLeader.get(v.leaderId)?.push(v);
  return new Map([...byLeader].map(([id, vs]) => [id, weeklyCompliance(vs, from, to, target)]));
}

/** A position in WGS-84 degrees. */
export interface LatLng {
  lat: number;
  lng: number;
}

/** Mean Earth radius (IUGG), metres: the haversine's sphere. */
export const EARTH_RADIUS_M = 6_371_008.8;

/** True when `p` is a finite latitude in [−90, 90] and longitude in [−180, 180]. */
export function isValidPosition(p: LatLng): boolean {
  return Number.isFinite(p.lat) && Number.isFinite(p.lng) && Math.abs(p.lat) <= 90 && Math.abs(p.lng) <= 180;
}

/**
 * Great-circle distance in metres between two positions (haversine on a sphere of the mean Earth
 * radius; at a 1 km radius its error against the ellipsoid, ≤ 0.5 %, is a few metres — well inside
 * a phone's GPS error).
 */
export function haversineMeters(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The outcome of checking a visit's position: on site (distance ≤ radius) or too far, with the distance. */
export type VisitPositionCheck =
  | { ok: true; distanceM: number; radiusM: number }
  | { ok: false; code: 'too_far'; distanceM: number; radiusM: number }
  | { ok: false; code: 'invalid_position'; field: 'reported' | 'project'; message: string };

/**
 * Checks a visit's reported position against the project's: on site when the distance is at most
 * `radiusM` (the boundary itself is on site), else too far. A position outside the coordinate
 * ranges is refused, naming which one.
 */
export function checkVisitPosition(reported: LatLng, project: LatLng, radiusM: number = DEFAULT_VISIT_RADIUS_M): VisitPositionCheck {
  if (!(radiusM > 0) || !Number.isFinite(radiusM)) throw new RangeError(`visit radius must be a positive number of metres, got ${radiusM}`);
  if (!isValidPosition(reported))
    return { ok: false, code: 'invalid_position', field: 'reported', message: 'the reported position is not a valid latitude/longitude' };
  if (!isValidPosition(project))
    return { ok: false, code: 'invalid_position', field: 'project', message: "the project's position is not a valid latitude/longitude" };
  const distanceM = haversineMeters(reported, project);
  return distanceM <= radiusM ? { ok: true, distanceM, radiusM } : { ok: false, code: 'too_far', distanceM, radiusM };
}

/**
 * The place check of a visit as stored: the verdict, the distance in whole metres (null when
 * either position is missing) and whether the visit counts towards the weekly target. A visit
 * counts when on site, or when the project has no position to check against (nothing can be
 * held against the leader); a visit too far away or without a reported position while the
 * project has one is kept and shown, flagged, but does not count.
 */
export interface VisitPlace {
  check: VisitPlaceCheck;
  distanceM: number | null;
  counts: boolean;
}

/** Whether a visit with this place check counts towards the weekly target. */
export function visitCounts(check: VisitPlaceCheck): boolean {
  return check === 'on_site' || check === 'unchecked';
}

/**
 * The {@link VisitPlace} of a visit reported at `reported` (null: no position) for a project at
 * `project` (null: none registered). Positions must be valid (the caller refuses others).
 */
export function visitPlace(reported: LatLng | null, project: LatLng | null, radiusM: number = DEFAULT_VISIT_RADIUS_M): VisitPlace {
  if (!project) return { check: 'unchecked', distanceM: null, counts: true };
  if (!reported) return { check: 'no_position', distanceM: null, counts: false };
  const r = checkVisitPosition(reported, project, radiusM);
  if (r.ok) return { check: 'on_site', distanceM: Math.round(r.distanceM), counts: true };
  if (r.code === 'too_far') return { check: 'too_far', distanceM: Math.round(r.distanceM), counts: false };
  throw new RangeError(r.message);
}

/**
 * The instant of a visit on China day `day` at `time` (HH:MM, China time), noon without one:
 * the week a visit falls in is the China week of its day, whatever the time.
 */
export function visitInstant(day: string, time?: string): Date {
  const [h, m] = (time ?? '12:00').split(':').map(Number) as [number, number];
  return new Date(chinaMidnight(day).getTime() + (h * 60 + m) * 60_000);
}

/** A visit as the per-project compliance needs it. */
export interface ProjectVisitFact extends VisitInstant {
  projectId: number;
  leaderId: number;
  /** From {@link visitCounts}: flagged visits are listed but not counted. */
  counts: boolean;
}

/** A project and its leader in charge. */
export interface LedProject {
  projectId: number;
  leaderId: number;
}

/**
 * Compliance per project (DOMAIN.md §3.7): the target is per project — the leader in charge of
 * each project works on its site `target` times a week — so a project's week counts the visits
 * of its current leader to that project that count ({@link visitCounts}); visits by someone who
 * is no longer the leader, to other projects, or flagged, are ignored. Every project appears.
 */
export function complianceByProject(
  visits: readonly ProjectVisitFact[],
  projects: readonly LedProject[],
  from: Date,
  to: Date,
  target: number = DEFAULT_WEEKLY_VISIT_TARGET,
): Map<number, WeekCompliance[]> {
  const leaderOf = new Map(projects.map((p) => [p.projectId, p.leaderId]));
  const byProject = new Map<number, VisitInstant[]>(projects.map((p) => [p.projectId, []]));
  for (const v of visits) if (v.counts && leaderOf.get(v.projectId) === v.leaderId) byProject.get(v.projectId)?.push(v);
  return new Map([...byProject].map(([id, vs]) => [id, weeklyCompliance(vs, from, to, target)]));
}

/** One leader's week over all the projects he is in charge of. */
export interface LeaderWeekCompliance extends WeekCompliance {
  /** Projects he is in charge of. */
  projects: number;
  /** Of those, the projects whose week met the target. */
  projectsMet: number;
}

/**
 * A leader's weeks from his projects' weeks (all computed over the same range): visits add up,
 * the target is the per-project target times the number of projects, and the week is met only
 * when every one of his projects met it (six visits to one of two projects do not make up for
 * none at the other). A leader with no project has no weeks.
 */
export function leaderWeeks(projectWeeks: readonly (readonly WeekCompliance[])[]): LeaderWeekCompliance[] {
  const first = projectWeeks[0];
  if (!first) return [];
  return first.map((w, i) => {
    const weeks = projectWeeks.map((p) => p[i]!);
    const projectsMet = weeks.filter((x) => x.met).length;
    return {
      key: w.key,
      label: w.label,
      start: w.start,
      end: w.end,
      count: weeks.reduce((s, x) => s + x.count, 0),
      target: weeks.reduce((s, x) => s + x.target, 0),
      met: projectsMet === weeks.length,
      projects: weeks.length,
      projectsMet,
    };
  });
}
