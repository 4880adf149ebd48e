import { sql, type RawBuilder } from 'kysely';

/**
 * `first_dispatched_at < before`, written so that no engine reads it through
 * cases_first_dispatched_idx. Open-ended, the condition matches nearly the whole history;
 * beside a selective condition (owed work, closed since a date) SQLite without statistics
 * still picked that index and scanned every case ever dispatched (the dashboard's p95 grew
 * ~100× from 10k to 100k cases). As an expression it is only a filter on the rows the
 * selective index finds. A case never dispatched compares as not before (as NULL would).
 */
export function dispatchedBefore(before: string): RawBuilder<boolean> {
  return sql<boolean>`coalesce(first_dispatched_at, ${before}) < ${before}`;
}

/**
 * `owed_deadline is not null` as a range SQLite reads through cases_owed_deadline_idx:
 * without statistics it answers IS NOT NULL by scanning the table, but a range over the
 * index it takes. Deadlines are ISO instants, never empty, so the two mean the same.
 */
export function owedNow(): RawBuilder<boolean> {
  return sql<boolean>`owed_deadline > ''`;
}

/**
 * `from <= first_dispatched_at < to` as a filter only, for beside the owed-deadline range:
 * SQLite without statistics took cases_first_dispatched_idx for a two-sided range and read
 * every case dispatched in the period (a month at 100k: 90 ms) to find the few overdue ones.
 */
export function dispatchedWithin(from: string, to: string): RawBuilder<boolean> {
  return sql<boolean>`coalesce(first_dispatched_at, '') >= ${from} and coalesce(first_dispatched_at, '') < ${to}`;
}
