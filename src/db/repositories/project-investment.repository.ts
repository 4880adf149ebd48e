import type { Insertable } from 'kysely';
import { dataVersionRepository } from './data-version.repository.js';
import type { Executor } from '../database.js';
import type { ProjectIdSet, ProjectIdsQuery, ProjectInvestmentSource } from './project-rollup.repository.js';
import type { ProjectInvestmentPlanRow, ProjectInvestmentReportRow, ProjectInvestmentReportsTable } from '../schema.js';

/** A report version with the name of who filed it. */
export type ReportRead = ProjectInvestmentReportRow & { submitted_by_name: string | null };

/** A project as the lapse lists and the sweep need it. */
export interface ReportingProjectRead {
  id: number;
  code: string;
  name: string;
  county_unit_id: number;
  county_name: string;
  county_path: string;
  work_team_path: string | null;
  status: string;
  created_at: string;
  terminated_at: string | null;
}

/** A letter linked to a lapse. */
export interface LapseLetterRead {
  letter_id: number;
  project_id: number;
  year: number;
  month: number;
  rung_key: string;
  type: string;
  number: string | null;
  status: string;
  unit_id: number;
  issued_at: string | null;
  reply_deadline: string | null;
  signed_at: string | null;
  returned_at: string | null;
}

const num = <T extends { [k: string]: unknown }>(r: T, ...keys: (keyof T)[]): T => {
  const out = { ...r };
  for (const k of keys) if (out[k] !== null && out[k] !== undefined) (out as Record<keyof T, unknown>)[k] = Number(out[k]);
  return out;
};

/** Annual plans, monthly reports with their versions and photos, and letters about missing reports (migration 0019). */
export const projectInvestmentRepository = {
  async plansOf(db: Executor, projectIds: number[]): Promise<ProjectInvestmentPlanRow[]> {
    if (!projectIds.length) return [];
    const rows = await db
      .selectFrom('project_investment_plans')
      .selectAll()
      .where('project_id', 'in', projectIds)
      .orderBy('project_id')
      .orderBy('year')
      .execute();
    return rows.map((r) => num(r, 'id', 'plan_wan_cents'));
  },

  async insertPlan(
    db: Executor,
    row: { project_id: number; year: number; plan_wan_cents: number; note: string | null; set_by: number; set_at: string },
  ) {
    await db.insertInto('project_investment_plans').values(row).execute();
    await dataVersionRepository.bump(db, 'project_rollups');
  },

  /** Conditional update on the version; false when another writer moved it. */
  async updatePlan(
    db: Executor,
    projectId: number,
    year: number,
    version: number,
    patch: { plan_wan_cents: number; note: string | null; set_by: number; set_at: string },
  ): Promise<boolean> {
    const r = await db
      .updateTable('project_investment_plans')
      .set((eb) => ({ ...patch, version: eb('version', '+', 1) }))
      .where('project_id', '=', projectId)
      .where('year', '=', year)
      .where('version', '=', version)
      .executeTakeFirst();
    await dataVersionRepository.bump(db, 'project_rollups');
    return Number(r.numUpdatedRows) === 1;
  },

  /** Every version of every month of a project, oldest month first, versions in order. */
  async reportsOf(db: Executor, projectId: number): Promise<ReportRead[]> {
    const rows = await db
      .selectFrom('project_investment_reports as r')
      .leftJoin('users as u', 'u.id', 'r.submitted_by')
      .selectAll('r')
      .select('u.display_name as submitted_by_name')
      .where('r.project_id', '=', projectId)
      .orderBy('r.year')
      .orderBy('r.month')
      .orderBy('r.version')
      .execute();
    return rows.map((r) => num(r, 'id', 'completed_wan_cents', 'opening_wan_cents'));
  },

  /** Inserts a version; the unique index refuses a second writer of the same version. */
  async insertReport(db: Executor, row: Insertable<ProjectInvestmentReportsTable>): Promise<number> {
    const r = await db.insertInto('project_investment_reports').values(row).returning('id').executeTakeFirstOrThrow();
    await dataVersionRepository.bump(db, 'project_rollups');
    return Number(r.id);
  },

  async addReportFiles(db: Executor, reportId: number, files: { fileId: number; name: string | null }[]): Promise<void> {
    if (files.length)
      await db
        .insertInto('project_report_files')
        .values(files.map((f) => ({ report_id: reportId, file_id: f.fileId, name: f.name })))
        .execute();
  },

  async reportFilesOf(
    db: Executor,
    reportIds: number[],
  ): Promise<Map<number, { id: number; name: string | null; mime: string; created_at: string }[]>> {
    const out = new Map<number, { id: number; name: string | null; mime: string; created_at: string }[]>();
    if (!reportIds.length) return out;
    const rows = await db
      .selectFrom('project_report_files as x')
      .innerJoin('files as f', 'f.id', 'x.file_id')
      .select(['x.report_id', 'f.id', 'x.name', 'f.mime', 'f.created_at'])
      .where('x.report_id', 'in', reportIds)
      .orderBy('f.id')
      .execute();
    for (const r of rows)
      out.set(r.report_id, [...(out.get(r.report_id) ?? []), { id: Number(r.id), name: r.name, mime: r.mime, created_at: r.created_at }]);
    return out;
  },

  /** Projects with a positive plan in a year from `fromYear` on: the ones that report monthly. */
  async reportingProjects(db: Executor, fromYear: number): Promise<ReportingProjectRead[]> {
    const rows = await db
      .selectFrom('projects as p')
      .innerJoin('units as c', 'c.id', 'p.county_unit_id')
      .leftJoin('units as t', 't.id', 'p.work_team_unit_id')
      .select([
        'p.id',
        'p.code',
        'p.name',
        'p.county_unit_id',
        'c.name as county_name',
        'c.path as county_path',
        't.path as work_team_path',
        'p.status',
        'p.created_at',
        'p.terminated_at',
      ])
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('project_investment_plans as pl')
            .select('pl.id')
            .whereRef('pl.project_id', '=', 'p.id')
            .where('pl.year', '>=', fromYear)
            .where('pl.plan_wan_cents', '>', 0),
        ),
      )
      .orderBy('p.code')
      .execute();
    return rows.map((r) => ({ ...r, id: Number(r.id) }));
  },

  /** Positive plans of years from `fromYear` on, per project. */
  async plannedYears(db: Executor, projectIds: number[], fromYear: number): Promise<Map<number, number[]>> {
    const out = new Map<number, number[]>();
    for (let i = 0; i < projectIds.length; i += 500) {
      const rows = await db
        .selectFrom('project_investment_plans')
        .select(['project_id', 'year'])
        .where('project_id', 'in', projectIds.slice(i, i + 500))
        .where('year', '>=', fromYear)
        .where('plan_wan_cents', '>', 0)
        .execute();
      for (const r of rows) out.set(r.project_id, [...(out.get(r.project_id) ?? []), r.year]);
    }
    return out;
  },

  /** When each month of the projects was first filed, keyed `year-MM`, per project. */
  async firstFilings(db: Executor, projectIds: number[], fromYear: number): Promise<Map<number, Map<string, Date>>> {
    const out = new Map<number, Map<string, Date>>();
    for (let i = 0; i < projectIds.length; i += 500) {
      const rows = await db
        .selectFrom('project_investment_reports')
        .select(['project_id', 'year', 'month', 'submitted_at'])
        .where('project_id', 'in', projectIds.slice(i, i + 500))
        .where('year', '>=', fromYear)
        .where('version', '=', 1)
        .execute();
      for (const r of rows) {
        const m = out.get(r.project_id) ?? new Map<string, Date>();
        m.set(`${r.year}-${String(r.month).padStart(2, '0')}`, new Date(r.submitted_at));
        out.set(r.project_id, m);
      }
    }
    return out;
  },

  /** Letters linked to lapses of the projects, oldest first. */
  async lapseLetters(db: Executor, projectIds: number[]): Promise<LapseLetterRead[]> {
    const out: LapseLetterRead[] = [];
    for (let i = 0; i < projectIds.length; i += 500) {
      const rows = await db
        .selectFrom('letter_report_lapses as x')
        .innerJoin('letters as l', 'l.id', 'x.letter_id')
        .select([
          'x.letter_id',
          'x.project_id',
          'x.year',
          'x.month',
          'x.rung_key',
          'l.type',
          'l.number',
          'l.status',
          'l.unit_id',
          'l.issued_at',
          'l.reply_deadline',
          'l.signed_at',
          'l.returned_at',
        ])
        .where('x.project_id', 'in', projectIds.slice(i, i + 500))
        .orderBy('x.letter_id')
        .execute();
      out.push(...rows.map((r) => ({ ...r, letter_id: Number(r.letter_id) })));
    }
    return out.sort((a, b) => a.letter_id - b.letter_id);
  },

  /** Links a letter of `rungKey` to lapses (the unique index refuses a second letter of the rung). */
  async linkLapses(db: Executor, letterId: number, rungKey: string, lapses: { projectId: number; year: number; month: number }[]) {
    if (lapses.length)
      await db
        .insertInto('letter_report_lapses')
        .values(lapses.map((l) => ({ letter_id: letterId, project_id: l.projectId, year: l.year, month: l.month, rung_key: rungKey })))
        .execute();
  },
};

const isIdList = (ids: ProjectIdSet): ids is readonly number[] => Array.isArray(ids);

/** `in` lists stay far below both engines' bound-parameter limits. */
const ID_CHUNK = 5000;

/**
 * The roll-ups' investment source (issue 14 points 4 and 7): over `projectIds` (ids, or the
 * roll-up's subquery of them), the annual plans
 * of asOf's year and what their latest report versions say was completed in that year's months
 * that had ended by the end of asOf (a month's figure is for the whole month, so a month still
 * running on asOf is not counted even when its report, filed later, exists). Null when none of
 * the projects has a plan or a report for the year: nothing to quote.
 */
export const projectInvestmentFigures: ProjectInvestmentSource = {
  async yearFigures(db, projectIds, asOf) {
    const year = Number(asOf.slice(0, 4));
    const m = Number(asOf.slice(5, 7));
    const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate();
    const month = Number(asOf.slice(8, 10)) === lastDay ? m : m - 1;
    let completed = 0;
    let plan = 0;
    let records = 0;
    // A subquery goes whole; a list in chunks that stay below the bound-parameter limits.
    const sets: (readonly number[] | ProjectIdsQuery)[] = [];
    if (isIdList(projectIds)) for (let i = 0; i < projectIds.length; i += ID_CHUNK) sets.push(projectIds.slice(i, i + ID_CHUNK));
    else sets.push(projectIds);
    for (const ids of sets) {
      if (isIdList(ids) && !ids.length) continue;
      const [done, planned] = await Promise.all([
        db
          .selectFrom('project_investment_reports as r')
          .select((eb) => [
            eb.fn.countAll<string | number>().as('n'),
            eb.fn.coalesce(eb.fn.sum<string | number>('r.completed_wan_cents'), eb.lit(0)).as('s'),
          ])
          .where('r.project_id', 'in', ids)
          .where('r.year', '=', year)
          .where('r.month', '<=', month)
          // Only the month's latest version counts; earlier versions are kept for the audit.
          .where((eb) =>
            eb(
              'r.version',
              '=',
              eb
                .selectFrom('project_investment_reports as v')
                .select((e) => e.fn.max('v.version').as('v'))
                .whereRef('v.project_id', '=', 'r.project_id')
                .whereRef('v.year', '=', 'r.year')
                .whereRef('v.month', '=', 'r.month'),
            ),
          )
          .executeTakeFirstOrThrow(),
        db
          .selectFrom('project_investment_plans')
          .select((eb) => [
            eb.fn.countAll<string | number>().as('n'),
            eb.fn.coalesce(eb.fn.sum<string | number>('plan_wan_cents'), eb.lit(0)).as('s'),
          ])
          .where('project_id', 'in', ids)
          .where('year', '=', year)
          .executeTakeFirstOrThrow(),
      ]);
      records += Number(done.n) + Number(planned.n);
      completed += Number(done.s);
      plan += Number(planned.s);
    }
    return records === 0 ? null : { completedWanCents: completed, planWanCents: plan };
  },
};
