import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseList } from '../../src/shared/contracts/cases.contract.js';
import type { CockpitView } from '../../src/shared/contracts/dashboard.contract.js';
import type { LetterList } from '../../src/shared/contracts/letters.contract.js';
import { DIALECTS } from '../helpers/db.js';
import { cockpitWorld } from '../helpers/cockpit-world.js';
import { createTestApp, loginClient, type Client, type TestApp } from '../helpers/http.js';

for (const dialect of DIALECTS) {
  describe(`GET /api/dashboard/cockpit on ${dialect}`, () => {
    let t: TestApp;
    let leader: Client;
    let hq: Client;
    let street: Client;
    let citizen: Client;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      await t.env.services.casePolicy.ensureDefaults();
      const w = await cockpitWorld(t.env, t.city);
      leader = await loginClient(t, w.people.leader);
      hq = await loginClient(t, w.people.hq);
      street = await loginClient(t, w.people.streetHandler);
      citizen = await loginClient(t, w.people.citizen);
    });
    afterAll(async () => t.close());

    const cockpit = async (c: Client, query = '') => {
      const res = await c.get(`/api/dashboard/cockpit${query}`);
      // The reply check (on in tests) answers 500 reply_mismatch when the reply does not match CockpitView.
      expect(res.statusCode, res.body).toBe(200);
      return res.json<CockpitView>();
    };
    const casesTotal = async (c: Client, q: Record<string, string>) => {
      const res = await c.get(`/api/cases?${new URLSearchParams(q).toString()}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<CaseList>().total;
    };
    const lettersTotal = async (c: Client, q: Record<string, string>) => {
      const res = await c.get(`/api/letters?${new URLSearchParams(q).toString()}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<LetterList>().items.length;
    };

    /** Every tile's figure equals the total of the list it links to, for this viewer. */
    async function tilesEqualLists(c: Client, v: CockpitView) {
      for (const p of [v.current, v.previous]) {
        const cohort = { dispatchedFrom: p.dispatchedFrom, dispatchedTo: p.dispatchedTo };
        const issued = { issuedFrom: p.dispatchedFrom, issuedTo: p.dispatchedTo };
        expect(await casesTotal(c, cohort), `dispatched ${p.from}`).toBe(p.sums.dispatched);
        expect(await casesTotal(c, { ...cohort, state: 'closed' }), `closed ${p.from}`).toBe(p.sums.closed);
        expect(await lettersTotal(c, issued), `letters ${p.from}`).toBe(p.lettersIssued);
        expect(await lettersTotal(c, { ...issued, unsigned: 'true' }), `unsigned ${p.from}`).toBe(p.lettersUnsigned);
      }
      expect(await casesTotal(c, { overdue: 'true' })).toBe(v.overdueNow);
      for (const u of v.overdueUnits) expect(await casesTotal(c, { overdue: 'true', unitId: String(u.unitId) }), u.name).toBe(u.overdue);
    }

    it('answers the leader and HQ with the schema, week by default; each tile equals its list', async () => {
      const week = await cockpit(leader);
      expect(week.period).toBe('week');
      expect(week.current.sums.dispatched).toBe(2);
      expect(week.overdueNow).toBe(3);
      await tilesEqualLists(leader, week);
      const month = await cockpit(hq, '?period=month&weeks=4');
      expect(month.trend).toHaveLength(4);
      expect(month.current.sums.dispatched).toBe(4);
      await tilesEqualLists(hq, month);
    });

    it('shows a unit only its subtree, and takes no unit to look at another', async () => {
      const v = await cockpit(street, '?period=month');
      expect(v.current.sums.dispatched).toBe(2);
      expect(v.overdueNow).toBe(1);
      expect(v.overdueUnits.map((u) => u.unitId)).toEqual([t.city.street.id]);
      await tilesEqualLists(street, v);
      // The attack: asking for the department's (or the city's) figures is refused, never answered.
      const other = await street.get(`/api/dashboard/cockpit?unitId=${t.city.dept.id}`);
      expect(other.statusCode).toBe(400);
      expect(other.json()).toMatchObject({ error: 'invalid_input' });
      const asCity = await street.get(`/api/dashboard/cockpit?period=month&unitId=${t.city.city.id}`);
      expect(asCity.statusCode).toBe(400);
    });

    it('refuses a caller who does not read cases, and bad periods', async () => {
      expect((await citizen.get('/api/dashboard/cockpit')).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'GET', url: '/api/dashboard/cockpit' })).statusCode).toBe(401);
      for (const q of ['?period=year', '?weeks=1', '?weeks=27', '?weeks=x']) {
        const res = await leader.get(`/api/dashboard/cockpit${q}`);
        expect(res.statusCode, q).toBe(400);
      }
    });

    it('validates the new list filters', async () => {
      expect((await leader.get('/api/cases?dispatchedFrom=yesterday')).statusCode).toBe(400);
      expect((await leader.get('/api/letters?issuedTo=soon')).statusCode).toBe(400);
      expect((await leader.get('/api/letters?unsigned=maybe')).statusCode).toBe(400);
    });
  });
}
