/**
 * Rates and roll-ups of major projects (DOMAIN.md §3.7): 履约率, 开工率, 投产率, 达产率, count-based
 * and investment-weighted, as of a day; "三个一批" batches and ranges of periods; size bands and
 * newly signed projects. Pure: the as-of day is passed in.
 *
 * Money is integer 万元 × 100 ("wan-cents") throughout, so sums are exact; 1亿元 = 10 000万元 =
 * 1 000 000 wan-cents.
 */

import type { BatchRole, ProjectRate, ProjectStage } from '../../shared/project-enums.js';
import { hasPassed, reachedOn, stageAsOf, type StageRecord } from './stages.js';

export type { BatchRole, ProjectRate };

/** 1亿元 in wan-cents (10 000万元 × 100). */
export const YI_IN_WAN_CENTS = 1_000_000;

/** A count of projects and the sum of their total investment (wan-cents). */
export interface CountAndInvestment {
  count: number;
  investment: number;
}

/** One rate: numerator and denominator (count and investment) and the two ratios (null on an empty denominator). */
export interface RateFigure {
  numerator: CountAndInvestment;
  denominator: CountAndInvestment;
  /** numerator.count / denominator.count, in [0, 1]; null when no project is in the denominator. */
  byCount: number | null;
  /** numerator.investment / denominator.investment, in [0, 1]; null when the denominator's investment is 0. */
  byInvestment: number | null;
}

/** The stages whose passing the rates count (谋划 and 部分投产 are in none of them). */
export type PassedStage = 'signed' | 'performing' | 'started' | 'producing' | 'at_capacity';

/** The four rates of a set of projects, plus how many had passed each stage. */
export interface ProjectRates {
  performance: RateFigure;
  start: RateFigure;
  production: RateFigure;
  capacity: RateFigure;
  /** Projects that had passed 签约, 履约, 开工, 投产, 达产 (each includes those at later stages). */
  passed: Record<PassedStage, CountAndInvestment>;
  /** All projects given, whatever their stage. */
  total: CountAndInvestment;
}

/** A project as the rates see it: its total investment and the stage it had reached (null: none). */
export interface StagedProject {
  investment: number;
  stage: ProjectStage | null;
}

/**
 * Each rate as numerator stage / denominator stage: 履约率 = 履约/签约, 开工率 = 开工/履约,
 * 投产率 = 投产/开工, 达产率 = 达产/投产. 部分投产 has passed 开工 but not 投产, so it counts as
 * started, not as producing.
 */
export const RATE_STAGES: Record<ProjectRate, { numerator: PassedStage; denominator: PassedStage }> = {
  performance: { numerator: 'performing', denominator: 'signed' },
  start: { numerator: 'started', denominator: 'performing' },
  production: { numerator: 'producing', denominator: 'started' },
  capacity: { numerator: 'at_capacity', denominator: 'producing' },
};

const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);

/** Count and investment sum of a list of projects. */
export function sumInvestment(projects: readonly { investment: number }[]): CountAndInvestment {
  let investment = 0;
  for (const p of projects) investment += p.investment;
  return { count: projects.length, investment };
}

/**
 * The rates of projects whose stage is already known. Terminated projects are not left out here:
 * a batch's 签约 project that was stopped is exactly what lowers its 履约率; callers that want
 * them out filter first.
 */
export function ratesOfStages(projects: readonly StagedProject[]): ProjectRates {
  const of = (stage: ProjectStage): CountAndInvestment => sumInvestment(projects.filter((p) => hasPassed(p.stage, stage)));
  const passed: Record<PassedStage, CountAndInvestment> = {
    signed: of('signed'),
    performing: of('performing'),
    started: of('started'),
    producing: of('producing'),
    at_capacity: of('at_capacity'),
  };
  const figure = (rate: ProjectRate): RateFigure => {
    const { numerator: n, denominator: d } = RATE_STAGES[rate];
    const numerator = passed[n];
    const denominator = passed[d];
    return {
      numerator,
      denominator,
      byCount: ratio(numerator.count, denominator.count),
      byInvestment: ratio(numerator.investment, denominator.investment),
    };
  };
  return {
    performance: figure('performance'),
    start: figure('start'),
    production: figure('production'),
    capacity: figure('capacity'),
    passed,
    total: sumInvestment(projects),
  };
}

/** A project with its stage records, as the as-of rates need it. */
export interface RecordedProject {
  investment: number;
  records: readonly StageRecord[];
}

/**
 * The rates of a set of projects as of `asOf` (a China day, inclusive): a stage counts when its
 * confirmed record's actual date is on or before that day (DOMAIN.md §3.7).
 */
export function ratesAsOf(projects: readonly RecordedProject[], asOf: string): ProjectRates {
  return ratesOfStages(projects.map((p) => ({ investment: p.investment, stage: stageAsOf(p.records, asOf) })));
}

/** A "三个一批" batch: an event of a county (e.g. 西华县第五期) numbered by period. */
export interface Batch {
  id: string;
  /** 第N期 (1, 2, 3 …) within its county. */
  period: number;
  /** The event's day (China day). */
  date: string;
}

/** A project's membership of a batch, in a role (签约 / 开工 / 投产). */
export interface BatchMember {
  batchId: string;
  projectId: string;
  role: BatchRole;
}

/** The projects of one batch with their roles, in the order given (a project listed twice is kept once, first role). */
export function projectsOfBatch(members: readonly BatchMember[], batchId: string): { projectId: string; role: BatchRole }[] {
  const seen = new Set<string>();
  const out: { projectId: string; role: BatchRole }[] = [];
  for (const m of members) {
    if (m.batchId !== batchId || seen.has(m.projectId)) continue;
    seen.add(m.projectId);
    out.push({ projectId: m.projectId, role: m.role });
  }
  return out;
}

/**
 * The distinct projects of the batches whose period lies in `[fromPeriod, toPeriod]` ("前四期" =
 * 1..4 of one county: pass that county's batches). A project in two of those batches counts
 * once, so the range's sums never count an investment twice. In batch period order, then as given.
 */
export function projectsOfPeriods(
  batches: readonly Batch[],
  members: readonly BatchMember[],
  fromPeriod: number,
  toPeriod: number,
): string[] {
  const periodOf = new Map(batches.filter((b) => b.period >= fromPeriod && b.period <= toPeriod).map((b) => [b.id, b.period]));
  const inRange = members
    .map((m, i) => ({ m, i, period: periodOf.get(m.batchId) }))
    .filter((x): x is { m: BatchMember; i: number; period: number } => x.period !== undefined)
    .sort((a, b) => a.period - b.period || a.i - b.i);
  return [...new Set(inRange.map((x) => x.m.projectId))];
}

/** A size band of total investment in wan-cents: `min` inclusive, `below` exclusive; either may be absent. */
export interface SizeBand {
  min?: number;
  below?: number;
}

/** "亿元以上项目": total investment of at least 1亿元 (10 000万元), inclusive as "以上" is in Chinese statistics. */
export const AT_LEAST_ONE_YI: SizeBand = { min: YI_IN_WAN_CENTS };

/** True when `investment` (wan-cents) lies in `band`. */
export function inSizeBand(investment: number, band: SizeBand): boolean {
  return (band.min === undefined || investment >= band.min) && (band.below === undefined || investment < band.below);
}

/**
 * The day a project was signed: its confirmed 签约 record's date, or, when it was registered past
 * 签约 without one, the first day it is known to have passed 签约; null when not signed.
 */
export function signedOn(records: readonly StageRecord[]): string | null {
  let first: string | null = null;
  for (const r of records)
    if (r.status === 'confirmed' && r.stage === 'signed' && (first === null || r.actualDate < first)) first = r.actualDate;
  return first ?? reachedOn(records, 'signed');
}

/**
 * True when the project was newly signed in `[from, to)` (China days): "今年以来新签约" as of a day
 * D is `[YYYY-01-01, D + 1)`. Half-open so that consecutive periods never share a day.
 */
export function signedWithin(records: readonly StageRecord[], from: string, to: string): boolean {
  const day = signedOn(records);
  return day !== null && day >= from && day < to;
}

/**
 * Wan-cents as 亿元 text with `decimals` places, rounded half up on the integers (185 600 000
 * wan-cents → "185.6"), so the figures quoted on the page come out exactly.
 */
export function wanCentsToYi(wanCents: number, decimals = 1): string {
  const unit = YI_IN_WAN_CENTS / 10 ** decimals;
  const sign = wanCents < 0 ? '-' : '';
  const scaled = Math.floor((Math.abs(wanCents) + unit / 2) / unit);
  const s = String(scaled).padStart(decimals + 1, '0');
  return decimals === 0 ? `${sign}${s}` : `${sign}${s.slice(0, -decimals)}.${s.slice(-decimals)}`;
}
