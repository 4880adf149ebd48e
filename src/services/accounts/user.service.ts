import type { Database, Executor } from '../../db/database.js';
import { unitRepository } from '../../db/repositories/unit.repository.js';
import { userRepository } from '../../db/repositories/user.repository.js';
import type { UserRow } from '../../db/schema.js';
import { joinProblems, passwordProblems, type PasswordRules } from '../../domain/auth/password-policy.js';
import { isSystemAccount, SYSTEM_ACCOUNT_REFUSAL } from '../../domain/auth/system-accounts.js';
import { passwordRules } from './password-rules.js';
import { decideAdminChange, roleSetProblemSaid, type AdminChange } from '../../domain/policies/admin-separation.js';
import { can, canAtRoot, canGrantRole, ROLE_PERMISSIONS, type Actor } from '../../domain/policies/permissions.js';
import { projectGrantProblem } from '../../domain/policies/project-scope.js';
import type { AdminRequest } from '../../shared/contracts/admin-requests.contract.js';
import type { User, UserCreate, UserPatch } from '../../shared/contracts/users.contract.js';
import {
  createAccount,
  insertAccount,
  replaceRoles,
  setLockState,
  setPasswordHash,
  updateAccount,
  type AccountChanges,
  type NewAccount,
} from './account-writes.js';
import { subjectOf, type AdminRequestService } from './admin-request.service.js';
import { ROLES, type Permission, type Role, type UnitKind } from '../../shared/enums.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import type { PasswordHasher } from './crypto.js';
import { AppError, conflict, forbidden, invalid, invalidSaid, notFound, unauthorized } from '../../core/errors.js';
import { ROLE_LABELS } from '../../shared/labels.js';

/** A change made at once, or filed for a second administrator's approval (HTTP 202). */
export type Outcome<T> = { done: T } | { pending: AdminRequest };

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;
/** What a username that does not match {@link USERNAME_PATTERN} is told. */
export const USERNAME_PROBLEM = {
  zh: '账号须为 2–64 位小写字母、数字、“.”、“_”或“-”',
  en: 'must be 2–64 lower-case letters, digits, ".", "_" or "-"',
} as const;
const PHONE_PATTERN = /^[0-9+\- ]{3,32}$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Presents users with their unit names and role grants, in two queries. */
export async function presentUsers(db: Executor, rows: UserRow[]): Promise<User[]> {
  const grants = await userRepository.grantsOf(
    db,
    rows.map((r) => r.id),
  );
  const units = new Map(
    (await unitRepository.byIds(db, [...new Set(rows.map((r) => r.unit_id).filter((x): x is number => x !== null))])).map((u) => [u.id, u]),
  );
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
    system: isSystemAccount(r),
    lockedAt: r.locked_at,
    createdAt: r.created_at,
    roles: grants
      .filter((g) => g.user_id === r.id)
      .map((g) => ({ role: g.role as Role, unitId: g.unit_id, unitCode: g.unit_code, unitName: g.unit_name })),
  }));
}

/** 409 `system_account` for the public intake's and the API keys' accounts, which nobody administers. */
export function refuseSystem(row: UserRow): void {
  if (isSystemAccount(row)) {
    throw new AppError(409, 'system_account', SYSTEM_ACCOUNT_REFUSAL.en, { text: SYSTEM_ACCOUNT_REFUSAL });
  }
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
    /** Where changes that need a second administrator are filed (三员分立). */
    private readonly requests: AdminRequestService,
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
  ): Promise<{ items: User[]; total: number }> {
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

  async get(ctx: RequestContext, id: number): Promise<User> {
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
      throw invalidSaid('username', USERNAME_PROBLEM);
    }
    if (input.displayName !== undefined && (!input.displayName.trim() || input.displayName.length > 100)) {
      throw invalidSaid('displayName', { zh: '姓名须为 1–100 个字符', en: 'must be 1–100 characters' });
    }
    if (input.phone && !PHONE_PATTERN.test(input.phone)) {
      throw invalidSaid('phone', { zh: '电话只能含数字、“+”、“-”和空格', en: 'must be digits, "+", "-" or spaces' });
    }
    if (input.email && !EMAIL_PATTERN.test(input.email))
      throw invalidSaid('email', { zh: '邮箱格式不正确', en: 'is not an e-mail address' });
  }

  /**
   * Validates grants inside `trx`: role names, units that exist, no duplicates, a role set
   * one account may hold (三员分立), and units the actor administers. Who may grant which
   * role is the split-of-duties policy's call (see {@link decide}).
   */
  async validateGrants(trx: Executor, actor: Actor | null, roles: { role: string; unitId: number }[]): Promise<void> {
    const seen = new Set<string>();
    for (const [i, g] of roles.entries()) {
      if (!(ROLES as readonly string[]).includes(g.role)) throw invalid(`roles[${i}].role`, `unknown role "${g.role}"`);
      const unit = await unitRepository.byId(trx, g.unitId);
      if (!unit) throw invalid(`roles[${i}].unitId`, `unit ${g.unitId} not found`);
      const kindProblem = projectGrantProblem(g.role as Role, unit.kind as UnitKind);
      if (kindProblem) throw invalidSaid(`roles[${i}].unitId`, kindProblem);
      const key = `${g.role}@${g.unitId}`;
      if (seen.has(key))
        throw invalidSaid(`roles[${i}]`, {
          zh: `${ROLE_LABELS[g.role as Role].zh}在${unit.name}上重复授予`,
          en: `duplicate grant ${g.role} on unit ${unit.code}`,
        });
      seen.add(key);
      if (actor && !(can(actor, 'user.write', unit.path) || can(actor, 'user.security', unit.path))) {
        throw forbidden(`you may not grant role ${g.role} on unit ${unit.code}`);
      }
    }
    const problem = roleSetProblemSaid(roles.map((r) => r.role as Role));
    if (problem) throw invalidSaid('roles', problem);
  }

  /** Asks the split-of-duties policy; a refusal becomes 403 with its reason. */
  private async decide(trx: Executor, actor: Actor, target: UserRow | null, change: AdminChange): Promise<'allow' | 'needs_approval'> {
    const roles = target ? (await userRepository.grantsOf(trx, [target.id])).map((g) => g.role as Role) : [];
    const d = decideAdminChange(subjectOf(actor), target ? { userId: target.id, roles } : null, change);
    if (typeof d === 'object') throw forbidden(d.deny);
    return d;
  }

  /** Creates an account inside `trx` with no policy check: imports (which check first), demo data, the CLI. */
  async createIn(trx: Executor, actor: Actor | null, input: Omit<UserCreate, 'password'> & { passwordHash: string }): Promise<number> {
    const account = await this.checkNew(trx, actor, input);
    return insertAccount(trx, account, this.clock.now().toISOString());
  }

  private async checkNew(
    trx: Executor,
    actor: Actor | null,
    input: Omit<UserCreate, 'password'> & { passwordHash: string },
  ): Promise<NewAccount> {
    this.validateProfile(input);
    if (await userRepository.byUsername(trx, input.username)) throw conflict('username', `username "${input.username}" already exists`);
    if (input.unitId != null && !(await unitRepository.byId(trx, input.unitId))) throw invalid('unitId', `unit ${input.unitId} not found`);
    if (actor)
      this.assertOn(
        actor,
        'user.write',
        await this.unitPathOf(trx, input.unitId ?? null),
        'you may only create users in units you administer',
      );
    await this.validateGrants(trx, actor, input.roles ?? []);
    return {
      username: input.username,
      displayName: input.displayName,
      passwordHash: input.passwordHash,
      unitId: input.unitId ?? null,
      phone: input.phone ?? null,
      email: input.email ?? null,
      roles: input.roles ?? [],
    };
  }

  /** Creates an account; one with an administrator role waits for a second administrator. */
  async create(ctx: RequestContext, input: UserCreate): Promise<Outcome<User>> {
    const actor = this.actorOf(ctx);
    this.validateProfile(input);
    const problems = passwordProblems(input.password, input.username, this.passwords);
    if (problems.length) throw invalidSaid('password', joinProblems(problems));
    const passwordHash = await this.hasher.hash(input.password);
    const out = await this.database.db.transaction().execute(async (trx): Promise<{ pending: AdminRequest } | { id: number }> => {
      const account = await this.checkNew(trx, actor, { ...input, passwordHash });
      const roles = account.roles.map((r) => r.role);
      if ((await this.decide(trx, actor, null, { kind: 'create', roles })) === 'needs_approval') {
        return { pending: await this.requests.file(trx, ctx, null, { kind: 'create', account }) };
      }
      return { id: await createAccount(trx, this.audit, ctx, account, this.clock.now().toISOString()) };
    });
    return 'pending' in out ? out : { done: await this.get(ctx, out.id) };
  }

  /** Edits profile fields or the active flag; on another administrator's account it waits for approval. */
  async update(ctx: RequestContext, id: number, patch: UserPatch): Promise<Outcome<User>> {
    const actor = this.actorOf(ctx);
    this.validateProfile(patch);
    const pending = await this.database.db.transaction().execute(async (trx) => {
      const row = await userRepository.byId(trx, id);
      if (!row) throw notFound('user', id);
      this.assertOn(actor, 'user.write', await this.unitPathOf(trx, row.unit_id), 'user is outside the units you administer');
      refuseSystem(row);
      if (patch.unitId !== undefined && patch.unitId !== row.unit_id) {
        if (patch.unitId !== null && !(await unitRepository.byId(trx, patch.unitId)))
          throw invalid('unitId', `unit ${patch.unitId} not found`);
        this.assertOn(actor, 'user.write', await this.unitPathOf(trx, patch.unitId), 'target unit is outside the units you administer');
      }
      if (patch.active === false && id === actor.userId)
        throw invalidSaid('active', { zh: '不能停用自己的账号', en: 'you cannot deactivate your own account' });
      const changes: AccountChanges = {};
      const set = <K extends keyof AccountChanges>(k: K, v: UserRow[K] | undefined) => {
        if (v !== undefined && v !== row[k]) changes[k] = v;
      };
      set('display_name', patch.displayName?.trim());
      set('unit_id', patch.unitId);
      set('phone', patch.phone === undefined ? undefined : patch.phone || null);
      set('email', patch.email === undefined ? undefined : patch.email || null);
      set('is_active', patch.active === undefined ? undefined : patch.active ? 1 : 0);
      if (Object.keys(changes).length === 0) return null;
      // One request per edit: named after the active flag when it changes, else a profile edit.
      const kind = changes.is_active === undefined ? 'profile' : changes.is_active ? 'activate' : 'deactivate';
      const decisions = [await this.decide(trx, actor, row, { kind })];
      if (kind !== 'profile' && Object.keys(changes).length > 1) decisions.push(await this.decide(trx, actor, row, { kind: 'profile' }));
      if (decisions.includes('needs_approval')) return this.requests.file(trx, ctx, row, { kind, changes });
      await updateAccount(trx, this.audit, ctx, row, changes, this.clock.now().toISOString());
      return null;
    });
    return pending ? { pending } : { done: await this.get(ctx, id) };
  }

  /** Replaces a user's role grants. Nobody changes their own roles; admin roles wait for approval. */
  async setRoles(ctx: RequestContext, id: number, roles: { role: Role; unitId: number }[]): Promise<Outcome<User>> {
    const actor = this.actorOf(ctx);
    if (id === actor.userId) throw forbidden('you cannot change your own roles');
    const pending = await this.database.db.transaction().execute(async (trx) => {
      const row = await userRepository.byId(trx, id);
      if (!row) throw notFound('user', id);
      const userPath = await this.unitPathOf(trx, row.unit_id);
      const inScope =
        userPath === null
          ? canAtRoot(actor, 'user.write') || canAtRoot(actor, 'user.security')
          : can(actor, 'user.write', userPath) || can(actor, 'user.security', userPath);
      if (!inScope) throw forbidden('user is outside the units you administer');
      refuseSystem(row);
      const before = await userRepository.grantsOf(trx, [id]);
      await this.validateGrants(trx, actor, roles);
      const decision = await this.decide(trx, actor, row, { kind: 'roles', roles: roles.map((r) => r.role) });
      // Removing a grant needs the same right as adding it.
      for (const g of before) {
        const kept = roles.some((r) => r.role === g.role && r.unitId === g.unit_id);
        if (!kept && !canGrantRole(actor, g.role as Role, g.unit_path)) {
          throw forbidden(`you may not revoke role ${g.role} on unit ${g.unit_code}`);
        }
      }
      if (decision === 'needs_approval') return this.requests.file(trx, ctx, row, { kind: 'roles', roles });
      await replaceRoles(trx, this.audit, ctx, row, roles, this.clock.now().toISOString());
      return null;
    });
    return pending ? { pending } : { done: await this.get(ctx, id) };
  }

  /** Security admin sets a new password; the user's sessions end. Another admin's password waits for approval. */
  async resetPassword(ctx: RequestContext, id: number, password: string): Promise<Outcome<null>> {
    const actor = this.actorOf(ctx);
    const db = this.database.db;
    const row = await userRepository.byId(db, id);
    if (!row) throw notFound('user', id);
    this.assertOn(actor, 'user.security', await this.unitPathOf(db, row.unit_id), 'user is outside your scope');
    refuseSystem(row);
    const problems = passwordProblems(password, row.username, this.passwords);
    if (problems.length) throw invalidSaid('password', joinProblems(problems));
    const hash = await this.hasher.hash(password);
    const pending = await db.transaction().execute(async (trx) => {
      if ((await this.decide(trx, actor, row, { kind: 'password' })) === 'needs_approval')
        return this.requests.file(trx, ctx, row, { kind: 'password', passwordHash: hash });
      await setPasswordHash(trx, this.audit, ctx, row, hash, this.clock.now().toISOString());
      return null;
    });
    return pending ? { pending } : { done: null };
  }

  /** A user changes their own password, proving the current one. */
  async changeOwnPassword(ctx: RequestContext, current: string, next: string): Promise<void> {
    const actor = this.actorOf(ctx);
    const row = await userRepository.byId(this.database.db, actor.userId);
    if (!row) throw unauthorized();
    if (!(await this.hasher.verify(row.password_hash, current)))
      throw invalidSaid('currentPassword', { zh: '当前密码不正确', en: 'is not correct' });
    await this.writePassword(ctx, row, next);
  }

  /** Shared by the own-password page and the CLI (`ctx.actor` null); no approval applies. */
  async writePassword(ctx: RequestContext, row: UserRow, password: string): Promise<void> {
    refuseSystem(row);
    const problems = passwordProblems(password, row.username, this.passwords);
    if (problems.length) throw invalidSaid('password', joinProblems(problems));
    const hash = await this.hasher.hash(password);
    await this.database.db.transaction().execute((trx) => setPasswordHash(trx, this.audit, ctx, row, hash, this.clock.now().toISOString()));
  }

  /** Locks or unlocks an account; locking ends its sessions. Another admin's account waits for approval. */
  async setLocked(ctx: RequestContext, id: number, locked: boolean): Promise<Outcome<User>> {
    const actor = this.actorOf(ctx);
    const row = await userRepository.byId(this.database.db, id);
    if (!row) throw notFound('user', id);
    if (id === actor.userId) throw forbidden('you cannot lock or unlock your own account');
    this.assertOn(actor, 'user.security', await this.unitPathOf(this.database.db, row.unit_id), 'user is outside your scope');
    refuseSystem(row);
    const pending = await this.database.db.transaction().execute(async (trx) => {
      const kind = locked ? 'lock' : 'unlock';
      if ((await this.decide(trx, actor, row, { kind })) === 'needs_approval') return this.requests.file(trx, ctx, row, { kind });
      await setLockState(trx, this.audit, ctx, row, locked, this.clock.now().toISOString());
      return null;
    });
    return pending ? { pending } : { done: await this.get(ctx, id) };
  }

  /** Lock state change for the CLI (which runs as the system). */
  async writeLock(ctx: RequestContext, row: UserRow, locked: boolean): Promise<void> {
    refuseSystem(row);
    await this.database.db.transaction().execute((trx) => setLockState(trx, this.audit, ctx, row, locked, this.clock.now().toISOString()));
  }

  /** Looks a user up by name for the CLI. */
  async byUsername(username: string): Promise<UserRow> {
    const row = await userRepository.byUsername(this.database.db, username.trim().toLowerCase());
    if (!row) throw new AppError(404, 'not_found', `user ${username} not found`);
    return row;
  }
}
