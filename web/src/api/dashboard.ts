/**
 * Typed client of /api/dashboard (the leader's headline figures and unit ranking, served
 * from the maintained case aggregates). The shapes are src/shared/contracts/dashboard.contract.ts.
 */
import type { DashboardPeriod } from '../../../src/shared/case-enums.js';
import type { CockpitQuery, CockpitView, HeadlineView, RankingView } from '../../../src/shared/contracts/dashboard.contract.js';
import type { AssessmentRun } from '../../../src/shared/contracts/assessment.contract.js';
import { api, ApiError } from './client.js';

export const dashboardApi = {
  /** GET /api/dashboard/headline: this week and month (cohorts of first dispatch) and the cases overdue now. */
  headline: () => api<HeadlineView>('/api/dashboard/headline'),
  /** GET /api/dashboard/ranking: units with cases in the period, best composite first (`limit` of them; the server's default page without). */
  ranking: (period: DashboardPeriod, limit?: number) =>
    api<RankingView>('/api/dashboard/ranking', { query: limit === undefined ? { period } : { period, limit } }),
  /** GET /api/dashboard/cockpit: the leader's landing in one answer (this period against the last, trend, overdue units, weak points). */
  /**
   * GET /api/assessment/runs/latest: the latest published assessment run of a campaign and
   * period kind, for the cockpit's 红黑榜 card; null (not an error toast) while none is published.
   */
  latestRun: (campaignId: number, periodKind: 'week' | 'month') =>
    api<AssessmentRun>('/api/assessment/runs/latest', { query: { campaignId, periodKind }, quiet: [403, 404] }).catch((e: unknown) => {
      if (e instanceof ApiError && (e.status === 404 || e.status === 403)) return null;
      throw e;
    }),
  cockpit: (query: CockpitQuery) => api<CockpitView>('/api/dashboard/cockpit', { query: { ...query } }),
};
