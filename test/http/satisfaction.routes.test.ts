import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../src/shared/contracts/cases.contract.js';
import type { SatisfactionReply, SatisfactionReviewList, UnitSatisfactionList } from '../../src/shared/contracts/public.contract.js';
import type { Role } from '../../src/shared/enums.js';
import type { UnitRow } from '../../src/db/schema.js';
import { DIALECTS } from '../helpers/db.js';
import { makeUser } from '../helpers/factories.js';
import { createTestApp, loginClient, routeCollector, type Client, type TestApp } from '../helpers/http.js';
import { closingCrew, publicCase, type ClosingCrew } from '../helpers/satisfaction.js';

for (const dialect of DIALECTS) {
  describe(`satisfaction routes (回访) on ${dialect}`, () => {
    let t: TestApp;
    let crew: ClosingCrew;
    let hq: Client;
    let handler: Client;
    let leader: Client;
    let inspector: Client;
    const collected = routeCollector();

    beforeAll(async () => {
      t = await createTestApp(dialect, { onRoute: collected.onRoute });
      await t.env.services.casePolicy.ensureDefaults();
      crew = await closingCrew(t.database, t.city.city, t.city.dept);
      const person = async (unit: UnitRow, role: Role) => loginClient(t, await makeUser(t.database, { unit, roles: [{ role, unit }] }));
      hq = await person(t.city.city, 'hq_dispatcher');
      handler = await person(t.city.dept, 'unit_handler');
      leader = await person(t.city.city, 'leader');
      inspector = await person(t.city.city, 'inspector');
    });
    afterAll(async () => t.close());

    const closed = () => publicCase(t.database, t.env.services, t.env.clock, crew);
    const rate = (number: string, payload: unknown) =>
      t.app.inject({ method: 'POST', url: `/api/public/cases/${number}/satisfaction`, payload: payload as object });

    it('declares the permissions: public rating, HQ reviews (case.configure), HQ and leaders read the indicator', () => {
      const permission = (method: string, url: string) =>
        collected.routes.find((r) => r.url === url && [r.method].flat().includes(method))?.config?.permission;
      expect(permission('POST', '/api/public/cases/:number/satisfaction')).toBe('public');
      expect(permission('GET', '/api/satisfaction/reviews')).toBe('case.configure');
      expect(permission('POST', '/api/satisfaction/reviews/:caseId')).toBe('case.configure');
      expect(permission('GET', '/api/satisfaction/units')).toBe('assessment.read');
      expect(permission('POST', '/api/cases/:id/satisfaction')).toBe('authenticated');
    });

    it('rates without an account (201), once (409); wrong token 404; bad input 400 in Chinese naming the field', async () => {
      const c = await closed();
      const wrong = await rate(c.number, { token: 'nope', rating: 'satisfied' });
      expect(wrong.statusCode).toBe(404);
      // the same answer as for a number that does not exist: nothing tells the case is there
      const unknown = await rate('2026-999999', { token: 'nope', rating: 'satisfied' });
      expect([unknown.statusCode, unknown.json<{ error: string }>().error]).toEqual([404, wrong.json<{ error: string }>().error]);
      expect((await rate(c.number, { rating: 'satisfied' })).statusCode).toBe(400);
      const missing = await rate(c.number, { rating: 'satisfied' });
      expect(missing.json()).toMatchObject({ details: { field: 'body.token' } });
      expect(missing.json<{ message: string }>().message).toMatch(/token：请填写/);
      const bad = await rate(c.number, { token: c.token, rating: 'great' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ details: { field: 'body.rating' } });
      expect(bad.json<{ message: string }>().message).toContain('评价');
      const long = await rate(c.number, { token: c.token, rating: 'satisfied', comment: '长'.repeat(501) });
      expect([long.statusCode, long.json<{ details: { field: string } }>().details.field]).toEqual([400, 'body.comment']);
      expect((await rate('not-a-number', { token: c.token, rating: 'satisfied' })).statusCode).toBe(404);
      const ok = await rate(c.number, { token: c.token, rating: 'satisfied', comment: '很快' });
      expect(ok.statusCode).toBe(201);
      expect(ok.json<SatisfactionReply>()).toMatchObject({ number: c.number, rating: 'satisfied', sentToHq: false });
      const again = await rate(c.number, { token: c.token, rating: 'dissatisfied' });
      expect(again.statusCode).toBe(409);
      expect(again.json<{ message: string }>().message).toContain('只能评价一次');
    });

    it('不满意 → HQ review list → reopen: the case is dispatched again; non-HQ get 403', async () => {
      const c = await closed();
      expect((await rate(c.number, { token: c.token, rating: 'dissatisfied', comment: '没修好' })).statusCode).toBe(201);
      for (const who of [handler, leader, inspector]) {
        expect((await who.get('/api/satisfaction/reviews')).statusCode).toBe(403);
        expect((await who.post(`/api/satisfaction/reviews/${c.id}`, { decision: 'reopened', note: 'x' })).statusCode).toBe(403);
      }
      const list = await hq.get('/api/satisfaction/reviews?state=pending');
      expect(list.statusCode).toBe(200);
      expect(list.json<SatisfactionReviewList>().items.map((i) => i.number)).toContain(c.number);
      expect((await hq.post(`/api/satisfaction/reviews/${c.id}`, { decision: 'reopened', note: '' })).statusCode).toBe(400);
      expect((await hq.post(`/api/satisfaction/reviews/${c.id}`, { decision: 'maybe', note: 'x' })).statusCode).toBe(400);
      const r = await hq.post(`/api/satisfaction/reviews/${c.id}`, { decision: 'reopened', note: '复核属实，返工' });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toMatchObject({ review: 'reopened', reviewNote: '复核属实，返工' });
      const detail = (await hq.get(`/api/cases/${c.id}`)).json<CaseDetail>();
      expect(detail).toMatchObject({ state: 'dispatched', plusOneCount: 0, satisfaction: { rating: 'dissatisfied', review: 'reopened' } });
      expect((await hq.post(`/api/satisfaction/reviews/${c.id}`, { decision: 'declined', note: 'x' })).statusCode).toBe(409);
      const done = await hq.get('/api/satisfaction/reviews?state=done');
      expect(done.json<SatisfactionReviewList>().items.map((i) => i.number)).toContain(c.number);
    });

    it('the unit indicator for HQ and leaders; 403 for a unit; 400 for a bad date', async () => {
      const r = await leader.get('/api/satisfaction/units?from=2026-01-01&to=2026-12-31');
      expect(r.statusCode).toBe(200);
      const dept = r.json<UnitSatisfactionList>().items.find((i) => i.unitId === t.city.dept.id);
      expect(dept).toMatchObject({ rated: 2, satisfied: 1, dissatisfied: 1, rate: 0.5 });
      expect((await hq.get('/api/satisfaction/units')).statusCode).toBe(200);
      expect((await handler.get('/api/satisfaction/units')).statusCode).toBe(403);
      expect((await hq.get('/api/satisfaction/units?from=2026-02-30')).statusCode).toBe(400);
    });
  });
}
