import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeadlineView, RankingView } from '../../src/shared/contracts/dashboard.contract.js';
import { DIALECTS } from '../helpers/db.js';
import type { UnitRow } from '../../src/db/schema.js';
import type { RequestContext } from '../../src/core/context.js';
import type { Role } from '../../src/shared/enums.js';
import { contextFor, makeUnit, makeUser } from '../helpers/factories.js';
import { createTestApp, loginClient, type Client, type TestApp } from '../helpers/http.js';
import { photos } from '../helpers/images.js';

/** A report that needs no photo (video patrol), 垃圾暴露: normal severity, 3 working days. */
const REPORT = { source: 'video' as const, categoryCode: 'E01-01', description: '垃圾暴露', lon: 114.65, lat: 33.62 };

for (const dialect of DIALECTS) {
  describe(`dashboard routes on ${dialect}`, () => {
    let t: TestApp;
    let units: { cgj: UnitRow; jtj: UnitRow };
    let hq: Client;
    let jtjHandler: Client;
    let citizen: Client;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      const s = t.env.services;
      await s.casePolicy.ensureDefaults();
      const { city } = t.city;
      const cgj = await makeUnit(t.database, { code: '411600-CGJ', name: '城管局（看板测试）', kind: 'department', parent: city });
      const jtj = await makeUnit(t.database, { code: '411600-JTJ', name: '交通局（看板测试）', kind: 'department', parent: city });
      units = { cgj, jtj };
      const person = async (unit: UnitRow, role: Role) => {
        const u = await makeUser(t.database, { unit, roles: [{ role, unit }] });
        return { ...u, ctx: await contextFor(t.database, u.id) };
      };
      const people = {
        hq: await person(city, 'hq_dispatcher'),
        insp: await person(city, 'inspector'),
        insp2: await person(city, 'inspector'),
        cgjHandler: await person(cgj, 'unit_handler'),
        jtjHandler: await person(jtj, 'unit_handler'),
        citizen: await person(city, 'citizen'),
      };
      // The history is arranged through the services at past clock times (sessions would
      // expire across these days); the figures are then read over HTTP.
      const act = async (who: { ctx: RequestContext }, id: number, body: Record<string, unknown>, photo = false) => {
        const c = await s.caseQuery.get(people.hq.ctx, id);
        await s.cases.act(who.ctx, id, { version: c.version, ...body } as never, photo ? await photos(1) : []);
      };
      const dispatched = async (unit: UnitRow): Promise<number> => {
        const { id } = await s.cases.report(people.insp.ctx, REPORT, []);
        await act(people.hq, id, { action: 'accept' });
        await act(people.hq, id, { action: 'dispatch', unitId: unit.id });
        return id;
      };
      const rectified = async (unit: UnitRow, handler: { ctx: RequestContext }): Promise<number> => {
        const id = await dispatched(unit);
        await act(handler, id, { action: 'acknowledge' });
        await act(handler, id, { action: 'rectify' }, true);
        return id;
      };
      // D: February, 交通局, never handled — overdue now; in neither period's cohort, but in both rankings as 交通局's backlog.
      t.env.clock.set('2026-02-20T02:00:00Z');
      await dispatched(jtj);
      // E: Sunday 1 March (this month, last week), 交通局, closed on time.
      t.env.clock.set('2026-03-01T02:00:00Z');
      await act(people.insp2, await rectified(jtj, people.jtjHandler), { action: 'verify_close' }, true);
      // Monday 2 March (this week). A: 城管局, closed on time.
      t.env.clock.set('2026-03-02T02:00:00Z');
      await act(people.insp2, await rectified(cgj, people.cgjHandler), { action: 'verify_close' }, true);
      // B: 城管局, acknowledged and left (deadline Thursday 24:00 China time).
      const b = await dispatched(cgj);
      await act(people.cgjHandler, b, { action: 'acknowledge' });
      // C: 交通局, rectified on time, then sent back for rework and left (new deadline Thursday 24:00).
      await act(people.insp2, await rectified(jtj, people.jtjHandler), { action: 'verify_reopen', reason: '未清理干净' }, true);
      // Friday 6 March 10:00 China time: B, C and D are overdue.
      t.env.clock.set('2026-03-06T02:00:00Z');
      hq = await loginClient(t, people.hq);
      jtjHandler = await loginClient(t, people.jtjHandler);
      citizen = await loginClient(t, people.citizen);
    });
    afterAll(async () => t.close());

    it('gives the headline figures of the current week and month, checked by hand', async () => {
      const res = await hq.get('/api/dashboard/headline');
      expect(res.statusCode, res.body).toBe(200);
      const h = res.json<HeadlineView>();
      expect(h.asOf).toBe('2026-03-06T02:00:00.000Z');
      expect(h.overdueNow).toBe(3); // B, C and D
      // Week 2–8 March: A, B, C.
      expect(h.week).toMatchObject({ period: 'week', from: '2026-03-02', to: '2026-03-08', units: 2, overduePending: 2 });
      expect(h.week.sums).toEqual({
        dispatched: 3,
        handled: 2,
        handledOnTime: 2,
        closed: 1,
        closedOnTime: 1,
        reopened: 1,
        extended: 0,
        suspended: 0,
        rerouted: 0,
      });
      const wi = h.week.indicators;
      expect(wi.disposalRate).toBeCloseTo(2 / 3, 9);
      expect(wi.closureRate).toBeCloseTo(1 / 3, 9);
      expect(wi.reworkRate).toBeCloseTo(1 / 3, 9);
      expect(wi.overduePendingRate).toBeCloseTo(2 / 3, 9);
      expect(wi.accurateDispatchRate).toBe(1);
      // 30·2/3 + 20·2/3 + 20·(1 − 1/3) + 20·(1 − 2/3) + 10·1
      expect(wi.composite).toBeCloseTo(20 + 40 / 3 + 40 / 3 + 20 / 3 + 10, 9);
      // March: E as well.
      expect(h.month).toMatchObject({ period: 'month', from: '2026-03-01', to: '2026-03-31', units: 2, overduePending: 2 });
      expect(h.month.sums).toEqual({
        dispatched: 4,
        handled: 3,
        handledOnTime: 3,
        closed: 2,
        closedOnTime: 2,
        reopened: 1,
        extended: 0,
        suspended: 0,
        rerouted: 0,
      });
      // 30·0.75 + 20·0.75 + 20·0.75 + 20·0.5 + 10
      expect(h.month.indicators.composite).toBeCloseTo(72.5, 9);
    });

    it('ranks the units by the composite; the week and the month differ', async () => {
      const week = (await hq.get('/api/dashboard/ranking?period=week')).json<RankingView>();
      expect(week).toMatchObject({ period: 'week', from: '2026-03-02', to: '2026-03-08' });
      // 城管局 (A, B): 30·½ + 20·½ + 20·1 + 20·½ + 10 = 65, no backlog.
      // 交通局: C this week, and D from February still owed and overdue (its backlog), so it is
      // judged on 2 cases: 30·½ + 20·½ + 20·(1 − ½) + 20·(1 − 2/2) + 10 = 45.
      expect(week.items.map((i) => [i.rank, i.unitId, i.overduePending])).toEqual([
        [1, units.cgj.id, 1],
        [2, units.jtj.id, 1],
      ]);
      expect(week.items[0]).toMatchObject({
        code: '411600-CGJ',
        name: units.cgj.name,
        kind: 'department',
        backlog: { owed: 0, overdue: 0 },
      });
      expect(week.items[0]!.indicators.composite).toBeCloseTo(65, 9);
      expect(week.items[1]!.indicators.composite).toBeCloseTo(45, 9);
      expect(week.items[1]!.sums).toMatchObject({ dispatched: 1, handled: 1, closed: 0, reopened: 1 });
      expect(week.items[1]!.backlog).toEqual({ owed: 1, overdue: 1 });

      // March: 交通局 also closed E on time. Counted on its cohort alone it would score
      // 30 + 20 + 20·½ + 20·½ + 10 = 80 and lead; with D, owed since February, it is judged on
      // 3 cases: 30·⅔ + 20·⅔ + 20·(1 − ⅓) + 20·(1 − ⅔) + 10 = 63⅓, behind 城管局's 65.
      const month = (await hq.get('/api/dashboard/ranking?period=month')).json<RankingView>();
      expect(month.items.map((i) => [i.rank, i.unitId])).toEqual([
        [1, units.cgj.id],
        [2, units.jtj.id],
      ]);
      expect(month.items[0]!.indicators.composite).toBeCloseTo(65, 9);
      expect(month.items[1]!.indicators.composite).toBeCloseTo(190 / 3, 9);
      expect(month.items[1]!.backlog).toEqual({ owed: 1, overdue: 1 });
      // The week is the default.
      expect((await hq.get('/api/dashboard/ranking')).json<RankingView>().period).toBe('week');
    });

    it('answers a page of the ranking: every unit ranked, limit of them from offset', async () => {
      const all = (await hq.get('/api/dashboard/ranking?period=month')).json<RankingView>();
      expect(all).toMatchObject({ total: 2, offset: 0, limit: 50 });
      const first = (await hq.get('/api/dashboard/ranking?period=month&limit=1')).json<RankingView>();
      expect(first).toMatchObject({ total: 2, offset: 0, limit: 1 });
      expect(first.items.map((i) => [i.rank, i.unitId])).toEqual([[1, units.cgj.id]]);
      // The second page keeps the rank it has in the whole ranking.
      const second = (await hq.get('/api/dashboard/ranking?period=month&limit=1&offset=1')).json<RankingView>();
      expect(second.items.map((i) => [i.rank, i.unitId])).toEqual([[2, units.jtj.id]]);
      expect(second.items[0]).toEqual(all.items[1]);
      expect((await hq.get('/api/dashboard/ranking?period=month&offset=5')).json<RankingView>()).toMatchObject({ total: 2, items: [] });
      for (const bad of ['limit=0', 'limit=1001', 'offset=-1', 'limit=x']) {
        const r = await hq.get(`/api/dashboard/ranking?period=month&${bad}`);
        expect(r.statusCode).toBe(400);
        expect(r.body).toContain(bad.split('=')[0]);
      }
    });

    it('shows a unit only its own part of the city', async () => {
      const r = (await jtjHandler.get('/api/dashboard/ranking?period=month')).json<RankingView>();
      expect(r.items.map((i) => i.unitId)).toEqual([units.jtj.id]);
      const h = (await jtjHandler.get('/api/dashboard/headline')).json<HeadlineView>();
      expect(h.month.sums.dispatched).toBe(2);
      expect(h.overdueNow).toBe(2); // C and D
    });

    it('refuses people who do not read cases, and unknown periods', async () => {
      expect((await citizen.get('/api/dashboard/headline')).statusCode).toBe(403);
      expect((await citizen.get('/api/dashboard/ranking')).statusCode).toBe(403);
      const bad = await hq.get('/api/dashboard/ranking?period=year');
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ error: 'invalid_input' });
    });
  });
}
