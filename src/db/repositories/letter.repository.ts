import { sql, type Selectable } from 'kysely';
import { CITED_STATUS, SENT_STATUSES } from '../../domain/letters/rules.js';
import type { Executor } from '../database.js';
import type { LettersTable } from '../schema.js';

export type LetterRow = Selectable<LettersTable>;
/** Columns added after the first letters (issue 13): null unless set. */
type LaterColumns = 'sign_unit_id' | 'approved_at' | 'approved_by' | 'returned_at' | 'returned_by' | 'return_reason';
export type NewLetterRow = Omit<LetterRow, 'id' | 'version' | LaterColumns> & Partial<Pick<LetterRow, LaterColumns>>;
/** What a new draft is written with; its number and later life start empty. */
export type DraftFields = Pick<
  NewLetterRow,
  | 'type'
  | 'rung_key'
  | 'campaign_id'
  | 'issuer_name'
  | 'issuer_code'
  | 'unit_id'
  | 'addressee'
  | 'title'
  | 'body'
  | 'auto'
  | 'reply_deadline'
  | 'created_by'
  | 'created_at'
>;

/** What the escalation sweep reads of a case. */
export interface CaseFactRow {
  id: number;
  number: string;
  state: string;
  assigned_unit_id: number | null;
  deadline: string | null;
  reopen_count: number;
  check_point_id: number | null;
  created_at: string;
}

const CASE_FACT_COLUMNS = [
  'id',
  'number',
  'state',
  'assigned_unit_id',
  'deadline',
  'reopen_count',
  'check_point_id',
  'created_at',
] as const;

/** Queries of letters, the cases they cover, and the case facts escalation needs. */
export const letterRepository = {
  async byId(db: Executor, id: number): Promise<LetterRow | undefined> {
    return db.selectFrom('letters').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async insert(db: Executor, row: NewLetterRow): Promise<number> {
    return (await db.insertInto('letters').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },

  /** Inserts a new draft (no number, nothing of its later life yet) and returns the stored row. */
  async insertDraft(db: Executor, fields: DraftFields): Promise<LetterRow> {
    const row: NewLetterRow = {
      ...fields,
      number: null,
      year: null,
      seq: null,
      status: 'draft',
      issued_at: null,
      issued_by: null,
      delivered_at: null,
      signed_at: null,
      signed_by: null,
      reply: null,
      replied_at: null,
      withdrawn_at: null,
      withdrawn_by: null,
      withdraw_reason: null,
      updated_at: fields.created_at,
    };
    return db.insertInto('letters').values(row).returningAll().executeTakeFirstOrThrow();
  },

  /** Conditional update on the version; false when someone else changed the letter first. */
  async update(db: Executor, id: number, version: number, patch: Partial<Omit<LetterRow, 'id' | 'version'>>): Promise<boolean> {
    const r = await db
      .updateTable('letters')
      .set({ ...patch, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  /**
   * Letters matching a filter, newest first. `unitIds` limits to the letters about those
   * units or signed for by them (an office's inbox).
   */
  async list(
    db: Executor,
    f: {
      unitIds?: number[];
      statuses?: string[];
      type?: string;
      year?: number;
      caseId?: number;
      /** Issued in [from, to) (ISO instants): sent letters only. */
      issued?: { from?: string; to?: string };
      /** Only letters in force not yet signed for. */
      unsigned?: boolean;
      limit?: number;
      offset?: number;
    },
  ): Promise<LetterRow[]> {
    let q = db.selectFrom('letters').selectAll();
    if (f.unitIds) {
      const ids = f.unitIds.length ? f.unitIds : [-1];
      q = q.where((eb) => eb.or([eb('unit_id', 'in', ids), eb('sign_unit_id', 'in', ids)]));
    }
    if (f.statuses) q = q.where('status', 'in', f.statuses);
    if (f.type) q = q.where('type', '=', f.type);
    if (f.year) q = q.where('year', '=', f.year);
    if (f.issued) q = q.where('status', 'in', [...SENT_STATUSES]);
    if (f.issued?.from) q = q.where('issued_at', '>=', f.issued.from);
    if (f.issued?.to) q = q.where('issued_at', '<', f.issued.to);
    if (f.unsigned) q = q.where('status', '=', 'issued').where('signed_at', 'is', null);
    if (f.caseId !== undefined) q = q.where('id', 'in', db.selectFrom('letter_cases').select('letter_id').where('case_id', '=', f.caseId));
    return q
      .orderBy(sql`coalesce(issued_at, created_at)`, 'desc')
      .orderBy('id', 'desc')
      .limit(f.limit ?? 1000)
      .offset(f.offset ?? 0)
      .execute();
  },

  /** Case ids of letters, in one query. */
  async caseIdsOf(db: Executor, letterIds: number[]): Promise<Map<number, number[]>> {
    const out = new Map<number, number[]>();
    if (letterIds.length === 0) return out;
    for (let i = 0; i < letterIds.length; i += 500) {
      const rows = await db
        .selectFrom('letter_cases')
        .select(['letter_id', 'case_id'])
        .where('letter_id', 'in', letterIds.slice(i, i + 500))
        .orderBy('case_id')
        .execute();
      for (const r of rows) out.set(r.letter_id, [...(out.get(r.letter_id) ?? []), r.case_id]);
    }
    return out;
  },

  async addCases(db: Executor, letterId: number, caseIds: number[], rungKey: string | null, active: boolean): Promise<void> {
    if (caseIds.length === 0) return;
    for (let i = 0; i < caseIds.length; i += 200) {
      await db
        .insertInto('letter_cases')
        .values(caseIds.slice(i, i + 200).map((case_id) => ({ letter_id: letterId, case_id, rung_key: rungKey, active: active ? 1 : 0 })))
        .execute();
    }
  },

  async replaceCases(db: Executor, letterId: number, caseIds: number[], rungKey: string | null): Promise<void> {
    await db.deleteFrom('letter_cases').where('letter_id', '=', letterId).execute();
    await this.addCases(db, letterId, caseIds, rungKey, false);
  },

  /** Turns a letter's coverage on (issue: the unique index refuses a second letter of the rung) or off (withdrawal). */
  async setCasesActive(db: Executor, letterId: number, active: boolean): Promise<void> {
    await db
      .updateTable('letter_cases')
      .set({ active: active ? 1 : 0 })
      .where('letter_id', '=', letterId)
      .execute();
  },

  /**
   * Cases of a rung already covered by an issued letter or one awaiting approval (for a
   * clear 409 before the unique index speaks), other than by the letters `except`.
   */
  async coveredCases(db: Executor, caseIds: number[], rungKey: string, except: number[] = []): Promise<number[]> {
    if (caseIds.length === 0) return [];
    let q = db
      .selectFrom('letter_cases')
      .select('case_id')
      .where('case_id', 'in', caseIds)
      .where('rung_key', '=', rungKey)
      .where('active', '=', 1);
    if (except.length) q = q.where('letter_id', 'not in', except);
    const rows = await q.execute();
    return rows.map((r) => r.case_id);
  },

  /**
   * Issued letters (not withdrawn, never drafts) covering any of the cases, oldest issue
   * first: the earlier letters a new one cites. One row per letter and covered case, in
   * one query (chunked only for very long lists).
   */
  async priorLetters(
    db: Executor,
    caseIds: number[],
    excludeLetterId?: number,
  ): Promise<{ id: number; type: string; number: string; issued_at: string; case_id: number }[]> {
    const out: { id: number; type: string; number: string; issued_at: string; case_id: number }[] = [];
    for (let i = 0; i < caseIds.length; i += 500) {
      let q = db
        .selectFrom('letter_cases as lc')
        .innerJoin('letters as l', 'l.id', 'lc.letter_id')
        .select(['l.id', 'l.type', 'l.number', 'l.issued_at', 'lc.case_id'])
        .where('lc.case_id', 'in', caseIds.slice(i, i + 500))
        .where('l.status', '=', CITED_STATUS)
        .where('l.number', 'is not', null)
        .where('l.issued_at', 'is not', null);
      if (excludeLetterId !== undefined) q = q.where('l.id', '!=', excludeLetterId);
      for (const r of await q.execute())
        out.push({ id: r.id, type: r.type, number: r.number!, issued_at: r.issued_at!, case_id: r.case_id });
    }
    return out.sort((a, b) => a.issued_at.localeCompare(b.issued_at) || a.id - b.id || a.case_id - b.case_id);
  },

  /**
   * For each unit, the active, unlocked users holding one of `roles` at the unit or
   * above it (what userRepository.holdersCovering answers for one unit path), in one
   * query: the recipients of the notices of a sweep's letters.
   */
  async holdersCoveringUnits(db: Executor, roles: string[], unitIds: number[]): Promise<Map<number, number[]>> {
    const out = new Map<number, number[]>(unitIds.map((id) => [id, []]));
    for (let i = 0; i < unitIds.length; i += 500) {
      const rows = await db
        .selectFrom('units as t')
        .innerJoin('units as u', (j) => j.on(sql<boolean>`t.path like u.path || '%'`))
        .innerJoin('role_grants as g', 'g.unit_id', 'u.id')
        .innerJoin('users as p', 'p.id', 'g.user_id')
        .select(['t.id as unit_id', 'g.user_id'])
        .distinct()
        .where('t.id', 'in', unitIds.slice(i, i + 500))
        .where('g.role', 'in', roles)
        .where('p.is_active', '=', 1)
        .where('p.locked_at', 'is', null)
        .orderBy('t.id')
        .orderBy('g.user_id')
        .execute();
      for (const r of rows) out.get(r.unit_id)?.push(r.user_id);
    }
    return out;
  },

  /**
   * Locks the named number counters, in name order, without moving them (a missing one
   * is created at 0, so the next number is still 1). A transaction that will take numbers
   * of several counters and the audit head calls this first, so that it takes its locks
   * in the same order as every one-letter issue (counter, then audit head) and cannot
   * deadlock with one. SQLite serializes writers anyway; the statement is harmless there.
   */
  async lockCounters(db: Executor, names: string[]): Promise<void> {
    for (const name of [...new Set(names)].sort()) {
      await db
        .insertInto('counters')
        .values({ name, value: 0 })
        .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql<number>`counters.value` }))
        .execute();
    }
  },

  // --- escalation reads: each goes through an index whose size follows what is due, not the history

  /** Owed cases past their deadline (index cases_owed_deadline_idx: null for every other case). */
  async overdueCases(db: Executor, now: string): Promise<CaseFactRow[]> {
    return db.selectFrom('cases').select(CASE_FACT_COLUMNS).where('owed_deadline', '<', now).execute();
  },

  /** Owed cases reopened at least `times` times (index cases_reopen_idx). */
  async reopenedCases(db: Executor, times: number): Promise<CaseFactRow[]> {
    return db
      .selectFrom('cases')
      .select(CASE_FACT_COLUMNS)
      .where('reopen_count', '>=', times)
      .where('owed_deadline', 'is not', null)
      .execute();
  },

  /** Cases raised at check points since `from` (partial index cases_point_recent_idx), any state: K counts them all. */
  async recentPointCases(db: Executor, from: string): Promise<CaseFactRow[]> {
    return db
      .selectFrom('cases')
      .select(CASE_FACT_COLUMNS)
      .where('check_point_id', 'is not', null)
      .where('created_at', '>=', from)
      .execute();
  },

  /** Owed cases covered by an issued, not withdrawn letter: the ones the chained rungs look at. */
  async owedLetteredCases(db: Executor): Promise<CaseFactRow[]> {
    return db
      .selectFrom('cases')
      .select(CASE_FACT_COLUMNS)
      .where('owed_deadline', 'is not', null)
      .where('id', 'in', db.selectFrom('letter_cases').select('case_id').where('active', '=', 1))
      .execute();
  },

  /** Issued and withdrawn letters (never drafts) covering any of the cases, with their case ids. */
  async lettersCovering(db: Executor, caseIds: number[]): Promise<{ row: LetterRow; caseIds: number[] }[]> {
    if (caseIds.length === 0) return [];
    const ids = new Set<number>();
    for (let i = 0; i < caseIds.length; i += 500) {
      const rows = await db
        .selectFrom('letter_cases')
        .select('letter_id')
        .distinct()
        .where('case_id', 'in', caseIds.slice(i, i + 500))
        .execute();
      for (const r of rows) ids.add(r.letter_id);
    }
    if (ids.size === 0) return [];
    const all = [...ids];
    const rows: LetterRow[] = [];
    for (let i = 0; i < all.length; i += 500) {
      rows.push(
        ...(await db
          .selectFrom('letters')
          .selectAll()
          .where('id', 'in', all.slice(i, i + 500))
          .where('status', 'in', SENT_STATUSES)
          .execute()),
      );
    }
    const cases = await this.caseIdsOf(
      db,
      rows.map((r) => r.id),
    );
    return rows.map((row) => ({ row, caseIds: cases.get(row.id) ?? [] }));
  },

  /**
   * Of `caseIds`, those covered by a letter awaiting approval or by one the approver sent
   * back and HQ still holds as a draft: the sweep leaves them alone (a returned letter is
   * HQ's to decide, not to be prepared again five minutes later).
   */
  async casesAwaitingApproval(db: Executor, caseIds: number[]): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < caseIds.length; i += 500) {
      const rows = await db
        .selectFrom('letter_cases as lc')
        .innerJoin('letters as l', 'l.id', 'lc.letter_id')
        .select('lc.case_id')
        .distinct()
        .where('lc.case_id', 'in', caseIds.slice(i, i + 500))
        .where((eb) =>
          eb.or([eb('l.status', '=', 'pending_approval'), eb.and([eb('l.status', '=', 'draft'), eb('l.returned_at', 'is not', null)])]),
        )
        .execute();
      out.push(...rows.map((r) => r.case_id));
    }
    return out;
  },

  /** Cases by id with what a letter lists of them. */
  async casesForLetter(db: Executor, caseIds: number[]) {
    if (caseIds.length === 0) return [];
    return db
      .selectFrom('cases')
      .leftJoin('units', 'units.id', 'cases.assigned_unit_id')
      .select([
        'cases.id',
        'cases.number',
        'cases.state',
        'cases.description',
        'cases.address',
        'cases.deadline',
        'cases.assigned_unit_id',
        'cases.assigned_unit_path',
        'units.name as unit_name',
      ])
      .where('cases.id', 'in', caseIds)
      .orderBy('cases.number')
      .execute();
  },
};
