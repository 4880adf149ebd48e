/**
 * Everything the cockpit shows: one GET of /api/dashboard/cockpit (this period against
 * the last, the weekly trend, overdue units, weak check points — served from the
 * maintained aggregates), plus the unit ranking, which loads on its own so a slow part
 * leaves the others standing.
 */
import type { DashboardPeriod } from '../../../../../src/shared/case-enums.js';
import { dashboardApi } from '../../../api/dashboard.js';
import { useApi } from '../../../components/useApi.js';

/** Weeks in the trend chart. */
export const TREND_WEEKS = 8;
/** Units in the ranking card: only these are asked for (the month ranks ≈ 480 in a city). */
export const RANKED = 10;

/** Loads the cockpit's data for the chosen period (week or month against the one before). */
export function useCockpit(period: DashboardPeriod) {
  const cockpit = useApi(() => dashboardApi.cockpit({ period, weeks: TREND_WEEKS }), period);
  const ranking = useApi(() => dashboardApi.ranking(period, RANKED), period);
  // The 红黑榜: the latest published month of the current campaign, else its latest week.
  const campaignId = cockpit.data?.campaignId ?? null;
  const redBlack = useApi(
    campaignId !== null
      ? async () => (await dashboardApi.latestRun(campaignId, 'month')) ?? (await dashboardApi.latestRun(campaignId, 'week'))
      : null,
    campaignId,
  );
  return { cockpit, ranking, redBlack };
}

export type Cockpit = ReturnType<typeof useCockpit>;
