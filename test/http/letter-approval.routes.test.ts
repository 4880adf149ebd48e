import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.js';
import { contextFor, makeUser } from '../helpers/factories.js';
import { caseWorld, createTestApp, loginClient, snapshot, type CaseWorld, type Client, type TestApp } from '../helpers/http.js';
import { photos } from '../helpers/images.js';

/** Issue 13, point 9: a 问责函 waits for the leader's approval; the leader approves or sends it back. */
for (const dialect of DIALECTS) {
  describe(`letter approval routes on ${dialect}`, () => {
    let t: TestApp;
    let w: CaseWorld;
    let leader: Client;
    let districtLeader: Client;
    const caseIds: number[] = [];

    /** HQ drafts a 问责函 to 城管局 about one case and issues it: it waits for approval. */
    const prepared = async (caseId: number) => {
      const d = (await w.hq.post('/api/letters', { unitId: w.units.cgj.id, type: '问责函', caseIds: [caseId] })).json<{ id: number }>();
      const r = await w.hq.post(`/api/letters/${d.id}/issue`, {});
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toMatchObject({ status: 'pending_approval', state: 'pending_approval', number: null, needsApproval: true });
      return d.id;
    };

    beforeAll(async () => {
      t = await createTestApp(dialect);
      w = await caseWorld(t);
      const s = t.env.services;
      const hq = await contextFor(t.database, w.users.hq.id);
      const insp = await contextFor(t.database, w.users.insp.id);
      for (let i = 0; i < 2; i++) {
        const r = await s.cases.report(
          insp,
          { source: 'inspection', categoryCode: 'E01-01', description: '占道经营', lon: 114.65, lat: 33.62, address: '七一路' },
          await photos(1),
        );
        for (const action of ['accept', 'dispatch'] as const) {
          const c = await s.caseQuery.get(hq, r.id);
          await s.cases.act(hq, r.id, { action, version: c.version, ...(action === 'dispatch' ? { unitId: w.units.cgj.id } : {}) }, []);
        }
        caseIds.push(r.id);
      }
      leader = await loginClient(t, await makeUser(t.database, { unit: t.city.city, roles: [{ role: 'leader', unit: t.city.city }] }));
      districtLeader = await loginClient(
        t,
        await makeUser(t.database, { unit: t.city.district, roles: [{ role: 'leader', unit: t.city.district }] }),
      );
    });
    afterAll(async () => t.close());

    it('the leader sees the letter awaiting approval, approves it, and only then it is numbered', async () => {
      const id = await prepared(caseIds[0]!);
      expect((await leader.get('/api/letters/awaiting-approval-count')).json()).toEqual({ count: 1 });
      expect((await w.hq.get('/api/letters/awaiting-approval-count')).json()).toEqual({ count: 0 });
      const list = await leader.get('/api/letters?state=pending_approval');
      expect(list.json<{ items: unknown[] }>().items).toEqual([expect.objectContaining({ id, canApprove: true, number: null })]);
      // The unit does not see it yet; the preview shows it as a draft to the leader.
      expect((await w.handler.get(`/api/letters/${id}`)).statusCode).toBe(404);
      expect((await leader.get(`/api/letters/${id}/document`)).json()).toMatchObject({ number: '（草稿）' });

      const approved = await leader.post(`/api/letters/${id}/approve`, {});
      expect(approved.statusCode, approved.body).toBe(200);
      expect(approved.json()).toMatchObject({ status: 'issued', number: '周创指责〔2026〕1号', canApprove: false });
      expect((await leader.get('/api/letters/awaiting-approval-count')).json()).toEqual({ count: 0 });
      // Now the unit sees it (this test city has no office unit, so the unit signs: the office case is a service test).
      expect((await w.handler.get(`/api/letters/${id}`)).json()).toMatchObject({ state: 'issued' });
      const again = await leader.post(`/api/letters/${id}/approve`, {});
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ error: 'letter_not_pending' });
    });

    it('sends a letter back to HQ with its reason; HQ sees it as a draft with the reason', async () => {
      const id = await prepared(caseIds[1]!);
      const back = await leader.post(`/api/letters/${id}/return`, { reason: '事实尚需核实' });
      expect(back.statusCode, back.body).toBe(200);
      expect(back.json()).toMatchObject({ status: 'draft', returnReason: '事实尚需核实', number: null });
      expect((await w.hq.get(`/api/letters/${id}`)).json()).toMatchObject({ state: 'draft', returnReason: '事实尚需核实' });
      // A draft is HQ's working paper again: the leader no longer sees it.
      expect((await leader.post(`/api/letters/${id}/approve`, {})).statusCode).toBe(404);
      // HQ issues it again: it waits again.
      expect((await w.hq.post(`/api/letters/${id}/issue`, {})).json()).toMatchObject({ status: 'pending_approval' });
    });

    it('refuses with 400/403/404/422 and writes nothing', async () => {
      const pending = (await leader.get('/api/letters?state=pending_approval')).json<{ items: { id: number }[] }>().items[0]!.id;
      const before = await snapshot(t.database);
      const cases: [string, () => ReturnType<Client['get']>, number, string?][] = [
        ['HQ may not approve', () => w.hq.post(`/api/letters/${pending}/approve`, {}), 403],
        ['HQ may not return', () => w.hq.post(`/api/letters/${pending}/return`, { reason: 'x' }), 403],
        ['the unit may not approve', () => w.handler.post(`/api/letters/${pending}/approve`, {}), 403],
        ['a leader of another district does not see it', () => districtLeader.post(`/api/letters/${pending}/approve`, {}), 404],
        ['no reason', () => leader.post(`/api/letters/${pending}/return`, {}), 400, 'reason'],
        ['an empty reason', () => leader.post(`/api/letters/${pending}/return`, { reason: '   ' }), 422, 'reason'],
        ['a reason too long', () => leader.post(`/api/letters/${pending}/return`, { reason: 'x'.repeat(501) }), 400, 'reason'],
        ['an unknown field', () => leader.post(`/api/letters/${pending}/approve`, { number: 7 }), 400],
        ['a stale version', () => leader.post(`/api/letters/${pending}/approve`, { version: 999 }), 409],
        ['a bad id', () => leader.post('/api/letters/abc/approve', {}), 400, 'id'],
        ['no such letter', () => leader.post('/api/letters/999999/approve', {}), 404],
      ];
      for (const [what, call, status, field] of cases) {
        const r = await call();
        expect(r.statusCode, `${what}: ${r.body}`).toBe(status);
        if (field) expect(r.body, what).toContain(field);
      }
      expect(await snapshot(t.database)).toEqual(before);
    });
  });
}
