import type { Selectable } from 'kysely';
import type { Executor } from '../database.js';
import type { CampaignsTable } from '../schema.js';

export type CampaignRow = Selectable<CampaignsTable>;

/** Queries of campaigns (the pinned framework version and the settings HQ keeps per campaign). */
export const campaignRepository = {
  async list(db: Executor): Promise<CampaignRow[]> {
    return db.selectFrom('campaigns').selectAll().orderBy('id', 'desc').execute();
  },

  async byId(db: Executor, id: number): Promise<CampaignRow | undefined> {
    return db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** The newest campaign: the one whose settings apply when a request names none. */
  async current(db: Executor): Promise<CampaignRow | undefined> {
    return db.selectFrom('campaigns').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
  },

  async insert(db: Executor, row: { name: string; framework_id: number | null; settings: string; created_at: string }): Promise<number> {
    return (
      await db
        .insertInto('campaigns')
        .values({ ...row, updated_at: row.created_at })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  },

  async update(
    db: Executor,
    id: number,
    patch: { name?: string; framework_id?: number | null; settings?: string; updated_at: string },
  ): Promise<void> {
    await db.updateTable('campaigns').set(patch).where('id', '=', id).execute();
  },

  /** Inspections recorded against a version since a campaign began (pinning another version is refused once there are any). */
  async inspectionCount(db: Executor, frameworkId: number, since: string): Promise<number> {
    const r = await db
      .selectFrom('inspections')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('framework_id', '=', frameworkId)
      .where('created_at', '>=', since)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  },
};
