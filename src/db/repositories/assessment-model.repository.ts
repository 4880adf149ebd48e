import type { Selectable } from 'kysely';
import type { Executor } from '../database.js';
import type { AssessmentModelsTable } from '../schema.js';

/** A stored version of a campaign's 考核 model. */
export type AssessmentModelRow = Selectable<AssessmentModelsTable>;

/** A version with the display names of the people who created and published it. */
export type AssessmentModelRowWithNames = AssessmentModelRow & {
  created_by_name: string | null;
  published_by_name: string | null;
};

function withNames(db: Executor) {
  return db
    .selectFrom('assessment_models as m')
    .leftJoin('users as c', 'c.id', 'm.created_by')
    .leftJoin('users as p', 'p.id', 'm.published_by')
    .selectAll('m')
    .select(['c.display_name as created_by_name', 'p.display_name as published_by_name']);
}

/** Queries on assessment model versions (issue 13). */
export const assessmentModelRepository = {
  async insert(
    db: Executor,
    r: { campaign_id: number; version: number; model: string; created_by: number | null; created_at: string },
  ): Promise<number> {
    const row = await db
      .insertInto('assessment_models')
      .values({ ...r, status: 'draft', revision: 1, updated_at: null, published_by: null, published_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  },

  async byId(db: Executor, id: number): Promise<AssessmentModelRowWithNames | undefined> {
    return withNames(db).where('m.id', '=', id).executeTakeFirst();
  },

  /** Every version of a campaign's model, newest first. */
  async listByCampaign(db: Executor, campaignId: number): Promise<AssessmentModelRowWithNames[]> {
    return withNames(db).where('m.campaign_id', '=', campaignId).orderBy('m.version', 'desc').execute();
  },

  /** The latest published version of a campaign's model: the one in force. */
  async inForce(db: Executor, campaignId: number): Promise<AssessmentModelRowWithNames | undefined> {
    return withNames(db)
      .where('m.campaign_id', '=', campaignId)
      .where('m.status', '=', 'published')
      .orderBy('m.version', 'desc')
      .limit(1)
      .executeTakeFirst();
  },

  async maxVersion(db: Executor, campaignId: number): Promise<number> {
    const r = await db
      .selectFrom('assessment_models')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('campaign_id', '=', campaignId)
      .executeTakeFirst();
    return Number(r?.v ?? 0);
  },

  /**
   * Replaces the model of a draft if it is still at `revision`; false when the row is not a
   * draft any more or someone saved in between (the caller tells which).
   */
  async updateDraft(db: Executor, id: number, revision: number, model: string, nowIso: string): Promise<boolean> {
    const res = await db
      .updateTable('assessment_models')
      .set((eb) => ({ model, updated_at: nowIso, revision: eb('revision', '+', 1) }))
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .where('revision', '=', revision)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },

  /** Marks a draft published; false when it was not a draft any more. */
  async publish(db: Executor, id: number, by: number | null, nowIso: string): Promise<boolean> {
    const res = await db
      .updateTable('assessment_models')
      .set({ status: 'published', published_by: by, published_at: nowIso })
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },
};
