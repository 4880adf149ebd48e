import {
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
} from 'kysely';
import { caseRepository, newCaseRow } from '../src/db/repositories/case.repository.js';
import type { DB } from '../src/db/schema.js';
import type { CaseEvent, CaseSnapshot } from '../src/domain/cases/case-machine.js';
import type { GeneratedCase } from './generate.js';

/**
 * Rows of `cases` and `case_events` for the bulk loader, built by hand for speed,
 * and a check that they are exactly what the application's repository writes: the
 * repository's own INSERT is run against a capturing driver and compared column by
 * column, so a new column or a changed projection fails the benchmark loudly instead
 * of loading a subtly wrong city.
 */

export const CASE_COLUMNS = [
  'id',
  'number',
  'year',
  'source',
  'state',
  'version',
  'category_code',
  'severity',
  'description',
  'address',
  'lon',
  'lat',
  'area_unit_id',
  'check_point_id',
  'reporter_id',
  'reporter_contact',
  'assigned_unit_id',
  'assigned_unit_path',
  'deadline',
  'owed_deadline',
  'dispatched_at',
  'first_dispatched_at',
  'last_rectifier_id',
  'reopen_count',
  'pending_extension',
  'extension_count',
  'suspended_from',
  'review_date',
  'handled_at',
  'closed_at',
  'merged_into_id',
  'snapshot',
  'created_at',
  'updated_at',
] as const;

export const EVENT_COLUMNS = [
  'id',
  'case_id',
  'seq',
  'action',
  'from_state',
  'to_state',
  'actor_id',
  'actor_name',
  'at',
  'note',
  'data',
  'deadline_before',
  'deadline_after',
  'unit_before',
  'unit_after',
] as const;

/** Integer and float columns (PostgreSQL's unnest needs each array's type). */
export const INT_COLUMNS = new Set([
  'id',
  'year',
  'version',
  'area_unit_id',
  'check_point_id',
  'reporter_id',
  'assigned_unit_id',
  'last_rectifier_id',
  'reopen_count',
  'extension_count',
  'merged_into_id',
  'case_id',
  'seq',
  'actor_id',
  'unit_before',
  'unit_after',
]);
export const FLOAT_COLUMNS = new Set(['lon', 'lat']);

export type Row = (string | number | null)[];

const owed = (s: CaseSnapshot): boolean => s.state === 'dispatched' || s.state === 'acknowledged';

/** The cases row of a generated case, in {@link CASE_COLUMNS} order. */
export function caseRow(c: GeneratedCase): Row {
  const s = c.snap;
  const d = c.details;
  return [
    s.id,
    c.number,
    c.year,
    s.source,
    s.state,
    s.version,
    s.categoryCode,
    s.severity,
    d.description,
    d.address,
    d.lon,
    d.lat,
    d.areaUnitId,
    d.checkPointId,
    c.reporterId,
    d.reporterContact,
    s.assignedUnitId,
    s.assignedUnitPath,
    s.deadline,
    owed(s) ? s.deadline : null,
    s.dispatchedAt,
    s.firstDispatchedAt,
    s.lastRectifierId,
    s.reopenCount,
    s.pendingExtension ? JSON.stringify(s.pendingExtension) : null,
    s.extensionCount,
    s.suspendedFrom,
    s.reviewDate,
    s.handledAt,
    s.closedAt,
    s.mergedIntoId,
    JSON.stringify(s),
    c.createdAt,
    c.updatedAt,
  ];
}

/** The case_events row of one event, in {@link EVENT_COLUMNS} order. */
export function eventRow(id: number, e: CaseEvent, actorName: string): Row {
  return [
    id,
    e.caseId,
    e.version,
    e.action,
    e.fromState,
    e.toState,
    e.actorId,
    actorName,
    e.at,
    e.note,
    JSON.stringify({ ...e.data, evidenceCount: e.evidenceCount }),
    e.deadlineBefore,
    e.deadlineAfter,
    e.unitBefore,
    e.unitAfter,
  ];
}

/** A driver that runs nothing: it remembers the last compiled query and answers `{id: 0}`. */
class CaptureDriver implements Driver {
  last: CompiledQuery | null = null;
  private readonly conn: DatabaseConnection = {
    executeQuery: async <R>(q: CompiledQuery): Promise<QueryResult<R>> => {
      this.last = q;
      return { rows: [{ id: 0 } as R] };
    },
    streamQuery: () => {
      throw new Error('not supported');
    },
  };
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.conn;
  }
  async beginTransaction(): Promise<void> {}
  async commitTransaction(): Promise<void> {}
  async rollbackTransaction(): Promise<void> {}
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}

const driver = new CaptureDriver();
const captureDb = new Kysely<DB>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => driver,
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

/** Column → value of the INSERT the repository just compiled. */
function captured(table: string): Map<string, unknown> {
  const q = driver.last;
  const m = q && new RegExp(`^insert into "${table}" \\(([^)]*)\\) values \\(([^)]*)\\)`).exec(q.sql);
  if (!q || !m) throw new Error(`bench: could not read the repository's insert into ${table}: ${q?.sql ?? 'nothing ran'}`);
  const cols = m[1]!.split(',').map((c) => c.trim().replace(/"/g, ''));
  if (m[2]!.split(',').length !== cols.length || q.parameters.length !== cols.length)
    throw new Error(`bench: the insert into ${table} is not plain values: ${q.sql}`);
  return new Map(cols.map((c, i) => [c, q.parameters[i]]));
}

function compare(table: string, columns: readonly string[], mine: Row, theirs: Map<string, unknown>, skip: string[]): void {
  const missing = [...theirs.keys()].filter((c) => !columns.includes(c));
  if (missing.length) throw new Error(`bench: ${table} has columns the bench does not write: ${missing.join(', ')} (update bench/rows.ts)`);
  columns.forEach((c, i) => {
    if (c === 'id' || skip.includes(c) || !theirs.has(c)) return;
    if (theirs.get(c) !== mine[i])
      throw new Error(
        `bench: ${table}.${c} differs from the repository's: bench ${JSON.stringify(mine[i])}, app ${JSON.stringify(theirs.get(c))} (update bench/rows.ts)`,
      );
  });
}

/**
 * Checks the bench rows of `c` against what `caseRepository.insert` and
 * `insertEvent` compile for the same case. Throws naming the first difference.
 */
export async function checkAgainstRepository(c: GeneratedCase, firstEventId: number): Promise<void> {
  // The service inserts at the report time and rewrites the row on every event: only updated_at moves.
  await caseRepository.insert(captureDb, newCaseRow(c.number, c.year, c.snap, c.details, c.reporterId, c.createdAt));
  compare('cases', CASE_COLUMNS, caseRow(c), captured('cases'), ['updated_at']);
  for (const [i, { event, actorName }] of c.events.entries()) {
    await caseRepository.insertEvent(captureDb, event, actorName);
    compare('case_events', EVENT_COLUMNS, eventRow(firstEventId + i, event, actorName), captured('case_events'), []);
  }
}
