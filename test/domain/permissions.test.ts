import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  can,
  canAtRoot,
  canGrantRole,
  coversUnit,
  permissionsOf,
  ROLE_PERMISSIONS,
  type Actor,
} from '../../src/domain/policies/permissions.js';
import { ROLES, type Role } from '../../src/shared/enums.js';

const actor = (role: Role, unitPath = '/1/'): Actor => ({
  userId: 1,
  username: 'u',
  displayName: 'U',
  grants: [{ role, unitId: 1, unitPath }],
});

describe('role permissions', () => {
  it('keeps the three administrators apart (三员分立)', () => {
    expect(can(actor('sysadmin'), 'audit.read')).toBe(false);
    expect(can(actor('sysadmin'), 'user.security')).toBe(false);
    expect(can(actor('security_admin'), 'unit.write')).toBe(false);
    expect(can(actor('security_admin'), 'audit.read')).toBe(false);
    expect(can(actor('auditor'), 'audit.read')).toBe(true);
    for (const p of ['unit.write', 'user.write', 'user.security', 'token.manage'] as const) expect(can(actor('auditor'), p)).toBe(false);
  });
  it('gives audit.read to the auditor alone', () => {
    expect(ROLES.filter((r) => ROLE_PERMISSIONS[r].includes('audit.read'))).toEqual(['auditor']);
  });
  it('covers a unit and its subtree, not its siblings or parent', () => {
    expect(coversUnit('/1/2/', '/1/2/')).toBe(true);
    expect(coversUnit('/1/2/', '/1/2/7/')).toBe(true);
    expect(coversUnit('/1/2/', '/1/3/')).toBe(false);
    expect(coversUnit('/1/2/', '/1/')).toBe(false);
    expect(coversUnit('/1/2/', '/1/22/')).toBe(false);
  });
  it('a grant covers exactly the paths that start with it (property)', () => {
    const path = fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 5 }).map((ids) => `/${ids.join('/')}/`);
    fc.assert(
      fc.property(path, path, (g, u) => {
        const a = actor('sysadmin', g);
        expect(can(a, 'unit.write', u)).toBe(u.startsWith(g));
      }),
    );
  });
  it('reserves every role grant to the security administrator (三员分立)', () => {
    expect(canGrantRole(actor('sysadmin'), 'auditor', '/1/')).toBe(false);
    expect(canGrantRole(actor('sysadmin'), 'inspector', '/1/5/')).toBe(false);
    expect(canGrantRole(actor('security_admin'), 'auditor', '/1/')).toBe(true);
    expect(canGrantRole(actor('security_admin', '/1/5/'), 'inspector', '/1/5/7/')).toBe(true);
    expect(canGrantRole(actor('security_admin', '/1/5/'), 'inspector', '/1/6/')).toBe(false);
  });
  it('knows root grants and lists permissions once', () => {
    expect(canAtRoot(actor('sysadmin', '/1/'), 'unit.write')).toBe(true);
    expect(canAtRoot(actor('sysadmin', '/1/2/'), 'unit.write')).toBe(false);
    const both: Actor = { ...actor('sysadmin'), grants: [...actor('sysadmin').grants, ...actor('auditor').grants] };
    const perms = permissionsOf(both);
    expect(new Set(perms).size).toBe(perms.length);
    expect(perms).toContain('audit.read');
  });
  it('lets nobody without a grant do anything but public things', () => {
    const nobody: Actor = { userId: 1, username: 'x', displayName: 'x', grants: [] };
    expect(can(nobody, 'public')).toBe(true);
    expect(can(nobody, 'authenticated')).toBe(false);
  });
});
