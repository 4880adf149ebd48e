import { sql, type Insertable, type RawBuilder, type Selectable } from 'kysely';
import { signedOn } from '../../domain/projects/rates.js';
import { INDUSTRIAL_CATEGORIES, stageSpans } from '../../domain/projects/rollups.js';
import type { StageRecord } from '../../domain/projects/stages.js';
import { PROJECT_STAGES, type ProjectStage } from '../../shared/project-enums.js';
import { SIZE_BAND_MIN_WAN, SIZE_BANDS, type RollupDimension } from '../../shared/project-rollup-enums.js';
import { dataVersionRepository } from './data-version.repository.js';
import type { Executor } from '../database.js';
import type { ProjectStageSpansTable } from '../schema.js';
import type { ProjectScopeFilter } from './project.repository.js';

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

/** Which projects a roll-up takes (domain RollupFilter; amounts wan-cents, days inclusive). */
export interface RollupSqlFilter {
  signedFrom?: string;
  signedTo?: string;
  minInvestment?: number;
  industrial?: boolean;
  underConstruction?: boolean;
}

/** One group as SQL sums it; `key` as the dimension gives it (an id, a value, a stage index, a band), null for none. */
export interface RollupSqlGroup {
  key: string | number | null;
  count: number;
  investment: number;
  under_construction: number;
  producing: number;
}

/** The rules of src/domain/projects/rollups.ts as SQL, built from the same constants. */
const UNDER_CONSTRUCTION = [PROJECT_STAGES.indexOf('started'), PROJECT_STAGES.indexOf('partly_producing')];
const PRODUCING = PROJECT_STAGES.indexOf('producing');
const inList = (xs: readonly (string | number)[]) => sql.join(xs.map((x) => sql.lit(x)));
const SIZE = sql<string>`case ${sql.join(
  [...SIZE_BANDS].reverse().map((b) => sql`when p.total_investment_wan_cents >= ${sql.lit(SIZE_BAND_MIN_WAN[b] * 100)} then ${sql.lit(b)}`),
  sql` `,
)} end`;

/**
 * The projects in scope present on the day (registered by its end or with a confirmed stage
 * dated by then, and not terminated by its end), filtered, with the stage index as of the day
 * as `x_rank`; the base of every roll-up query.
 */
function present(db: Executor, q: RollupQuery, f: RollupSqlFilter = {}) {
  const { scope } = q;
  const rank = sql<number | null>`d.stage_rank`;
  // No joins: the scope and the county are `in (select id from units …)`, so a leader's roll-up reads projects and their days only.
  const unitsUnder = (paths: string[]) =>
    db
      .selectFrom('units as u')
      .select('u.id')
      .where((eb) => eb.or(paths.map((path) => eb('u.path', 'like', `${path}%`))));
  let sel = db
    .selectFrom('projects as p')
    // The one span holding the day (none before the project's first confirmed record).
    .leftJoin('project_stage_spans as d', (join) =>
      join
        .onRef('d.project_id', '=', 'p.id')
        .on('d.from_day', '<=', q.asOf)
        .on((eb) => eb.or([eb('d.to_day', 'is', null), eb('d.to_day', '>', q.asOf)])),
    )
    .where((eb) => eb.or([eb('p.created_at', '<', q.endOfDay), eb('d.project_id', 'is not', null)]))
    .where((eb) => eb.or([eb('p.terminated_at', 'is', null), eb('p.terminated_at', '>=', q.endOfDay)]));
  if (!scope.all) {
    const memberUserId = scope.memberUserId;
    sel = sel.where((eb) =>
      eb.or([
        ...(scope.countyPaths.length ? [eb('p.county_unit_id', 'in', unitsUnder(scope.countyPaths))] : []),
        ...(scope.workTeamPaths.length ? [eb('p.work_team_unit_id', 'in', unitsUnder(scope.workTeamPaths))] : []),
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
  if (q.countyPath) sel = sel.where('p.county_unit_id', 'in', unitsUnder([q.countyPath]));
  // Signed within the period and by the day (rates.ts signedOn over the records dated by then).
  if (f.signedFrom !== undefined || f.signedTo !== undefined) sel = sel.where('d.signed_on', '<=', q.asOf);
  if (f.signedFrom !== undefined) sel = sel.where('d.signed_on', '>=', f.signedFrom);
  if (f.signedTo !== undefined) sel = sel.where('d.signed_on', '<=', f.signedTo);
  if (f.minInvestment !== undefined) sel = sel.where('p.total_investment_wan_cents', '>=', f.minInvestment);
  if (f.industrial) sel = sel.where(sql<boolean>`p.category in (${inList(INDUSTRIAL_CATEGORIES)})`);
  if (f.underConstruction) sel = sel.where(sql<boolean>`${rank} in (${inList(UNDER_CONSTRUCTION)})`);
  return { sel, rank };
}

/** Each dimension's group key in SQL (domain keysOf; null stands for none). */
function keyOf(by: RollupDimension, rank: RawBuilder<number | null>): RawBuilder<string | number | null> {
  switch (by) {
    case 'county':
      return sql`p.county_unit_id`;
    case 'chain':
      return sql`nullif(p.industry_chain, '')`;
    case 'team':
      return sql`p.work_team_unit_id`;
    case 'level':
      return sql`p.level`;
    case 'category':
      return sql`p.category`;
    case 'size':
      return SIZE;
    case 'stage':
      return rank;
    case 'batch':
      return sql`bi.batch_id`;
  }
}

const nothingInScope = (s: ProjectScopeFilter) => !s.all && !s.countyPaths.length && !s.workTeamPaths.length && s.memberUserId === null;
const num = (v: unknown) => Number(v ?? 0);

/** Queries of the project roll-ups (issue 14 point 7). */
export const projectRollupRepository = {
  /**
   * Recomputes project_stage_spans of `projectIds` (every project when null) from their confirmed
   * records with the domain's stageSpans and signedOn: called in the transaction that decides a
   * record, and as a full recompute.
   */
  async refreshStageSpans(db: Executor, projectIds: readonly number[] | null): Promise<void> {
    if (projectIds !== null && !projectIds.length) return;
    const ids = projectIds === null ? null : [...new Set(projectIds)];
    let del = db.deleteFrom('project_stage_spans');
    if (ids) del = del.where('project_id', 'in', ids);
    await del.execute();
    let q = db
      .selectFrom('project_stage_records')
      .select(['project_id', 'stage', 'actual_date', 'status'])
      .where('status', '=', 'confirmed')
      .orderBy('project_id')
      .orderBy('actual_date')
      .orderBy('id');
    if (ids) q = q.where('project_id', 'in', ids);
    const byProject = new Map<number, StageRecord[]>();
    for (const r of await q.execute()) {
      const list = byProject.get(Number(r.project_id)) ?? [];
      list.push({ stage: r.stage as ProjectStage, actualDate: r.actual_date, status: 'confirmed' });
      byProject.set(Number(r.project_id), list);
    }
    const rows: Insertable<ProjectStageSpansTable>[] = [];
    for (const [projectId, records] of byProject) {
      const signed = signedOn(records);
      for (const span of stageSpans(records))
        rows.push({
          project_id: projectId,
          from_day: span.from,
          to_day: span.to,
          stage_rank: PROJECT_STAGES.indexOf(span.stage),
          signed_on: signed,
        });
    }
    for (let i = 0; i < rows.length; i += 500)
      await db
        .insertInto('project_stage_spans')
        .values(rows.slice(i, i + 500))
        .execute();
    await dataVersionRepository.bump(db, 'project_rollups');
  },

  /** Every stored span, by project and day (to check them against a recompute). */
  async stageSpans(db: Executor): Promise<Selectable<ProjectStageSpansTable>[]> {
    return db.selectFrom('project_stage_spans').selectAll().orderBy('project_id').orderBy('from_day').execute();
  },

  /**
   * The projects grouped on `by` (null: one group of all), each group's count, Σ investment and
   * how many were 在建 / 投产 on the day — the domain's rollUp in SQL, so that 10 000 projects
   * are summed where they lie. On `batch` a project is in each of its batches (key null: none).
   */
  async groups(db: Executor, q: RollupQuery, by: RollupDimension | null, f: RollupSqlFilter = {}): Promise<RollupSqlGroup[]> {
    if (nothingInScope(q.scope)) return [];
    const { sel, rank } = present(db, q, f);
    const key = by === null ? sql<null>`null` : keyOf(by, rank);
    const base = by === 'batch' ? sel.leftJoin('project_batch_items as bi', 'bi.project_id', 'p.id') : sel;
    const rows = await base
      .select([
        key.as('k'),
        sql<number>`count(*)`.as('n'),
        sql<number>`coalesce(sum(p.total_investment_wan_cents), 0)`.as('inv'),
        sql<number>`coalesce(sum(case when ${rank} in (${inList(UNDER_CONSTRUCTION)}) then 1 else 0 end), 0)`.as('uc'),
        sql<number>`coalesce(sum(case when ${rank} >= ${sql.lit(PRODUCING)} then 1 else 0 end), 0)`.as('pr'),
      ])
      .groupBy(sql`1`)
      .execute();
    return rows.map((r) => ({
      key: r.k,
      count: num(r.n),
      investment: num(r.inv),
      under_construction: num(r.uc),
      producing: num(r.pr),
    }));
  },

  /** Ids of the projects a roll-up takes (for the investment figures of 在建工业项目). */
  async ids(db: Executor, q: RollupQuery, f: RollupSqlFilter): Promise<number[]> {
    if (nothingInScope(q.scope)) return [];
    const rows = await present(db, q, f).sel.select('p.id').orderBy('p.id').execute();
    return rows.map((r) => Number(r.id));
  },

  /**
   * The same projects as `ids`, as a subquery of their ids (null: none in scope), so that a
   * query over thousands of them takes the filter where it runs instead of an `in` list sent back.
   */
  idsQuery(db: Executor, q: RollupQuery, f: RollupSqlFilter): ProjectIdsQuery | null {
    if (nothingInScope(q.scope)) return null;
    return sql<number>`(${present(db, q, f).sel.select('p.id')})`;
  },

  /** The located projects with their stage index on the day, for the map. */
  async points(
    db: Executor,
    q: RollupQuery,
  ): Promise<{ id: number; name: string; lon: number; lat: number; investment: number; stage_rank: number | null }[]> {
    if (nothingInScope(q.scope)) return [];
    const { sel, rank } = present(db, q);
    const rows = await sel
      .where('p.lon', 'is not', null)
      .where('p.lat', 'is not', null)
      .select(['p.id', 'p.name', 'p.lon', 'p.lat', 'p.total_investment_wan_cents as investment', rank.as('stage_rank')])
      .orderBy('p.id')
      .execute();
    return rows.map((r) => ({
      id: Number(r.id),
      name: r.name,
      lon: Number(r.lon),
      lat: Number(r.lat),
      investment: Number(r.investment),
      stage_rank: r.stage_rank === null ? null : Number(r.stage_rank),
    }));
  },

  /**
   * The version of everything a roll-up reads: the `project_rollups` counter (migration 0023),
   * bumped in the same transaction by every repository write of projects, their people, batches
   * and batch items, stage records and spans, annual plans and monthly reports — and the highest
   * project id, which moves when projects are emptied or loaded outside those functions (the demo
   * reset). Two index lookups instead of counts and sums over 120 000 reports. Equal versions mean
   * equal roll-ups, so an answer may be reused. Unit renames are not in it: a renamed county shows
   * under its old name until the next project write.
   */
  async dataVersion(db: Executor): Promise<string> {
    const r = await sql<Record<string, unknown>>`select
      (select version from data_versions where name = 'project_rollups') as v,
      (select max(id) from projects) as p`.execute(db);
    return Object.values(r.rows[0] ?? {})
      .map((v) => String(v))
      .join(':');
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
  yearFigures(db: Executor, projectIds: ProjectIdSet, asOf: string): Promise<YearInvestmentFigures | null>;
}

/** A subquery selecting project ids (projectRollupRepository.idsQuery). */
export type ProjectIdsQuery = RawBuilder<number>;

/** Projects as a list of ids, or as a subquery of them (taken where the query runs). */
export type ProjectIdSet = readonly number[] | ProjectIdsQuery;

/** The source while the investment module is absent: no figures (the roll-ups show null). */
export const noInvestmentReports: ProjectInvestmentSource = {
  async yearFigures() {
    return null;
  },
};
