/**
 * Roll-ups of major projects (issue 14 point 7, DOMAIN.md §3.7): projects grouped by county,
 * industry chain, work team, level, category, size band, stage or batch, each group as a count
 * and a sum of total investment, as of a day; the period filter ("今年以来新签约亿元以上项目")
 * and 在建工业项目. Pure: the as-of day is passed in; money in integer wan-cents (万元 × 100).
 */

import { ROLLUP_NONE, SIZE_BAND_MIN_WAN, SIZE_BANDS, type RollupDimension, type SizeBandKey } from '../../shared/project-rollup-enums.js';
import type { ProjectCategory, ProjectStage } from '../../shared/project-enums.js';
import { YI_IN_WAN_CENTS, type CountAndInvestment } from './rates.js';
import { hasPassed, isUnderConstruction, type StageRecord } from './stages.js';

export type { RollupDimension, SizeBandKey };

/** Categories that make a project industrial (工业项目): 先进制造业 and 战略性新兴产业. */
export const INDUSTRIAL_CATEGORIES: readonly ProjectCategory[] = ['advanced_manufacturing', 'strategic_emerging'];

/** True for an industrial project (工业项目), by its category. */
export function isIndustrial(category: string): boolean {
  return (INDUSTRIAL_CATEGORIES as readonly string[]).includes(category);
}

/**
 * True for an industrial project under construction (在建工业项目) as of the day its stage was
 * taken on: industrial, and at 开工 or 部分投产 (not yet 投产).
 */
export function isIndustrialUnderConstruction(p: { category: string; stage: ProjectStage | null }): boolean {
  return isIndustrial(p.category) && isUnderConstruction(p.stage);
}

/** The size band of a total investment in wan-cents (bands `[min, next min)`, the last open above). */
export function sizeBandOf(investment: number): SizeBandKey {
  let band: SizeBandKey = SIZE_BANDS[0];
  for (const b of SIZE_BANDS) if (investment >= SIZE_BAND_MIN_WAN[b] * 100) band = b;
  return band;
}

/**
 * A project as the roll-ups see it as of a day: where it sits, its investment (wan-cents), the
 * stage it had reached by then (null: none confirmed yet), the day it was signed (null: not by
 * then) and the batches it is in.
 */
export interface RollupProject {
  countyId: number;
  chain: string | null;
  teamId: number | null;
  level: string;
  category: string;
  investment: number;
  stage: ProjectStage | null;
  signedOn: string | null;
  batchIds: readonly number[];
}

/**
 * The keys of a project on a dimension: one key for each dimension but `batch`, where a project
 * is in each of its batches (and in {@link ROLLUP_NONE} when in none). A missing chain, team or
 * stage is ROLLUP_NONE.
 */
export function keysOf(p: RollupProject, by: RollupDimension): string[] {
  switch (by) {
    case 'county':
      return [String(p.countyId)];
    case 'chain':
      return [p.chain || ROLLUP_NONE];
    case 'team':
      return [p.teamId === null ? ROLLUP_NONE : String(p.teamId)];
    case 'level':
      return [p.level];
    case 'category':
      return [p.category];
    case 'size':
      return [sizeBandOf(p.investment)];
    case 'stage':
      return [p.stage ?? ROLLUP_NONE];
    case 'batch': {
      const ids = [...new Set(p.batchIds)];
      return ids.length ? ids.map(String) : [ROLLUP_NONE];
    }
  }
}

/** One group of a roll-up: its key, count and investment, and how many of them are 在建 / 投产. */
export interface RollupGroup extends CountAndInvestment {
  key: string;
  /** At 开工 or 部分投产 as of the day. */
  underConstruction: number;
  /** At 投产 or 达产 as of the day. */
  producing: number;
}

/**
 * Projects grouped on `by`, each group with its count and Σ investment, largest investment
 * first (then by key). Every dimension but `batch` partitions the projects, so the groups' sums
 * equal the total; on `batch` a project in two batches is in both groups.
 */
export function rollUp(projects: readonly RollupProject[], by: RollupDimension): RollupGroup[] {
  const groups = new Map<string, RollupGroup>();
  for (const p of projects)
    for (const key of keysOf(p, by)) {
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { key, count: 0, investment: 0, underConstruction: 0, producing: 0 }));
      g.count += 1;
      g.investment += p.investment;
      if (isUnderConstruction(p.stage)) g.underConstruction += 1;
      if (hasPassed(p.stage, 'producing')) g.producing += 1;
    }
  return [...groups.values()].sort((a, b) => b.investment - a.investment || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Which projects a roll-up takes (all when empty). Days are China days; amounts wan-cents. */
export interface RollupFilter {
  /** Signed on or after this day (period "新签约"). */
  signedFrom?: string;
  /** Signed on or before this day (inclusive). */
  signedTo?: string;
  /** Total investment at least this (e.g. {@link YI_IN_WAN_CENTS} for 亿元以上). */
  minInvestment?: number;
  /** Only industrial projects (先进制造业, 战略性新兴产业). */
  industrial?: boolean;
  /** Only projects under construction (开工, 部分投产) as of the day. */
  underConstruction?: boolean;
}

/** True when the project passes every condition of the filter. */
export function matchesFilter(p: RollupProject, f: RollupFilter): boolean {
  if (f.signedFrom !== undefined && (p.signedOn === null || p.signedOn < f.signedFrom)) return false;
  if (f.signedTo !== undefined && (p.signedOn === null || p.signedOn > f.signedTo)) return false;
  if (f.minInvestment !== undefined && p.investment < f.minInvestment) return false;
  if (f.industrial && !isIndustrial(p.category)) return false;
  if (f.underConstruction && !isUnderConstruction(p.stage)) return false;
  return true;
}

/**
 * "今年以来新签约亿元以上项目" as of `asOf`: signed from 1 January of asOf's year to asOf
 * inclusive, with a total investment of at least 1亿元 (exactly 1亿 is in).
 */
export function newlySignedThisYear(asOf: string): RollupFilter {
  return { signedFrom: `${asOf.slice(0, 4)}-01-01`, signedTo: asOf, minInvestment: YI_IN_WAN_CENTS };
}

/** 在建工业项目 as a filter. */
export const INDUSTRIAL_UNDER_CONSTRUCTION: RollupFilter = { industrial: true, underConstruction: true };

/** Count and Σ investment of the projects matching `f`. */
export function countMatching(projects: readonly RollupProject[], f: RollupFilter): CountAndInvestment {
  let count = 0;
  let investment = 0;
  for (const p of projects)
    if (matchesFilter(p, f)) {
      count += 1;
      investment += p.investment;
    }
  return { count, investment };
}

/** A stretch of days during which a project stood at one stage: `[from, to)`, `to` null while it lasts. */
export interface StageSpan {
  stage: ProjectStage;
  from: string;
  to: string | null;
}

/**
 * A project's stage timeline from its records: each confirmed record holds from its day until the
 * next one's (records in the order given, stably by day, so of two on one day the later holds —
 * as stages.ts `stageAsOf` reads them). The stage as of D is the span with from ≤ D < to (or to
 * null), none before the first; property-tested against `stageAsOf`. Empty spans are dropped.
 */
export function stageSpans(records: readonly StageRecord[]): StageSpan[] {
  const confirmed = records
    .map((r, i) => ({ r, i }))
    .filter((x) => x.r.status === 'confirmed')
    .sort((a, b) => (a.r.actualDate < b.r.actualDate ? -1 : a.r.actualDate > b.r.actualDate ? 1 : a.i - b.i))
    .map((x) => x.r);
  const out: StageSpan[] = [];
  confirmed.forEach((r, i) => {
    const to = confirmed[i + 1]?.actualDate ?? null;
    if (to !== r.actualDate) out.push({ stage: r.stage, from: r.actualDate, to });
  });
  return out;
}
