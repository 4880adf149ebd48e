import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { CaseEvent, CaseSnapshot } from '../../domain/cases/case-types.js';
import { FACT_FIELDS, type FactChange, type FactField, type FactVector } from '../../domain/cases/indicators.js';
import { OWED_STATES, owedDeadline } from '../../domain/letters/rules.js';
import type { Executor } from '../database.js';
import { prepared } from '../prepared.js';
import type { CaseAggregatesTable, CaseEventsTable, CasesTable } from '../schema.js';
import { likePattern } from './like.js';

export type CaseRow = Selectable<CasesTable>;
export type CaseEventRow = Selectable<CaseEventsTable>;

/** Descriptive fields of a case that the state machine does not need. */
export interface CaseDetails {
  description: string;
  address: string | null;
  lon: number | null;
  lat: number | null;
  areaUnitId: number | null;
  checkPointId: number | null;
  reporterContact: string | null;
}

export interface CaseFilter {
  states?: string[];
  /** Assigned unit under any of these paths. */
  unitPaths?: string[];
  /** Visibility: assigned under these paths, or reported by this user (null = no restriction). */
  scope?: { paths: string[]; reporterId: number } | null;
  categoryCode?: string;
  severity?: string;
  source?: string;
  overdueAt?: string;
  createdFrom?: string;
  createdTo?: string;
  /** First dispatched in [dispatchedFrom, dispatchedTo) and assigned now: the cohort the indicators and the cockpit count. */
  dispatchedFrom?: string;
  dispatchedTo?: string;
  areaPath?: string;
  q?: string;
  reporterId?: number;
  pendingExtension?: boolean;
  orderBy?: 'deadline' | 'created';
  offset: number;
  limit: number;
}

const AGG_COLUMN: Record<FactField, keyof CaseAggregatesTable> = {
  dispatched: 'dispatched',
  handled: 'handled',
  handledOnTime: 'handled_on_time',
  closed: 'closed',
  closedOnTime: 'closed_on_time',
  reopened: 'reopened',
  extended: 'extended',
  suspended: 'suspended',
  rerouted: 'rerouted',
};

/** The queryable projection of a snapshot, written with it. */
function projection(s: CaseSnapshot) {
  return {
    state: s.state,
    version: s.version,
    source: s.source,
    category_code: s.categoryCode,
    severity: s.severity,
    assigned_unit_id: s.assignedUnitId,
    assigned_unit_path: s.assignedUnitPath,
    deadline: s.deadline,
    owed_deadline: owedDeadline(s.state, s.deadline),
    dispatched_at: s.dispatchedAt,
    first_dispatched_at: s.firstDispatchedAt,
    last_rectifier_id: s.lastRectifierId,
    reopen_count: s.reopenCount,
    pending_extension: s.pendingExtension ? JSON.stringify(s.pendingExtension) : null,
    extension_count: s.extensionCount,
    suspended_from: s.suspendedFrom,
    review_date: s.reviewDate,
    handled_at: s.handledAt,
    closed_at: s.closedAt,
    merged_into_id: s.mergedIntoId,
    snapshot: JSON.stringify(s),
  };
}

/** The row a new case is inserted as. */
export function newCaseRow(
  number: string,
  year: number,
  s: CaseSnapshot,
  d: CaseDetails,
  reporterId: number | null,
  at: string,
): Insertable<CasesTable> {
  return {
    number,
    year,
    ...projection(s),
    description: d.description,
    address: d.address,
    lon: d.lon,
    lat: d.lat,
    area_unit_id: d.areaUnitId,
    check_point_id: d.checkPointId,
    reporter_id: reporterId,
    reporter_contact: d.reporterContact,
    created_at: at,
    updated_at: at,
  };
}

/** The row an event is stored as, but for its case's id. */
export function eventRow(e: CaseEvent, actorName: string | null): Omit<Insertable<CaseEventsTable>, 'case_id'> {
  return {
    seq: e.version,
    action: e.action,
    from_state: e.fromState,
    to_state: e.toState,
    actor_id: e.actorId,
    actor_name: actorName,
    at: e.at,
    note: e.note,
    data: JSON.stringify({ ...e.data, evidenceCount: e.evidenceCount }),
    deadline_before: e.deadlineBefore,
    deadline_after: e.deadlineAfter,
    unit_before: e.unitBefore,
    unit_after: e.unitAfter,
  };
}

// Built once per shape (src/db/prepared.ts): every report and case action runs these.
const nextCounter = prepared((db, p: { name: string }) =>
  db
    .insertInto('counters')
    .values({ name: p.name, value: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql<number>`counters.value + 1` }))
    .returning('value'),
);
const insertCase = prepared((db, p: { row: Insertable<CasesTable> }) => db.insertInto('cases').values(p.row).returning('id'));
const updateCase = prepared((db, p: { set: Updateable<CasesTable>; id: number; expectedVersion: number }) =>
  db.updateTable('cases').set(p.set).where('id', '=', p.id).where('version', '=', p.expectedVersion),
);
const caseById = prepared((db, p: { id: number }) => db.selectFrom('cases').selectAll().where('id', '=', p.id));
const numberTail = prepared((db, p: { id: number; year: number; version: number; snapshot: string; at: string }) => {
  const q = sql<{ case_number: string; head_seq: number; head_hash: string; head_chain_version: number }>`
      select * from case_number_tail(${p.id}, ${p.year}, ${p.version}, ${p.snapshot}, ${p.at})`;
  return { compile: () => q.compile(db) };
});
/** Adds to a unit's day of aggregates; the columns that change (`add`'s keys) are the shape. */
const addFacts = prepared((db, p: { values: Record<string, number | string>; add: Record<string, number> }) => {
  const set: Record<string, unknown> = {};
  for (const col of Object.keys(p.add)) set[col] = sql`case_aggregates.${sql.ref(col)} + ${p.add[col]}`;
  return db
    .insertInto('case_aggregates')
    .values(p.values as never)
    .onConflict((oc) => oc.columns(['unit_id', 'day']).doUpdateSet(set));
});
const insertEvent = prepared((db, p: { row: Insertable<CaseEventsTable> }) => db.insertInto('case_events').values(p.row).returning('id'));

/** Queries on cases, their events and the maintained aggregates. */
export const caseRepository = {
  /** Next value of a named counter, inside the caller's transaction (rolled back with it: no gaps). */
  async nextCounter(db: Executor, name: string): Promise<number> {
    const { rows } = await nextCounter(db, { name });
    return Number(rows[0]!.value);
  },

  /**
   * PostgreSQL only: a new case's serialized tail in one round trip (migration 0025's
   * `case_number_tail`) — the year's next number written on the case with its final snapshot,
   * then the audit head locked and returned for the report's audit record. Same locks, in the
   * same order, as `nextCounter` + `update` + `auditRepository.lockHead`, held for one
   * statement instead of three.
   */
  async numberAndAuditHead(
    db: Executor,
    p: { id: number; year: number; version: number; snapshot: CaseSnapshot; at: string },
  ): Promise<{ number: string; head: { seq: number; hash: string; chain_version: number } }> {
    const { rows } = await numberTail(db, { id: p.id, year: p.year, version: p.version, snapshot: JSON.stringify(p.snapshot), at: p.at });
    const r = rows[0]!;
    return { number: r.case_number, head: { seq: r.head_seq, hash: r.head_hash, chain_version: r.head_chain_version } };
  },

  /** Inserts a new case's row ({@link newCaseRow}); returns its id. */
  async insert(db: Executor, row: Insertable<CasesTable>): Promise<number> {
    const { rows } = await insertCase(db, { row });
    return rows[0]!.id;
  },

  /**
   * Rewrites the snapshot only if nobody moved the case since `expectedVersion`.
   * With `before` (the snapshot the row holds now) only the columns that change are
   * written: SQLite rewrites every index on a column named in SET, and `cases` has
   * many. `number` replaces the placeholder a new case is inserted with.
   */
  async update(
    db: Executor,
    id: number,
    expectedVersion: number,
    s: CaseSnapshot,
    at: string,
    opts: { before?: CaseSnapshot; number?: string } = {},
  ): Promise<boolean> {
    const next = projection(s);
    let set: Partial<ReturnType<typeof projection>> = next;
    if (opts.before) {
      const prev = projection(opts.before);
      set = Object.fromEntries(Object.entries(next).filter(([k, v]) => prev[k as keyof typeof prev] !== v));
    }
    const r = await updateCase(db, {
      set: { ...set, updated_at: at, ...(opts.number === undefined ? {} : { number: opts.number }) },
      id,
      expectedVersion,
    });
    return Number(r.numAffectedRows) === 1;
  },

  async byId(db: Executor, id: number): Promise<CaseRow | undefined> {
    return (await caseById(db, { id })).rows[0];
  },

  async insertEvent(db: Executor, e: CaseEvent, actorName: string | null): Promise<number> {
    const { rows } = await insertEvent(db, { row: { case_id: e.caseId, ...eventRow(e, actorName) } });
    return rows[0]!.id;
  },

  async events(db: Executor, caseId: number): Promise<CaseEventRow[]> {
    return db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).orderBy('seq').execute();
  },

  /**
   * What replay needs of the events of the cases with afterId < id ≤ lastId, in
   * (case, seq) order: one range read of the (case_id, seq) index, the columns replay
   * uses and nothing else (the recompute reads millions of them).
   */
  async replayEventsInRange(db: Executor, afterId: number, lastId: number) {
    return db
      .selectFrom('case_events')
      .select([
        'case_id',
        'seq',
        'action',
        'from_state',
        'to_state',
        'actor_id',
        'at',
        'note',
        'data',
        'deadline_before',
        'deadline_after',
        'unit_before',
        'unit_after',
      ])
      .where('case_id', '>', afterId)
      .where('case_id', '<=', lastId)
      .orderBy('case_id')
      .orderBy('seq')
      .execute();
  },

  async caseIdsAfter(db: Executor, afterId: number, limit: number): Promise<number[]> {
    const rows = await db.selectFrom('cases').select('id').where('id', '>', afterId).orderBy('id').limit(limit).execute();
    return rows.map((r) => r.id);
  },

  /** Applies signed fact changes to the aggregates, one upsert per key. */
  async applyFacts(db: Executor, changes: FactChange[]): Promise<void> {
    for (const c of changes) {
      const values: Record<string, number | string> = { unit_id: c.key.unitId, day: c.key.day };
      const add: Record<string, number> = {};
      for (const f of FACT_FIELDS) {
        const col = AGG_COLUMN[f];
        values[col] = c.delta[f];
        if (c.delta[f] !== 0) add[col] = c.delta[f];
      }
      await addFacts(db, { values, add });
    }
  },

  /** Sums of aggregates for units under `paths` (or all) and cohort days in [fromDay, toDay]. */
  async sumFacts(db: Executor, f: { unitPaths?: string[]; unitIds?: number[]; fromDay?: string; toDay?: string }): Promise<FactVector> {
    let q = db.selectFrom('case_aggregates as a');
    if (f.unitPaths) {
      const paths = f.unitPaths;
      q = q.where('a.unit_id', 'in', (eb) =>
        eb
          .selectFrom('units')
          .select('id')
          .where((w) => w.or(paths.map((p) => w('path', 'like', `${p}%`)))),
      );
    }
    if (f.unitIds) q = q.where('a.unit_id', 'in', f.unitIds);
    if (f.fromDay) q = q.where('a.day', '>=', f.fromDay);
    if (f.toDay) q = q.where('a.day', '<=', f.toDay);
    const row = await q
      .select((eb) => FACT_FIELDS.map((fld) => eb.fn.coalesce(eb.fn.sum<number>(`a.${AGG_COLUMN[fld]}` as never), sql<number>`0`).as(fld)))
      .executeTakeFirstOrThrow();
    const out = {} as FactVector;
    for (const fld of FACT_FIELDS) out[fld] = Number((row as Record<string, unknown>)[fld] ?? 0);
    return out;
  },

  /** Aggregates rows in full, for comparing with a recompute. */
  async allAggregates(db: Executor) {
    return db.selectFrom('case_aggregates').selectAll().orderBy('unit_id').orderBy('day').execute();
  },

  async clearAggregates(db: Executor): Promise<void> {
    await db.deleteFrom('case_aggregates').execute();
  },

  /** Overdue pending cases (with the unit, deadline passed) by the index on deadline. */
  async countOverduePending(
    db: Executor,
    f: { asOf: string; unitPaths?: string[]; fromDay?: string; toDay?: string; firstDispatchedBounds?: [string, string] },
  ): Promise<number> {
    let q = db.selectFrom('cases').where('deadline', '<', f.asOf).where('state', 'in', OWED_STATES);
    if (f.unitPaths) {
      const paths = f.unitPaths;
      q = q.where((w) => w.or(paths.map((p) => w('assigned_unit_path', 'like', `${p}%`))));
    }
    if (f.firstDispatchedBounds)
      q = q.where('first_dispatched_at', '>=', f.firstDispatchedBounds[0]).where('first_dispatched_at', '<', f.firstDispatchedBounds[1]);
    const r = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  },

  async search(db: Executor, f: CaseFilter): Promise<{ rows: CaseRow[]; total: number }> {
    let q = db.selectFrom('cases');
    if (f.states?.length) q = q.where('state', 'in', f.states);
    if (f.unitPaths) {
      const paths = f.unitPaths;
      q = q.where((w) => w.or(paths.map((p) => w('assigned_unit_path', 'like', `${p}%`))));
    }
    if (f.scope) {
      const { paths, reporterId } = f.scope;
      q = q.where((w) => w.or([w('reporter_id', '=', reporterId), ...paths.map((p) => w('assigned_unit_path', 'like', `${p}%`))]));
    }
    if (f.categoryCode) {
      const code = f.categoryCode;
      q = q.where((w) => w.or([w('category_code', '=', code), w('category_code', 'like', `${code}-%`)]));
    }
    if (f.severity) q = q.where('severity', '=', f.severity);
    if (f.source) q = q.where('source', '=', f.source);
    if (f.reporterId !== undefined) q = q.where('reporter_id', '=', f.reporterId);
    if (f.pendingExtension) q = q.where('pending_extension', 'is not', null);
    if (f.overdueAt) q = q.where('deadline', '<', f.overdueAt).where('state', 'in', OWED_STATES);
    if (f.createdFrom) q = q.where('created_at', '>=', f.createdFrom);
    if (f.createdTo) q = q.where('created_at', '<', f.createdTo);
    if (f.dispatchedFrom || f.dispatchedTo) q = q.where('assigned_unit_id', 'is not', null);
    if (f.dispatchedFrom) q = q.where('first_dispatched_at', '>=', f.dispatchedFrom);
    if (f.dispatchedTo) q = q.where('first_dispatched_at', '<', f.dispatchedTo);
    if (f.areaPath) {
      const p = f.areaPath;
      q = q.where('area_unit_id', 'in', (eb) => eb.selectFrom('units').select('id').where('path', 'like', `${p}%`));
    }
    if (f.q) {
      const like = likePattern(f.q);
      q = q.where(
        sql<boolean>`(lower(number) like ${like} escape '\\' or lower(description) like ${like} escape '\\' or lower(coalesce(address, '')) like ${like} escape '\\')`,
      );
    }
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    let rq = q.selectAll();
    rq =
      f.orderBy === 'deadline'
        ? rq
            .orderBy(sql`case when deadline is null then 1 else 0 end`)
            .orderBy('deadline')
            .orderBy('id')
        : rq.orderBy('id', 'desc');
    const rows = await rq.offset(f.offset).limit(f.limit).execute();
    return { rows, total: Number(total.n) };
  },
};
