import { CompiledQuery } from 'kysely';
import type { Dialect, Executor } from '../database.js';
import { THEN_COMMIT } from '../pg-transaction-ends.js';
import { compiledOnce, prepared } from '../prepared.js';
import type { AuditRow } from '../schema.js';
import type { NewNotificationRow, NewOutboxRow } from './notification.repository.js';

/** Rows another service writes in the audit append's statement (see `append`). */
export interface AlongsideRows {
  table: 'notifications' | 'outbox';
  rows: object[];
}

export interface AuditFilter {
  actorId?: number;
  actorName?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
  offset: number;
  limit: number;
}

// Built once per shape (src/db/prepared.ts): every audited write runs these.
const readHead = prepared((db, _p: Record<string, never>) =>
  db.selectFrom('audit_head').select(['seq', 'hash', 'chain_version']).where('id', '=', 1),
);
const lockedHead = prepared((db, _p: Record<string, never>) =>
  db.selectFrom('audit_head').select(['seq', 'hash', 'chain_version']).where('id', '=', 1).forUpdate(),
);
const insertRecord = prepared((db, p: { row: AuditRow }) => db.insertInto('audit_log').values(p.row));
const moveHead = prepared((db, p: { seq: number; hash: string; chainVersion: number }) =>
  db.updateTable('audit_head').set({ seq: p.seq, hash: p.hash, chain_version: p.chainVersion }).where('id', '=', 1),
);
/** PostgreSQL: the record, the rows written alongside it and the head's move, in one statement. */
const appendPg = compiledOnce(
  (db, p: { row: AuditRow; notifications: NewNotificationRow[] | undefined; outbox: NewOutboxRow[] | undefined }) => {
    let qc = db.with('appended', (qb) => qb.insertInto('audit_log').values(p.row).returning(['seq', 'hash', 'chain_version']));
    if (p.notifications) {
      const rows = p.notifications;
      qc = qc.with('alongside_notifications' as never, (qb) => qb.insertInto('notifications').values(rows) as never);
    }
    if (p.outbox) {
      const rows = p.outbox;
      qc = qc.with('alongside_outbox' as never, (qb) => qb.insertInto('outbox').values(rows) as never);
    }
    return qc
      .updateTable('audit_head')
      .from('appended')
      .set((eb) => ({ seq: eb.ref('appended.seq'), hash: eb.ref('appended.hash'), chain_version: eb.ref('appended.chain_version') }))
      .where('audit_head.id', '=', 1);
  },
);

/** Queries on the hash-chained audit log. Rows are only ever appended. */
export const auditRepository = {
  /**
   * Reads the chain head, locking it on PostgreSQL so concurrent appends queue up
   * behind each other (SQLite serializes writers already).
   */
  async lockHead(db: Executor, dialect: Dialect): Promise<{ seq: number; hash: string; chain_version: number }> {
    const { rows } = await (dialect === 'pg' ? lockedHead : readHead)(db, {});
    if (!rows[0]) throw new Error('audit_head has no row: the database is not migrated');
    return rows[0];
  },

  async head(db: Executor): Promise<{ seq: number; hash: string; chain_version: number } | undefined> {
    return db.selectFrom('audit_head').select(['seq', 'hash', 'chain_version']).where('id', '=', 1).executeTakeFirst();
  },

  /**
   * Appends a record and moves the head to it (the head row exists from the migration).
   * On PostgreSQL both in one statement: the head is locked until commit, so every
   * round trip saved here is taken off the time all audited writers queue for it.
   * `alongside`: rows of the same transaction written in that statement too (a report's
   * notifications, which quote the number taken under the same locks). `opts.commit` (PostgreSQL;
   * ignored on SQLite, whose commits are grouped): this is the transaction's last write, so the
   * transaction commits in the same round trip; the caller's transaction must write nothing after.
   */
  async append(
    db: Executor,
    row: AuditRow,
    dialect: Dialect = 'sqlite',
    alongside: AlongsideRows[] = [],
    opts: { commit?: boolean } = {},
  ): Promise<void> {
    if (dialect === 'pg') {
      const rowsOf = (table: AlongsideRows['table']) => alongside.filter((a) => a.table === table).flatMap((a) => a.rows);
      const notifications = rowsOf('notifications') as NewNotificationRow[];
      const outbox = rowsOf('outbox') as NewOutboxRow[];
      const c = appendPg(db, {
        row,
        notifications: notifications.length ? notifications : undefined,
        outbox: outbox.length ? outbox : undefined,
      });
      if (!opts.commit) {
        await db.executeQuery(c);
        return;
      }
      // The record and the commit in one message (simple protocol: by name with literals, or
      // inlined): one round trip fewer while the head is locked. PostgreSQL runs the two
      // statements in order and stops at the first error, leaving the transaction for the
      // caller's ROLLBACK. The connection then answers the caller's COMMIT itself and refuses
      // anything else sent in the transaction after this (src/db/pg-transaction-ends.ts).
      await db.executeQuery(CompiledQuery.raw(c.sql + THEN_COMMIT, [...c.parameters]));
      return;
    }
    for (const a of alongside)
      if (a.rows.length)
        await db
          .insertInto(a.table)
          .values(a.rows as never)
          .execute();
    await insertRecord(db, { row });
    await moveHead(db, { seq: row.seq, hash: row.hash, chainVersion: row.chain_version });
  },

  async search(db: Executor, f: AuditFilter): Promise<{ rows: AuditRow[]; total: number }> {
    let q = db.selectFrom('audit_log');
    if (f.actorId !== undefined) q = q.where('actor_id', '=', f.actorId);
    if (f.actorName) q = q.where('actor_name', '=', f.actorName);
    if (f.action) q = f.action.endsWith('.') ? q.where('action', 'like', `${f.action}%`) : q.where('action', '=', f.action);
    if (f.targetType) q = q.where('target_type', '=', f.targetType);
    if (f.targetId) q = q.where('target_id', '=', f.targetId);
    if (f.from) q = q.where('at', '>=', f.from);
    if (f.to) q = q.where('at', '<', f.to);
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await q.selectAll().orderBy('seq', 'desc').offset(f.offset).limit(f.limit).execute();
    return { rows, total: Number(total.n) };
  },

  /** A page of the chain in order, for streaming verification. */
  async page(db: Executor, afterSeq: number, limit: number): Promise<AuditRow[]> {
    return db.selectFrom('audit_log').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
  },
};
