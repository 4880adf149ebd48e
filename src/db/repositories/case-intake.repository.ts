import { sql, type Insertable } from 'kysely';
import type { Executor } from '../database.js';
import { prepared } from '../prepared.js';
import type { CaseEventsTable, CasesTable } from '../schema.js';
import { holdersCoveringQuery } from './user.repository.js';

/** Who hears of a new case, when one query of role holders tells it. */
// A type, not an interface: statement parameters need an index signature (src/db/prepared.ts).
export type HoldersQuery = {
  roles: string[];
  unitPath: string;
};

/** A foreign key a new case's row refers through, and the field of the report that gave it. */
const CASE_REFERENCES: Record<string, string> = { cases_area_unit_id_fkey: 'areaUnitId' };

const reported = prepared(
  (db, p: { row: Insertable<CasesTable>; event: Omit<Insertable<CaseEventsTable>, 'case_id'>; holders: HoldersQuery | undefined }) => {
    const holders = p.holders;
    return db
      .with('c', (w) => w.insertInto('cases').values(p.row).returning('id'))
      .with('e', (w) =>
        w
          .insertInto('case_events')
          .values({ ...p.event, case_id: (eb) => eb.selectFrom('c').select('c.id') })
          .returning(['id', 'case_id']),
      )
      .selectFrom('e')
      .select(['e.case_id as id', 'e.id as event_id'])
      .select(
        holders
          ? sql<number[]>`array(${holdersCoveringQuery(db, holders.roles, holders.unitPath)})`.as('recipients')
          : sql<number[]>`array[]::integer[]`.as('recipients'),
      );
  },
);

/**
 * PostgreSQL only: a report's case row, its first event and who hears of it, in one statement.
 * It is the transaction's first, so it also carries the BEGIN (src/db/pg-transaction-ends.ts):
 * the three round trips before the serialized tail become one, of a report's six. The rows
 * are the ones `caseRepository.insert` and `insertEvent` write; `holders` is the one query
 * of role holders the report's notice goes to (`userRepository.holdersCovering`'s).
 *
 * The area unit is checked by the row's foreign key rather than by a read before: a report
 * naming a unit that does not exist fails here with {@link unknownReference}'s field.
 */
export async function insertReportedCase(
  db: Executor,
  p: { row: Insertable<CasesTable>; event: Omit<Insertable<CaseEventsTable>, 'case_id'>; holders?: HoldersQuery },
): Promise<{ id: number; eventId: number; recipients: number[] }> {
  const { rows } = await reported(db, { row: p.row, event: p.event, holders: p.holders });
  const r = rows[0]!;
  return { id: r.id, eventId: r.event_id, recipients: r.recipients.map(Number) };
}

/**
 * The report's field whose value a new case's row refers to and that does not exist, when `err`
 * is PostgreSQL's foreign key violation on one of them; otherwise null.
 */
export function unknownReference(err: unknown): string | null {
  if (!err || typeof err !== 'object') return null;
  const e = err as { code?: unknown; constraint?: unknown };
  if (e.code !== '23503' || typeof e.constraint !== 'string') return null;
  return CASE_REFERENCES[e.constraint] ?? null;
}
