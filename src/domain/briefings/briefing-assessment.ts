import type { AssessmentRun } from '../../shared/contracts/assessment.contract.js';
import type { BriefingAssessment } from '../../shared/contracts/briefings.contract.js';
import { periodOf } from '../assessment/periods.js';
import { chinaMidnight } from '../calendar/work-calendar.js';
import type { DayRange } from './briefing-period.js';

/**
 * The 考核 section of a briefing (issue 13 point 7: rankings and their changes, 红黑榜),
 * from the published results run of the briefing's period (DOMAIN.md §3.5–3.6).
 */

/**
 * The assessment period key a briefing's days are exactly (a China week Monday–Sunday or
 * a calendar month), or null for other days (custom periods have no published results).
 */
export function assessmentKeyOf(kind: string, days: DayRange): string | null {
  if (kind !== 'week' && kind !== 'month') return null;
  const p = periodOf(kind, chinaMidnight(days.from));
  const lastDayEnd = chinaMidnight(days.to).getTime() + 86_400_000;
  return p.start === chinaMidnight(days.from).toISOString() && Date.parse(p.end) === lastDayEnd ? p.key : null;
}

/** The briefing's view of a published run: every group's ranking with its moves, and its lists by name. */
export function briefingAssessment(run: AssessmentRun): BriefingAssessment {
  return {
    runId: run.id,
    campaignName: run.campaignName,
    periodKey: run.period.key,
    periodLabel: run.period.label,
    version: run.version,
    publishedAt: run.publishedAt,
    groups: run.groups.map((g) => ({
      key: g.key,
      name: g.name,
      items: g.items.map((i) => ({
        rank: i.rank,
        unitId: i.unitId,
        unitName: i.unitName,
        score: i.score,
        move: i.change.move,
        places: i.change.places,
        list: i.list,
      })),
      red: g.lists.filter((l) => l.list === 'red').map((l) => l.unitName),
      black: g.lists.filter((l) => l.list === 'black').map((l) => l.unitName),
    })),
  };
}
