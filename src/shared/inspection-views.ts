/**
 * Wire shapes of the inspector's day (GET /api/inspections/mine), shared by server and web.
 */

/** Where today's list sits in the plan: the plan is split into walkable day routes. */
export interface TodayRouteSummary {
  /** The China day the list is for (YYYY-MM-DD). */
  day: string;
  /** 1-based day of the plan period (of the newest plan when several run); null when no plan runs. */
  dayNumber: number | null;
  /** Days in the plan period. */
  periodDays: number;
  /** Day routes the inspector's share was split into (≤ periodDays unless points are unscheduled). */
  routeDays: number;
  /** All points assigned to the inspector for the period. */
  planPoints: number;
  /** The campaign's limit per day route. */
  maxPointsPerDay: number;
  /** Points of routes beyond the last day of the period (more points than the period can hold). */
  unscheduled: number;
  /** A spare day after the routes: today's list is what is not yet inspected (at most the limit). */
  catchUp: boolean;
}

/** One point of today's route. */
export interface MyPointItem<P> {
  point: P;
  planId: number;
  frameworkId: number;
  reasons: string[];
  distanceM: number | null;
  /** Inspected today by this inspector (recorded today, China time, and received by the server). */
  done: boolean;
}
