import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Briefing, BriefingList } from '../../src/shared/contracts/briefings.contract.js';
import type { UnitRow } from '../../src/db/schema.js';
import type { Role } from '../../src/shared/enums.js';
import { DIALECTS } from '../helpers/db.js';
import { makeUser } from '../helpers/factories.js';
import { createTestApp, counts, loginClient, type Client, type TestApp } from '../helpers/http.js';

for (const dialect of DIALECTS) {
  describe(`briefing routes on ${dialect}`, () => {
    let t: TestApp;
    let hq: Client;
    let leader: Client;
    let handler: Client;
    let inspector: Client;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      await t.env.services.casePolicy.ensureDefaults();
      const person = async (unit: UnitRow, role: Role) => {
        const u = await makeUser(t.database, { unit, roles: [{ role, unit }] });
        return loginClient(t, u);
      };
      hq = await person(t.city.city, 'hq_dispatcher');
      leader = await person(t.city.city, 'leader');
      handler = await person(t.city.dept, 'unit_handler');
      inspector = await person(t.city.city, 'inspector');
    });
    afterAll(async () => t.close());

    it('HQ generates, edits and publishes; leaders and units read; DOCX and PDF download', async () => {
      const gen = await hq.post('/api/briefings', {});
      expect(gen.statusCode).toBe(200);
      const draft = gen.json<Briefing>();
      expect(draft).toMatchObject({ status: 'draft', version: 1, periodKind: 'week', numberText: null });
      expect((await leader.get(`/api/briefings/${draft.id}`)).statusCode).toBe(404);
      expect((await leader.get('/api/briefings')).json<BriefingList>().items).toEqual([]);

      const edit = await hq.put(`/api/briefings/${draft.id}`, {
        version: 1,
        commentary: { situation: ['形势平稳。'], nextSteps: ['抓落实。'] },
      });
      expect(edit.statusCode).toBe(200);
      expect(edit.json<Briefing>().version).toBe(2);
      const stale = await hq.put(`/api/briefings/${draft.id}`, { version: 1, title: '旧' });
      expect(stale.statusCode).toBe(409);

      const pub = await hq.post(`/api/briefings/${draft.id}/publish`, { version: 2 });
      expect(pub.statusCode).toBe(200);
      const published = pub.json<Briefing>();
      expect(published.numberText).toMatch(/^\d{4}年第1期$/);
      expect((await hq.post(`/api/briefings/${draft.id}/publish`, { version: 3 })).statusCode).toBe(409);

      expect((await leader.get(`/api/briefings/${draft.id}`)).json<Briefing>().snapshotHash).toBe(published.snapshotHash);
      expect((await handler.get('/api/briefings')).json<BriefingList>().items.map((b) => b.id)).toEqual([draft.id]);

      const docx = await handler.get(`/api/briefings/${draft.id}/briefing.docx`);
      expect(docx.statusCode).toBe(200);
      expect(docx.headers['content-type']).toContain('wordprocessingml');
      expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
      const pdf = await leader.get(`/api/briefings/${draft.id}/briefing.pdf`);
      expect(pdf.statusCode).toBe(200);
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      expect(decodeURIComponent(String(pdf.headers['content-disposition']))).toContain('第1期');
    });

    it('answers 403 to those without the permission and writes nothing', async () => {
      const before = await counts(t.database);
      expect((await leader.post('/api/briefings', {})).statusCode).toBe(403);
      expect((await handler.post('/api/briefings', {})).statusCode).toBe(403);
      expect((await handler.put('/api/briefings/1', { version: 1 })).statusCode).toBe(403);
      expect((await leader.post('/api/briefings/1/publish', { version: 1 })).statusCode).toBe(403);
      expect((await inspector.get('/api/briefings')).statusCode).toBe(403);
      expect(await counts(t.database)).toEqual(before);
    });

    it('answers 400 / 422 naming the field to bad input, and 404 to an unknown briefing', async () => {
      const bad = [
        await hq.post('/api/briefings', { periodKind: 'year' }),
        await hq.post('/api/briefings', { from: '2026-02-30' }),
        await hq.post('/api/briefings', { extra: 1 }),
        await hq.put('/api/briefings/1', { title: 'x' }),
        await hq.post('/api/briefings/1/publish', { version: 0 }),
        await hq.get('/api/briefings/abc'),
      ];
      for (const r of bad) expect(r.statusCode, r.body).toBe(400);
      const custom = await hq.post('/api/briefings', { periodKind: 'custom', from: '2026-01-01' });
      expect(custom.statusCode).toBe(422);
      expect(custom.json()).toMatchObject({ details: { field: 'to' } });
      expect((await hq.get('/api/briefings/999999')).statusCode).toBe(404);
      expect((await hq.get('/api/briefings/999999/briefing.pdf')).statusCode).toBe(404);
    });
  });
}
