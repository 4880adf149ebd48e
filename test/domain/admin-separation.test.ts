import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ADMIN_CHANGE_KINDS,
  ADMIN_REQUEST_TTL_HOURS,
  adminRequestExpiry,
  decideAdminChange,
  decideApproval,
  isAdminRequestExpired,
  roleSetProblem,
  type AdminChange,
  type AdminChangeKind,
  type AdminSubject,
} from '../../src/domain/policies/admin-separation.js';
import { ROLES, type Role } from '../../src/shared/enums.js';

type Who = 'sysadmin' | 'security_admin' | 'auditor' | 'business' | 'none';
const WHO: Who[] = ['sysadmin', 'security_admin', 'auditor', 'business', 'none'];
const rolesOf = (w: Who): Role[] => (w === 'business' ? ['hq_dispatcher'] : w === 'none' ? [] : [w]);
const subject = (userId: number, w: Who): AdminSubject => ({ userId, roles: rolesOf(w) });

/** A change of each kind that keeps the target's standing (roles: the same roles again). */
const plainChange = (kind: Exclude<AdminChangeKind, 'create'>, target: Who): AdminChange =>
  kind === 'roles' ? { kind, roles: rolesOf(target) } : { kind };

/**
 * The split of duties, spelled out: who performs each change on an ordinary account
 * (business role or none). On an administrator account the same actor needs approval.
 */
const PERFORMER: Record<Exclude<AdminChangeKind, 'create'>, Who> = {
  profile: 'sysadmin',
  activate: 'sysadmin',
  deactivate: 'sysadmin',
  roles: 'security_admin',
  password: 'security_admin',
  lock: 'security_admin',
  unlock: 'security_admin',
};

describe('三员分立: decideAdminChange for every actor × target × change', () => {
  for (const actor of WHO) {
    for (const target of WHO) {
      for (const kind of ADMIN_CHANGE_KINDS.filter((k) => k !== 'create')) {
        const expected = PERFORMER[kind] !== actor ? 'deny' : target === 'business' || target === 'none' ? 'allow' : 'needs_approval';
        it(`${actor} → ${kind} on another ${target} account: ${expected}`, () => {
          const d = decideAdminChange(subject(1, actor), subject(2, target), plainChange(kind, target));
          if (expected === 'deny') expect(d).toEqual({ deny: expect.stringContaining('only the') });
          else expect(d).toBe(expected);
        });
      }
    }
  }

  it('nobody changes roles, password, lock or active state of their own account; the sysadmin edits their own profile', () => {
    for (const who of ['sysadmin', 'security_admin'] as const) {
      for (const kind of ['roles', 'password', 'lock', 'unlock', 'deactivate', 'activate'] as const) {
        const d = decideAdminChange(subject(1, who), subject(1, who), plainChange(kind, who));
        expect(d).toEqual({ deny: expect.any(String) });
      }
    }
    expect(decideAdminChange(subject(1, 'sysadmin'), subject(1, 'sysadmin'), { kind: 'profile' })).toBe('allow');
  });

  it('role changes by the security admin: business allowed, any admin role needs approval, conflicting sets denied', () => {
    const sec = subject(1, 'security_admin');
    const plain = subject(2, 'none');
    expect(decideAdminChange(sec, plain, { kind: 'roles', roles: ['inspector', 'unit_handler'] })).toBe('allow');
    for (const admin of ['sysadmin', 'security_admin', 'auditor'] as const) {
      expect(decideAdminChange(sec, plain, { kind: 'roles', roles: [admin] })).toBe('needs_approval');
      expect(decideAdminChange(sec, plain, { kind: 'roles', roles: [admin, admin] })).toBe('needs_approval');
      expect(decideAdminChange(sec, plain, { kind: 'roles', roles: [admin, 'hq_dispatcher'] })).toEqual({
        deny: expect.stringContaining('cannot be combined'),
      });
    }
    expect(decideAdminChange(sec, plain, { kind: 'roles', roles: ['sysadmin', 'security_admin', 'auditor'] })).toEqual({
      deny: expect.stringContaining('at most one'),
    });
    expect(decideAdminChange(sec, subject(3, 'auditor'), { kind: 'roles', roles: ['auditor', 'hq_dispatcher'] })).toEqual({
      deny: expect.stringContaining('cannot be combined'),
    });
    // Taking an admin role away is a change to an admin account too.
    expect(decideAdminChange(sec, subject(3, 'auditor'), { kind: 'roles', roles: [] })).toBe('needs_approval');
  });

  it('creating accounts: the sysadmin creates them without roles; an admin role needs approval; business roles are refused', () => {
    for (const actor of WHO) {
      const d = decideAdminChange(subject(1, actor), null, { kind: 'create', roles: [] });
      expect(d).toEqual(actor === 'sysadmin' ? 'allow' : { deny: expect.any(String) });
    }
    const sys = subject(1, 'sysadmin');
    expect(decideAdminChange(sys, null, { kind: 'create', roles: ['hq_dispatcher'] })).toEqual({
      deny: expect.stringContaining('security administrator'),
    });
    expect(decideAdminChange(sys, null, { kind: 'create', roles: ['auditor'] })).toBe('needs_approval');
    expect(decideAdminChange(sys, null, { kind: 'create', roles: ['auditor', 'sysadmin'] })).toEqual({
      deny: expect.stringContaining('at most one'),
    });
  });

  it('an account that already holds conflicting roles may do nothing until fixed', () => {
    const mixed: AdminSubject = { userId: 1, roles: ['security_admin', 'auditor'] };
    for (const kind of ADMIN_CHANGE_KINDS) {
      const change: AdminChange = kind === 'create' || kind === 'roles' ? { kind, roles: [] } : { kind };
      expect(decideAdminChange(mixed, subject(2, 'none'), change)).toEqual({ deny: expect.stringContaining('conflicting') });
    }
    expect(decideApproval(mixed, { requestedBy: 2, targetUserId: 3 })).toEqual({ deny: expect.stringContaining('conflicting') });
  });
});

describe('decideApproval', () => {
  it('only another administrator, not the requester and not the target, decides', () => {
    for (const who of WHO) {
      const d = decideApproval(subject(5, who), { requestedBy: 1, targetUserId: 2 });
      expect(d).toEqual(who === 'business' || who === 'none' ? { deny: expect.any(String) } : 'allow');
    }
    expect(decideApproval(subject(1, 'sysadmin'), { requestedBy: 1, targetUserId: 2 })).toEqual({
      deny: expect.stringContaining('second administrator'),
    });
    expect(decideApproval(subject(2, 'auditor'), { requestedBy: 1, targetUserId: 2 })).toEqual({
      deny: expect.stringContaining('your own account'),
    });
    expect(decideApproval(subject(3, 'auditor'), { requestedBy: 1, targetUserId: null })).toBe('allow');
  });
});

describe('admin request expiry', () => {
  it(`lapses after ${ADMIN_REQUEST_TTL_HOURS} h, not a millisecond before`, () => {
    const created = new Date('2026-03-02T01:00:00.000Z');
    const expires = adminRequestExpiry(created).toISOString();
    expect(expires).toBe('2026-03-05T01:00:00.000Z');
    expect(isAdminRequestExpired(expires, new Date('2026-03-05T00:59:59.999Z'))).toBe(false);
    expect(isAdminRequestExpired(expires, new Date('2026-03-05T01:00:00.000Z'))).toBe(true);
  });
});

describe('no sequence of changes breaks the separation (property)', () => {
  const BUSINESS = ROLES.filter((r) => !['sysadmin', 'security_admin', 'auditor'].includes(r));
  const roleList = fc.array(fc.constantFrom(...ROLES), { maxLength: 4 });
  /** One step: an actor (index) asks for a change to a target (index), maybe approved by someone (index). */
  const step = fc.record({
    actor: fc.nat(5),
    target: fc.nat(6),
    kind: fc.constantFrom(...ADMIN_CHANGE_KINDS),
    roles: roleList,
    approver: fc.option(fc.nat(6), { nil: undefined }),
  });

  it('no account ever holds two admin roles or an admin and a business role; admin changes always have a second admin', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        // Population: the three admins, a business user, a plain account, and room for new accounts.
        const accounts: Role[][] = [['sysadmin'], ['security_admin'], ['auditor'], [BUSINESS[0]!], []];
        const sub = (i: number): AdminSubject => ({ userId: i, roles: accounts[i]! });
        for (const s of steps) {
          if (s.actor >= accounts.length) continue;
          const creating = s.kind === 'create';
          if (!creating && s.target >= accounts.length) continue;
          const change: AdminChange = s.kind === 'create' || s.kind === 'roles' ? { kind: s.kind, roles: s.roles } : { kind: s.kind };
          const before = creating ? null : sub(s.target);
          const d = decideAdminChange(sub(s.actor), before, change);
          if (typeof d === 'object') continue;
          if (d === 'needs_approval') {
            if (s.approver === undefined || s.approver >= accounts.length) continue;
            const ok = decideApproval(sub(s.approver), { requestedBy: s.actor, targetUserId: creating ? null : s.target });
            if (ok !== 'allow') continue;
            // The approval came from a third administrator.
            expect(s.approver).not.toBe(s.actor);
            expect(accounts[s.approver]!.some((r) => ['sysadmin', 'security_admin', 'auditor'].includes(r))).toBe(true);
          } else {
            // Done alone: never to another admin account, never making one.
            if (before && before.userId !== s.actor)
              expect(roleSetProblem(before.roles) === null && before.roles.every((r) => BUSINESS.includes(r))).toBe(true);
            if (change.kind === 'roles' || change.kind === 'create') expect(change.roles.every((r) => BUSINESS.includes(r))).toBe(true);
          }
          if (change.kind === 'create') accounts.push([...change.roles]);
          else if (change.kind === 'roles') accounts[s.target] = [...change.roles];
          for (const roles of accounts) expect(roleSetProblem(roles)).toBeNull();
        }
      }),
      { numRuns: 500 },
    );
  });
});
