/**
 * Monthly investment reports as the domain and the wire take them: the rows read by
 * project-investment.repository grouped by month, their latest figures, their versions and the
 * letters about lapses as the API shows them. No database, no clock.
 */

import type { LapseLetterRead, ReportRead } from '../../db/repositories/project-investment.repository.js';
import type { InvestmentOpening, MonthlyCompletion, YearMonth } from '../../domain/projects/investment.js';
import { chinaMonth, type ReportingFacts } from '../../domain/projects/report-lapses.js';
import type { LapseLetterRef, ReportVersion } from '../../shared/contracts/project-investment.contract.js';
import { fromHundredths } from './money.js';

/** A month's key, `year-MM`. */
export const keyOf = (m: YearMonth): string => `${m.year}-${String(m.month).padStart(2, '0')}`;

/** A project's reporting facts: planned years, the month it was registered, its termination month. */
export function reportingFacts(row: { created_at: string; terminated_at: string | null }, plannedYears: readonly number[]): ReportingFacts {
  return {
    plannedYears,
    from: chinaMonth(new Date(row.created_at)),
    until: row.terminated_at ? chinaMonth(new Date(row.terminated_at)) : null,
  };
}

/** A letter about a lapse as the wire shows it. */
export function letterRef(l: LapseLetterRead): LapseLetterRef {
  return { id: l.letter_id, type: l.type, number: l.number, status: l.status };
}

/** The versions of each month, keyed `year-MM`, oldest version first. */
export function groupByMonth(reports: readonly ReportRead[]): Map<string, ReportRead[]> {
  const out = new Map<string, ReportRead[]>();
  for (const r of reports) out.set(keyOf(r), [...(out.get(keyOf(r)) ?? []), r]);
  return out;
}

/** Each month's latest figure and the opening balance (on the earliest month's latest version). */
export function latestFigures(byMonth: ReadonlyMap<string, ReportRead[]>): {
  completions: MonthlyCompletion[];
  opening: InvestmentOpening | null;
} {
  const completions: MonthlyCompletion[] = [];
  let opening: InvestmentOpening | null = null;
  for (const k of [...byMonth.keys()].sort()) {
    const last = byMonth.get(k)!.at(-1)!;
    completions.push({ year: last.year, month: last.month, completed: last.completed_wan_cents });
    if (completions.length === 1 && last.opening_wan_cents !== null)
      opening = { year: last.year, month: last.month, sinceStart: last.opening_wan_cents };
  }
  return { completions, opening };
}

/** One version of a month's report as the wire shows it, with its files. */
export function versionView(r: ReportRead, files: { id: number; name: string | null; mime: string; created_at: string }[]): ReportVersion {
  return {
    id: r.id,
    version: r.version,
    completed: fromHundredths(r.completed_wan_cents),
    opening: r.opening_wan_cents === null ? null : fromHundredths(r.opening_wan_cents),
    progress: r.progress,
    problems: r.problems,
    correctionReason: r.correction_reason,
    submittedBy: r.submitted_by !== null && r.submitted_by_name !== null ? { id: r.submitted_by, name: r.submitted_by_name } : null,
    submittedAt: r.submitted_at,
    files: files.map((f) => ({ id: f.id, name: f.name, mime: f.mime, createdAt: f.created_at })),
  };
}
