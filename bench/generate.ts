import type { CaseDetails } from '../src/db/repositories/case.repository.js';
import { chinaDay } from '../src/domain/calendar/work-calendar.js';
import { decide, type CaseCommand, type CaseEvent, type CasePolicy, type CaseSnapshot } from '../src/domain/cases/case-machine.js';
import type { Actor } from '../src/domain/policies/permissions.js';
import type { CaseSource, Severity } from '../src/shared/case-enums.js';
import { SEVERITIES } from '../src/shared/case-enums.js';
import type { BenchCity, BenchUnit } from './city.js';

/**
 * One case of the benchmark's history, played through the real state machine
 * (`decide`, the same pure function the service calls) on its own timeline, so every
 * event, deadline and snapshot is one the application could have written. Events
 * that would fall after "now" are not played: the case stands where it would stand.
 */

const H = 3_600_000;
const DAY = 24 * H;

/** A small seeded generator (mulberry32): the same city at every run. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** How a case's history is shaped. `stall`: the unit never rectifies (an overdue case). */
export interface PlayMode {
  forceOnTime: boolean;
  maxReopen: number;
  stall: boolean;
}

export const NORMAL: PlayMode = { forceOnTime: false, maxReopen: 2, stall: false };
/** Second attempt for a case that came out overdue or twice reopened while open. */
export const TAME: PlayMode = { forceOnTime: true, maxReopen: 1, stall: false };
export const STALL: PlayMode = { forceOnTime: true, maxReopen: 0, stall: true };

/** A generated case: what the cases row and the case_events rows are built from. */
export interface GeneratedCase {
  snap: CaseSnapshot;
  details: CaseDetails;
  number: string;
  year: number;
  reporterId: number;
  createdAt: string;
  updatedAt: string;
  events: { event: CaseEvent; actorName: string }[];
}

/** What every case of one run shares. */
export interface GenContext {
  city: BenchCity;
  policy: CasePolicy;
  nowMs: number;
  /** Unit lists by county id, for county departments. */
  countyDepts: Map<number, BenchUnit[]>;
  unitByCode: Map<string, BenchUnit>;
  /** Whole-city sampling tables. */
  categories: { code: string; severity: Severity; unitCode: string }[];
}

/** Builds the shared tables once per run. */
export function genContext(city: BenchCity, policy: CasePolicy, nowMs: number): GenContext {
  const countyDepts = new Map<number, BenchUnit[]>();
  for (const u of city.units) {
    if (u.kind === 'department' && u.countyId !== null) countyDepts.set(u.countyId, [...(countyDepts.get(u.countyId) ?? []), u]);
  }
  return {
    city,
    policy,
    nowMs,
    countyDepts,
    unitByCode: new Map(city.units.map((u) => [u.code, u])),
    categories: policy.categories.map((c) => ({
      code: c.code,
      severity: c.defaultSeverity,
      unitCode: c.responsibleUnitRule.defaultUnitCode,
    })),
  };
}

const TEXTS = [
  '垃圾暴露未清运',
  '井盖缺失',
  '道路坑洼破损',
  '占道经营',
  '乱贴小广告',
  '工地扬尘未覆盖',
  '绿化带缺株',
  '公厕保洁不到位',
  '共享单车乱停放',
  '路灯不亮',
  '违规户外广告',
  '积水严重',
];
const REASONS = [
  '情况复杂，需协调多个部门',
  '不属于本单位职责',
  '整改不彻底，请重新处置',
  '重复上报',
  '信息不全，无法立案',
  '需长期整治，纳入挂账',
];
const BBOX = [114.09, 33.05, 115.66, 34.34] as const;

/** Thrown by the player when the next event would fall after "now". */
class Stop extends Error {}

/**
 * Plays case `id`, reported at `t0`, in `mode`. Deterministic in (id, attempt).
 * Throws only on a generator bug (the state machine refusing a scripted command).
 */
export function playCase(ctx: GenContext, id: number, t0: number, number: string, mode: PlayMode, attempt: number): GeneratedCase {
  const r = rng(id * 7919 + attempt * 104_729);
  const u = (a: number, b: number) => a + (b - a) * r();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const { city, policy, nowMs } = ctx;

  const area = pick(city.areas);
  const cat = pick(ctx.categories);
  const severity: Severity = r() < 0.85 ? cat.severity : pick(SEVERITIES);
  const sourceRoll = r();
  const source: CaseSource =
    sourceRoll < 0.4
      ? 'inspection'
      : sourceRoll < 0.65
        ? 'citizen'
        : sourceRoll < 0.85
          ? 'hotline'
          : sourceRoll < 0.95
            ? 'video'
            : 'higher_level';
  const reporter =
    source === 'citizen' ? pick(city.citizens) : source === 'hotline' || source === 'higher_level' ? pick(city.hq) : pick(city.inspectors);
  const hq = pick(city.hq);
  const details: CaseDetails = {
    description: `${area.name}${pick(TEXTS)}（基准数据）`,
    address: `${area.name}第${1 + Math.floor(r() * 200)}号附近`,
    lon: Math.round(u(BBOX[0], BBOX[2]) * 1e6) / 1e6,
    lat: Math.round(u(BBOX[1], BBOX[3]) * 1e6) / 1e6,
    areaUnitId: area.id,
    checkPointId: null,
    reporterContact: source === 'citizen' ? '138****0000' : null,
  };

  let snap: CaseSnapshot | null = null;
  let t = t0;
  const events: GeneratedCase['events'] = [];
  const step = (actor: Actor, cmd: CaseCommand, at: number): void => {
    if (at > nowMs) throw new Stop();
    t = at;
    const d = decide(snap, { ...cmd, version: snap?.version }, actor, new Date(at), policy);
    if (!d.ok) throw new Error(`bench generator: case ${id} ${cmd.action} refused: ${d.code} ${d.message}`);
    snap = d.next;
    events.push({ event: d.event, actorName: actor.displayName });
  };
  const cur = (): CaseSnapshot => snap!;
  const windowMs = (): number => Math.max(H, Date.parse(cur().deadline!) - Date.parse(cur().dispatchedAt!));
  const handlerOf = (unitId: number): Actor => city.handlers.get(unitId)!;

  try {
    step(reporter, { action: 'report', caseId: id, source, categoryCode: cat.code, severity, evidenceCount: 1 }, t0);
    const fate = r();
    if (fate < 0.03) {
      step(hq, { action: 'reject', reason: pick(REASONS) }, t + u(0.5, 4) * H);
      return done();
    }
    if (fate < 0.04 && id > 1) {
      step(hq, { action: 'merge', target: { id: id - 1, state: 'accepted' } }, t + u(0.5, 3) * H);
      return done();
    }
    step(hq, { action: 'accept' }, t + u(0.2, 3) * H);
    let unit = chooseUnit(ctx, r, cat.unitCode, area);
    step(hq, { action: 'dispatch', unitId: unit.id, unitPath: unit.path }, t + u(0.1, 2) * H);
    if (!mode.stall && r() < 0.2) {
      // 退回: a unit says the case is not its business; HQ re-routes it (or insists).
      step(handlerOf(unit.id), { action: 'return', reason: REASONS[1] }, t + u(0.05, 0.3) * windowMs());
      unit = r() < 0.7 ? chooseUnit(ctx, r, cat.unitCode, area, unit.id) : unit;
      step(hq, { action: 'redispatch', unitId: unit.id, unitPath: unit.path }, t + u(0.5, 4) * H);
    }
    for (let reopens = 0; ; reopens++) {
      const dispatched = Date.parse(cur().dispatchedAt!);
      step(handlerOf(unit.id), { action: 'acknowledge' }, Math.max(t, dispatched + u(0.02, 0.2) * windowMs()) + 60_000);
      if (mode.stall) return done();
      if (reopens === 0 && r() < 0.02) {
        // 缓办: parked, resumed weeks later with an extension so the unit is not overdue at once.
        step(hq, { action: 'suspend', reason: REASONS[5], reviewDate: chinaDay(new Date(t + 30 * DAY)) }, t + u(0.1, 0.4) * windowMs());
        step(hq, { action: 'resume' }, t + u(10, 60) * DAY);
        // After the resume the deadline may already lie beyond t + 10 days: extend past whichever is later.
        extend(Math.max(Date.parse(cur().deadline!), t) + u(3, 10) * DAY);
      }
      for (let k = 0; k < 2 && r() < (k === 0 ? 0.45 : 0.35); k++) extend(Math.max(Date.parse(cur().deadline!), t) + u(2, 5) * DAY);
      const deadline = Date.parse(cur().deadline!);
      const onTime = mode.forceOnTime || r() < 0.88;
      // On time: somewhere in the window, never before the last event (when that is already
      // past the deadline the rectification is late whatever the plan).
      const planned = onTime
        ? Math.min(dispatched + u(0.3, 0.95) * (deadline - dispatched), deadline)
        : deadline + u(0.05, 1.5) * windowMs() + H;
      step(handlerOf(unit.id), { action: 'rectify', evidenceCount: 2 }, Math.max(planned, t + 60_000));
      const verifier = pick(city.inspectors);
      const verifyAt = t + u(2, 36) * H;
      if (reopens < mode.maxReopen && r() < 0.45) {
        step(verifier, { action: 'verify_reopen', reason: REASONS[2], evidenceCount: 1 }, verifyAt);
        continue;
      }
      step(verifier, { action: 'verify_close', evidenceCount: 1 }, verifyAt);
      return done();
    }
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    return done();
  }

  /** Asks for an extension to `until` and has HQ approve it (or, now and then, deny it). */
  function extend(until: number): void {
    const handler = handlerOf(cur().assignedUnitId!);
    step(
      handler,
      { action: 'request_extension', reason: REASONS[0], requestedDeadline: new Date(until).toISOString() },
      t + Math.min(u(0.2, 0.5) * windowMs(), 12 * H),
    );
    if (mode.forceOnTime || r() < 0.85) step(hq, { action: 'approve_extension' }, t + u(0.5, 3) * H);
    else step(hq, { action: 'deny_extension', reason: REASONS[0] }, t + u(0.5, 3) * H);
  }

  function done(): GeneratedCase {
    const s = snap!;
    return {
      snap: s,
      details,
      number,
      year: Number(number.slice(0, 4)),
      reporterId: reporter.userId,
      createdAt: new Date(t0).toISOString(),
      updatedAt: events[events.length - 1]!.event.at,
      events,
    };
  }
}

/** The responsible unit: the city department of the category, a county department, or the township itself. */
function chooseUnit(ctx: GenContext, r: () => number, cityCode: string, area: BenchUnit, not?: number): BenchUnit {
  for (;;) {
    const roll = r();
    let unit: BenchUnit | undefined;
    if (roll < 0.3) unit = ctx.unitByCode.get(cityCode);
    else if (roll < 0.7) {
      const depts = ctx.countyDepts.get(area.countyId ?? -1) ?? [];
      unit = depts[Math.floor(r() * depts.length)];
    } else unit = area;
    if (unit && unit.id !== not && ctx.city.handlers.has(unit.id)) return unit;
  }
}

/** True when the case is open at "now" with the unit owing work past its deadline (超期待处置). */
export function isOverduePending(s: CaseSnapshot, nowMs: number): boolean {
  return (s.state === 'dispatched' || s.state === 'acknowledged') && s.deadline !== null && Date.parse(s.deadline) < nowMs;
}

/** True for states from which nothing follows. */
export function isTerminal(s: CaseSnapshot): boolean {
  return s.state === 'closed' || s.state === 'rejected' || s.state === 'merged';
}
