import type { Permission, Role, UnitKind } from '../../shared/enums.js';
import type { Bilingual } from '../../shared/export-lang.js';
import { scopeAllows } from '../auth/token-policy.js';
import { coversUnit, ROLE_PERMISSIONS, type Actor } from './permissions.js';

/**
 * Whose projects a role's grant covers (issue 14 point 10). Unlike the rest of Dudao a project
 * is not placed by one unit alone:
 * - `county`: leaders and the projects office (项目办/发改委) cover the projects whose county
 *   (county_unit_id) lies in the grant's subtree;
 * - `work_team`: a work team (工作专班) covers the projects assigned to a team in its subtree;
 * - `membership`: the project unit (项目单位) covers only the projects whose people list names
 *   the person — the grant's unit does not widen it (a company is not a county).
 */
export type ProjectScopeBasis = 'county' | 'work_team' | 'membership';

const BASIS: Partial<Record<Role, ProjectScopeBasis>> = {
  work_team: 'work_team',
  project_owner: 'membership',
};

/** The basis of a role's project grants (county unless said otherwise). */
export function projectBasisOf(role: Role): ProjectScopeBasis {
  return BASIS[role] ?? 'county';
}

/** Where a project sits, as far as access is concerned. */
export interface ProjectPlace {
  /** Path of the project's county / district. */
  countyPath: string;
  /** Path of its work team; null when none is assigned. */
  workTeamPath: string | null;
  /** The users on the project's people list. */
  memberUserIds: readonly number[];
}

/** Whether the actor holds `permission` on the project at `place`. */
export function canOnProject(actor: Actor, permission: Permission, place: ProjectPlace): boolean {
  if (!scopeAllows(actor.scopes, permission)) return false;
  return actor.grants.some((g) => {
    if (!ROLE_PERMISSIONS[g.role].includes(permission)) return false;
    switch (projectBasisOf(g.role)) {
      case 'membership':
        return place.memberUserIds.includes(actor.userId);
      case 'work_team':
        return place.workTeamPath !== null && coversUnit(g.unitPath, place.workTeamPath);
      default:
        return coversUnit(g.unitPath, place.countyPath);
    }
  });
}

/**
 * The projects the actor may see with `permission`, as a filter for lists: every project
 * (`all`), or those whose county lies under one of `countyPaths`, whose work team lies under
 * one of `workTeamPaths`, or (`asMember`) whose people list names the actor.
 */
export interface ProjectScope {
  all: boolean;
  countyPaths: string[];
  workTeamPaths: string[];
  asMember: boolean;
}

/** The actor's {@link ProjectScope} for `permission`. */
export function projectScope(actor: Actor, permission: Permission): ProjectScope {
  const out: ProjectScope = { all: false, countyPaths: [], workTeamPaths: [], asMember: false };
  if (!scopeAllows(actor.scopes, permission)) return out;
  for (const g of actor.grants) {
    if (!ROLE_PERMISSIONS[g.role].includes(permission)) continue;
    const basis = projectBasisOf(g.role);
    if (basis === 'membership') out.asMember = true;
    else if (basis === 'work_team') out.workTeamPaths.push(g.unitPath);
    else if (/^\/\d+\/$/.test(g.unitPath)) out.all = true;
    else out.countyPaths.push(g.unitPath);
  }
  return out;
}

/** Unit kinds a project's county may be: the county-level units of the directory. */
export const COUNTY_LEVEL_KINDS: readonly UnitKind[] = ['county', 'district', 'county_city', 'dev_zone'];

/**
 * Why `role` may not be granted on a unit of `kind`, or null: a work team role sits on a work
 * team, a projects office on the city or a county-level unit. Other roles are not limited here.
 */
export function projectGrantProblem(role: Role, kind: UnitKind): Bilingual | null {
  if (role === 'work_team' && kind !== 'work_team')
    return {
      zh: '工作专班角色只能授予在工作专班类单位上',
      en: 'the work team role (工作专班) is granted on a unit of kind work_team',
    };
  if (role === 'projects_office' && kind !== 'city' && !COUNTY_LEVEL_KINDS.includes(kind))
    return {
      zh: '项目办角色只能授予在市或县（市、区）上',
      en: 'the projects office role (项目办) is granted on the city or a county / district',
    };
  return null;
}
