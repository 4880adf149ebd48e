import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerErrorHandler } from '../../src/http/plugins/errors.plugin.js';
import { DIALECTS } from '../helpers/db.js';
import { makeUnit } from '../helpers/factories.js';
import { createTestApp, loginClient, snapshot, type Client, type TestApp } from '../helpers/http.js';

for (const dialect of DIALECTS) {
  describe(`deleting a unit that is still referred to, on ${dialect}`, () => {
    let t: TestApp;
    let sys: Client;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      sys = await loginClient(t, t.city.sysadmin);
    });
    afterAll(async () => t.close());

    it('a leaf with check points and cases → 409 naming them with counts, nothing deleted', async () => {
      const leaf = await makeUnit(t.database, { code: '411602002', name: '化肥厂街道', kind: 'street', parent: t.city.district });
      const now = new Date().toISOString();
      const db = t.database.db;
      for (const code of ['CP-DEL-1', 'CP-DEL-2']) {
        await db
          .insertInto('checkpoints')
          .values({
            code,
            name: code,
            type: 'market',
            responsible_unit_id: leaf.id,
            must_check: 0,
            is_new: 0,
            active: 1,
            created_at: now,
            updated_at: now,
          })
          .execute();
      }
      await db
        .insertInto('cases')
        .values({
          number: 'DEL-0001',
          year: 2026,
          source: 'hotline',
          state: 'dispatched',
          version: 1,
          category_code: 'E01-01',
          severity: 'normal',
          description: 'x',
          area_unit_id: leaf.id,
          reopen_count: 0,
          extension_count: 0,
          snapshot: '{}',
          created_at: now,
          updated_at: now,
        })
        .execute();
      const before = await snapshot(t.database);
      const res = await sys.delete(`/api/units/${leaf.id}`);
      expect(res.statusCode, res.body).toBe(409);
      const body = res.json<{ error: string; message: string; details: { field: string; references: Record<string, number> } }>();
      expect(body.error).toBe('conflict');
      expect(body.message).toMatch(/2 check point/);
      expect(body.message).toMatch(/1 case/);
      expect(body.details).toMatchObject({ field: 'id', references: { checkPoints: 2, cases: 1 } });
      expect(await snapshot(t.database)).toBe(before);
      expect((await sys.get(`/api/units/${leaf.id}`)).statusCode).toBe(200);
    });

    it('a unit with child units, people and grants → 409 counting each', async () => {
      const res = await sys.delete(`/api/units/${t.city.district.id}`);
      expect(res.statusCode).toBe(409);
      expect(res.json<{ details: { references: Record<string, number> } }>().details.references).toMatchObject({
        childUnits: 2,
        users: 1,
        roleGrants: 1,
      });
    });

    it('an unreferenced leaf is deleted', async () => {
      const leaf = await makeUnit(t.database, { code: '411602099', name: '空街道', kind: 'street', parent: t.city.district });
      expect((await sys.delete(`/api/units/${leaf.id}`)).statusCode).toBe(204);
    });
  });
}

describe('the error handler as a backstop for constraint violations', () => {
  const cases: [string, Record<string, string>][] = [
    ['PostgreSQL foreign key', { code: '23503', message: 'update or delete on table "units" violates foreign key constraint' }],
    ['SQLite foreign key', { code: 'SQLITE_CONSTRAINT_FOREIGNKEY', message: 'FOREIGN KEY constraint failed' }],
    ['PostgreSQL unique', { code: '23505', message: 'duplicate key value violates unique constraint' }],
    ['SQLite unique', { code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'UNIQUE constraint failed: units.code' }],
  ];
  for (const [name, fields] of cases) {
    it(`${name} → 409, not 500`, async () => {
      const app = Fastify({ logger: false });
      registerErrorHandler(app);
      app.get('/x', async () => {
        throw Object.assign(new Error(fields.message), { code: fields.code });
      });
      const res = await app.inject({ method: 'GET', url: '/x' });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ statusCode: 409, error: 'conflict' });
      await app.close();
    });
  }
});
