import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Actor, Grant } from '../../src/domain/policies/permissions.js';
import { canOnProject, projectGrantProblem, projectScope, type ProjectPlace } from '../../src/domain/policies/project-scope.js';
import { homeFor } from '../../src/shared/home.js';
import { UNIT_KINDS, type Role } from '../../src/shared/enums.js';

const actor = (userId: number, ...grants: [Role, string][]): Actor => ({
  userId,
  username: `u${userId}`,
  displayName: `U${userId}`,
  grants: grants.map(([role, unitPath]): Grant => ({ role, unitId: 1, unitPath })),
});

/** A project of county /1/2/ in work team /1/9/ whose people list names user 7. */
const place: ProjectPlace = { countyPath: '/1/2/', workTeamPath: '/1/9/', memberUserIds: [7] };

describe('project scope (issue 14 point 10)', () => {
  it('the projects office covers its county’s projects (or the city’s), not another county’s', () => {
    expect(canOnProject(actor(1, ['projects_office', '/1/2/']), 'project.manage', place)).toBe(true);
    expect(canOnProject(actor(1, ['projects_office', '/1/']), 'project.manage', place)).toBe(true);
    expect(canOnProject(actor(1, ['projects_office', '/1/3/']), 'project.read', place)).toBe(false);
    expect(canOnProject(actor(1, ['projects_office', '/1/2/']), 'project.report', place)).toBe(false);
  });

  it('the work team covers the projects of its team, whatever their county', () => {
    expect(canOnProject(actor(1, ['work_team', '/1/9/']), 'project.confirm', place)).toBe(true);
    expect(canOnProject(actor(1, ['work_team', '/1/8/']), 'project.read', place)).toBe(false);
    expect(canOnProject(actor(1, ['work_team', '/1/9/']), 'project.read', { ...place, workTeamPath: null })).toBe(false);
    expect(canOnProject(actor(1, ['work_team', '/1/9/']), 'project.edit', place)).toBe(false);
  });

  it('the project unit covers only the projects that name it, even granted on the whole city', () => {
    expect(canOnProject(actor(7, ['project_owner', '/1/']), 'project.edit', place)).toBe(true);
    expect(canOnProject(actor(7, ['project_owner', '/1/']), 'project.report', place)).toBe(true);
    expect(canOnProject(actor(8, ['project_owner', '/1/']), 'project.read', place)).toBe(false);
    expect(canOnProject(actor(7, ['project_owner', '/1/']), 'project.confirm', place)).toBe(false);
    expect(canOnProject(actor(7, ['project_owner', '/1/']), 'project.manage', place)).toBe(false);
  });

  it('leaders read by county; API token scopes limit it like every permission', () => {
    expect(canOnProject(actor(1, ['leader', '/1/']), 'project.read', place)).toBe(true);
    expect(canOnProject(actor(1, ['leader', '/1/3/']), 'project.read', place)).toBe(false);
    expect(canOnProject(actor(1, ['leader', '/1/']), 'project.edit', place)).toBe(false);
    expect(canOnProject({ ...actor(1, ['leader', '/1/']), scopes: ['case.read'] }, 'project.read', place)).toBe(false);
    expect(canOnProject(actor(1, ['hq_dispatcher', '/1/']), 'project.read', place)).toBe(false);
  });

  it('a list scope agrees with canOnProject for every place', () => {
    const path = fc.constantFrom('/1/', '/1/2/', '/1/3/', '/1/9/', '/1/8/', '/1/2/5/');
    const role = fc.constantFrom<Role>('leader', 'projects_office', 'work_team', 'project_owner', 'unit_handler');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(role, path), { maxLength: 3 }),
        path,
        fc.option(path, { nil: null }),
        fc.boolean(),
        (grants, countyPath, workTeamPath, member) => {
          const a = actor(7, ...grants);
          const p: ProjectPlace = { countyPath, workTeamPath, memberUserIds: member ? [7] : [] };
          const s = projectScope(a, 'project.read');
          const listed =
            s.all ||
            s.countyPaths.some((c) => countyPath.startsWith(c)) ||
            (workTeamPath !== null && s.workTeamPaths.some((t) => workTeamPath.startsWith(t))) ||
            (s.asMember && member);
          expect(listed).toBe(canOnProject(a, 'project.read', p));
        },
      ),
    );
  });

  it('a work team role sits on a work team, a projects office on the city or a county-level unit', () => {
    const ok = (role: Role) => UNIT_KINDS.filter((k) => projectGrantProblem(role, k) === null);
    expect(ok('work_team')).toEqual(['work_team']);
    expect(ok('projects_office')).toEqual(['city', 'district', 'county', 'county_city', 'dev_zone']);
    expect(ok('project_owner')).toEqual([...UNIT_KINDS]);
  });

  it('the new roles land on the projects page', () => {
    expect(homeFor(['work_team'])).toBe('/projects');
    expect(homeFor(['projects_office'])).toBe('/projects');
    expect(homeFor(['leader', 'projects_office'])).toBe('/dashboard');
  });
});
