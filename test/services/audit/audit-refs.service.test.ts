import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectAuditRefs } from '../../../src/shared/audit-refs.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { contextFor, makeCity, makeEnv, type TestEnv } from '../../helpers/factories.js';
import type { RequestContext } from '../../../src/core/context.js';

describe('collectAuditRefs', () => {
  it('finds the target and ids in the summary, nested and as { from, to } changes', () => {
    expect(
      collectAuditRefs({
        action: 'letter.issue',
        targetType: 'letter',
        targetId: '17',
        summary: { number: 'x', unitId: 224, cases: 3, auto: true },
      }).sort(),
    ).toEqual(['letter:17', 'unit:224']);
    expect(
      collectAuditRefs({
        action: 'user.roles',
        targetType: 'user',
        targetId: '5',
        summary: { from: [{ role: 'auditor', unitId: 1 }], to: [{ role: 'sysadmin', unitId: 2 }] },
      }).sort(),
    ).toEqual(['unit:1', 'unit:2', 'user:5']);
    expect(
      collectAuditRefs({
        action: 'unit.update',
        targetType: 'unit',
        targetId: '9',
        summary: { changes: { parentId: { from: 3, to: 4 }, name: { from: 'a', to: 'b' } } },
      }).sort(),
    ).toEqual(['unit:3', 'unit:4', 'unit:9']);
    expect(collectAuditRefs({ action: 'framework.create', targetType: 'framework', targetId: '2', summary: { from: 1 } }).sort()).toEqual([
      'framework:1',
      'framework:2',
    ]);
    // `from` of a case action is a state, not an id.
    expect(collectAuditRefs({ action: 'case.act', targetType: 'case', targetId: '8', summary: { from: 'assigned', to: 'done' } })).toEqual([
      'case:8',
    ]);
    expect(collectAuditRefs({ action: 'case.configure', targetType: 'calendar_day', targetId: '2026-05-01', summary: 'text' })).toEqual([]);
  });
});

for (const dialect of DIALECTS) {
  describe(`audit search names what records refer to, on ${dialect}`, () => {
    let database: TestDatabase;
    let env: TestEnv;
    let city: Awaited<ReturnType<typeof makeCity>>;
    let sysCtx: RequestContext;
    let secCtx: RequestContext;
    let audCtx: RequestContext;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      env = makeEnv(database);
      city = await makeCity(database);
      sysCtx = await contextFor(database, city.sysadmin.id);
      secCtx = await contextFor(database, city.secadmin.id);
      audCtx = await contextFor(database, city.auditor.id);
    });
    afterAll(async () => database.drop());

    it('units and people by name, resolved when read (a deleted unit is left unnamed)', async () => {
      const u = await env.services.units.create(sysCtx, { code: 'REF-1', name: '引用测试局', kind: 'department', parentId: city.city.id });
      await env.services.users.setRoles(secCtx, city.handler.id, [{ role: 'unit_handler', unitId: u.id }]);
      const { items } = await env.services.audit.search(audCtx, { offset: 0, limit: 2 });
      const [roles, created] = items;
      expect(created).toMatchObject({
        action: 'unit.create',
        targetLabel: '引用测试局',
        refs: { [`unit:${u.id}`]: '引用测试局', [`unit:${city.city.id}`]: '周口市' },
      });
      expect(roles).toMatchObject({
        action: 'user.roles',
        targetLabel: expect.any(String),
        refs: { [`unit:${u.id}`]: '引用测试局', [`unit:${city.dept.id}`]: '市城市管理局' },
      });
      expect(roles!.targetLabel).not.toMatch(/^\d+$/);
      await env.services.users.setRoles(secCtx, city.handler.id, [{ role: 'unit_handler', unitId: city.dept.id }]);
      await env.services.units.remove(sysCtx, u.id);
      const after = await env.services.audit.search(audCtx, { offset: 0, limit: 10, action: 'unit.create' });
      const again = after.items.find((r) => r.targetId === String(u.id))!;
      expect(again.targetLabel).toBeNull();
      expect(again.refs).toEqual({ [`unit:${city.city.id}`]: '周口市' });
    });
  });
}
