import type { Executor } from '../database.js';
import type { SanctionRow } from '../schema.js';

/** The fields a new 奖惩 record is written with. */
export interface NewSanction {
  campaignId: number;
  unitId: number;
  periodKind: string;
  periodKey: string;
  kind: string;
  summary: string;
  decidedOn: string;
  documentNumber: string | null;
  listKind: string | null;
  listRunId: number | null;
  createdBy: number | null;
  at: string;
}

/** A record with the names it is shown with. */
export interface SanctionRead extends SanctionRow {
  unit_name: string;
  unit_path: string;
  campaign_name: string;
  created_by_name: string | null;
}

/** A letter as a record links it. */
export interface SanctionLetterRead {
  sanction_id: number;
  id: number;
  number: string | null;
  type: string;
  title: string;
  issued_at: string | null;
}

/** Filters of a list; `unitPaths` null = every unit, else the subtrees the reader may see. */
export interface SanctionFilter {
  unitId?: number;
  campaignId?: number;
  periodKey?: string;
  kind?: string;
  unitPaths: readonly string[] | null;
}

/** Most records a list answers (a city takes a few hundred decisions a year). */
export const SANCTION_LIST_LIMIT = 1000;

/** Queries of the 奖惩 records (issue 13 point 5). */
export const sanctionRepository = {
  async insert(db: Executor, s: NewSanction, letterIds: readonly number[]): Promise<number> {
    const r = await db
      .insertInto('sanctions')
      .values({
        campaign_id: s.campaignId,
        unit_id: s.unitId,
        period_kind: s.periodKind,
        period_key: s.periodKey,
        kind: s.kind,
        summary: s.summary,
        decided_on: s.decidedOn,
        document_number: s.documentNumber,
        list_kind: s.listKind,
        list_run_id: s.listRunId,
        created_by: s.createdBy,
        created_at: s.at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(r.id);
    if (letterIds.length)
      await db
        .insertInto('sanction_letters')
        .values(letterIds.map((letterId) => ({ sanction_id: id, letter_id: letterId })))
        .execute();
    return id;
  },

  /** Records matching the filter, newest decision first. */
  async list(db: Executor, f: SanctionFilter & { id?: number }): Promise<SanctionRead[]> {
    if (f.unitPaths !== null && f.unitPaths.length === 0) return [];
    let q = db
      .selectFrom('sanctions as s')
      .innerJoin('units as u', 'u.id', 's.unit_id')
      .innerJoin('campaigns as c', 'c.id', 's.campaign_id')
      .leftJoin('users as p', 'p.id', 's.created_by')
      .selectAll('s')
      .select(['u.name as unit_name', 'u.path as unit_path', 'c.name as campaign_name', 'p.display_name as created_by_name']);
    if (f.id !== undefined) q = q.where('s.id', '=', f.id);
    if (f.unitId !== undefined) q = q.where('s.unit_id', '=', f.unitId);
    if (f.campaignId !== undefined) q = q.where('s.campaign_id', '=', f.campaignId);
    if (f.periodKey !== undefined) q = q.where('s.period_key', '=', f.periodKey);
    if (f.kind !== undefined) q = q.where('s.kind', '=', f.kind);
    const paths = f.unitPaths;
    if (paths !== null) q = q.where((eb) => eb.or(paths.map((p) => eb('u.path', 'like', `${p}%`))));
    return q.orderBy('s.decided_on', 'desc').orderBy('s.id', 'desc').limit(SANCTION_LIST_LIMIT).execute();
  },

  /** The letters of the given records. */
  async letters(db: Executor, sanctionIds: readonly number[]): Promise<SanctionLetterRead[]> {
    if (!sanctionIds.length) return [];
    return db
      .selectFrom('sanction_letters as sl')
      .innerJoin('letters as l', 'l.id', 'sl.letter_id')
      .select(['sl.sanction_id', 'l.id', 'l.number', 'l.type', 'l.title', 'l.issued_at'])
      .where('sl.sanction_id', 'in', [...sanctionIds])
      .orderBy('l.issued_at')
      .orderBy('l.id')
      .execute();
  },

  /** The letters with these ids: their addressee unit and whether they were issued. */
  async lettersByIds(
    db: Executor,
    ids: readonly number[],
  ): Promise<{ id: number; unit_id: number; number: string | null; status: string }[]> {
    if (!ids.length) return [];
    return db
      .selectFrom('letters')
      .select(['id', 'unit_id', 'number', 'status'])
      .where('id', 'in', [...ids])
      .execute();
  },

  /**
   * The latest published 考核 run of a campaign and period (the table of issue 13 points 1–3;
   * a corrected version supersedes the one it corrects), with its frozen snapshot.
   */
  async publishedRun(db: Executor, campaignId: number, periodKey: string): Promise<{ id: number; snapshot: string } | undefined> {
    return db
      .selectFrom('assessment_runs')
      .select(['id', 'snapshot'])
      .where('campaign_id', '=', campaignId)
      .where('period_key', '=', periodKey)
      .where('status', '=', 'published')
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
  },
};
