import type { Permission, Role } from '../../shared/enums.js';
import { scopeAllows } from '../auth/token-policy.js';

/** One role held on one unit; covers the unit and everything below it. */
export interface Grant {
  role: Role;
  unitId: number;
  /** Materialized path of the unit, e.g. `/1/12/130/`. */
  unitPath: string;
}

/** The person (or integration token) on whose behalf a service acts. */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  grants: Grant[];
  /** Set when acting through an API token: only these permissions (∩ the grants') apply. */
  scopes?: readonly Permission[];
}

/**
 * What each role may do. The three administrator roles are disjoint on purpose
 * (三员分立): the sysadmin runs units and accounts, the security admin runs
 * credentials and access, the auditor only reads the audit log and directories.
 */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  hq_dispatcher: [
    'authenticated',
    'unit.read',
    'user.read',
    'case.read',
    'case.report',
    'case.act',
    'case.configure',
    'evaluation.read',
    'evaluation.manage',
    'letter.read',
    'letter.manage',
    'briefing.read',
    'briefing.manage',
    'assessment.read',
    'assessment.manage',
    'action_item.read',
    'action_item.manage',
    'assessment.results',
    'sanction.read',
    'sanction.manage',
  ],
  inspector: ['authenticated', 'unit.read', 'case.read', 'case.report', 'case.act', 'evaluation.read', 'inspection.perform'],
  unit_handler: [
    'authenticated',
    'unit.read',
    'case.read',
    'case.act',
    'evaluation.read',
    'letter.read',
    'letter.sign',
    'briefing.read',
    'action_item.read',
    'action_item.report',
    'assessment.results',
    'assessment.appeal',
    'sanction.read',
  ],
  unit_head: [
    'authenticated',
    'unit.read',
    'user.read',
    'case.read',
    'case.act',
    'evaluation.read',
    'letter.read',
    'letter.sign',
    'briefing.read',
    'action_item.read',
    'action_item.report',
    'assessment.results',
    'assessment.appeal',
    'sanction.read',
  ],
  leader: [
    'authenticated',
    'unit.read',
    'user.read',
    'case.read',
    'evaluation.read',
    'letter.read',
    'letter.approve',
    'briefing.read',
    'assessment.read',
    'action_item.read',
    'assessment.results',
    'assessment.approve',
    'sanction.read',
    'project.read',
  ],
  // The project unit: its own projects (the project's people list), whatever unit the grant names.
  project_owner: ['authenticated', 'unit.read', 'case.read', 'case.report', 'project.read', 'project.edit', 'project.report'],
  // 工作专班: the projects assigned to its team (the grant's unit is the team).
  // case.report: it raises its projects' obstacles (要素保障) as cases.
  work_team: ['authenticated', 'unit.read', 'case.report', 'project.read', 'project.confirm'],
  // 项目办 / 发改委: the register and batches of the projects of its county (or the whole city).
  projects_office: [
    'authenticated',
    'unit.read',
    'user.read',
    'case.report',
    'project.read',
    'project.edit',
    'project.manage',
    'project.confirm',
  ],
  citizen: ['authenticated', 'case.report'],
  sysadmin: ['authenticated', 'unit.read', 'unit.write', 'user.read', 'user.write', 'token.manage', 'admin.requests'],
  security_admin: ['authenticated', 'unit.read', 'user.read', 'user.security', 'token.manage', 'admin.requests'],
  auditor: ['authenticated', 'unit.read', 'user.read', 'audit.read', 'admin.requests'],
};

/** True when `unitPath` lies in the subtree rooted at `grantPath`. */
export function coversUnit(grantPath: string, unitPath: string): boolean {
  return unitPath.startsWith(grantPath);
}

/**
 * Decides whether the actor holds `permission`, optionally on a specific unit.
 * Without `unitPath` the question is "anywhere at all" (used to gate routes).
 */
export function can(actor: Actor, permission: Permission, unitPath?: string): boolean {
  if (permission === 'public') return true;
  if (!scopeAllows(actor.scopes, permission)) return false;
  return actor.grants.some(
    (g) => ROLE_PERMISSIONS[g.role].includes(permission) && (unitPath === undefined || coversUnit(g.unitPath, unitPath)),
  );
}

/** All permissions the actor holds anywhere; sent to the web app to build menus. */
export function permissionsOf(actor: Actor): Permission[] {
  const set = new Set<Permission>();
  for (const g of actor.grants) for (const p of ROLE_PERMISSIONS[g.role]) if (scopeAllows(actor.scopes, p)) set.add(p);
  return [...set].sort();
}

/**
 * May the actor grant or revoke `role` on the unit? Every role is granted by the security
 * administrator within the subtree they administer (三员分立: the sysadmin creates accounts
 * without roles). Administrator roles also need a second administrator's approval and may
 * not be combined — see admin-separation.ts.
 */
export function canGrantRole(actor: Actor, _role: Role, unitPath: string): boolean {
  return can(actor, 'user.security', unitPath);
}

/** True when the actor holds `permission` on a root unit (needed to create new roots). */
export function canAtRoot(actor: Actor, permission: Permission): boolean {
  if (!scopeAllows(actor.scopes, permission)) return false;
  return actor.grants.some((g) => ROLE_PERMISSIONS[g.role].includes(permission) && /^\/\d+\/$/.test(g.unitPath));
}

/**
 * The unit subtrees (paths) whose figures the actor may read with `permission`; null when
 * that is every unit (a grant on a root). Figures (indicators, results, dashboards,
 * statistics, exports) are limited to these, as lists of cases are.
 */
export function readScope(actor: Actor, permission: Permission): string[] | null {
  if (canAtRoot(actor, permission)) return null;
  if (!scopeAllows(actor.scopes, permission)) return [];
  return actor.grants.filter((g) => ROLE_PERMISSIONS[g.role].includes(permission)).map((g) => g.unitPath);
}

/** Whether a unit lies in a scope from {@link readScope} (null = everything). */
export function inReadScope(scope: readonly string[] | null, unitPath: string): boolean {
  return scope === null || scope.some((p) => coversUnit(p, unitPath));
}
