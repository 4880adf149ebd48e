import type { Role } from './enums.js';

/** Landing route of each role, in priority order for people holding several roles. */
export const ROLE_HOME: [Role, string][] = [
  ['hq_dispatcher', '/dispatch'],
  ['leader', '/dashboard'],
  ['inspector', '/inspect'],
  ['unit_head', '/unit-work'],
  ['unit_handler', '/unit-work'],
  ['projects_office', '/projects'],
  ['work_team', '/projects'],
  ['project_owner', '/projects'],
  ['sysadmin', '/admin/units'],
  ['security_admin', '/admin/security'],
  ['auditor', '/audit'],
  ['citizen', '/citizen'],
];

/** The home route for someone holding `roles`. */
export function homeFor(roles: readonly Role[]): string {
  for (const [role, path] of ROLE_HOME) if (roles.includes(role)) return path;
  return '/';
}
