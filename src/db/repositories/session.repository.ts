import type { Executor } from '../database.js';
import type { ApiTokenRow, SessionRow } from '../schema.js';

/** Queries on sessions, login attempts and API tokens: everything credential-shaped. */
export const sessionRepository = {
  async insert(db: Executor, row: SessionRow): Promise<void> {
    await db.insertInto('sessions').values(row).execute();
  },

  async byId(db: Executor, id: string): Promise<SessionRow | undefined> {
    return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
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
      .where((eb) =>
        eb.or([eb('revoked_at', 'is not', null), eb('last_seen_at', '<=', idleBefore), eb('created_at', '<=', createdBefore)]),
      )
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  },

  async recordAttempt(db: Executor, username: string, clientIp: string | null, at: string, success: boolean): Promise<void> {
    await db.insertInto('login_attempts').values({ username, client_ip: clientIp, at, success: success ? 1 : 0 }).execute();
  },

  /** Failed attempts for a name since `since` and after its last success. */
  async recentFailures(db: Executor, username: string, since: string): Promise<string[]> {
    const rows = await db
      .selectFrom('login_attempts')
      .select(['at', 'success'])
      .where('username', '=', username)
      .where('at', '>', since)
      .orderBy('id')
      .execute();
    const out: string[] = [];
    for (const r of rows) {
      if (r.success) out.length = 0;
      else out.push(r.at);
    }
    return out;
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

  async tokenByHash(db: Executor, hash: string): Promise<ApiTokenRow | undefined> {
    return db.selectFrom('api_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
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

  async revokeTokensOfUser(db: Executor, userId: number, at: string): Promise<void> {
    await db.updateTable('api_tokens').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
  },
};
