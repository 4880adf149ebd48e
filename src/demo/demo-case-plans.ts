import { chinaDay, chinaMidnight } from '../domain/calendar/work-calendar.js';
import { findCategory, type CaseCategory } from '../domain/cases/categories.js';
import type { CaseAction, CaseSource, Severity } from '../shared/case-enums.js';
import type { ReportBody } from '../shared/contracts/cases.contract.js';
import { DEMO_CITY_BBOX } from './demo-city.js';
import {
  AREAS,
  CATEGORY_TEXTS,
  DENY_REASONS,
  HOTLINE_PHONES,
  REJECT_REASONS,
  RETURN_ROUTES,
  spotOn,
  type Area,
  type Road,
} from './demo-case-texts.js';
import { DAY, HOUR, MIN, UNIT_HANDLERS, officeHours } from './demo-case-handling.js';
import { bell, chance, pick, uniform, weighted, type Rng } from './demo-random.js';

/**
 * What happens to the demo cases (the scripts of each kind and their shares) and
 * the plans drawn from them: who reports what, where and when, and which unit it
 * goes to. The loader (demo-cases.ts) plays the plans through the case service.
 */

/** How far back the demo goes. */
export const WINDOW_DAYS = 28;

// ---------------------------------------------------------------------------
// Scripts: what happens to a case

export interface Step {
  action: Exclude<CaseAction, 'report'>;
  /** reject, deny_extension; the others' reasons depend on the category and are picked when acting. */
  reason?: string;
  /** rectify: after the deadline. */
  late?: boolean;
  /** dispatch: a hand-picked deadline. */
  override?: boolean;
}

export interface Kind {
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

export const KINDS: readonly Kind[] = [
  {
    name: 'closed',
    share: 62,
    minAge: 5,
    maxAge: WINDOW_DAYS,
    handled: true,
    steps: (r) => [s('accept'), s('dispatch', { override: chance(r, 0.05) }), s('acknowledge'), s('rectify'), s('verify_close')],
  },
  {
    name: 'closed_late',
    share: 10,
    minAge: 8,
    maxAge: WINDOW_DAYS,
    handled: true,
    steps: () => [s('accept'), s('dispatch'), s('acknowledge'), s('rectify', { late: true }), s('verify_close')],
  },
  {
    name: 'closed_reopened',
    share: 8,
    minAge: 9,
    maxAge: WINDOW_DAYS,
    handled: true,
    steps: () => [
      s('accept'),
      s('dispatch'),
      s('acknowledge'),
      s('rectify'),
      s('verify_reopen'),
      s('acknowledge'),
      s('rectify'),
      s('verify_close'),
    ],
  },
  {
    name: 'closed_returned',
    share: 6,
    minAge: 8,
    maxAge: WINDOW_DAYS,
    handled: true,
    returns: true,
    steps: () => [s('accept'), s('dispatch'), s('return'), s('redispatch'), s('acknowledge'), s('rectify'), s('verify_close')],
  },
  {
    name: 'closed_extended',
    share: 6,
    minAge: 10,
    maxAge: WINDOW_DAYS,
    handled: true,
    extension: true,
    steps: () => [
      s('accept'),
      s('dispatch'),
      s('acknowledge'),
      s('request_extension'),
      s('approve_extension'),
      s('rectify'),
      s('verify_close'),
    ],
  },
  {
    name: 'closed_extension_denied',
    share: 3,
    minAge: 10,
    maxAge: WINDOW_DAYS,
    handled: true,
    extension: true,
    steps: (r) => [
      s('accept'),
      s('dispatch'),
      s('acknowledge'),
      s('request_extension'),
      s('deny_extension', { reason: pick(r, DENY_REASONS) }),
      s('rectify', { late: chance(r, 0.5) }),
      s('verify_close'),
    ],
  },
  {
    name: 'closed_after_suspension',
    share: 2,
    minAge: 14,
    maxAge: WINDOW_DAYS,
    handled: true,
    steps: () => [s('accept'), s('suspend'), s('resume'), s('dispatch'), s('acknowledge'), s('rectify'), s('verify_close')],
  },
  {
    name: 'rejected',
    share: 7,
    minAge: 0.3,
    maxAge: WINDOW_DAYS,
    handled: false,
    publicSource: true,
    steps: (r) => [s('reject', { reason: pick(r, REJECT_REASONS) })],
  },
  { name: 'merged', share: 5, minAge: 1, maxAge: WINDOW_DAYS - 1, handled: false, publicSource: true, steps: () => [s('merge')] },
  { name: 'awaiting_acceptance', share: 5, minAge: 0.02, maxAge: 1, handled: false, steps: () => [] },
  { name: 'awaiting_dispatch', share: 4, minAge: 0.1, maxAge: 1.5, handled: false, steps: () => [s('accept')] },
  { name: 'not_acknowledged', share: 6, minAge: 0.5, maxAge: 20, handled: false, steps: () => [s('accept'), s('dispatch')] },
  { name: 'in_progress', share: 10, minAge: 1, maxAge: 14, handled: true, steps: () => [s('accept'), s('dispatch'), s('acknowledge')] },
  {
    name: 'awaiting_verification',
    share: 6,
    minAge: 3,
    maxAge: 6,
    handled: true,
    steps: () => [s('accept'), s('dispatch'), s('acknowledge'), s('rectify')],
  },
  {
    name: 'awaiting_redispatch',
    share: 3,
    minAge: 0.3,
    maxAge: 2,
    handled: true,
    returns: true,
    steps: () => [s('accept'), s('dispatch'), s('return')],
  },
  {
    name: 'extension_pending',
    share: 3,
    minAge: 1,
    maxAge: 6,
    handled: true,
    extension: true,
    steps: () => [s('accept'), s('dispatch'), s('acknowledge'), s('request_extension')],
  },
  {
    name: 'suspended',
    share: 4,
    minAge: 3,
    maxAge: 25,
    handled: false,
    steps: () => [s('accept'), s('dispatch'), s('suspend')],
  },
];

/** Number of cases of each kind for `count` cases in all; the remainder goes to plain closed cases. */
export function kindCounts(count: number): number[] {
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

export interface Plan {
  kind: Kind;
  reportAt: number;
  reporter: string;
  input: ReportBody & { streetCode: string };
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
  if (kind.publicSource)
    return weighted(rng, [
      ['citizen', 5],
      ['hotline', 5],
      ['inspection', 1],
    ] as const);
  return weighted(rng, [
    ['inspection', 65],
    ['citizen', 12],
    ['hotline', 18],
    ['video', 5],
  ] as const);
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
  const [minLon, minLat, maxLon, maxLat] = DEMO_CITY_BBOX;
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  return [round(Math.min(maxLon - 0.001, Math.max(minLon + 0.001, lon))), round(Math.min(maxLat - 0.001, Math.max(minLat + 0.001, lat)))];
}

export interface PlanContext {
  rng: Rng;
  now: number;
  categories: readonly CaseCategory[];
  /** Responsible unit code the rules give for a category in an area. */
  unitFor: (category: string, area: Area, road: Road) => string;
}

export function makePlan(ctx: PlanContext, kind: Kind): Plan {
  const { rng, now } = ctx;
  const source = sourceFor(rng, kind);
  for (let attempt = 0; ; attempt++) {
    const area = weighted(
      rng,
      AREAS.map((a) => [a, a.weight] as const),
    );
    const road = pick(rng, area.roads);
    let choices = CATEGORY_TEXTS.filter((c) => !kind.extension || c.extension);
    // Counties with a demo handler get their own street-order cases, so that handler has an inbox.
    const local = choices.filter((c) => ctx.unitFor(c.code, area, road) === area.code);
    if (kind.handled && UNIT_HANDLERS[area.code] && local.length && chance(rng, 0.6)) choices = local;
    let cat = weighted(
      rng,
      choices.map((c) => [c, c.weight] as const),
    );
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
export function makeDuplicate(ctx: PlanContext, kind: Kind, of: Plan): Plan {
  const { rng, now } = ctx;
  const source: CaseSource = chance(rng, 0.5) ? 'citizen' : 'hotline';
  const cat = CATEGORY_TEXTS.find((c) => c.code === of.input.categoryCode)!;
  const spot = of.spot;
  const [lon, lat] = clampToCity(of.input.lon! + uniform(rng, -4e-4, 4e-4), of.input.lat! + uniform(rng, -4e-4, 4e-4));
  return {
    kind,
    reportAt: Math.min(officeHours(rng, of.reportAt + uniform(rng, 1, 8) * HOUR, 7, 22), now - 2 * HOUR),
    reporter: REPORTER[source],
    input: {
      ...of.input,
      source,
      description: reportText(source, pick(rng, cat.texts)(spot, rng)),
      lon,
      lat,
      reporterContact: source === 'hotline' ? pick(rng, HOTLINE_PHONES) : null,
    },
    spot,
    photos: source === 'citizen' ? 1 : 0,
    unitCode: of.unitCode,
    dupOf: of,
    steps: kind.steps(rng),
  };
}
