import type { Executor } from '../database.js';
import { TERMINAL_CASE_STATES } from '../../shared/case-enums.js';

/** The columns of a case an Open311 answer is built from (nothing else is read). */
export interface Open311CaseRow {
  number: string;
  state: string;
  category_code: string;
  description: string;
  address: string | null;
  lon: number | null;
  lat: number | null;
  position_private: number;
  created_at: string;
  updated_at: string;
  deadline: string | null;
  unit_name: string | null;
}

/** Filters of GET requests (already checked). */
export interface Open311Filter {
  categoryCodes: string[];
  /** ISO instants, inclusive. */
  from: string;
  to: string;
  status: 'open' | 'closed' | null;
  limit: number;
}

/**
 * Reads of the Open311 server (issue 15 point 6): only the public columns of a case and the
 * name of its responsible unit are selected, so nothing private can reach a presenter.
 */
export const open311Repository = {
  /**
   * Cases of the given categories reported within [from, to], newest first, at most `limit`.
   * Served by `cases_created_idx` (created_at): the scan stops after `limit` matching rows.
   */
  async list(db: Executor, f: Open311Filter): Promise<Open311CaseRow[]> {
    if (!f.categoryCodes.length) return [];
    let q = base(db)
      .where('cases.category_code', 'in', f.categoryCodes)
      .where('cases.created_at', '>=', f.from)
      .where('cases.created_at', '<=', f.to)
      .where('cases.number', 'not like', '~%');
    if (f.status === 'closed') q = q.where('cases.state', 'in', [...TERMINAL_CASE_STATES]);
    if (f.status === 'open') q = q.where('cases.state', 'not in', [...TERMINAL_CASE_STATES]);
    return q.orderBy('cases.created_at', 'desc').orderBy('cases.id', 'desc').limit(f.limit).execute();
  },

  /** The cases with these numbers among the given categories, in the order asked. */
  async byNumbers(db: Executor, numbers: string[], categoryCodes: string[]): Promise<Open311CaseRow[]> {
    if (!numbers.length || !categoryCodes.length) return [];
    const rows = await base(db).where('cases.number', 'in', numbers).where('cases.category_code', 'in', categoryCodes).execute();
    const byNumber = new Map(rows.map((r) => [r.number, r]));
    return numbers.flatMap((n) => byNumber.get(n) ?? []);
  },

  /** Sets what the case service does not know of an Open311 report: its key and the reporter's name. */
  async markFromKey(db: Executor, caseId: number, apiKeyId: number, reporterName: string | null): Promise<void> {
    await db.updateTable('cases').set({ api_key_id: apiKeyId, reporter_name: reporterName }).where('id', '=', caseId).execute();
  },

  /**
   * The audit chain's head sequence as text: it moves with every committed write (each one
   * appends to the chain in its transaction), so equal values mean nothing changed between.
   */
  async changeVersion(db: Executor): Promise<string> {
    const row = await db.selectFrom('audit_head').select('seq').where('id', '=', 1).executeTakeFirst();
    return String(row?.seq ?? 0);
  },
};

function base(db: Executor) {
  return db
    .selectFrom('cases')
    .leftJoin('units', 'units.id', 'cases.assigned_unit_id')
    .select([
      'cases.number',
      'cases.state',
      'cases.category_code',
      'cases.description',
      'cases.address',
      'cases.lon',
      'cases.lat',
      'cases.position_private',
      'cases.created_at',
      'cases.updated_at',
      'cases.deadline',
      'units.name as unit_name',
    ]);
}
