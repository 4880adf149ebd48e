import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../database.js';
import { prepared } from '../prepared.js';
import type { NotificationsTable, OutboxTable } from '../schema.js';

/** A `notifications` row as read. */
export type NotificationRow = Selectable<NotificationsTable>;
/** A `notifications` row to insert. */
export type NewNotificationRow = Insertable<NotificationsTable>;
/** An `outbox` row as read. */
export type OutboxRow = Selectable<OutboxTable>;
/** An `outbox` row to insert. */
export type NewOutboxRow = Insertable<OutboxTable>;

/** Rows per INSERT: keeps every statement far below SQLite's bound-parameter limit. */
const INSERT_CHUNK = 100;

// Built once per row count (src/db/prepared.ts): most case actions notify someone.
const insertNotifications = prepared((db, p: { rows: NewNotificationRow[] }) => db.insertInto('notifications').values(p.rows));
const insertOutbox = prepared((db, p: { rows: NewOutboxRow[] }) => db.insertInto('outbox').values(p.rows));

/** Queries on in-app notifications (always scoped to one user) and on recipients' e-mail addresses. */
export const notificationRepository = {
  async insertMany(db: Executor, rows: NewNotificationRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) await insertNotifications(db, { rows: rows.slice(i, i + INSERT_CHUNK) });
  },

  /** A page of one user's notifications, newest first, with the total matching the filter. */
  async listOf(
    db: Executor,
    userId: number,
    f: { unreadOnly: boolean; offset: number; limit: number },
  ): Promise<{ rows: NotificationRow[]; total: number }> {
    let q = db.selectFrom('notifications').where('user_id', '=', userId);
    if (f.unreadOnly) q = q.where('read_at', 'is', null);
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await q.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').offset(f.offset).limit(f.limit).execute();
    return { rows, total: Number(total.n) };
  },

  async unreadCount(db: Executor, userId: number): Promise<number> {
    const r = await db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },

  /** The notification only if it belongs to `userId`: someone else's is indistinguishable from a missing one. */
  async byIdOf(db: Executor, id: number, userId: number): Promise<NotificationRow | undefined> {
    return db.selectFrom('notifications').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  },

  /** Sets read_at once; a second call keeps the first time. */
  async markRead(db: Executor, id: number, userId: number, at: string): Promise<number> {
    const r = await db
      .updateTable('notifications')
      .set({ read_at: at })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },

  async markAllRead(db: Executor, userId: number, at: string): Promise<number> {
    const r = await db
      .updateTable('notifications')
      .set({ read_at: at })
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },

  /**
   * Marks every notice created before `before` as read when it was created: the demo's accounts
   * have read their messages but the last days'. Not for the running system.
   */
  async markReadCreatedBefore(db: Executor, before: string): Promise<number> {
    const r = await db
      .updateTable('notifications')
      .set((eb) => ({ read_at: eb.ref('created_at') }))
      .where('created_at', '<', before)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },

  /** Active users among `ids` that have an e-mail address. */
  async mailRecipients(db: Executor, ids: number[]): Promise<{ id: number; email: string }[]> {
    if (ids.length === 0) return [];
    const rows = await db
      .selectFrom('users')
      .select(['id', 'email'])
      .where('id', 'in', ids)
      .where('is_active', '=', 1)
      .where('email', 'is not', null)
      .where('email', '!=', '')
      .orderBy('id')
      .execute();
    return rows.flatMap((r) => (r.email ? [{ id: r.id, email: r.email }] : []));
  },
};

/**
 * Queries on the outbox. A row is claimed by moving its `next_attempt_at` forward
 * with a compare-and-set on the value the sweep read; whoever's UPDATE matched owns
 * the row until that time, on either engine, without row locks held across the send.
 */
export const outboxRepository = {
  async insertMany(db: Executor, rows: NewOutboxRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) await insertOutbox(db, { rows: rows.slice(i, i + INSERT_CHUNK) });
  },

  /** Pending rows whose time has come, oldest first. */
  async due(db: Executor, now: string, limit: number): Promise<OutboxRow[]> {
    return db
      .selectFrom('outbox')
      .selectAll()
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(limit)
      .execute();
  },

  /** Takes the row if it is still pending at the time we read; true when we own it until `until`. */
  async claim(db: Executor, id: number, seenNextAttemptAt: string, until: string): Promise<boolean> {
    const r = await db
      .updateTable('outbox')
      .set({ next_attempt_at: until })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '=', seenNextAttemptAt)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  /** Records the outcome of a claimed row; the claim time guards against a stale owner. */
  async settle(
    db: Executor,
    id: number,
    claimedUntil: string,
    change: {
      status: 'pending' | 'sent' | 'failed';
      attempts: number;
      nextAttemptAt: string;
      lastError: string | null;
      sentAt: string | null;
    },
  ): Promise<boolean> {
    const r = await db
      .updateTable('outbox')
      .set({
        status: change.status,
        attempts: change.attempts,
        next_attempt_at: change.nextAttemptAt,
        last_error: change.lastError,
        sent_at: change.sentAt,
      })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '=', claimedUntil)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  async byId(db: Executor, id: number): Promise<OutboxRow | undefined> {
    return db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
  },
};
