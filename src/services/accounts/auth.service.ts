import type { Database, Executor } from '../../db/database.js';
import { credentialHolderRepository, type HolderGrant, type HolderUser } from '../../db/repositories/credential-holder.repository.js';
import { sessionRepository } from '../../db/repositories/session.repository.js';
import { userRepository } from '../../db/repositories/user.repository.js';
import type { ApiTokenRow, UserRow } from '../../db/schema.js';
import {
  addressKey,
  attackSignals,
  decideLogin,
  throttleWindowStart,
  type AttackSignal,
  type LoginDecision,
  type LoginFailure,
  type LoginThrottlePolicy,
} from '../../domain/auth/lockout.js';
import { sessionStatus, shouldTouch, type SessionPolicy } from '../../domain/auth/session-policy.js';
import { checkTokenRequest, scopableOf, tokenStatus, type TokenPolicy } from '../../domain/auth/token-policy.js';
import { can, permissionsOf, type Actor } from '../../domain/policies/permissions.js';
import type { NotificationService } from '../../notify/notification.service.js';
import type { ApiToken, TokenOptions } from '../../shared/contracts/auth.contract.js';
import type { Permission, Role } from '../../shared/enums.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { keyedHash, randomToken, safeEqual, type PasswordHasher } from './crypto.js';
import { AppError, forbidden, invalid, notFound, unauthorized } from '../../core/errors.js';

export interface AuthSettings extends LoginThrottlePolicy, SessionPolicy {
  secret: string;
  tokens: TokenPolicy;
}

/** A session as the HTTP layer needs it. */
export interface SessionAuth {
  actor: Actor;
  sessionId: string;
  csrfToken: string;
}

const INVALID = 'invalid username or password';

/** Loads the actor (user plus role grants) for a user row. */
export async function loadActor(database: Database, user: UserRow): Promise<Actor> {
  return actorOf(user, await userRepository.grantsOf(database.db, [user.id]));
}

/** The actor of a user and their grants (as read with a credential, or on their own). */
function actorOf(user: HolderUser, grants: readonly HolderGrant[]): Actor {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    grants: grants.map((g) => ({ role: g.role as Role, unitId: g.unit_id, unitPath: g.unit_path })),
  };
}

function parseScopes(json: string): Permission[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? (v.filter((x) => typeof x === 'string') as Permission[]) : [];
  } catch {
    return [];
  }
}

function presentToken(t: ApiTokenRow, now: Date): ApiToken {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    scopes: parseScopes(t.scopes),
    createdAt: t.created_at,
    expiresAt: t.expires_at,
    lastUsedAt: t.last_used_at,
    revokedAt: t.revoked_at,
    status: tokenStatus({ expiresAt: t.expires_at, revokedAt: t.revoked_at }, now),
  };
}

/** Login and its throttling, sessions, CSRF tokens and API tokens. */
export class AuthService {
  /** A real argon2id hash of a random string, verified for unknown names so timing matches. */
  private dummyHash: Promise<string>;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly settings: AuthSettings,
    private readonly notifications: NotificationService,
  ) {
    this.dummyHash = hasher.hash(randomToken(16));
  }

  /**
   * Checks a username and password. Unknown names, wrong passwords and locked or
   * disabled accounts get the same 401. Failures are limited per address, per
   * account and address, and (slowed, never locked) per account — see
   * domain/auth/lockout.ts; a refused attempt gets 429 with `retryAfterSeconds`.
   */
  async login(
    ctx: RequestContext,
    username: string,
    password: string,
    userAgent: string | null,
  ): Promise<{ token: string; session: SessionAuth }> {
    const name = username.trim().toLowerCase().slice(0, 64);
    const address = addressKey(ctx.clientIp);
    const now = this.clock.now();
    const nowIso = now.toISOString();
    const since = throttleWindowStart(now, this.settings).toISOString();
    const db = this.database.db;
    // A refused attempt writes nothing (unless it raises an alert), so hammering a refused
    // address cannot fill the database.
    const before = await sessionRepository.failuresNear(db, name, address, since);
    const first = decideLogin(before, name, address, now, this.settings);
    if (!first.allowed) return this.refuse(ctx, first, before, name, address);
    // Recorded as a failure before the (slow) password check, so concurrent guesses
    // from one address count against each other; turned into a success below.
    const attemptId = await sessionRepository.recordAttempt(db, name, address, nowIso, false);
    const failures = await sessionRepository.failuresNear(db, name, address, since, attemptId);
    const decision = decideLogin(failures, name, address, now, this.settings);
    if (!decision.allowed) {
      await sessionRepository.deleteAttempt(db, attemptId);
      return this.refuse(ctx, decision, failures, name, address);
    }
    const user = await userRepository.byUsername(db, name);
    const ok = user
      ? await this.hasher.verify(user.password_hash, password)
      : (await this.hasher.verify(await this.dummyHash, password), false);
    const usable = ok && user && user.is_active === 1 && !user.locked_at;
    if (!usable || !user) {
      const after: LoginFailure[] = [...failures, { username: name, address, at: nowIso }];
      await db.transaction().execute(async (trx) => {
        const alerted = await this.alert(trx, attackSignals(after, name, address, !!user, now, this.settings), address);
        await this.audit.record(trx, ctx, {
          action: 'auth.login_failed',
          actorName: name,
          targetType: user ? 'user' : undefined,
          targetId: user?.id,
          summary: { reason: !user ? 'unknown_user' : !ok ? 'bad_password' : 'account_disabled', ...(alerted.length ? { alerted } : {}) },
        });
      });
      throw unauthorized(INVALID);
    }
    const actor = await loadActor(this.database, user);
    const token = randomToken();
    const csrfToken = randomToken();
    const sessionId = keyedHash(this.settings.secret, token);
    await db.transaction().execute(async (trx) => {
      // Only this address's failures on this name: proving the password here says nothing
      // about the guesses made elsewhere, which keep counting. Older rows first, then our own,
      // so concurrent logins lock in one order (id) and never wait on each other in a cycle.
      await sessionRepository.clearPairFailures(trx, this.database.dialect, name, address, attemptId);
      await sessionRepository.markAttemptSucceeded(trx, attemptId);
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

  /** Answers a throttled attempt: 429, and an alert (audited) when one is due. */
  private async refuse(
    ctx: RequestContext,
    decision: Exclude<LoginDecision, { allowed: true }>,
    failures: readonly LoginFailure[],
    name: string,
    address: string,
  ): Promise<never> {
    const now = this.clock.now();
    const user = await userRepository.byUsername(this.database.db, name);
    const signals = attackSignals(failures, name, address, !!user, now, this.settings);
    if (signals.length) {
      await this.database.db.transaction().execute(async (trx) => {
        const alerted = await this.alert(trx, signals, address);
        if (!alerted.length) return;
        await this.audit.record(trx, ctx, {
          action: 'auth.login_failed',
          actorName: name,
          targetType: user ? 'user' : undefined,
          targetId: user?.id,
          summary: { reason: 'rate_limited', limit: decision.reason, alerted },
        });
      });
    }
    const minutes = Math.ceil(decision.retryAfterSeconds / 60);
    throw new AppError(429, 'too_many_attempts', `too many failed logins; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`, {
      retryAfterSeconds: decision.retryAfterSeconds,
      limit: decision.reason,
    });
  }

  /**
   * Tells the security administrators about each signal not already told within the
   * window (claimed in the database, so one notice per address or account per window
   * across instances). Returns the keys told now.
   */
  private async alert(trx: Executor, signals: AttackSignal[], address: string): Promise<string[]> {
    if (!signals.length) return [];
    const now = this.clock.now();
    const nowIso = now.toISOString();
    const sentBefore = throttleWindowStart(now, this.settings).toISOString();
    const told: string[] = [];
    for (const s of signals) {
      if (!(await sessionRepository.claimAlert(trx, s.key, nowIso, sentBefore))) continue;
      const admins = await sessionRepository.securityAdminIds(trx);
      const w = this.settings.windowMinutes;
      const notice =
        s.kind === 'address'
          ? {
              title: `登录告警：地址 ${address} 登录失败过多`,
              body: `${w} 分钟内来自 ${address} 的登录失败 ${s.failures} 次（涉及多个账号时多为撞库）。该地址已被暂时限制登录，其他地址不受影响。详情见审计日志“登录失败”。`,
            }
          : {
              title: `登录告警：账号 ${s.key.slice('account:'.length)} 密码多次错误`,
              body: `${w} 分钟内该账号登录失败 ${s.failures} 次，最近一次来自 ${address}。出错的地址已被限速，账号未被锁定，本人从其他地址仍可登录。详情见审计日志“登录失败”。`,
            };
      if (admins.length) await this.notifications.notify(trx, { userIds: admins, caseId: null, kind: 'security.login_attack', ...notice });
      told.push(s.key);
    }
    return told;
  }

  /** Resolves a session cookie to its actor, or null when absent, expired or revoked. */
  async authenticateSession(token: string): Promise<SessionAuth | null> {
    const db = this.database.db;
    const id = keyedHash(this.settings.secret, token);
    const held = await credentialHolderRepository.session(db, id);
    if (!held) return null;
    const { credential: s, user, grants } = held;
    const now = this.clock.now();
    if (sessionStatus({ createdAt: s.created_at, lastSeenAt: s.last_seen_at, revokedAt: s.revoked_at }, now, this.settings) !== 'valid') {
      return null;
    }
    if (user.is_active !== 1 || user.locked_at) return null;
    if (shouldTouch(s.last_seen_at, now)) await sessionRepository.touch(db, id, now.toISOString());
    return { actor: actorOf(user, grants), sessionId: id, csrfToken: s.csrf_token };
  }

  /** True when the CSRF token sent with a write matches the session's. */
  checkCsrf(session: SessionAuth, sent: string | undefined): boolean {
    return typeof sent === 'string' && safeEqual(sent, session.csrfToken);
  }

  /**
   * Resolves a bearer API token to its owner acting within the token's scopes, or null
   * when unknown, revoked or expired. The last use is written at most once a minute.
   */
  async authenticateToken(token: string): Promise<Actor | null> {
    const db = this.database.db;
    const held = await credentialHolderRepository.token(db, keyedHash(this.settings.secret, token));
    if (!held) return null;
    const { credential: t, user, grants } = held;
    const now = this.clock.now();
    if (tokenStatus({ expiresAt: t.expires_at, revokedAt: t.revoked_at }, now) !== 'active') return null;
    if (user.is_active !== 1 || user.locked_at) return null;
    if (!t.last_used_at || shouldTouch(t.last_used_at, now)) await sessionRepository.touchToken(db, t.id, now.toISOString());
    return { ...actorOf(user, grants), scopes: parseScopes(t.scopes) };
  }

  /** Ends one session. */
  async logout(ctx: RequestContext, sessionId: string): Promise<void> {
    const nowIso = this.clock.now().toISOString();
    await this.database.db.transaction().execute(async (trx) => {
      await sessionRepository.revoke(trx, sessionId, nowIso);
      await this.audit.record(trx, ctx, { action: 'auth.logout', targetType: 'user', targetId: ctx.actor?.userId });
    });
  }

  /** Ends every session and revokes every API token of the acting user (all devices and integrations). */
  async logoutEverywhere(ctx: RequestContext): Promise<{ sessions: number; tokens: number }> {
    const actor = ctx.actor;
    if (!actor) throw unauthorized();
    const nowIso = this.clock.now().toISOString();
    return this.database.db.transaction().execute(async (trx) => {
      const sessions = await sessionRepository.revokeAllOfUser(trx, actor.userId, nowIso);
      const tokens = await sessionRepository.revokeTokensOfUser(trx, actor.userId, nowIso);
      await this.audit.record(trx, ctx, {
        action: 'auth.logout_all',
        targetType: 'user',
        targetId: actor.userId,
        summary: { sessions, tokens },
      });
      return { sessions, tokens };
    });
  }

  private tokenActor(ctx: RequestContext): Actor {
    const actor = ctx.actor;
    // token.manage is never a token scope, so a token cannot manage tokens.
    if (!actor || !can(actor, 'token.manage')) throw forbidden();
    return actor;
  }

  /** The scopes the acting user may give a token, and the lifetime limits. */
  tokenOptions(ctx: RequestContext): TokenOptions {
    const actor = this.tokenActor(ctx);
    return {
      scopes: scopableOf(permissionsOf(actor)),
      defaultDays: this.settings.tokens.defaultDays,
      maxDays: this.settings.tokens.maxDays,
    };
  }

  /**
   * Creates an API token for the acting user with chosen scopes (from their own
   * permissions) and a lifetime (default and maximum from config). The secret is shown
   * once and stored hashed.
   */
  async createToken(
    ctx: RequestContext,
    input: { name: string; scopes: string[]; expiresInDays?: number },
  ): Promise<{ token: string; view: ApiToken }> {
    const actor = this.tokenActor(ctx);
    const trimmed = input.name.trim();
    if (!trimmed || trimmed.length > 100) throw invalid('name', 'must be 1–100 characters');
    const now = this.clock.now();
    const checked = checkTokenRequest(input, permissionsOf(actor), now, this.settings.tokens);
    const problem = checked.problems[0];
    if (problem)
      throw invalid(
        problem.field,
        checked.problems.map((p) => (p.field === problem.field ? p.message : `${p.field}: ${p.message}`)).join('; '),
      );
    const prefix = randomToken(6).replace(/[-_]/g, 'x').slice(0, 8);
    const token = `ddt_${prefix}_${randomToken(24)}`;
    const nowIso = now.toISOString();
    const row = {
      user_id: actor.userId,
      name: trimmed,
      token_hash: keyedHash(this.settings.secret, token),
      prefix,
      created_at: nowIso,
      last_used_at: null,
      revoked_at: null,
      expires_at: checked.expiresAt,
      scopes: JSON.stringify(checked.scopes),
    };
    const id = await this.database.db.transaction().execute(async (trx) => {
      const id = await sessionRepository.insertToken(trx, row);
      await this.audit.record(trx, ctx, {
        action: 'token.create',
        targetType: 'api_token',
        targetId: id,
        summary: { name: trimmed, prefix, scopes: checked.scopes, expiresAt: checked.expiresAt },
      });
      return id;
    });
    return { token, view: presentToken({ id, ...row }, now) };
  }

  /** The acting user's API tokens (never their secrets). */
  async listTokens(ctx: RequestContext): Promise<ApiToken[]> {
    const actor = this.tokenActor(ctx);
    const now = this.clock.now();
    return (await sessionRepository.tokensOf(this.database.db, actor.userId)).map((t) => presentToken(t, now));
  }

  /** Revokes one of the acting user's API tokens. */
  async revokeToken(ctx: RequestContext, id: number): Promise<void> {
    const actor = this.tokenActor(ctx);
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
