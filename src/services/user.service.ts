import type { Database, Executor } from '../db/database.js';
import { sessionRepository } from '../db/repositories/session.repository.js';
import { unitRepository } from '../db/repositories/unit.repository.js';
import { userRepository } from '../db/repositories/user.repository.js';
import type { UserRow } from '../db/schema.js';
import { checkPassword, type PasswordRules } from '../domain/auth/password-policy.js';
import { passwordRules } from './password-rules.js';
import { can, canAtRoot, canGrantRole, ROLE_PERMISSIONS, type Actor } from '../domain/policies/permissions.js';
import { ROLES, type Permission, type Role } from '../shared/enums.js';
import type { AuditService } from './audit.service.js';
import type { Clock } from './clock.js';
import type { RequestContext } from './context.js';
import type { PasswordHasher } from './crypto.js';
import { AppError, conflict, forbidden, invalid, notFound, unauthorized } from './errors.js';

export interface RoleGrantView {
  role: Role;
  unitId: number;
  unitCode: string;
  unitName: string;
}

export interface UserView {
  id: number;
  username: string;
  displayName: string;
  unitId: number | null;
  unitName: string | null;
  phone: string | null;
  email: string | null;
  active: boolean;
  locked: boolean;
  lockedAt: string | null;
  createdAt: string;
  roles: RoleGrantView[];
}

export interface UserInput {
  username: string;
  displayName: string;
  password: string;
  unitId?: number | null;
  phone?: string | null;
  email?: string | null;
  roles?: { role: Role; unitId: number }[];
}

export interface UserPatch {
  displayName?: string;
  unitId?: number | null;
  phone?: string | null;
  email?: string | null;
  active?: boolean;
}

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;
const PHONE_PATTERN = /^[0-9+\- ]{3,32}$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Presents users with their unit names and role grants, in two queries. */
export async function presentUsers(db: Executor, rows: UserRow[]): Promise<UserView[]> {
  const grants = await userRepository.grantsOf(db, rows.map((r) => r.id));
  const units = new Map((await unitRepository.byIds(db, [...new Set(rows.map((r) => r.unit_id).filter((x): x is number => x !== null))])).map((u) => [u.id, u]));
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    unitId: r.unit_id,
    unitName: r.unit_id ? (units.get(r.unit_id)?.name ?? null) : null,
    phone: r.phone,
    email: r.email,
    active: r.is_active === 1,
    locked: r.locked_at !== null,
    lockedAt: r.locked_at,
    createdAt: r.created_at,
    roles: grants
      .filter((g) => g.user_id === r.id)
      .map((g) => ({ role: g.role as Role, unitId: g.unit_id, unitCode: g.unit_code, unitName: g.unit_name })),
  }));
}

/** Paths under which the actor holds `permission`; null means everywhere. */
function scopeOf(actor: Actor, permission: Permission): string[] | null {
  if (canAtRoot(actor, permission)) return null;
  return actor.grants.filter((g) => ROLE_PERMISSIONS[g.role].includes(permission)).map((g) => g.unitPath);
}

/** Accounts: directory, creation, profile, roles, passwords, locks. */
export class UserService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    /** Password policy inputs; createServices passes the configured mode. */
    readonly passwords: PasswordRules = passwordRules('production'),
  ) {}

  private actorOf(ctx: RequestContext): Actor {
    if (!ctx.actor) throw unauthorized();
    return ctx.actor;
  }

  /** Path of the user's unit, or null for a user without one (root scope only). */
  private async unitPathOf(db: Executor, unitId: number | null): Promise<string | null> {
    if (unitId === null) return null;
    return (await unitRepository.byId(db, unitId))?.path ?? null;
  }

  private assertOn(actor: Actor, permission: Permission, path: string | null, message: string): void {
    const ok = path === null ? canAtRoot(actor, permission) : can(actor, permission, path);
    if (!ok) throw forbidden(message);
  }

  async list(
    ctx: RequestContext,
    f: { q?: string; unitId?: number; role?: string; page: number; pageSize: number },
  ): Promise<{ items: UserView[]; total: number }> {
    const actor = this.actorOf(ctx);
    if (!can(actor, 'user.read')) throw forbidden();
    const db = this.database.db;
    let unitPath: string | undefined;
    if (f.unitId !== undefined) {
      const u = await unitRepository.byId(db, f.unitId);
      if (!u) throw invalid('unitId', `unit ${f.unitId} not found`);
      unitPath = u.path;
    }
    if (f.role !== undefined && !(ROLES as readonly string[]).includes(f.role)) throw invalid('role', `unknown role "${f.role}"`);
    const scope = scopeOf(actor, 'user.read');
    const { rows, total } = await userRepository.search(db, {
      q: f.q,
      unitPath,
      role: f.role,
      scopePaths: scope ?? undefined,
      offset: (f.page - 1) * f.pageSize,
      limit: f.pageSize,
    });
    return { items: await presentUsers(db, rows), total };
  }

  async get(ctx: RequestContext, id: number): Promise<UserView> {
    const actor = this.actorOf(ctx);
    const db = this.database.db;
    const row = await userRepository.byId(db, id);
    if (!row) throw notFound('user', id);
    if (row.id !== actor.userId) this.assertOn(actor, 'user.read', await this.unitPathOf(db, row.unit_id), 'user is outside your scope');
    return (await presentUsers(db, [row]))[0]!;
  }

  /** Checks fields common to create and import; returns the normalized username. */
  validateProfile(input: { username?: string; displayName?: string; phone?: string | null; email?: string | null }): void {
    if (input.username !== undefined && !USERNAME_PATTERN.test(input.username)) {
      throw invalid('username', 'must be 2–64 lower-case letters, digits, ".", "_" or "-"');
    }
    if (input.displayName !== undefined && (!input.displayName.trim() || input.displayName.length > 100)) {
      throw invalid('displayName', 'must be 1–100 characters');
    }
    if (input.phone && !PHONE_PATTERN.test(input.phone)) throw invalid('phone', 'must be digits, "+", "-" or spaces');
    if (input.email && !EMAIL_PATTERN.test(input.email)) throw invalid('email', 'is not an e-mail address');
  }

  /** Validates grants (role names, units exist, actor may grant them) inside `trx`. */
  async validateGrants(trx: Executor, actor: Actor | null, roles: { role: string; unitId: number }[]): Promise<void> {
    const seen = new Set<string>();
    for (const [i, g] of roles.entries()) {
      if (!(ROLES as readonly string[]).includes(g.role)) throw invalid(`roles[${i}].role`, `unknown role "${g.role}"`);
      const unit = await unitRepository.byId(trx, g.unitId);
      if (!unit) throw invalid(`roles[${i}].unitId`, `unit ${g.unitId} not found`);
      const key = `${g.role}@${g.unitId}`;
      if (seen.has(key)) throw invalid(`roles[${i}]`, `duplicate grant ${g.role} on unit ${unit.code}`);
      seen.add(key);
      if (actor && !canGrantRole(actor, g.role as Role, unit.path)) {
        throw forbidden(`you may not grant role ${g.role} on unit ${unit.code}`);
      }
    }
  }

  /** Creates an account inside `trx`; `passwordHash` lets imports and demo data hash up front. */
  async createIn(trx: Executor, actor: Actor | null, input: Omit<UserInput, 'password'> & { passwordHash: string }): Promise<number> {
    this.validateProfile(input);
    if (await userRepository.byUsername(trx, input.username)) throw conflict('username', `username "${input.username}" already exists`);
    if (input.unitId != null && !(await unitRepository.byId(trx, input.unitId))) throw invalid('unitId', `unit ${input.unitId} not found`);
    if (actor) this.assertOn(actor, 'user.write', await this.unitPathOf(trx, input.unitId ?? null), 'you may only create users in units you administer');
    await this.validateGrants(trx, actor, input.roles ?? []);
    const nowIso = this.clock.now().toISOString();
    const id = await userRepository.insert(trx, {
      username: input.username,
      display_name: input.displayName.trim(),
      password_hash: input.passwordHash,
      unit_id: input.unitId ?? null,
      phone: input.phone || null,
      email: input.email || null,
      is_active: 1,
      locked_at: null,
      password_changed_at: nowIso,
      created_at: nowIso,
      updated_at: nowIso,
    });
    await userRepository.replaceGrants(trx, id, input.roles ?? [], nowIso);
    return id;
  }

  async create(ctx: RequestContext, input: UserInput): Promise<UserView> {
    const actor = this.actorOf(ctx);
    this.validateProfile(input);
    const problems = checkPassword(input.password, input.username, this.passwords);
    if (problems.length) throw invalid('password', problems.join('; '));
    const passwordHash = await this.hasher.hash(input.password);
    const id = await this.database.db.transaction().execute(async (trx) => {
      const id = await this.createIn(trx, actor, { ...input, passwordHash });
      await this.audit.record(trx, ctx, {
        action: 'user.create',
        targetType: 'user',
        targetId: id,
        summary: { username: input.username, unitId: input.unitId ?? null, roles: input.roles ?? [] },
      });
      return id;
    });
    return this.get(ctx, id);
  }

  async update(ctx: RequestContext, id: number, patch: UserPatch): Promise<UserView> {
    const actor = this.actorOf(ctx);
    this.validateProfile(patch);
    await this.database.db.transaction().execute(async (trx) => {
      const row = await userRepository.byId(trx, id);
      if (!row) throw notFound('user', id);
      this.assertOn(actor, 'user.write', await this.unitPathOf(trx, row.unit_id), 'user is outside the units you administer');
      if (patch.unitId !== undefined && patch.unitId !== row.unit_id) {
        if (patch.unitId !== null && !(await unitRepository.byId(trx, patch.unitId))) throw invalid('unitId', `unit ${patch.unitId} not found`);
        this.assertOn(actor, 'user.write', await this.unitPathOf(trx, patch.unitId), 'target unit is outside the units you administer');
      }
      if (patch.active === false && id === actor.userId) throw invalid('active', 'you cannot deactivate your own account');
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      const next: Partial<UserRow> = {};
      const set = <K extends keyof UserRow>(k: K, label: string, v: UserRow[K] | undefined) => {
        if (v !== undefined && v !== row[k]) {
          changes[label] = { from: row[k], to: v };
          next[k] = v;
        }
      };
      set('display_name', 'displayName', patch.displayName?.trim());
      set('unit_id', 'unitId', patch.unitId);
      set('phone', 'phone', patch.phone === undefined ? undefined : patch.phone || null);
      set('email', 'email', patch.email === undefined ? undefined : patch.email || null);
      set('is_active', 'active', patch.active === undefined ? undefined : patch.active ? 1 : 0);
      if (Object.keys(changes).length === 0) return;
      await userRepository.update(trx, id, { ...next, updated_at: this.clock.now().toISOString() });
      if (next.is_active === 0) await sessionRepository.revokeAllOfUser(trx, id, this.clock.now().toISOString());
      await this.audit.record(trx, ctx, { action: 'user.update', targetType: 'user', targetId: id, summary: { username: row.username, changes } });
    });
    return this.get(ctx, id);
  }

  /** Replaces a user's role grants. Nobody changes their own roles. */
  async setRoles(ctx: RequestContext, id: number, roles: { role: Role; unitId: number }[]): Promise<UserView> {
    const actor = this.actorOf(ctx);
    if (id === actor.userId) throw forbidden('you cannot change your own roles');
    await this.database.db.transaction().execute(async (trx) => {
      const row = await userRepository.byId(trx, id);
      if (!row) throw notFound('user', id);
      const userPath = await this.unitPathOf(trx, row.unit_id);
      const inScope = userPath === null ? canAtRoot(actor, 'user.write') || canAtRoot(actor, 'user.security') : can(actor, 'user.write', userPath) || can(actor, 'user.security', userPath);
      if (!inScope) throw forbidden('user is outside the units you administer');
      const before = await userRepository.grantsOf(trx, [id]);
      await this.validateGrants(trx, actor, roles);
      // Removing a grant needs the same right as adding it.
      for (const g of before) {
        const kept = roles.some((r) => r.role === g.role && r.unitId === g.unit_id);
        if (!kept && !canGrantRole(actor, g.role as Role, g.unit_path)) {
          throw forbidden(`you may not revoke role ${g.role} on unit ${g.unit_code}`);
        }
      }
      await userRepository.replaceGrants(trx, id, roles, this.clock.now().toISOString());
      await this.audit.record(trx, ctx, {
        action: 'user.roles',
        targetType: 'user',
        targetId: id,
        summary: { username: row.username, from: before.map((g) => ({ role: g.role, unitId: g.unit_id })), to: roles },
      });
    });
    return this.get(ctx, id);
  }

  /** Security admin sets a new password; the user's sessions end. */
  async resetPassword(ctx: RequestContext, id: number, password: string): Promise<void> {
    const actor = this.actorOf(ctx);
    const db = this.database.db;
    const row = await userRepository.byId(db, id);
    if (!row) throw notFound('user', id);
    this.assertOn(actor, 'user.security', await this.unitPathOf(db, row.unit_id), 'user is outside your scope');
    await this.writePassword(ctx, row, password);
  }

  /** A user changes their own password, proving the current one. */
  async changeOwnPassword(ctx: RequestContext, current: string, next: string): Promise<void> {
    const actor = this.actorOf(ctx);
    const row = await userRepository.byId(this.database.db, actor.userId);
    if (!row) throw unauthorized();
    if (!(await this.hasher.verify(row.password_hash, current))) throw invalid('currentPassword', 'is not correct');
    await this.writePassword(ctx, row, next);
  }

  /** Shared by the API and the CLI (`ctx.actor` null). */
  async writePassword(ctx: RequestContext, row: UserRow, password: string): Promise<void> {
    const problems = checkPassword(password, row.username, this.passwords);
    if (problems.length) throw invalid('password', problems.join('; '));
    const hash = await this.hasher.hash(password);
    const nowIso = this.clock.now().toISOString();
    await this.database.db.transaction().execute(async (trx) => {
      await userRepository.update(trx, row.id, { password_hash: hash, password_changed_at: nowIso, updated_at: nowIso });
      await sessionRepository.revokeAllOfUser(trx, row.id, nowIso);
      await sessionRepository.revokeTokensOfUser(trx, row.id, nowIso);
      await this.audit.record(trx, ctx, { action: 'user.password', targetType: 'user', targetId: row.id, summary: { username: row.username } });
    });
  }

  /** Locks or unlocks an account; locking ends its sessions. */
  async setLocked(ctx: RequestContext, id: number, locked: boolean): Promise<UserView> {
    const actor = this.actorOf(ctx);
    const row = await userRepository.byId(this.database.db, id);
    if (!row) throw notFound('user', id);
    if (id === actor.userId) throw forbidden('you cannot lock or unlock your own account');
    this.assertOn(actor, 'user.security', await this.unitPathOf(this.database.db, row.unit_id), 'user is outside your scope');
    await this.writeLock(ctx, row, locked);
    return this.get(ctx, id);
  }

  /** Lock state change shared by the API and the CLI (which runs as the system). */
  async writeLock(ctx: RequestContext, row: UserRow, locked: boolean): Promise<void> {
    const nowIso = this.clock.now().toISOString();
    await this.database.db.transaction().execute(async (trx) => {
      await userRepository.update(trx, row.id, { locked_at: locked ? nowIso : null, updated_at: nowIso });
      if (locked) await sessionRepository.revokeAllOfUser(trx, row.id, nowIso);
      else await sessionRepository.clearFailures(trx, row.username);
      await this.audit.record(trx, ctx, { action: locked ? 'user.lock' : 'user.unlock', targetType: 'user', targetId: row.id, summary: { username: row.username } });
    });
  }

  /** Looks a user up by name for the CLI. */
  async byUsername(username: string): Promise<UserRow> {
    const row = await userRepository.byUsername(this.database.db, username.trim().toLowerCase());
    if (!row) throw new AppError(404, 'not_found', `user ${username} not found`);
    return row;
  }
}
