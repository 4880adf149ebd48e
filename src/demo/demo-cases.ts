import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import sharp from 'sharp';
import type { Database } from '../db/database.js';
import { caseRepository } from '../db/repositories/case.repository.js';
import { unitRepository } from '../db/repositories/unit.repository.js';
import { userRepository } from '../db/repositories/user.repository.js';
import { CHINA_UTC_OFFSET_MS, chinaDay, chinaMidnight, shiftDay } from '../domain/calendar/work-calendar.js';
import { findCategory, suggestResponsibleUnit, type CaseCategory } from '../domain/cases/categories.js';
import { TRANSITIONS } from '../domain/cases/transition-table.js';
import { OPEN_CASE_STATES, type CaseAction, type CaseSource, type CaseState, type Severity } from '../shared/case-enums.js';
import { loadActor } from '../services/auth.service.js';
import type { CasePolicyService } from '../services/case-policy.service.js';
import type { ActInput, CaseService, ReportInput } from '../services/case.service.js';
import type { ManualClock } from '../services/clock.js';
import type { RequestContext } from '../services/context.js';
import { FileService, type PreparedImage, type Upload } from '../services/file.service.js';
import { CITY_CODE, type DemoAccount } from './demo-city.js';
import { AREAS, BBOX, CATEGORY_TEXTS, DENY_REASONS, HOTLINE_PHONES, REJECT_REASONS, REOPEN_REASONS, RETURN_ROUTES, SUSPEND_REASONS, VERIFY_NOTES, spotOn, type Area, type Road } from './demo-case-texts.js';
import { bell, chance, int, pick, seededRng, uniform, weighted, type Rng } from './demo-random.js';

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

/** The handlers of the departments and counties demo cases are dispatched to, besides the documented ten accounts. */
export const DEMO_CASE_ACCOUNTS: DemoAccount[] = [
  { username: 'handler-zjj', displayName: '郑经办', unitCode: '411600-ZJJ', roles: [{ role: 'unit_handler', unitCode: '411600-ZJJ' }] },
  { username: 'handler-jtj', displayName: '冯经办', unitCode: '411600-JTJ', roles: [{ role: 'unit_handler', unitCode: '411600-JTJ' }] },
  { username: 'handler-gaj', displayName: '蒋经办', unitCode: '411600-GAJ', roles: [{ role: 'unit_handler', unitCode: '411600-GAJ' }] },
  { username: 'handler-sthjj', displayName: '何经办', unitCode: '411600-STHJJ', roles: [{ role: 'unit_handler', unitCode: '411600-STHJJ' }] },
  { username: 'handler-scj', displayName: '许经办', unitCode: '411600-SCJ', roles: [{ role: 'unit_handler', unitCode: '411600-SCJ' }] },
  { username: 'handler-yzglj', displayName: '韩经办', unitCode: '411600-YZGLJ', roles: [{ role: 'unit_handler', unitCode: '411600-YZGLJ' }] },
  { username: 'handler-xh', displayName: '杨经办', unitCode: '411622', roles: [{ role: 'unit_handler', unitCode: '411622' }] },
  { username: 'handler-xc', displayName: '朱经办', unitCode: '411681', roles: [{ role: 'unit_handler', unitCode: '411681' }] },
];

/** Who acts for a responsible unit: the first does the routine work, the others sometimes. */
const UNIT_HANDLERS: Readonly<Record<string, readonly string[]>> = {
  '411600-CGJ': ['handler', 'unithead'],
  ...Object.fromEntries(DEMO_CASE_ACCOUNTS.map((a) => [a.unitCode, [a.username]])),
};

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

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** How far back the demo goes. */
const WINDOW_DAYS = 28;

/**
 * The file service the demo's case service uses: the demo attaches the same photo
 * hundreds of times, so each distinct image is checked, processed and stored once
 * and every later upload of the same bytes gets a file row of its own that refers
 * to those stored objects. Keeps loading fast (sharp and the disk are the slow part).
 */
export class DemoFileService extends FileService {
  private readonly stored = new Map<string, Promise<PreparedImage>>();

  override async prepare(uploads: Upload[]): Promise<PreparedImage[]> {
    const out: PreparedImage[] = [];
    for (const u of uploads) {
      const sha = createHash('sha256').update(u.bytes).digest('hex');
      let p = this.stored.get(sha);
      if (!p) {
        p = super.prepare([u]).then((r) => r[0]!);
        this.stored.set(sha, p);
        p.catch(() => this.stored.delete(sha));
      }
      out.push({ ...(await p), field: u.field, filename: u.filename ?? null });
    }
    return out;
  }

  override async discard(prepared: PreparedImage[]): Promise<void> {
    // Forget them first: discard deletes objects no committed row refers to yet.
    for (const p of prepared) this.stored.delete(p.sha256);
    await super.discard(prepared);
  }
}

// ---------------------------------------------------------------------------
// Randomness


// ---------------------------------------------------------------------------
// Scripts: what happens to a case

interface Step {
  action: Exclude<CaseAction, 'report'>;
  /** reject, deny_extension; the others' reasons depend on the category and are picked when acting. */
  reason?: string;
  /** rectify: after the deadline. */
  late?: boolean;
  /** dispatch: a hand-picked deadline. */
  override?: boolean;
}

interface Kind {
  name: string;
  /** Cases of this kind among 150. */
  share: number;
  /** Age of the report, in days before now. */
  minAge: number;
  maxAge: number;
  /** Needs someone at the responsible unit to act. */
  handled: boolean;
  /** Uses a return route. */
  returns?: boolean;
  /** Mostly reported by the public. */
  publicSource?: boolean;
  /** Asks for an extension: only categories where that is plausible. */
  extension?: boolean;
  steps: (rng: Rng) => Step[];
}

const s = (action: Step['action'], extra: Omit<Step, 'action'> = {}): Step => ({ action, ...extra });

const KINDS: readonly Kind[] = [
  { name: 'closed', share: 62, minAge: 5, maxAge: WINDOW_DAYS, handled: true, steps: (r) => [s('accept'), s('dispatch', { override: chance(r, 0.05) }), s('acknowledge'), s('rectify'), s('verify_close')] },
  { name: 'closed_late', share: 10, minAge: 8, maxAge: WINDOW_DAYS, handled: true, steps: () => [s('accept'), s('dispatch'), s('acknowledge'), s('rectify', { late: true }), s('verify_close')] },
  {
    name: 'closed_reopened', share: 8, minAge: 9, maxAge: WINDOW_DAYS, handled: true,
    steps: () => [s('accept'), s('dispatch'), s('acknowledge'), s('rectify'), s('verify_reopen'), s('acknowledge'), s('rectify'), s('verify_close')],
  },
  {
    name: 'closed_returned', share: 6, minAge: 8, maxAge: WINDOW_DAYS, handled: true, returns: true,
    steps: () => [s('accept'), s('dispatch'), s('return'), s('redispatch'), s('acknowledge'), s('rectify'), s('verify_close')],
  },
  {
    name: 'closed_extended', share: 6, minAge: 10, maxAge: WINDOW_DAYS, handled: true, extension: true,
    steps: () => [s('accept'), s('dispatch'), s('acknowledge'), s('request_extension'), s('approve_extension'), s('rectify'), s('verify_close')],
  },
  {
    name: 'closed_extension_denied', share: 3, minAge: 10, maxAge: WINDOW_DAYS, handled: true, extension: true,
    steps: (r) => [
      s('accept'), s('dispatch'), s('acknowledge'), s('request_extension'),
      s('deny_extension', { reason: pick(r, DENY_REASONS) }), s('rectify', { late: chance(r, 0.5) }), s('verify_close'),
    ],
  },
  {
    name: 'closed_after_suspension', share: 2, minAge: 14, maxAge: WINDOW_DAYS, handled: true,
    steps: () => [s('accept'), s('suspend'), s('resume'), s('dispatch'), s('acknowledge'), s('rectify'), s('verify_close')],
  },
  { name: 'rejected', share: 7, minAge: 0.3, maxAge: WINDOW_DAYS, handled: false, publicSource: true, steps: (r) => [s('reject', { reason: pick(r, REJECT_REASONS) })] },
  { name: 'merged', share: 5, minAge: 1, maxAge: WINDOW_DAYS - 1, handled: false, publicSource: true, steps: () => [s('merge')] },
  { name: 'awaiting_acceptance', share: 5, minAge: 0.02, maxAge: 1, handled: false, steps: () => [] },
  { name: 'awaiting_dispatch', share: 4, minAge: 0.1, maxAge: 1.5, handled: false, steps: () => [s('accept')] },
  { name: 'not_acknowledged', share: 6, minAge: 0.5, maxAge: 20, handled: false, steps: () => [s('accept'), s('dispatch')] },
  { name: 'in_progress', share: 10, minAge: 1, maxAge: 14, handled: true, steps: () => [s('accept'), s('dispatch'), s('acknowledge')] },
  { name: 'awaiting_verification', share: 6, minAge: 3, maxAge: 6, handled: true, steps: () => [s('accept'), s('dispatch'), s('acknowledge'), s('rectify')] },
  { name: 'awaiting_redispatch', share: 3, minAge: 0.3, maxAge: 2, handled: true, returns: true, steps: () => [s('accept'), s('dispatch'), s('return')] },
  {
    name: 'extension_pending', share: 3, minAge: 1, maxAge: 6, handled: true, extension: true,
    steps: () => [s('accept'), s('dispatch'), s('acknowledge'), s('request_extension')],
  },
  {
    name: 'suspended', share: 4, minAge: 3, maxAge: 25, handled: false,
    steps: () => [s('accept'), s('dispatch'), s('suspend')],
  },
];

/** Number of cases of each kind for `count` cases in all; the remainder goes to plain closed cases. */
function kindCounts(count: number): number[] {
  const counts = KINDS.map((k) => (k.name === 'closed' ? 0 : Math.round((k.share * count) / 150)));
  let rest = count - counts.reduce((a, b) => a + b, 0);
  // Small counts: trim the rarer kinds until the total fits.
  for (let i = counts.length - 1; rest < 0 && i >= 0; i--) {
    const take = Math.min(counts[i]!, -rest);
    counts[i]! -= take;
    rest += take;
  }
  counts[0] = rest;
  return counts;
}

// ---------------------------------------------------------------------------
// Plans

interface Plan {
  kind: Kind;
  reportAt: number;
  reporter: string;
  input: ReportInput & { streetCode: string };
  /** The location in words, without the county or district. */
  spot: string;
  photos: number;
  unitCode: string;
  /** For returns: the unit HQ re-dispatches to, and what the first unit says. */
  route?: { to: string; reason: string };
  /** For duplicates: the plan this one repeats. */
  dupOf?: Plan;
  steps: Step[];
}

function sourceFor(rng: Rng, kind: Kind): CaseSource {
  if (kind.publicSource) return weighted(rng, [['citizen', 5], ['hotline', 5], ['inspection', 1]] as const);
  return weighted(rng, [['inspection', 65], ['citizen', 12], ['hotline', 18], ['video', 5]] as const);
}

const REPORTER: Record<CaseSource, string> = {
  inspection: 'inspector',
  citizen: 'citizen',
  hotline: 'hq',
  video: 'hq',
  higher_level: 'hq',
  project_obstacle: 'owner',
};

function reportText(source: CaseSource, text: string): string {
  switch (source) {
    case 'hotline':
      return `12345热线转办：市民来电反映${text}。`;
    case 'citizen':
      return `${text}，希望尽快处理。`;
    case 'video':
      return `视频巡查发现：${text}。`;
    default:
      return `${text}。`;
  }
}

/** A report time of this age, at a time of day that suits the source, before `now`. */
function reportTime(rng: Rng, now: number, kind: Kind, source: CaseSource): number {
  const [from, to] = source === 'inspection' ? [8, 18] : source === 'citizen' ? [7, 22] : [8, 21];
  const earliest = now - WINDOW_DAYS * DAY + HOUR;
  const latest = now - kind.minAge * DAY;
  for (let i = 0; i < 20; i++) {
    const day = chinaDay(new Date(now - uniform(rng, kind.minAge, kind.maxAge) * DAY));
    const t = chinaMidnight(day).getTime() + uniform(rng, from, to) * HOUR;
    if (t >= earliest && t <= latest) return t;
  }
  return Math.max(earliest, latest - uniform(rng, 5, 60) * MIN);
}

function clampToCity(lon: number, lat: number): [number, number] {
  const [minLon, minLat, maxLon, maxLat] = BBOX;
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  return [round(Math.min(maxLon - 0.001, Math.max(minLon + 0.001, lon))), round(Math.min(maxLat - 0.001, Math.max(minLat + 0.001, lat)))];
}

interface PlanContext {
  rng: Rng;
  now: number;
  categories: readonly CaseCategory[];
  /** Responsible unit code the rules give for a category in an area. */
  unitFor: (category: string, area: Area, road: Road) => string;
}

function makePlan(ctx: PlanContext, kind: Kind): Plan {
  const { rng, now } = ctx;
  const source = sourceFor(rng, kind);
  for (let attempt = 0; ; attempt++) {
    const area = weighted(rng, AREAS.map((a) => [a, a.weight] as const));
    const road = pick(rng, area.roads);
    let choices = CATEGORY_TEXTS.filter((c) => !kind.extension || c.extension);
    // Counties with a demo handler get their own street-order cases, so that handler has an inbox.
    const local = choices.filter((c) => ctx.unitFor(c.code, area, road) === area.code);
    if (kind.handled && UNIT_HANDLERS[area.code] && local.length && chance(rng, 0.6)) choices = local;
    let cat = weighted(rng, choices.map((c) => [c, c.weight] as const));
    let route: Plan['route'];
    if (kind.returns) {
      const routes = RETURN_ROUTES.filter((r) => ctx.unitFor(r.category, area, road) === r.from);
      if (!routes.length) continue;
      const r = pick(rng, routes);
      cat = CATEGORY_TEXTS.find((c) => c.code === r.category)!;
      route = { to: r.to, reason: r.reason };
    }
    const unitCode = ctx.unitFor(cat.code, area, road);
    // A unit without a demo account cannot acknowledge: such cases stop at dispatch.
    if (kind.handled && !UNIT_HANDLERS[unitCode] && attempt < 50) continue;
    const spot = spotOn(rng, area, road);
    const [lon, lat] = clampToCity(area.lon + bell(rng) * area.spread, area.lat + bell(rng) * area.spread * 0.8);
    const category = findCategory(ctx.categories, cat.code);
    let severity: Severity | undefined;
    // Now and then the reporter judges it worse than the category's default.
    if (category?.defaultSeverity === 'normal' && chance(rng, 0.08)) severity = 'major';
    if (category?.defaultSeverity === 'minor' && chance(rng, 0.1)) severity = 'normal';
    const photos = source === 'inspection' || source === 'video' ? 1 : source === 'citizen' && chance(rng, 0.7) ? 1 : 0;
    return {
      kind,
      reportAt: reportTime(rng, now, kind, source),
      reporter: REPORTER[source],
      input: {
        source,
        categoryCode: cat.code,
        ...(severity ? { severity } : {}),
        description: reportText(source, pick(rng, cat.texts)(spot, rng)),
        address: `${area.prefix}${spot}`,
        lon,
        lat,
        reporterContact: source === 'hotline' ? pick(rng, HOTLINE_PHONES) : null,
        streetCode: road.street,
      },
      spot,
      photos,
      unitCode,
      ...(route ? { route } : {}),
      steps: kind.steps(rng),
    };
  }
}

/** A second report of a problem already reported, a few hours later, by the public. */
function makeDuplicate(ctx: PlanContext, kind: Kind, of: Plan): Plan {
  const { rng, now } = ctx;
  const source: CaseSource = chance(rng, 0.5) ? 'citizen' : 'hotline';
  const cat = CATEGORY_TEXTS.find((c) => c.code === of.input.categoryCode)!;
  const spot = of.spot;
  const [lon, lat] = clampToCity(of.input.lon! + uniform(rng, -4e-4, 4e-4), of.input.lat! + uniform(rng, -4e-4, 4e-4));
  return {
    kind,
    reportAt: Math.min(officeHours(rng, of.reportAt + uniform(rng, 1, 8) * HOUR, 7, 22), now - 2 * HOUR),
    reporter: REPORTER[source],
    input: { ...of.input, source, description: reportText(source, pick(rng, cat.texts)(spot, rng)), lon, lat, reporterContact: source === 'hotline' ? pick(rng, HOTLINE_PHONES) : null },
    spot,
    photos: source === 'citizen' ? 1 : 0,
    unitCode: of.unitCode,
    dupOf: of,
    steps: kind.steps(rng),
  };
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

/** China hour of day (fractional) of an instant. */
function chinaHour(t: number): number {
  return ((((t + CHINA_UTC_OFFSET_MS) % DAY) + DAY) % DAY) / HOUR;
}

/** Moves an instant into office hours [from, to) China time, to the next morning if need be. */
function officeHours(rng: Rng, t: number, from = 8, to = 19): number {
  const h = chinaHour(t);
  if (h >= from && h < to) return t;
  const midnight = t - h * HOUR;
  return (h < from ? midnight : midnight + DAY) + from * HOUR + uniform(rng, 0, 80) * MIN;
}

/** A small street scene, made once and reused for every photo so loading stays fast. */
async function demoPhoto(): Promise<Buffer> {
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="120">' +
    '<rect width="160" height="120" fill="#a9cbe8"/><circle cx="130" cy="26" r="11" fill="#f4d35e"/>' +
    '<rect x="12" y="36" width="34" height="48" fill="#c9b79c"/><rect x="54" y="24" width="40" height="60" fill="#b5a58a"/>' +
    '<rect y="84" width="160" height="36" fill="#6b6b6b"/><rect x="0" y="100" width="160" height="3" fill="#eeeeee"/></svg>';
  return sharp(Buffer.from(svg)).jpeg({ quality: 70 }).toBuffer();
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
    plans.push(of ? makeDuplicate(ctx, kind, of) : makePlan(ctx, KINDS.find((k) => k.name === 'rejected')!));
  }
  plans.sort((a, b) => a.reportAt - b.reportAt);

  const photo = await demoPhoto();
  const uploads = (n: number, field = 'photos'): Upload[] => Array.from({ length: n }, (_, i) => ({ bytes: photo, filename: `现场照片${i + 1}.jpg`, field }));

  const agents: Agent[] = plans.map((plan) => ({ plan, next: -1, at: plan.reportAt, id: 0, version: 0, state: null, suspendedFrom: null, deadline: null, dispatchedAt: null }));
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
      let input: ActInput = { action: step.action, version: a.version };
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
          input = { ...input, reason: pick(rng, texts?.extension ?? ['需协调相关单位配合，申请延期']), requestedDeadline: shiftDay(chinaDay(new Date(base)), int(rng, 3, 7)) };
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
          input = { ...input, reason: pick(rng, texts?.suspend ?? SUSPEND_REASONS), reviewDate: shiftDay(chinaDay(new Date(t)), int(rng, 20, 60)) };
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
        throw new Error(`demo cases: ${input.action} on case ${a.id} as ${actor} at ${new Date(t).toISOString()} failed: ${(e as Error).message}`, { cause: e });
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
  await db
    .updateTable('notifications')
    .set((eb) => ({ read_at: eb.ref('created_at') }))
    .where('created_at', '<', new Date(now - 3 * DAY).toISOString())
    .where('read_at', 'is', null)
    .execute();

  const byState: Partial<Record<CaseState, number>> = {};
  for (const a of agents) if (a.state) byState[a.state] = (byState[a.state] ?? 0) + 1;
  return { cases: agents.length, events, byState };
}
