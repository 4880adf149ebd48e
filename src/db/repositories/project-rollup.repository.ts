import { sql } from 'kysely';
import { PROJECT_STAGES } from '../../shared/project-enums.js';
import type { Executor } from '../database.js';
import type { ProjectScopeFilter } from './project.repository.js';

/**
 * One project as the roll-ups read it as of a day: where it sits, its investment (wan-cents) and,
 * from its confirmed stage records dated on or before the day, the furthest stage reached
 * (`stage_rank`, the index in PROJECT_STAGES; null: none) and the day it was signed (`signed_on`).
 */
export interface RollupRow {
  id: number;
  county_unit_id: number;
  industry_chain: string | null;
  work_team_unit_id: number | null;
  level: string;
  category: string;
  investment: number;
  stage_rank: number | null;
  signed_on: string | null;
  lon: number | null;
  lat: number | null;
  name: string;
}

/** Which projects a roll-up reads: in scope, of a county subtree, and present on the day. */
export interface RollupQuery {
  scope: ProjectScopeFilter;
  /** Path of a county / district: only its projects. */
  countyPath?: string;
  /** The as-of day (China day). */
  asOf: string;
  /** The instant the day after `asOf` begins (China midnight, ISO): registered or terminated before it counts. */
  endOfDay: string;
}

// The stage's index as SQL, so the furthest stage is one max() over the records.
const RANK = sql<number>`case s.stage ${sql.join(
  PROJECT_STAGES.map((st, i) => sql`when ${sql.lit(st)} then ${sql.lit(i)}`),
  sql` `,
)} end`;
const SIGNED = PROJECT_STAGES.indexOf('signed');

/** Queries of the project roll-ups (issue 14 point 7). */
export const projectRollupRepository = {
  /**
   * Every project in scope present on the day: registered by its end or with a confirmed stage
   * dated by then, and not terminated by its end. The stage columns come from one grouped pass
   * over the confirmed records dated on or before the day (index project_stage_records_rollup_idx).
   */
  async rows(db: Executor, q: RollupQuery): Promise<RollupRow[]> {
    const { scope } = q;
    if (!scope.all && !scope.countyPaths.length && !scope.workTeamPaths.length && scope.memberUserId === null) return [];
    const stages = db
      .selectFrom('project_stage_records as s')
      .where('s.status', '=', 'confirmed')
      .where('s.actual_date', '<=', q.asOf)
      .groupBy('s.project_id')
      .select([
        's.project_id',
        sql<number>`max(${RANK})`.as('stage_rank'),
        // 签约's own record first, else the first day at a later stage (rates.ts signedOn).
        sql<
          string | null
        >`coalesce(min(case when s.stage = 'signed' then s.actual_date end), min(case when ${RANK} > ${sql.lit(SIGNED)} then s.actual_date end))`.as(
          'signed_on',
        ),
      ]);
    let sel = db
      .selectFrom('projects as p')
      .innerJoin('units as c', 'c.id', 'p.county_unit_id')
      .leftJoin('units as t', 't.id', 'p.work_team_unit_id')
      .leftJoin(stages.as('x'), 'x.project_id', 'p.id')
      .select([
        'p.id',
        'p.county_unit_id',
        'p.industry_chain',
        'p.work_team_unit_id',
        'p.level',
        'p.category',
        'p.total_investment_wan_cents as investment',
        'x.stage_rank',
        'x.signed_on',
        'p.lon',
        'p.lat',
        'p.name',
      ])
      .where((eb) => eb.or([eb('p.created_at', '<', q.endOfDay), eb('x.stage_rank', 'is not', null)]))
      .where((eb) => eb.or([eb('p.terminated_at', 'is', null), eb('p.terminated_at', '>=', q.endOfDay)]));
    if (!scope.all) {
      const memberUserId = scope.memberUserId;
      sel = sel.where((eb) =>
        eb.or([
          ...scope.countyPaths.map((p) => eb('c.path', 'like', `${p}%`)),
          ...scope.workTeamPaths.map((p) => eb('t.path', 'like', `${p}%`)),
          ...(memberUserId !== null
            ? [
                eb.exists(
                  eb
                    .selectFrom('project_members as m')
                    .select('m.user_id')
                    .whereRef('m.project_id', '=', 'p.id')
                    .where('m.user_id', '=', memberUserId),
                ),
              ]
            : []),
        ]),
      );
    }
    if (q.countyPath) sel = sel.where('c.path', 'like', `${q.countyPath}%`);
    const rows = await sel.orderBy('p.id').execute();
    return rows.map((r) => ({
      ...r,
      id: Number(r.id),
      investment: Number(r.investment),
      stage_rank: r.stage_rank === null ? null : Number(r.stage_rank),
    }));
  },

  /** Batch ids of each project among `ids` (batches of any day: a batch is an event, not a state). */
  async batchesOf(db: Executor, ids: readonly number[]): Promise<Map<number, number[]>> {
    const out = new Map<number, number[]>();
    if (!ids.length) return out;
    const rows = await db.selectFrom('project_batch_items').select(['project_id', 'batch_id']).orderBy('project_id').execute();
    const wanted = new Set(ids);
    for (const r of rows) if (wanted.has(r.project_id)) out.set(r.project_id, [...(out.get(r.project_id) ?? []), Number(r.batch_id)]);
    return out;
  },

  /** Names of units by id (counties, work teams). */
  async unitNames(db: Executor, ids: readonly number[]): Promise<Map<number, string>> {
    if (!ids.length) return new Map();
    const rows = await db
      .selectFrom('units')
      .select(['id', 'name'])
      .where('id', 'in', [...new Set(ids)])
      .execute();
    return new Map(rows.map((r) => [Number(r.id), r.name]));
  },

  /** Batches by id with their county's name, period and day. */
  async batchInfo(
    db: Executor,
    ids: readonly number[],
  ): Promise<Map<number, { name: string; county_name: string; county_unit_id: number; seq: number; event_date: string }>> {
    if (!ids.length) return new Map();
    const rows = await db
      .selectFrom('project_batches as b')
      .innerJoin('units as c', 'c.id', 'b.county_unit_id')
      .select(['b.id', 'b.name', 'c.name as county_name', 'b.county_unit_id', 'b.seq', 'b.event_date'])
      .where('b.id', 'in', [...new Set(ids)])
      .execute();
    return new Map(rows.map((r) => [Number(r.id), r]));
  },
};

/** Completed investment of the year and the annual plan, summed over projects (wan-cents). */
export interface YearInvestmentFigures {
  completedWanCents: number;
  planWanCents: number;
}

/**
 * Where the roll-ups read investment from: the monthly reports (issue 14 point 4, migration
 * 0019_project_investment) plug in here. `yearFigures` sums, over `projectIds`, what was completed
 * from 1 January of asOf's year through the reports of months up to asOf's month, and the annual
 * plans of that year; null when there are no investment records to read at all.
 */
export interface ProjectInvestmentSource {
  yearFigures(db: Executor, projectIds: readonly number[], asOf: string): Promise<YearInvestmentFigures | null>;
}

/** The source while the investment module is absent: no figures (the roll-ups show null). */
export const noInvestmentReports: ProjectInvestmentSource = {
  async yearFigures() {
    return null;
  },
};
