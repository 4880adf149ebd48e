import { createHash } from 'node:crypto';
import type { BriefingActionItem } from '../../shared/contracts/action-items.contract.js';
import type {
  BriefingCaseList,
  BriefingContent,
  BriefingFigureChanges,
  BriefingFigures,
  BriefingLetterRow,
  BriefingRankingRow,
} from '../../shared/contracts/briefings.contract.js';
import { NO_BACKLOG, rankUnits, totalFacts, type UnitFacts } from '../cases/dashboard.js';
import { indicators } from '../cases/indicators.js';
import { progressAt, type ActionItemFacts } from '../action-items/action-item-rules.js';
import { chinaMidnight, shiftDay } from '../calendar/work-calendar.js';
import type { BriefingPeriod } from './briefing-period.js';

/**
 * The content of a 周例会 briefing (DOMAIN.md §3.6), composed from facts the service read
 * from the record (aggregates, indexed lists, evaluation results). Pure: the same facts
 * give the same content, and its canonical JSON the same hash — which is what a
 * published briefing's audit record pins.
 */

/** What the service read for one briefing. */
export interface BriefingFacts {
  period: BriefingPeriod;
  /** When the content is composed (ISO). */
  asOf: string;
  /** Names of the units the figures mention. */
  unitNames: ReadonlyMap<number, string>;
  /** Per unit facts of the period and of the previous one, each with its backlog at its end. */
  current: readonly UnitFacts[];
  previous: readonly UnitFacts[];
  newCases: BriefingCaseList;
  closedCases: BriefingCaseList;
  /** Cases owed past their deadline at `asOf`, per assigned unit. */
  overdueByUnit: ReadonlyMap<number, number>;
  /** Letters issued in the period (numbered). */
  letters: readonly BriefingLetterRow[];
  weakCheckpoints: BriefingContent['weakCheckpoints'];
  evaluationByDistrict: BriefingContent['evaluationByDistrict'];
  /** The action items of the last meeting (the previous published briefing), in deadline order; none when absent. */
  actionItems?: readonly (ActionItemFacts & { id: number; title: string; unitName: string })[];
  /** The published 考核 results of the period (briefingAssessment), when there are any. */
  assessment?: BriefingContent['assessment'];
}

/** The headline figures of a set of unit facts (the period's cohort; backlog not included). */
export function figuresOf(rows: readonly UnitFacts[]): BriefingFigures {
  const t = totalFacts(rows);
  const ind = indicators(t.sums, t.overduePending);
  return {
    newCases: t.sums.dispatched,
    handled: t.sums.handled,
    closed: t.sums.closed,
    disposalRate: ind.disposalRate,
    onTimeDisposalRate: ind.onTimeDisposalRate,
    overduePending: t.overduePending,
  };
}

/** Percentage points between two rates (null when either is null), rounded to 0.01. */
function points(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : Math.round((a - b) * 10_000) / 100;
}

/** Current minus previous: counts as differences, rates in percentage points. */
export function figureChanges(cur: BriefingFigures, prev: BriefingFigures): BriefingFigureChanges {
  return {
    newCases: cur.newCases - prev.newCases,
    handled: cur.handled - prev.handled,
    closed: cur.closed - prev.closed,
    disposalRate: points(cur.disposalRate, prev.disposalRate),
    onTimeDisposalRate: points(cur.onTimeDisposalRate, prev.onTimeDisposalRate),
    overduePending: cur.overduePending - prev.overduePending,
  };
}

/**
 * The ranking of the period (rankUnits: a unit's backlog counts) with each unit's place
 * in the previous period's ranking and the places gained (+) or lost (−).
 */
export function briefingRanking(
  current: readonly UnitFacts[],
  previous: readonly UnitFacts[],
  names: ReadonlyMap<number, string>,
): BriefingRankingRow[] {
  const before = new Map(rankUnits(previous).map((r) => [r.unitId, r.rank]));
  return rankUnits(current).map((r) => {
    const prev = before.get(r.unitId) ?? null;
    const b = r.backlog ?? NO_BACKLOG;
    return {
      rank: r.rank,
      previousRank: prev,
      change: prev === null ? null : prev - r.rank,
      unitId: r.unitId,
      name: names.get(r.unitId) ?? `#${r.unitId}`,
      composite: r.indicators.composite === null ? null : Math.round(r.indicators.composite * 100) / 100,
      disposalRate: r.indicators.disposalRate,
      onTimeDisposalRate: r.indicators.onTimeDisposalRate,
      dispatched: r.sums.dispatched,
      overdue: r.overduePending + b.overdue,
      backlogOwed: b.owed,
    };
  });
}

/** Letters grouped by type (in the order types first appear), each with its numbers in order. */
export function lettersByType(letters: readonly BriefingLetterRow[]): BriefingContent['letters']['byType'] {
  const by = new Map<string, string[]>();
  for (const l of letters) {
    const list = by.get(l.type) ?? [];
    list.push(l.number);
    by.set(l.type, list);
  }
  return [...by].map(([type, numbers]) => ({ type, count: numbers.length, numbers }));
}

/**
 * The items of the last meeting as a briefing reports them: where each stood at the end of
 * the period (or when composed, if that is earlier) — 完成 with its day, 逾期, or 进行中.
 */
export function reportedActionItems(f: Pick<BriefingFacts, 'period' | 'asOf' | 'actionItems'>): BriefingActionItem[] {
  const end = Math.min(chinaMidnight(shiftDay(f.period.to, 1)).getTime(), Date.parse(f.asOf));
  return (f.actionItems ?? []).map((a) => {
    const progress = progressAt(a, new Date(end));
    return { id: a.id, title: a.title, unitName: a.unitName, dueAt: a.dueAt, progress, doneAt: progress === 'done' ? a.doneAt : null };
  });
}

/** The briefing content from its facts. Sections of modules not built yet are empty, not invented. */
export function composeBriefing(f: BriefingFacts): BriefingContent {
  const current = figuresOf(f.current);
  const previous = figuresOf(f.previous);
  let overdueNow = 0;
  for (const n of f.overdueByUnit.values()) overdueNow += n;
  const overdueByUnit = [...f.overdueByUnit]
    .filter(([, n]) => n > 0)
    .map(([unitId, overdue]) => ({ unitId, name: f.unitNames.get(unitId) ?? `#${unitId}`, overdue }))
    .sort((a, b) => b.overdue - a.overdue || a.unitId - b.unitId);
  return {
    period: { kind: f.period.kind, from: f.period.from, to: f.period.to },
    previous: { ...f.period.previous },
    asOf: f.asOf,
    headline: { current, previous, change: figureChanges(current, previous), overdueNow },
    ranking: briefingRanking(f.current, f.previous, f.unitNames),
    newCases: f.newCases,
    closedCases: f.closedCases,
    overdueByUnit,
    letters: { byType: lettersByType(f.letters), items: [...f.letters] },
    weakCheckpoints: f.weakCheckpoints,
    evaluationByDistrict: f.evaluationByDistrict,
    assessment: f.assessment ?? null,
    actionItems: reportedActionItems(f),
  };
}

/**
 * JSON with object keys sorted at every level (arrays keep their order), so that equal
 * content always gives the same text and hash whatever order it was built in.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .filter((k) => o[k] !== undefined)
        .sort()
        .map((k) => [k, sortKeys(o[k])]),
    );
  }
  return v;
}

/** sha256 (hex) of the canonical JSON of a briefing's snapshot. */
export function snapshotHash(snapshot: unknown): string {
  return createHash('sha256').update(canonicalJson(snapshot), 'utf8').digest('hex');
}
