import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../database.js';
import type { AssessmentAdjustmentsTable, AssessmentAppealsTable, AssessmentRunsTable } from '../schema.js';

/** A stored results run, with the names the replies show. */
export type AssessmentRunRowWithNames = Selectable<AssessmentRunsTable> & {
  campaign_name: string;
  model_version: number;
  model_name_json: string;
  computed_by_name: string | null;
  published_by_name: string | null;
};
export type AssessmentAdjustmentRowWithNames = Selectable<AssessmentAdjustmentsTable> & {
  unit_name: string;
  proposed_by_name: string | null;
  decided_by_name: string | null;
};
export type AssessmentAppealRowWithNames = Selectable<AssessmentAppealsTable> & {
  unit_name: string;
  period_key: string;
  created_by_name: string | null;
  decided_by_name: string | null;
};

/** The run columns without the snapshot (lists never read the explanations). */
const SUMMARY_COLUMNS = [
  'r.id',
  'r.campaign_id',
  'r.model_id',
  'r.period_kind',
  'r.period_key',
  'r.version',
  'r.status',
  'r.hash',
  'r.unit_count',
  'r.computed_by',
  'r.computed_at',
  'r.published_by',
  'r.published_at',
  'r.appeal_deadline',
  'r.corrects_run_id',
  'r.correction_reason',
  'r.superseded_by',
] as const;

function runs(db: Executor) {
  return db
    .selectFrom('assessment_runs as r')
    .innerJoin('campaigns as c', 'c.id', 'r.campaign_id')
    .innerJoin('assessment_models as m', 'm.id', 'r.model_id')
    .leftJoin('users as cu', 'cu.id', 'r.computed_by')
    .leftJoin('users as pu', 'pu.id', 'r.published_by')
    .select(SUMMARY_COLUMNS)
    .select([
      'c.name as campaign_name',
      'm.version as model_version',
      'm.model as model_name_json',
      'cu.display_name as computed_by_name',
      'pu.display_name as published_by_name',
    ]);
}

function adjustments(db: Executor) {
  return db
    .selectFrom('assessment_adjustments as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .leftJoin('users as pu', 'pu.id', 'a.proposed_by')
    .leftJoin('users as du', 'du.id', 'a.decided_by')
    .selectAll('a')
    .select(['u.name as unit_name', 'pu.display_name as proposed_by_name', 'du.display_name as decided_by_name']);
}

function appeals(db: Executor) {
  return db
    .selectFrom('assessment_appeals as p')
    .innerJoin('units as u', 'u.id', 'p.unit_id')
    .innerJoin('assessment_runs as r', 'r.id', 'p.run_id')
    .leftJoin('users as cu', 'cu.id', 'p.created_by')
    .leftJoin('users as du', 'du.id', 'p.decided_by')
    .selectAll('p')
    .select(['u.name as unit_name', 'r.period_key', 'cu.display_name as created_by_name', 'du.display_name as decided_by_name']);
}

/** Queries on results runs, 加减分 and appeals (issue 13). */
export const assessmentResultsRepository = {
  // --- runs -------------------------------------------------------------------------------

  async runById(db: Executor, id: number): Promise<AssessmentRunRowWithNames | undefined> {
    return runs(db).select('r.snapshot').where('r.id', '=', id).executeTakeFirst() as Promise<
      (AssessmentRunRowWithNames & { snapshot: string }) | undefined
    >;
  },

  /** Runs of a campaign, newest period first, then newest version; without snapshots. */
  async listRuns(
    db: Executor,
    q: { campaignId: number; periodKind?: string; periodKey?: string; status?: string },
  ): Promise<Omit<AssessmentRunRowWithNames, 'snapshot'>[]> {
    let query = runs(db).where('r.campaign_id', '=', q.campaignId);
    if (q.periodKind) query = query.where('r.period_kind', '=', q.periodKind);
    if (q.periodKey) query = query.where('r.period_key', '=', q.periodKey);
    if (q.status) query = query.where('r.status', '=', q.status);
    return query.orderBy('r.period_key', 'desc').orderBy('r.version', 'desc').limit(500).execute();
  },

  /** The latest published run of a kind of period (its id), or undefined. */
  async latestPublishedId(db: Executor, campaignId: number, periodKind: string, beforeKey?: string): Promise<number | undefined> {
    let q = db
      .selectFrom('assessment_runs')
      .select('id')
      .where('campaign_id', '=', campaignId)
      .where('period_kind', '=', periodKind)
      .where('status', '=', 'published');
    if (beforeKey !== undefined) q = q.where('period_key', '<', beforeKey);
    const r = await q.orderBy('period_key', 'desc').orderBy('version', 'desc').limit(1).executeTakeFirst();
    return r?.id;
  },

  /** The published run of one period (its id and snapshot), or undefined. */
  async publishedOf(db: Executor, campaignId: number, periodKey: string): Promise<{ id: number; snapshot: string } | undefined> {
    return db
      .selectFrom('assessment_runs')
      .select(['id', 'snapshot'])
      .where('campaign_id', '=', campaignId)
      .where('period_key', '=', periodKey)
      .where('status', '=', 'published')
      .executeTakeFirst();
  },

  async draftOf(db: Executor, campaignId: number, periodKey: string): Promise<{ id: number } | undefined> {
    return db
      .selectFrom('assessment_runs')
      .select('id')
      .where('campaign_id', '=', campaignId)
      .where('period_key', '=', periodKey)
      .where('status', '=', 'draft')
      .executeTakeFirst();
  },

  async maxVersion(db: Executor, campaignId: number, periodKey: string): Promise<number> {
    const r = await db
      .selectFrom('assessment_runs')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('campaign_id', '=', campaignId)
      .where('period_key', '=', periodKey)
      .executeTakeFirst();
    return Number(r?.v ?? 0);
  },

  async insertRun(db: Executor, r: Insertable<AssessmentRunsTable>): Promise<number> {
    return (await db.insertInto('assessment_runs').values(r).returning('id').executeTakeFirstOrThrow()).id;
  },

  /** Replaces a draft's computation; false when it is not a draft any more. */
  async replaceDraft(
    db: Executor,
    id: number,
    r: { model_id: number; snapshot: string; unit_count: number; computed_by: number | null; computed_at: string },
  ): Promise<boolean> {
    const res = await db.updateTable('assessment_runs').set(r).where('id', '=', id).where('status', '=', 'draft').executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },

  /** Freezes a draft; false when it was not a draft any more. */
  async publish(db: Executor, id: number, r: { hash: string; published_by: number; published_at: string; appeal_deadline: string }) {
    const res = await db
      .updateTable('assessment_runs')
      .set({ ...r, status: 'published' })
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },

  /** Marks a published run superseded by its corrected version (the snapshot is kept). */
  async supersede(db: Executor, id: number, by: number): Promise<boolean> {
    const res = await db
      .updateTable('assessment_runs')
      .set({ status: 'superseded', superseded_by: by })
      .where('id', '=', id)
      .where('status', '=', 'published')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },

  /** Deletes a draft (replaced by a corrected version computed on an appeal). */
  async discardDraft(db: Executor, id: number): Promise<void> {
    await db.deleteFrom('assessment_runs').where('id', '=', id).where('status', '=', 'draft').execute();
  },

  /** Records which run a recomputed version corrects (when HQ republishes a period). */
  async setCorrects(db: Executor, id: number, runId: number, reason: string): Promise<void> {
    await db
      .updateTable('assessment_runs')
      .set({ corrects_run_id: runId, correction_reason: reason })
      .where('id', '=', id)
      .where('corrects_run_id', 'is', null)
      .execute();
  },

  // --- adjustments ------------------------------------------------------------------------

  async insertAdjustment(db: Executor, r: Insertable<AssessmentAdjustmentsTable>): Promise<number> {
    return (await db.insertInto('assessment_adjustments').values(r).returning('id').executeTakeFirstOrThrow()).id;
  },

  async adjustmentById(db: Executor, id: number): Promise<AssessmentAdjustmentRowWithNames | undefined> {
    return adjustments(db).where('a.id', '=', id).executeTakeFirst();
  },

  async listAdjustments(
    db: Executor,
    q: { campaignId: number; periodKey?: string; status?: string },
  ): Promise<AssessmentAdjustmentRowWithNames[]> {
    let query = adjustments(db).where('a.campaign_id', '=', q.campaignId);
    if (q.periodKey) query = query.where('a.period_key', '=', q.periodKey);
    if (q.status) query = query.where('a.status', '=', q.status);
    return query.orderBy('a.id', 'desc').limit(1000).execute();
  },

  /** Approved adjustments of a campaign's period: the ones a compute counts. */
  async approvedFor(db: Executor, campaignId: number, periodKey: string) {
    return db
      .selectFrom('assessment_adjustments')
      .select(['id', 'unit_id', 'points_cents', 'reason', 'decided_by'])
      .where('campaign_id', '=', campaignId)
      .where('period_key', '=', periodKey)
      .where('status', '=', 'approved')
      .orderBy('id')
      .execute();
  },

  /** Decides a pending adjustment; false when it was decided meanwhile. */
  async decideAdjustment(
    db: Executor,
    id: number,
    r: { status: string; decided_by: number; decided_at: string; decision_reason: string | null },
  ): Promise<boolean> {
    const res = await db
      .updateTable('assessment_adjustments')
      .set(r)
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },

  // --- appeals ----------------------------------------------------------------------------

  async insertAppeal(db: Executor, r: Insertable<AssessmentAppealsTable>): Promise<number> {
    return (await db.insertInto('assessment_appeals').values(r).returning('id').executeTakeFirstOrThrow()).id;
  },

  async appealById(db: Executor, id: number): Promise<AssessmentAppealRowWithNames | undefined> {
    return appeals(db).where('p.id', '=', id).executeTakeFirst();
  },

  async listAppeals(db: Executor, q: { campaignId?: number; runId?: number; status?: string }): Promise<AssessmentAppealRowWithNames[]> {
    let query = appeals(db);
    if (q.campaignId !== undefined) query = query.where('p.campaign_id', '=', q.campaignId);
    if (q.runId !== undefined) query = query.where('p.run_id', '=', q.runId);
    if (q.status) query = query.where('p.status', '=', q.status);
    return query.orderBy('p.id', 'desc').limit(1000).execute();
  },

  /** Decides a pending appeal; false when it was decided meanwhile. */
  async decideAppeal(
    db: Executor,
    id: number,
    r: {
      status: string;
      decided_by: number;
      decided_at: string;
      decision_reason: string;
      adjustment_id?: number | null;
      corrected_run_id?: number | null;
    },
  ): Promise<boolean> {
    const res = await db.updateTable('assessment_appeals').set(r).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },

  /** Users holding one of `roles` on one of `unitIds` itself (the units' people to notify). */
  async usersOfUnits(db: Executor, unitIds: readonly number[], roles: readonly string[]): Promise<number[]> {
    const out = new Set<number>();
    for (let i = 0; i < unitIds.length; i += 900) {
      const rows = await db
        .selectFrom('role_grants')
        .select('user_id')
        .distinct()
        .where('unit_id', 'in', unitIds.slice(i, i + 900) as number[])
        .where('role', 'in', roles as string[])
        .execute();
      for (const r of rows) out.add(r.user_id);
    }
    return [...out].sort((a, b) => a - b);
  },

  /** Users holding one of `roles` anywhere (HQ, leaders). */
  async usersWithRoles(db: Executor, roles: readonly string[]): Promise<number[]> {
    const rows = await db
      .selectFrom('role_grants')
      .select('user_id')
      .distinct()
      .where('role', 'in', roles as string[])
      .execute();
    return rows.map((r) => r.user_id);
  },
};
