/**
 * Bulk exports are audited (docs/SECURITY.md, "Exports are audited"): who took the users,
 * the unit tree, the cases or the letters ledger, with which filters, when. A template is no
 * export. The attack this answers: an insider with read rights walks off with the directory's
 * phones and e-mails, and nothing says so afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.js';
import { makeUser } from '../helpers/factories.js';
import { createTestApp, loginClient, type Client, type TestApp } from '../helpers/http.js';

for (const dialect of DIALECTS) {
  describe(`export audit on ${dialect}`, () => {
    let t: TestApp;
    let sys: Client;
    let hq: Client;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      sys = await loginClient(t, t.city.sysadmin);
      const dispatcher = await makeUser(t.database, {
        username: 'hqx',
        unit: t.city.city,
        roles: [{ role: 'hq_dispatcher', unit: t.city.city }],
      });
      hq = await loginClient(t, dispatcher);
    });
    afterAll(async () => {
      await t.close();
    });

    const exports = () =>
      t.database.db.selectFrom('audit_log').select(['actor_name', 'summary']).where('action', '=', 'data.export').orderBy('seq').execute();

    it('records each export with its actor, its data, its file and its filters; templates are not recorded', async () => {
      for (const url of ['/api/units/export', '/api/users/export?lang=en-US']) expect((await sys.get(url)).statusCode, url).toBe(200);
      for (const url of ['/api/units/template', '/api/users/template']) expect((await sys.get(url)).statusCode, url).toBe(200);
      for (const url of ['/api/cases/export?state=closed', '/api/letters/ledger.xlsx?year=2026'])
        expect((await hq.get(url)).statusCode, url).toBe(200);
      const rows = (await exports()).map((r) => ({ actor: r.actor_name, ...(JSON.parse(r.summary) as Record<string, unknown>) }));
      expect(rows).toEqual([
        { actor: 'sys', what: 'units', file: '单位.xlsx' },
        { actor: 'sys', what: 'users', file: 'users.xlsx' },
        { actor: 'hqx', what: 'cases', file: expect.stringMatching(/^案卷-\d{4}-\d{2}-\d{2}\.xlsx$/), query: { state: 'closed' }, rows: 0 },
        { actor: 'hqx', what: 'letter_ledger', file: '督查督办函件台账.xlsx', query: { year: 2026 } },
      ]);
    });

    it('a refused export records nothing', async () => {
      const before = (await exports()).length;
      const handler = await loginClient(t, t.city.handler);
      expect((await handler.get('/api/users/export')).statusCode).toBe(403);
      expect((await exports()).length).toBe(before);
    });
  });
}
