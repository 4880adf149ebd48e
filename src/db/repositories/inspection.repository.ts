import { sql, type Selectable } from 'kysely';
import type { Executor } from '../database.js';
import type { InspectionAnswersTable, InspectionPlansTable, InspectionsTable, PlanPointsTable } from '../schema.js';

export type PlanRow = Selectable<InspectionPlansTable>;
export type PlanPointRow = Selectable<PlanPointsTable>;
export type InspectionRow = Selectable<InspectionsTable>;
export type AnswerRow = Selectable<InspectionAnswersTable>;

/** Queries of plans, their points, inspections and answers. */
export const inspectionRepository = {
  async insertPlan(db: Executor, row: Omit<PlanRow, 'id'>): Promise<number> {
    return (await db.insertInto('inspection_plans').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },

  async insertPlanPoints(db: Executor, rows: Omit<PlanPointRow, 'id'>[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 200)
      await db
        .insertInto('plan_points')
        .values(rows.slice(i, i + 200))
        .execute();
  },

  async plan(db: Executor, id: number): Promise<PlanRow | undefined> {
    return db.selectFrom('inspection_plans').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async plans(db: Executor): Promise<PlanRow[]> {
    return db.selectFrom('inspection_plans').selectAll().orderBy('id', 'desc').execute();
  },

  async planPoints(db: Executor, planId: number): Promise<PlanPointRow[]> {
    return db.selectFrom('plan_points').selectAll().where('plan_id', '=', planId).orderBy('id').execute();
  },

  /** The inspector's plan points in plans whose period contains `day` (YYYY-MM-DD, China time). */
  async assignedOn(
    db: Executor,
    inspectorId: number,
    day: string,
  ): Promise<(PlanPointRow & { framework_id: number; period_from: string; period_to: string })[]> {
    return db
      .selectFrom('plan_points')
      .innerJoin('inspection_plans', 'inspection_plans.id', 'plan_points.plan_id')
      .select([
        'plan_points.id',
        'plan_points.plan_id',
        'plan_points.checkpoint_id',
        'plan_points.reasons',
        'plan_points.inspector_id',
        'inspection_plans.framework_id',
        'inspection_plans.period_from',
        'inspection_plans.period_to',
      ])
      .where('plan_points.inspector_id', '=', inspectorId)
      .where('inspection_plans.period_from', '<=', day)
      .where('inspection_plans.period_to', '>=', day)
      .orderBy('plan_points.plan_id', 'desc')
      .execute();
  },

  /** The inspector's inspections in the given plans: which point, for which plan, recorded when. */
  async inspectedIn(
    db: Executor,
    inspectorId: number,
    planIds: number[],
  ): Promise<{ plan_id: number; checkpoint_id: number; started_at: string }[]> {
    if (!planIds.length) return [];
    return db
      .selectFrom('inspections')
      .select(['plan_id', 'checkpoint_id', 'started_at'])
      .where('inspector_id', '=', inspectorId)
      .where('plan_id', 'in', planIds)
      .execute();
  },

  async byKey(db: Executor, key: string): Promise<InspectionRow | undefined> {
    return db.selectFrom('inspections').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
  },

  async byId(db: Executor, id: number): Promise<InspectionRow | undefined> {
    return db.selectFrom('inspections').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async insert(db: Executor, row: Omit<InspectionRow, 'id'>): Promise<number> {
    return (await db.insertInto('inspections').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },

  async insertAnswers(db: Executor, rows: Omit<AnswerRow, 'id'>[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 200)
      await db
        .insertInto('inspection_answers')
        .values(rows.slice(i, i + 200))
        .execute();
  },

  async answers(db: Executor, inspectionIds: number[]): Promise<AnswerRow[]> {
    if (inspectionIds.length === 0) return [];
    const out: AnswerRow[] = [];
    for (let i = 0; i < inspectionIds.length; i += 500) {
      out.push(
        ...(await db
          .selectFrom('inspection_answers')
          .selectAll()
          .where('inspection_id', 'in', inspectionIds.slice(i, i + 500))
          .orderBy('id')
          .execute()),
      );
    }
    return out;
  },

  async setAnswerCase(db: Executor, answerId: number, caseId: number): Promise<void> {
    await db.updateTable('inspection_answers').set({ case_id: caseId }).where('id', '=', answerId).where('case_id', 'is', null).execute();
  },

  /** Inspections started in [from, to) (ISO instants), optionally of one framework. */
  /**
   * What evaluation figures depend on besides their period, as one string: the newest
   * inspection (inspections are appended, never edited; a late offline one still gets a new
   * id), the latest edit of a check point and of a unit (who is responsible, where it lies),
   * and the campaign's settings (the index weights). Four index or small-table reads.
   */
  async figuresMarker(db: Executor, campaignId: number | null): Promise<string> {
    const r = await sql<{ i: number | null; p: string | null; u: string | null; c: string | null }>`
      select (select max(id) from inspections) as i,
             (select max(updated_at) from checkpoints) as p,
             (select max(updated_at) from units) as u,
             (select coalesce(updated_at, created_at) from campaigns where id = ${campaignId ?? -1}) as c`.execute(db);
    const row = r.rows[0];
    return [row?.i ?? 0, row?.p ?? '', row?.u ?? '', row?.c ?? ''].join('|');
  },

  async inPeriod(db: Executor, from: string, to: string, frameworkId?: number): Promise<InspectionRow[]> {
    let q = db.selectFrom('inspections').selectAll().where('started_at', '>=', from).where('started_at', '<', to);
    if (frameworkId !== undefined) q = q.where('framework_id', '=', frameworkId);
    return q.orderBy('started_at').execute();
  },
};
