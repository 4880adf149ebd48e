import type { Executor } from '../../db/database.js';
import { sessionRepository } from '../../db/repositories/session.repository.js';
import { userRepository } from '../../db/repositories/user.repository.js';
import type { UserRow } from '../../db/schema.js';
import type { Role } from '../../shared/enums.js';
import type { AuditService } from '../audit/audit.service.js';
import type { RequestContext } from '../../core/context.js';

/**
 * The writes behind account changes, each with its audit record, inside the caller's
 * transaction. Shared by UserService (a change made directly) and AdminRequestService
 * (the same change applied when a second administrator approves); `extra` lands in the
 * audit summary (e.g. the request id and who asked).
 */

/** A new account, its password already hashed. */
export interface NewAccount {
  username: string;
  displayName: string;
  passwordHash: string;
  unitId: number | null;
  phone: string | null;
  email: string | null;
  roles: { role: Role; unitId: number }[];
}

/** Column changes of an edit, already normalized and compared with the row. */
export type AccountChanges = Partial<Pick<UserRow, 'display_name' | 'unit_id' | 'phone' | 'email' | 'is_active'>>;

const CHANGE_LABELS: Record<keyof AccountChanges, string> = {
  display_name: 'displayName',
  unit_id: 'unitId',
  phone: 'phone',
  email: 'email',
  is_active: 'active',
};

/** Inserts the account and its grants; returns the id. */
export async function insertAccount(trx: Executor, a: NewAccount, nowIso: string): Promise<number> {
  const id = await userRepository.insert(trx, {
    username: a.username,
    display_name: a.displayName.trim(),
    password_hash: a.passwordHash,
    unit_id: a.unitId,
    phone: a.phone || null,
    email: a.email || null,
    is_active: 1,
    locked_at: null,
    password_changed_at: nowIso,
    created_at: nowIso,
    updated_at: nowIso,
  });
  await userRepository.replaceGrants(trx, id, a.roles, nowIso);
  return id;
}

/** Inserts and audits as `user.create`. */
export async function createAccount(
  trx: Executor,
  audit: AuditService,
  ctx: RequestContext,
  a: NewAccount,
  nowIso: string,
  extra: Record<string, unknown> = {},
): Promise<number> {
  const id = await insertAccount(trx, a, nowIso);
  await audit.record(trx, ctx, {
    action: 'user.create',
    targetType: 'user',
    targetId: id,
    summary: { username: a.username, unitId: a.unitId, roles: a.roles, ...extra },
  });
  return id;
}

/** The audit summary's `changes` for an edit: label → {from, to}. */
export function describeChanges(row: UserRow, changes: AccountChanges): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const [k, v] of Object.entries(changes) as [keyof AccountChanges, unknown][]) out[CHANGE_LABELS[k]] = { from: row[k], to: v };
  return out;
}

/** Writes an edit; deactivation ends the account's sessions. Audited as `user.update`. */
export async function updateAccount(
  trx: Executor,
  audit: AuditService,
  ctx: RequestContext,
  row: UserRow,
  changes: AccountChanges,
  nowIso: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await userRepository.update(trx, row.id, { ...changes, updated_at: nowIso });
  if (changes.is_active === 0) await sessionRepository.revokeAllOfUser(trx, row.id, nowIso);
  await audit.record(trx, ctx, {
    action: 'user.update',
    targetType: 'user',
    targetId: row.id,
    summary: { username: row.username, changes: describeChanges(row, changes), ...extra },
  });
}

/** Replaces the grants. Audited as `user.roles` with before and after. */
export async function replaceRoles(
  trx: Executor,
  audit: AuditService,
  ctx: RequestContext,
  row: UserRow,
  roles: { role: Role; unitId: number }[],
  nowIso: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const before = await userRepository.grantsOf(trx, [row.id]);
  await userRepository.replaceGrants(trx, row.id, roles, nowIso);
  await audit.record(trx, ctx, {
    action: 'user.roles',
    targetType: 'user',
    targetId: row.id,
    summary: { username: row.username, from: before.map((g) => ({ role: g.role, unitId: g.unit_id })), to: roles, ...extra },
  });
}

/** Sets a hashed password; every session and API token of the account ends. Audited as `user.password`. */
export async function setPasswordHash(
  trx: Executor,
  audit: AuditService,
  ctx: RequestContext,
  row: UserRow,
  hash: string,
  nowIso: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await userRepository.update(trx, row.id, { password_hash: hash, password_changed_at: nowIso, updated_at: nowIso });
  await sessionRepository.revokeAllOfUser(trx, row.id, nowIso);
  await sessionRepository.revokeTokensOfUser(trx, row.id, nowIso);
  await audit.record(trx, ctx, {
    action: 'user.password',
    targetType: 'user',
    targetId: row.id,
    summary: { username: row.username, ...extra },
  });
}

/** Locks (ending sessions) or unlocks (clearing failures). Audited as `user.lock` / `user.unlock`. */
export async function setLockState(
  trx: Executor,
  audit: AuditService,
  ctx: RequestContext,
  row: UserRow,
  locked: boolean,
  nowIso: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await userRepository.update(trx, row.id, { locked_at: locked ? nowIso : null, updated_at: nowIso });
  if (locked) await sessionRepository.revokeAllOfUser(trx, row.id, nowIso);
  else await sessionRepository.clearFailures(trx, row.username);
  await audit.record(trx, ctx, {
    action: locked ? 'user.lock' : 'user.unlock',
    targetType: 'user',
    targetId: row.id,
    summary: { username: row.username, ...extra },
  });
}
