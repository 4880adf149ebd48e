import { sql } from 'kysely';
import { FACT_FIELDS, zeroFacts, type FactVector } from '../../domain/cases/indicators.js';
import { SENT_STATUSES } from '../../domain/letters/rules.js';
import type { Executor } from '../database.js';
import { dispatchedBefore, dispatchedWithin, owedNow } from './case-index-hints.js';

/** Aggregates columns in FACT_FIELDS order. */
const COLUMNS = [
  'dispatched',
  'handled',
  'handled_on_time',
  'closed',
  'closed_on_time',
  'reopened',
  'extended',
  'suspended',
  'rerouted',
] as const;

/** A unit as the dashboards name it. */
export interface DashboardUnit {
  id: number;
  code: string;
  name: string;
  kind: string;
  path: string;
}

/** Reads of the dashboards; each one's cost follows the units and days asked for, not the history. */
export const dashboardRepository = {
  /** Every unit (a city has hundreds): the scope and the names of a ranking. */
  async units(db: Executor): Promise<DashboardUnit[]> {
    return db.selectFrom('units').select(['id', 'code', 'name', 'kind', 'path']).orderBy('id').execute();
  },

  /**
   * Summed facts per unit over cohort days [fromDay, toDay] from the maintained
   * aggregates, for the given units or (null) all of them. Reads the period's rows
   * through case_aggregates_day_idx (day first, facts included): the cost follows the
   * units × days of the period, not the history.
   */
  async factsByUnit(db: Executor, unitIds: number[] | null, fromDay: string, toDay: string): Promise<Map<number, FactVector>> {
    const out = new Map<number, FactVector>();
    const read = async (ids: number[] | null): Promise<void> => {
      let q = db
        .selectFrom('case_aggregates')
        .select((eb) => ['unit_id', ...COLUMNS.map((c, k) => eb.fn.sum<number>(c).as(FACT_FIELDS[k]!))])
        .where('day', '>=', fromDay)
        .where('day', '<=', toDay);
      if (ids) q = q.where('unit_id', 'in', ids);
      for (const r of (await q.groupBy('unit_id').execute()) as Record<string, unknown>[]) {
        const v = zeroFacts();
        for (const f of FACT_FIELDS) v[f] = Number(r[f] ?? 0);
        out.set(Number(r.unit_id), v);
      }
    };
    if (unitIds === null) await read(null);
    // Bounded batches keep the statement within every engine's parameter limit.
    else for (let i = 0; i < unitIds.length; i += 1000) await read(unitIds.slice(i, i + 1000));
    return out;
  },

  /**
   * Cases the unit owes past their deadline at `asOf`, per assigned unit, optionally
   * only those first dispatched in [from, to) (ISO instants). Reads the owed-deadline
   * index: its cost follows the overdue cases.
   */
  async overdueByUnit(db: Executor, asOf: string, bounds?: [string, string]): Promise<Map<number, number>> {
    let q = db
      .selectFrom('cases')
      .select(['assigned_unit_id', sql<number>`count(*)`.as('n')])
      .where('owed_deadline', '<', asOf)
      .where('assigned_unit_id', 'is not', null);
    if (bounds) q = q.where(dispatchedWithin(bounds[0], bounds[1]));
    const rows = await q.groupBy('assigned_unit_id').execute();
    return new Map(rows.map((r) => [Number(r.assigned_unit_id), Number(r.n)]));
  },

  /**
   * Per assigned unit: the cases first dispatched before `before` (an ISO instant) that
   * the unit still owes work on, and how many of them are past their deadline at
   * `asOf`. Reads the owed-deadline index (only owed cases have one): its cost follows
   * the open cases, not the history.
   */
  async backlogByUnit(db: Executor, asOf: string, before: string): Promise<Map<number, { owed: number; overdue: number }>> {
    const rows = await db
      .selectFrom('cases')
      .select([
        'assigned_unit_id',
        sql<number>`count(*)`.as('owed'),
        sql<number>`sum(case when owed_deadline < ${asOf} then 1 else 0 end)`.as('overdue'),
      ])
      .where(owedNow())
      .where('assigned_unit_id', 'is not', null)
      .where(dispatchedBefore(before))
      .groupBy('assigned_unit_id')
      .execute();
    return new Map(rows.map((r) => [Number(r.assigned_unit_id), { owed: Number(r.owed), overdue: Number(r.overdue ?? 0) }]));
  },
  /**
   * Summed facts per cohort day over [fromDay, toDay] (all units or the given ones): the
   * cockpit's trend. The same range read of case_aggregates_day_idx as {@link factsByUnit}.
   */
  async factsByDay(db: Executor, unitIds: number[] | null, fromDay: string, toDay: string): Promise<Map<string, FactVector>> {
    const out = new Map<string, FactVector>();
    const read = async (ids: number[] | null): Promise<void> => {
      let q = db
        .selectFrom('case_aggregates')
        .select((eb) => ['day', ...COLUMNS.map((c, k) => eb.fn.sum<number>(c).as(FACT_FIELDS[k]!))])
        .where('day', '>=', fromDay)
        .where('day', '<=', toDay);
      if (ids) q = q.where('unit_id', 'in', ids);
      for (const r of (await q.groupBy('day').execute()) as Record<string, unknown>[]) {
        const day = String(r.day);
        const v = out.get(day) ?? zeroFacts();
        for (const f of FACT_FIELDS) v[f] += Number(r[f] ?? 0);
        out.set(day, v);
      }
    };
    if (unitIds === null) await read(null);
    else for (let i = 0; i < unitIds.length; i += 1000) await read(unitIds.slice(i, i + 1000));
    return out;
  },

  /**
   * Letters issued in [from, to) (ISO instants) that are about or addressed to the given
   * units (null = all), as the letters list counts them: sent ones (in force or withdrawn
   * since), and those still issued and not signed for. A range read of letters_issued_at_idx
   * (migration 0014): its cost follows the period's letters.
   */
  async letterCounts(db: Executor, unitIds: number[] | null, from: string, to: string): Promise<{ issued: number; unsigned: number }> {
    let q = db
      .selectFrom('letters')
      .select([
        sql<number>`count(*)`.as('issued'),
        sql<number>`sum(case when status = 'issued' and signed_at is null then 1 else 0 end)`.as('unsigned'),
      ])
      .where('issued_at', '>=', from)
      .where('issued_at', '<', to)
      .where('status', 'in', [...SENT_STATUSES]);
    if (unitIds) {
      const ids = unitIds.length ? unitIds : [-1];
      q = q.where((eb) => eb.or([eb('unit_id', 'in', ids), eb('sign_unit_id', 'in', ids)]));
    }
    const r = await q.executeTakeFirstOrThrow();
    return { issued: Number(r.issued ?? 0), unsigned: Number(r.unsigned ?? 0) };
  },
};
