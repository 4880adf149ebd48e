import { ADMIN_CHANGE_KINDS, type AdminChangeKind } from '../../shared/admin-requests.js';
import type { Role } from '../../shared/enums.js';
import type { Bilingual } from '../../shared/export-lang.js';
import { ROLE_LABELS } from '../../shared/labels.js';

export { ADMIN_CHANGE_KINDS, type AdminChangeKind };

/**
 * 三员分立 — the split of duties between the three administrators, in one place.
 *
 * - 系统管理员 (sysadmin) runs units and accounts: creates accounts (without roles),
 *   edits profiles, activates and deactivates them.
 * - 安全管理员 (security_admin) runs access: grants and revokes roles, sets passwords,
 *   locks and unlocks accounts.
 * - 审计管理员 (auditor) reads the audit log; changes no account on their own.
 *
 * An account holds at most one administrator role, and never an administrator role
 * together with a business role. No administrator changes another administrator's
 * account, or makes any account an administrator, alone: such a change becomes a
 * request that a different administrator (neither the requester nor the account's
 * holder) approves within {@link ADMIN_REQUEST_TTL_HOURS} hours.
 */

/** The three administrator roles (三员). */
export const ADMIN_ROLE_LIST = ['sysadmin', 'security_admin', 'auditor'] as const satisfies readonly Role[];
export type AdminRole = (typeof ADMIN_ROLE_LIST)[number];

/** A pending admin request lapses after this many hours. */
export const ADMIN_REQUEST_TTL_HOURS = 72;

/** True for 系统管理员, 安全管理员 and 审计管理员. */
export function isAdminRole(role: Role): role is AdminRole {
  return (ADMIN_ROLE_LIST as readonly Role[]).includes(role);
}

/** An account as the policy sees it: who it is and which roles it holds (on any unit). */
export interface AdminSubject {
  userId: number;
  roles: readonly Role[];
}

/** Changes to accounts that the split of duties governs. */
export type AdminChange =
  | { kind: 'create'; roles: readonly Role[] }
  | { kind: 'profile' }
  | { kind: 'activate' }
  | { kind: 'deactivate' }
  | { kind: 'roles'; roles: readonly Role[] }
  | { kind: 'password' }
  | { kind: 'lock' }
  | { kind: 'unlock' };

/** What the policy says: go ahead, ask a second administrator, or no. */
export type AdminDecision = 'allow' | 'needs_approval' | { deny: string };

/** Which administrator performs each kind of change (the other two may only approve). */
export const DUTY_OF: Record<AdminChangeKind, AdminRole> = {
  create: 'sysadmin',
  profile: 'sysadmin',
  activate: 'sysadmin',
  deactivate: 'sysadmin',
  roles: 'security_admin',
  password: 'security_admin',
  lock: 'security_admin',
  unlock: 'security_admin',
};

const DUTY_NAME: Record<AdminRole, string> = {
  sysadmin: 'the system administrator (系统管理员)',
  security_admin: 'the security administrator (安全管理员)',
  auditor: 'the auditor (审计管理员)',
};

/** The distinct administrator roles in a role list. */
export function adminRolesIn(roles: readonly Role[]): AdminRole[] {
  return [...new Set(roles.filter(isAdminRole))];
}

/** True when the account holds any administrator role. */
export function isAdminAccount(roles: readonly Role[]): boolean {
  return roles.some(isAdminRole);
}

/**
 * Why a set of roles may not be held by one account, or null when it may:
 * at most one administrator role, and none next to a business role.
 */
export function roleSetProblem(roles: readonly Role[]): string | null {
  return roleSetProblemSaid(roles)?.en ?? null;
}

/** {@link roleSetProblem} in both languages, for the people who pick the roles. */
export function roleSetProblemSaid(roles: readonly Role[]): Bilingual | null {
  const admin = adminRolesIn(roles);
  const zh = (rs: readonly Role[]) => rs.map((r) => ROLE_LABELS[r].zh).join('、');
  if (admin.length > 1)
    return {
      zh: `一个账号最多担任一种管理员角色（三员分立），这里选了${zh(admin)}`,
      en: `an account holds at most one administrator role (got ${admin.join(', ')})`,
    };
  if (admin.length === 1 && roles.some((r) => !isAdminRole(r))) {
    return {
      zh: `${zh(admin)}不能与业务角色同时授予同一账号（三员分立）`,
      en: `administrator role ${admin[0]} cannot be combined with business roles`,
    };
  }
  return null;
}

/**
 * Decides whether `actor` may make `change` to `target` (null when the change creates
 * the account): `allow`, `needs_approval` (a second administrator must approve), or deny
 * with the reason. Unit scope is checked by the services; this is only the split of duties.
 */
export function decideAdminChange(actor: AdminSubject, target: AdminSubject | null, change: AdminChange): AdminDecision {
  const own = roleSetProblem(actor.roles);
  if (own) return { deny: `your account holds conflicting roles (${own}); another administrator must fix it first` };
  const duty = DUTY_OF[change.kind];
  if (!actor.roles.includes(duty)) return { deny: `only ${DUTY_NAME[duty]} may ${verb(change.kind)}` };
  if (change.kind === 'create' || change.kind === 'roles') {
    const problem = roleSetProblem(change.roles);
    if (problem) return { deny: problem };
  }
  if (change.kind === 'create') {
    if (change.roles.length === 0) return 'allow';
    if (!isAdminAccount(change.roles))
      return { deny: 'business roles are granted by the security administrator (安全管理员); create the account without roles' };
    return 'needs_approval';
  }
  if (!target) return { deny: 'the account does not exist' };
  if (target.userId === actor.userId && change.kind !== 'profile') {
    return { deny: `you cannot ${verb(change.kind)} your own account` };
  }
  if (target.userId !== actor.userId && isAdminAccount(target.roles)) return 'needs_approval';
  if (change.kind === 'roles' && isAdminAccount(change.roles)) return 'needs_approval';
  return 'allow';
}

/** A pending request as the approval rule sees it. */
export interface AdminRequestParties {
  requestedBy: number;
  /** Null for a request that creates the account. */
  targetUserId: number | null;
}

/**
 * May `approver` decide (approve or reject) the request? Only another administrator:
 * not the one who asked, not the account the request is about.
 */
export function decideApproval(approver: AdminSubject, request: AdminRequestParties): 'allow' | { deny: string } {
  const own = roleSetProblem(approver.roles);
  if (own) return { deny: `your account holds conflicting roles (${own})` };
  if (!isAdminAccount(approver.roles)) return { deny: 'only an administrator may decide admin requests' };
  if (approver.userId === request.requestedBy) return { deny: 'a second administrator must approve your own request' };
  if (approver.userId === request.targetUserId) return { deny: 'you cannot approve a request about your own account' };
  return 'allow';
}

/** When a request made at `createdAt` lapses. */
export function adminRequestExpiry(createdAt: Date): Date {
  return new Date(createdAt.getTime() + ADMIN_REQUEST_TTL_HOURS * 3600_000);
}

/** True once the request can no longer be approved. */
export function isAdminRequestExpired(expiresAt: string, now: Date): boolean {
  return now.getTime() >= new Date(expiresAt).getTime();
}

function verb(kind: AdminChangeKind): string {
  switch (kind) {
    case 'create':
      return 'create accounts';
    case 'profile':
      return 'edit account profiles';
    case 'activate':
      return 'activate accounts';
    case 'deactivate':
      return 'deactivate accounts';
    case 'roles':
      return 'change roles';
    case 'password':
      return 'set passwords';
    case 'lock':
      return 'lock accounts';
    case 'unlock':
      return 'unlock accounts';
  }
}
