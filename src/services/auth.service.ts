import type { Database } from '../db/database.js';
import { sessionRepository } from '../db/repositories/session.repository.js';
import { userRepository } from '../db/repositories/user.repository.js';
import type { UserRow } from '../db/schema.js';
import { isLockedOut, lockoutWindowStart, type LockoutPolicy } from '../domain/auth/lockout.js';
import { sessionStatus, shouldTouch, type SessionPolicy } from '../domain/auth/session-policy.js';
import { can, type Actor } from '../domain/policies/permissions.js';
import type { Role } from '../shared/enums.js';
import type { AuditService } from './audit.service.js';
import type { Clock } from './clock.js';
import type { RequestContext } from './context.js';
import { keyedHash, randomToken, safeEqual, type PasswordHasher } from './crypto.js';
import { AppError, forbidden, invalid, notFound, unauthorized } from './errors.js';

export interface AuthSettings extends LockoutPolicy, SessionPolicy {
  secret: string;
}

/** A session as the HTTP layer needs it. */
export interface SessionAuth {
  actor: Actor;
  sessionId: string;
  csrfToken: string;
}

export interface ApiTokenView {
  id: number;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const INVALID = 'invalid username or password';

/** Loads the actor (user plus role grants) for a user row. */
export async function loadActor(database: Database, user: UserRow): Promise<Actor> {
  const grants = await userRepository.grantsOf(database.db, [user.id]);
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    grants: grants.map((g) => ({ role: g.role as Role, unitId: g.unit_id, unitPath: g.unit_path })),
  };
}

/** Login, lockout, sessions, CSRF tokens and API tokens. */
export class AuthService {
  /** A real argon2id hash of a random string, verified for unknown names so timing matches. */
  private dummyHash: Promise<string>;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly settings: AuthSettings,
  ) {
    this.dummyHash = hasher.hash(randomToken(16));
  }

  /**
   * Checks a username and password. Unknown names, wrong passwords and locked or
   * disabled accounts get the same answer; repeated failures for a name lock that
   * name out for the window, whether or not it exists.
   */
  async login(
    ctx: RequestContext,
    username: string,
    password: string,
    userAgent: string | null,
  ): Promise<{ token: string; session: SessionAuth }> {
    const name = username.trim().toLowerCase();
    const now = this.clock.now();
    const nowIso = now.toISOString();
    const db = this.database.db;
    const failures = await sessionRepository.recentFailures(db, name, lockoutWindowStart(now, this.settings).toISOString());
    if (isLockedOut(failures, now, this.settings)) {
      await db.transaction().execute(async (trx) => {
        await sessionRepository.recordAttempt(trx, name, ctx.clientIp, nowIso, false);
        await this.audit.record(trx, ctx, { action: 'auth.login_failed', actorName: name.slice(0, 64), summary: { reason: 'locked_out' } });
      });
      throw new AppError(429, 'locked_out', `too many failed logins; try again in ${this.settings.windowMinutes} minutes`);
    }
    const user = await userRepository.byUsername(db, name);
    const ok = user
      ? await this.hasher.verify(user.password_hash, password)
      : (await this.hasher.verify(await this.dummyHash, password), false);
    const usable = ok && user && user.is_active === 1 && !user.locked_at;
    if (!usable || !user) {
      await db.transaction().execute(async (trx) => {
        await sessionRepository.recordAttempt(trx, name, ctx.clientIp, nowIso, false);
        await this.audit.record(trx, ctx, {
          action: 'auth.login_failed',
          actorName: name.slice(0, 64),
          targetType: user ? 'user' : undefined,
          targetId: user?.id,
          summary: { reason: !user ? 'unknown_user' : !ok ? 'bad_password' : 'account_disabled' },
        });
      });
      throw unauthorized(INVALID);
    }
    const actor = await loadActor(this.database, user);
    const token = randomToken();
    const csrfToken = randomToken();
    const sessionId = keyedHash(this.settings.secret, token);
    await db.transaction().execute(async (trx) => {
      await sessionRepository.recordAttempt(trx, name, ctx.clientIp, nowIso, true);
      await sessionRepository.clearFailures(trx, name);
      await sessionRepository.insert(trx, {
        id: sessionId,
        user_id: user.id,
        csrf_token: csrfToken,
        created_at: nowIso,
        last_seen_at: nowIso,
        revoked_at: null,
        client_ip: ctx.clientIp,
        user_agent: userAgent?.slice(0, 300) ?? null,
      });
      await this.audit.record(trx, { ...ctx, actor }, { action: 'auth.login', targetType: 'user', targetId: user.id });
    });
    return { token, session: { actor, sessionId, csrfToken } };
  }

  /** Resolves a session cookie to its actor, or null when absent, expired or revoked. */
  async authenticateSession(token: string): Promise<SessionAuth | null> {
    const db = this.database.db;
    const id = keyedHash(this.settings.secret, token);
    const s = await sessionRepository.byId(db, id);
    if (!s) return null;
    const now = this.clock.now();
    if (sessionStatus({ createdAt: s.created_at, lastSeenAt: s.last_seen_at, revokedAt: s.revoked_at }, now, this.settings) !== 'valid') {
      return null;
    }
    const user = await userRepository.byId(db, s.user_id);
    if (!user || user.is_active !== 1 || user.locked_at) return null;
    if (shouldTouch(s.last_seen_at, now)) await sessionRepository.touch(db, id, now.toISOString());
    return { actor: await loadActor(this.database, user), sessionId: id, csrfToken: s.csrf_token };
  }

  /** True when the CSRF token sent with a write matches the session's. */
  checkCsrf(session: SessionAuth, sent: string | undefined): boolean {
    return typeof sent === 'string' && safeEqual(sent, session.csrfToken);
  }

  /** Resolves a bearer API token to its owner, or null. */
  async authenticateToken(token: string): Promise<Actor | null> {
    const db = this.database.db;
    const t = await sessionRepository.tokenByHash(db, keyedHash(this.settings.secret, token));
    if (!t || t.revoked_at) return null;
    const user = await userRepository.byId(db, t.user_id);
    if (!user || user.is_active !== 1 || user.locked_at) return null;
    const now = this.clock.now();
    if (!t.last_used_at || shouldTouch(t.last_used_at, now)) await sessionRepository.touchToken(db, t.id, now.toISOString());
    return loadActor(this.database, user);
  }

  /** Ends one session. */
  async logout(ctx: RequestContext, sessionId: string): Promise<void> {
    const nowIso = this.clock.now().toISOString();
    await this.database.db.transaction().execute(async (trx) => {
      await sessionRepository.revoke(trx, sessionId, nowIso);
      await this.audit.record(trx, ctx, { action: 'auth.logout', targetType: 'user', targetId: ctx.actor?.userId });
    });
  }

  /** Ends every session of the acting user (all devices). */
  async logoutEverywhere(ctx: RequestContext): Promise<number> {
    const actor = ctx.actor;
    if (!actor) throw unauthorized();
    const nowIso = this.clock.now().toISOString();
    return this.database.db.transaction().execute(async (trx) => {
      const n = await sessionRepository.revokeAllOfUser(trx, actor.userId, nowIso);
      await this.audit.record(trx, ctx, { action: 'auth.logout_all', targetType: 'user', targetId: actor.userId, summary: { sessions: n } });
      return n;
    });
  }

  /** Creates an API token for the acting user; the secret is shown once, stored hashed. */
  async createToken(ctx: RequestContext, name: string): Promise<{ token: string; view: ApiTokenView }> {
    const actor = ctx.actor;
    if (!actor || !can(actor, 'token.manage')) throw forbidden();
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 100) throw invalid('name', 'must be 1–100 characters');
    const prefix = randomToken(6).replace(/[-_]/g, 'x').slice(0, 8);
    const token = `ddt_${prefix}_${randomToken(24)}`;
    const nowIso = this.clock.now().toISOString();
    const id = await this.database.db.transaction().execute(async (trx) => {
      const id = await sessionRepository.insertToken(trx, {
        user_id: actor.userId,
        name: trimmed,
        token_hash: keyedHash(this.settings.secret, token),
        prefix,
        created_at: nowIso,
        last_used_at: null,
        revoked_at: null,
      });
      await this.audit.record(trx, ctx, { action: 'token.create', targetType: 'api_token', targetId: id, summary: { name: trimmed, prefix } });
      return id;
    });
    return { token, view: { id, name: trimmed, prefix, createdAt: nowIso, lastUsedAt: null, revokedAt: null } };
  }

  /** The acting user's API tokens (never their secrets). */
  async listTokens(ctx: RequestContext): Promise<ApiTokenView[]> {
    const actor = ctx.actor;
    if (!actor || !can(actor, 'token.manage')) throw forbidden();
    const rows = await sessionRepository.tokensOf(this.database.db, actor.userId);
    return rows.map((t) => ({ id: t.id, name: t.name, prefix: t.prefix, createdAt: t.created_at, lastUsedAt: t.last_used_at, revokedAt: t.revoked_at }));
  }

  /** Revokes one of the acting user's API tokens. */
  async revokeToken(ctx: RequestContext, id: number): Promise<void> {
    const actor = ctx.actor;
    if (!actor || !can(actor, 'token.manage')) throw forbidden();
    const t = await sessionRepository.tokenById(this.database.db, id);
    if (!t || t.user_id !== actor.userId) throw notFound('api token', id);
    if (t.revoked_at) return;
    const nowIso = this.clock.now().toISOString();
    await this.database.db.transaction().execute(async (trx) => {
      await sessionRepository.revokeToken(trx, id, nowIso);
      await this.audit.record(trx, ctx, { action: 'token.revoke', targetType: 'api_token', targetId: id });
    });
  }
}
