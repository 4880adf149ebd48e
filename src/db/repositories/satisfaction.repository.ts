import type { Selectable } from 'kysely';
import type { Executor } from '../database.js';
import type { CaseSatisfactionTable } from '../schema.js';

/** One stored rating. */
export type SatisfactionRow = Selectable<CaseSatisfactionTable>;

/** A rating with what HQ's review list shows of its case. */
export interface SatisfactionReviewRow extends SatisfactionRow {
  number: string;
  category_code: string;
  unit_name: string | null;
  reviewer_name: string | null;
}

/** Ratings counted per unit over a period. */
export interface UnitRatingCount {
  unit_id: number;
  unit_name: string;
  rating: string;
  n: number;
}

/** Ratings with what HQ's list shows of their case: number, category, unit and reviewer. */
function withCase(db: Executor) {
  return db
    .selectFrom('case_satisfaction as s')
    .innerJoin('cases as c', 'c.id', 's.case_id')
    .leftJoin('units as u', 'u.id', 's.unit_id')
    .leftJoin('users as p', 'p.id', 's.reviewed_by')
    .selectAll('s')
    .select(['c.number', 'c.category_code', 'u.name as unit_name', 'p.display_name as reviewer_name']);
}

/** Storage of 回访 ratings (issue 15): one per case, HQ's review of a 不满意 on the same row. */
export const satisfactionRepository = {
  async byCase(db: Executor, caseId: number): Promise<SatisfactionRow | undefined> {
    return db.selectFrom('case_satisfaction').selectAll().where('case_id', '=', caseId).executeTakeFirst();
  },

  /** Records a rating; false when the case already had one (a concurrent second rating loses here). */
  async insert(db: Executor, row: SatisfactionRow): Promise<boolean> {
    const r = await db
      .insertInto('case_satisfaction')
      .values(row)
      .onConflict((oc) => oc.column('case_id').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  },

  /** Records HQ's review of a rating not yet reviewed; false when someone reviewed it first. */
  async review(db: Executor, caseId: number, review: { review: string; note: string; by: number; at: string }): Promise<boolean> {
    const r = await db
      .updateTable('case_satisfaction')
      .set({ review: review.review, review_note: review.note, reviewed_by: review.by, reviewed_at: review.at })
      .where('case_id', '=', caseId)
      .where('rating', '=', 'dissatisfied')
      .where('review', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  /** One rating with its case's number, category, unit and reviewer, for HQ. */
  async reviewItem(db: Executor, caseId: number): Promise<SatisfactionReviewRow | undefined> {
    return withCase(db).where('s.case_id', '=', caseId).executeTakeFirst();
  },

  /**
   * HQ's list: `pending` = 不满意 not reviewed yet (oldest first: they wait longest), `done` =
   * reviewed (newest review first). Uses case_satisfaction_review_idx (rating, review).
   */
  async reviewList(
    db: Executor,
    state: 'pending' | 'done',
    limit: number,
    offset: number,
  ): Promise<{ rows: SatisfactionReviewRow[]; total: number }> {
    const base = () => {
      const q = db.selectFrom('case_satisfaction as s').where('s.rating', '=', 'dissatisfied');
      return state === 'pending' ? q.where('s.review', 'is', null) : q.where('s.review', 'is not', null);
    };
    const total = Number(
      (
        await base()
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    let q = withCase(db).where('s.rating', '=', 'dissatisfied');
    q = state === 'pending' ? q.where('s.review', 'is', null) : q.where('s.review', 'is not', null);
    q = state === 'pending' ? q.orderBy('s.rated_at', 'asc') : q.orderBy('s.reviewed_at', 'desc');
    const rows = await q.orderBy('s.case_id').limit(limit).offset(offset).execute();
    return { rows, total };
  },

  /** Ratings per unit and rating given in `[start, end)` (UTC ISO), through case_satisfaction_unit_idx. */
  async countsByUnit(db: Executor, start: string, end: string): Promise<UnitRatingCount[]> {
    const rows = await db
      .selectFrom('case_satisfaction as s')
      .innerJoin('units as u', 'u.id', 's.unit_id')
      .select((eb) => ['s.unit_id', 'u.name as unit_name', 's.rating', eb.fn.countAll<number>().as('n')])
      .where('s.rated_at', '>=', start)
      .where('s.rated_at', '<', end)
      .groupBy(['s.unit_id', 'u.name', 's.rating'])
      .execute();
    return rows.map((r) => ({ unit_id: Number(r.unit_id), unit_name: r.unit_name, rating: r.rating, n: Number(r.n) }));
  },
};
