import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { caseRepository } from '../db/repositories/case.repository.js';
import { unitRepository } from '../db/repositories/unit.repository.js';
import { userRepository } from '../db/repositories/user.repository.js';
import { chinaDay, shiftDay } from '../domain/calendar/work-calendar.js';
import { findCategory, suggestResponsibleUnit } from '../domain/cases/categories.js';
import { TRANSITIONS } from '../domain/cases/transition-table.js';
import { OPEN_CASE_STATES, type CaseState } from '../shared/case-enums.js';
import { loadActor } from '../services/accounts/auth.service.js';
import type { CasePolicyService } from '../services/cases/case-policy.service.js';
import type { CaseService } from '../services/cases/case.service.js';
import type { ActBody } from '../shared/contracts/cases.contract.js';
import type { ManualClock } from '../core/clock.js';
import type { RequestContext } from '../core/context.js';
import type { Upload } from '../services/files/file.service.js';
import { CITY_CODE } from './demo-city.js';
import { DAY, HOUR, MIN, UNIT_HANDLERS, demoPhoto, officeHours } from './demo-case-handling.js';
import { CATEGORY_TEXTS, REOPEN_REASONS, SUSPEND_REASONS, VERIFY_NOTES } from './demo-case-texts.js';
import { KINDS, WINDOW_DAYS, kindCounts, makeDuplicate, makePlan, type Kind, type Plan, type PlanContext } from './demo-case-plans.js';
import { chance, int, pick, seededRng, uniform } from './demo-random.js';
import { notificationRepository } from '../db/repositories/notification.repository.js';
import { bytesSource } from '../storage/upload-source.js';

export { DEMO_CASE_ACCOUNTS } from './demo-case-handling.js';

/**
 * A few weeks of realistic cases for the demo city (周口市), so every page has
 * something to show: queues, inboxes, overdue work, timelines, the map, indicators.
 *
 * Every case is driven through the real {@link CaseService} (so events, snapshots,
 * aggregates, notifications, files and audit records are exactly what real use
 * writes), on a manual clock that walks forward through the past weeks. All cases
 * are simulated together in time order, so case numbers follow report times and
 * every notification and file carries the instant its step happened. Generation is
 * deterministic for a given seed and `now` (a seeded PRNG, never Math.random).
 */

/** What the loader needs: the case services running on `clock`, which it moves. */
export interface DemoCaseServices {
  cases: CaseService;
  casePolicy: CasePolicyService;
}

export interface DemoCaseDeps extends DemoCaseServices {
  database: Database;
  clock: ManualClock;
}

export interface DemoCaseOptions {
  /** The present: every step happens before it. */
  now: Date;
  seed?: number;
  /** Number of cases (about 150 by default). */
  count?: number;
}

export interface DemoCaseResult {
  cases: number;
  events: number;
  byState: Partial<Record<CaseState, number>>;
}

// ---------------------------------------------------------------------------
// Simulation

interface Agent {
  plan: Plan;
  /** Index of the next step; -1 before the report. */
  next: number;
  /** When the next step happens; null when the case is done for the demo. */
  at: number | null;
  id: number;
  version: number;
  state: CaseState | null;
  suspendedFrom: CaseState | null;
  deadline: number | null;
  dispatchedAt: number | null;
}

/**
 * Loads the demo cases. Expects the demo units and accounts (including
 * {@link DEMO_CASE_ACCOUNTS}) to exist. Moves `deps.clock`; leaves it at `now`.
 */
export async function loadDemoCases(deps: DemoCaseDeps, opts: DemoCaseOptions): Promise<DemoCaseResult> {
  const { database, clock, cases, casePolicy } = deps;
  const db = database.db;
  const now = opts.now.getTime();
  const count = opts.count ?? 150;
  const rng = seededRng(opts.seed ?? 20_260_302);
  await casePolicy.ensureDefaults();
  const policy = await casePolicy.policy();

  const units = new Map((await unitRepository.list(db)).map((u) => [u.code, u]));
  const unitId = (code: string) => {
    const u = units.get(code);
    if (!u) throw new Error(`demo cases: unit ${code} is missing; load the demo city first`);
    return u.id;
  };
  const contexts = new Map<string, RequestContext>();
  const as = async (username: string): Promise<RequestContext> => {
    let c = contexts.get(username);
    if (!c) {
      const row = await userRepository.byUsername(db, username);
      if (!row) throw new Error(`demo cases: account ${username} is missing; load the demo accounts first`);
      c = { actor: await loadActor(database, row), requestId: 'demo', clientIp: null };
      contexts.set(username, c);
    }
    return c;
  };

  const ctx: PlanContext = {
    rng,
    now,
    categories: policy.categories,
    unitFor: (code, area, road) => {
      const category = findCategory(policy.categories, code);
      return category ? suggestResponsibleUnit(category, [CITY_CODE, area.code, road.street]) : '411600-CGJ';
    },
  };

  // Plans: every kind its share; duplicates repeat an earlier long-lived case.
  const counts = kindCounts(count);
  const plans: Plan[] = [];
  const dupKinds: Kind[] = [];
  KINDS.forEach((kind, i) => {
    for (let n = 0; n < counts[i]!; n++) {
      if (kind.name === 'merged') dupKinds.push(kind);
      else plans.push(makePlan(ctx, kind));
    }
  });
  const originals = plans.filter((p) => p.kind.handled && p.reportAt < now - DAY && p.reportAt > now - (WINDOW_DAYS - 1) * DAY);
  for (const kind of dupKinds) {
    const of = originals.length ? originals.splice(Math.floor(rng() * originals.length), 1)[0]! : undefined;
    plans.push(
      of
        ? makeDuplicate(ctx, kind, of)
        : makePlan(
            ctx,
            KINDS.find((k) => k.name === 'rejected')!,
          ),
    );
  }
  plans.sort((a, b) => a.reportAt - b.reportAt);

  const photo = await demoPhoto();
  const uploads = (n: number, field = 'photos'): Upload[] =>
    Array.from({ length: n }, (_, i) => ({ source: bytesSource(photo), filename: `现场照片${i + 1}.jpg`, field }));

  const agents: Agent[] = plans.map((plan) => ({
    plan,
    next: -1,
    at: plan.reportAt,
    id: 0,
    version: 0,
    state: null,
    suspendedFrom: null,
    deadline: null,
    dispatchedAt: null,
  }));
  const byPlan = new Map(agents.map((a) => [a.plan, a]));
  const limit = now - 2 * MIN;
  let events = 0;

  /** When the agent's next step happens, from the step just done at `t`. */
  const schedule = (a: Agent, t: number): number | null => {
    const step = a.plan.steps[a.next];
    if (!step) return null;
    const d = a.deadline;
    // Hours-type deadlines (urgent, 井盖) are worked through the night.
    const tight = d !== null && a.dispatchedAt !== null && d - a.dispatchedAt <= 30 * HOUR;
    let at: number;
    switch (step.action) {
      case 'accept':
        at = officeHours(rng, t + uniform(rng, 10, 120) * MIN, 8, 21);
        break;
      case 'reject':
      case 'merge':
        at = officeHours(rng, t + uniform(rng, 20, 180) * MIN, 8, 21);
        break;
      case 'dispatch':
      case 'redispatch':
        at = officeHours(rng, t + uniform(rng, 5, step.action === 'redispatch' ? 200 : 60) * MIN, 8, 21);
        break;
      case 'acknowledge':
        at = tight ? t + uniform(rng, 5, 25) * MIN : officeHours(rng, t + uniform(rng, 20, 300) * MIN);
        break;
      case 'rectify': {
        if (d === null) {
          at = officeHours(rng, t + uniform(rng, 2, 30) * HOUR);
        } else if (step.late) {
          at = officeHours(rng, Math.max(d, t) + uniform(rng, 2, 40) * HOUR);
        } else {
          const latest = d - 30 * MIN;
          at = t + Math.max(10 * MIN, (latest - t) * uniform(rng, 0.15, 0.8));
          if (!tight) {
            const office = officeHours(rng, at);
            if (office <= latest) at = office;
          }
        }
        break;
      }
      case 'verify_close':
      case 'verify_reopen':
        // Once the hazard is dealt with, checking it can wait for the morning.
        at = officeHours(rng, t + (tight ? uniform(rng, 20, 120) * MIN : uniform(rng, 2, 28) * HOUR));
        break;
      case 'return':
        at = officeHours(rng, t + uniform(rng, 1, 8) * HOUR);
        break;
      case 'request_extension': {
        const latest = d === null ? t + DAY : d - 3 * HOUR;
        at = officeHours(rng, t + Math.max(HOUR, (latest - t) * uniform(rng, 0.2, 0.7)));
        break;
      }
      case 'approve_extension':
      case 'deny_extension':
        at = officeHours(rng, t + uniform(rng, 1, 6) * HOUR, 8, 21);
        break;
      case 'suspend':
        at = officeHours(rng, t + uniform(rng, 1, 30) * HOUR, 8, 21);
        break;
      case 'resume':
        at = officeHours(rng, t + uniform(rng, 2, 8) * DAY, 8, 21);
        break;
      default:
        at = t + HOUR;
    }
    return at < limit ? at : null;
  };

  const handlerOf = (unitCode: string, busy = false): string => {
    const names = UNIT_HANDLERS[unitCode];
    if (!names) throw new Error(`demo cases: no demo account acts for unit ${unitCode}`);
    return busy && names.length > 1 && chance(rng, 0.5) ? names[1]! : names[0]!;
  };

  /** Performs the agent's next step at the clock's time. */
  const perform = async (a: Agent): Promise<void> => {
    const p = a.plan;
    const t = clock.now().getTime();
    if (a.next === -1) {
      const { streetCode, ...input } = p.input;
      const r = await cases.report(await as(p.reporter), { ...input, areaUnitId: unitId(streetCode) }, uploads(p.photos));
      a.id = r.id;
      a.version = 1;
      a.state = 'reported';
    } else {
      const step = p.steps[a.next]!;
      const currentUnit = p.route && p.steps.slice(0, a.next).some((x) => x.action === 'redispatch') ? p.route.to : p.unitCode;
      const texts = CATEGORY_TEXTS.find((c) => c.code === p.input.categoryCode);
      let actor = 'hq';
      let input: ActBody = { action: step.action, version: a.version };
      let files: Upload[] = [];
      switch (step.action) {
        case 'dispatch':
          input = { ...input, unitId: unitId(p.unitCode) };
          if (step.override) input = { ...input, deadline: new Date(t + 48 * HOUR).toISOString(), reason: '市领导督办，要求48小时内办结' };
          break;
        case 'redispatch':
          input = { ...input, unitId: unitId(p.route?.to ?? p.unitCode), note: '已核实管辖权属，重新派遣' };
          break;
        case 'merge': {
          const target = p.dupOf ? byPlan.get(p.dupOf) : undefined;
          if (target && target.id && target.state && OPEN_CASE_STATES.includes(target.state)) {
            input = { ...input, targetCaseId: target.id, note: '同一问题重复上报，合并办理' };
          } else {
            input = { ...input, action: 'reject', reason: '重复上报，原案已办结' };
          }
          break;
        }
        case 'acknowledge':
          actor = handlerOf(currentUnit);
          break;
        case 'rectify': {
          actor = handlerOf(currentUnit);
          input = { ...input, note: pick(rng, texts?.fixes ?? ['已按要求整改完毕']) };
          files = [...uploads(1, 'before'), ...uploads(1)];
          break;
        }
        case 'return':
          actor = handlerOf(currentUnit, true);
          input = { ...input, reason: p.route?.reason ?? '经核实不属于本单位职责' };
          break;
        case 'request_extension': {
          actor = handlerOf(currentUnit, true);
          const base = Math.max(a.deadline ?? t, t);
          input = {
            ...input,
            reason: pick(rng, texts?.extension ?? ['需协调相关单位配合，申请延期']),
            requestedDeadline: shiftDay(chinaDay(new Date(base)), int(rng, 3, 7)),
          };
          break;
        }
        case 'verify_close':
          actor = chance(rng, 0.8) ? 'inspector' : 'hq';
          input = { ...input, note: pick(rng, VERIFY_NOTES) };
          files = uploads(1);
          break;
        case 'verify_reopen':
          actor = chance(rng, 0.8) ? 'inspector' : 'hq';
          input = { ...input, reason: pick(rng, [...(texts?.reopen ?? []), ...REOPEN_REASONS.slice(0, texts?.reopen ? 1 : 2)]) };
          files = uploads(1);
          break;
        case 'suspend':
          input = {
            ...input,
            reason: pick(rng, texts?.suspend ?? SUSPEND_REASONS),
            reviewDate: shiftDay(chinaDay(new Date(t)), int(rng, 20, 60)),
          };
          break;
        case 'reject':
        case 'deny_extension':
          input = { ...input, reason: step.reason! };
          break;
        default:
          break;
      }
      try {
        a.version = (await cases.act(await as(actor), a.id, input, files)).version;
      } catch (e) {
        throw new Error(
          `demo cases: ${input.action} on case ${a.id} as ${actor} at ${new Date(t).toISOString()} failed: ${(e as Error).message}`,
          { cause: e },
        );
      }
      const to = TRANSITIONS[input.action].to;
      const from = a.state!;
      a.state = to === 'same' ? from : to === 'previous' ? (a.suspendedFrom ?? from) : to;
      a.suspendedFrom = input.action === 'suspend' ? from : null;
      // Only the actions that move the deadline need the case read back (one query, not one per step).
      if (TRANSITIONS[input.action].deadline !== 'keep') {
        const row = (await caseRepository.byId(db, a.id))!;
        a.deadline = row.deadline ? Date.parse(row.deadline) : null;
        a.dispatchedAt = row.dispatched_at ? Date.parse(row.dispatched_at) : null;
      }
    }
    events += 1;
    a.next += 1;
    // A merge that fell back to a rejection ends the case.
    a.at = a.state === 'rejected' || a.state === 'merged' ? null : schedule(a, t);
  };

  // Some 800 small transactions: on SQLite, skip the fsync of each commit while loading
  // (WAL stays consistent; at worst a crash loses the last demo steps), then restore.
  const sqlite = database.dialect === 'sqlite';
  const durability = sqlite ? Number((await sql<{ synchronous: number }>`pragma synchronous`.execute(db)).rows[0]?.synchronous ?? 2) : 0;
  if (sqlite) await sql`pragma synchronous = NORMAL`.execute(db);
  try {
    for (;;) {
      let a: Agent | undefined;
      for (const x of agents) if (x.at !== null && (a === undefined || x.at < a.at!)) a = x;
      if (!a) break;
      clock.set(new Date(a.at!));
      await perform(a);
    }
  } finally {
    if (sqlite) await sql.raw(`pragma synchronous = ${durability}`).execute(db);
    clock.set(new Date(now));
  }

  // The accounts have been reading their messages: only the last days' are still unread.
  await notificationRepository.markReadCreatedBefore(db, new Date(now - 3 * DAY).toISOString());

  const byState: Partial<Record<CaseState, number>> = {};
  for (const a of agents) if (a.state) byState[a.state] = (byState[a.state] ?? 0) + 1;
  return { cases: agents.length, events, byState };
}
