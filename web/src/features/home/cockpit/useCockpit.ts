/**
 * Everything the cockpit shows, from GETs the server already answers: the headline
 * and ranking (maintained case aggregates), the case indicators of the previous
 * periods and of the last weeks, the letters, the evaluation index, trend and point
 * 得分率. Each part loads on its own, so a slow or
 * refused part leaves the others standing.
 */
import { useMemo } from 'react';
import type { DashboardPeriod } from '../../../../../src/shared/case-enums.js';
import { casesApi } from '../../../api/cases.js';
import { dashboardApi } from '../../../api/dashboard.js';
import { lettersApi } from '../../../api/letters.js';
import { resultsApi } from '../../../api/results.js';
import { useApi } from '../../../components/useApi.js';
import { lastWeeks, previousMonth, previousWeek, resultsPeriod, type Span } from './periods.js';

/** Weeks in the trend chart. */
export const TREND_WEEKS = 8;

export interface PeriodPair {
  current: Span;
  previous: Span;
}

/** Loads the cockpit's data for the chosen period (week or month against the one before). */
export function useCockpit(period: DashboardPeriod) {
  const headline = useApi(() => dashboardApi.headline());
  const h = headline.data;
  const pairs = useMemo(() => {
    if (!h) return null;
    const week = { from: h.week.from, to: h.week.to };
    const month = { from: h.month.from, to: h.month.to };
    return {
      week: { current: week, previous: previousWeek(week) },
      month: { current: month, previous: previousMonth(month) },
      weeks: lastWeeks(week, TREND_WEEKS),
    };
  }, [h]);
  const pair: PeriodPair | null = pairs ? pairs[period] : null;

  const previousCases = useApi(pair ? () => casesApi.indicators(pair.previous) : null, pair?.previous);
  const ranking = useApi(() => dashboardApi.ranking(period), period);
  const letters = useApi(() => lettersApi.list({}));
  const evaluation = useApi(
    pair
      ? () =>
          Promise.all([resultsApi.index(resultsPeriod(pair.current)), resultsApi.index(resultsPeriod(pair.previous))]).then(
            ([current, previous]) => ({ current, previous }),
          )
      : null,
    pair,
  );
  const weakPoints = useApi(pair ? () => resultsApi.rates({ ...resultsPeriod(pair.current), groupBy: 'point' }) : null, pair?.current);
  const weeks = pairs?.weeks ?? null;
  const caseTrend = useApi(weeks ? () => Promise.all(weeks.map((w) => casesApi.indicators(w))) : null, weeks);
  const evalTrend = useApi(
    weeks
      ? () => resultsApi.trend({ from: weeks[0]!.from, to: resultsPeriod(weeks[weeks.length - 1]!).to, bucket: 'week', groupBy: 'all' })
      : null,
    weeks,
  );

  return { headline, pair, weeks, previousCases, ranking, letters, evaluation, weakPoints, caseTrend, evalTrend };
}

export type Cockpit = ReturnType<typeof useCockpit>;
