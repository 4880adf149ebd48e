import type { Dialect, Executor } from '../database.js';
import type { LoginFailure } from '../../domain/auth/lockout.js';
import type { ApiTokenRow, SessionRow } from '../schema.js';

/** Queries on sessions, login attempts and API tokens: everything credential-shaped. */
export const sessionRepository = {
  async insert(db: Executor, row: SessionRow): Promise<void> {
    await db.insertInto('sessions').values(row).execute();
  },

  async touch(db: Executor, id: string, at: string): Promise<void> {
    await db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
  },

  async revoke(db: Executor, id: string, at: string): Promise<void> {
    await db.updateTable('sessions').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  },

  async revokeAllOfUser(db: Executor, userId: number, at: string): Promise<number> {
    const r = await db
      .updateTable('sessions')
      .set({ revoked_at: at })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },

  /** Removes sessions that ended before `before`; they can never be used again. */
  async deleteEndedBefore(db: Executor, idleBefore: string, createdBefore: string): Promise<number> {
    const r = await db
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('revoked_at', 'is not', null), eb('last_seen_at', '<=', idleBefore), eb('created_at', '<=', createdBefore)]))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  },

  /** Records an attempt; `client_ip` holds the address key the limits count by. Returns its id. */
  async recordAttempt(db: Executor, username: string, clientIp: string | null, at: string, success: boolean): Promise<number> {
    const r = await db
      .insertInto('login_attempts')
      .values({ username, client_ip: clientIp, at, success: success ? 1 : 0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  },

  /**
   * Failed attempts since `since` for `username` or from `address`; with `beforeId`, only
   * those recorded before that attempt (an attempt is recorded as failed before its
   * password is checked, so concurrent guesses count against each other).
   */
  async failuresNear(db: Executor, username: string, address: string, since: string, beforeId?: number): Promise<LoginFailure[]> {
    let q = db
      .selectFrom('login_attempts')
      .select(['username', 'client_ip', 'at'])
      .where('success', '=', 0)
      .where('at', '>', since)
      .where((eb) => eb.or([eb('username', '=', username), eb('client_ip', '=', address)]));
    if (beforeId !== undefined) q = q.where('id', '<', beforeId);
    const rows = await q.execute();
    return rows.map((r) => ({ username: r.username, address: r.client_ip ?? 'unknown', at: r.at }));
  },

  async markAttemptSucceeded(db: Executor, id: number): Promise<void> {
    await db.updateTable('login_attempts').set({ success: 1 }).where('id', '=', id).execute();
  },

  async deleteAttempt(db: Executor, id: number): Promise<void> {
    await db.deleteFrom('login_attempts').where('id', '=', id).execute();
  },

  /**
   * Forgets one name's failures from one address recorded before attempt `beforeId` (after
   * the right password from there). On PostgreSQL the rows are locked in id order first:
   * concurrent logins of one name from one address each hold their own attempt row, and
   * deleting each other's in scan order deadlocked them (seen with three instances).
   */
  async clearPairFailures(db: Executor, dialect: Dialect, username: string, address: string, beforeId: number): Promise<void> {
    let older = db
      .selectFrom('login_attempts')
      .select('id')
      .where('username', '=', username)
      .where('client_ip', '=', address)
      .where('success', '=', 0)
      .where('id', '<', beforeId);
    if (dialect === 'pg') older = older.orderBy('id').forUpdate();
    await db.deleteFrom('login_attempts').where('id', 'in', older).execute();
  },

  /**
   * Claims the right to send the alert `key` now: true when it was never sent or last sent
   * at or before `sentBefore`. One statement, so two instances never both send.
   */
  async claimAlert(db: Executor, key: string, now: string, sentBefore: string): Promise<boolean> {
    const r = await db
      .insertInto('login_alerts')
      .values({ key, sent_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ sent_at: now }).where('login_alerts.sent_at', '<=', sentBefore))
      .returning('key')
      .executeTakeFirst();
    return r !== undefined;
  },

  /** Active, unlocked holders of the security administrator role. */
  async securityAdminIds(db: Executor): Promise<number[]> {
    const rows = await db
      .selectFrom('role_grants as g')
      .innerJoin('users as u', 'u.id', 'g.user_id')
      .select('u.id')
      .distinct()
      .where('g.role', '=', 'security_admin')
      .where('u.is_active', '=', 1)
      .where('u.locked_at', 'is', null)
      .execute();
    return rows.map((r) => r.id);
  },

  async clearFailures(db: Executor, username: string): Promise<void> {
    await db.deleteFrom('login_attempts').where('username', '=', username).where('success', '=', 0).execute();
  },

  async deleteAttemptsBefore(db: Executor, before: string): Promise<number> {
    const r = await db.deleteFrom('login_attempts').where('at', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows);
  },

  async insertToken(db: Executor, row: Omit<ApiTokenRow, 'id'>): Promise<number> {
    const r = await db.insertInto('api_tokens').values(row).returning('id').executeTakeFirstOrThrow();
    return r.id;
  },

  async tokenById(db: Executor, id: number): Promise<ApiTokenRow | undefined> {
    return db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async tokensOf(db: Executor, userId: number): Promise<ApiTokenRow[]> {
    return db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('id').execute();
  },

  async touchToken(db: Executor, id: number, at: string): Promise<void> {
    await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
  },

  async revokeToken(db: Executor, id: number, at: string): Promise<void> {
    await db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).execute();
  },

  /** Revokes every live token of a user (logout-all, password reset); returns how many. */
  async revokeTokensOfUser(db: Executor, userId: number, at: string): Promise<number> {
    const r = await db
      .updateTable('api_tokens')
      .set({ revoked_at: at })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },
};
