import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { contextFor, makeCity, makeEnv, makeUnit, makeUser, type TestEnv } from '../../helpers/factories.js';
import { photos } from '../../helpers/images.js';
import type { RequestContext } from '../../../src/core/context.js';
import type { AppError } from '../../../src/core/errors.js';

const HOUR = 3_600_000;

for (const dialect of DIALECTS) {
  describe(`CaseService on ${dialect}`, () => {
    let database: TestDatabase;
    let env: TestEnv;
    let city: Awaited<ReturnType<typeof makeCity>>;
    let hq: RequestContext;
    let insp: RequestContext;
    let insp2: RequestContext;
    let handler: RequestContext;
    let otherHandler: RequestContext;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      env = makeEnv(database);
      await env.services.casePolicy.ensureDefaults();
      city = await makeCity(database);
      const other = await makeUnit(database, { code: 'D-JTJ', name: '交通局', kind: 'department', parent: city.city });
      hq = await contextFor(
        database,
        (await makeUser(database, { unit: city.city, roles: [{ role: 'hq_dispatcher', unit: city.city }] })).id,
      );
      insp = await contextFor(
        database,
        (await makeUser(database, { unit: city.city, roles: [{ role: 'inspector', unit: city.city }] })).id,
      );
      insp2 = await contextFor(
        database,
        (await makeUser(database, { unit: city.city, roles: [{ role: 'inspector', unit: city.city }] })).id,
      );
      handler = await contextFor(database, city.handler.id);
      otherHandler = await contextFor(
        database,
        (await makeUser(database, { unit: other, roles: [{ role: 'unit_handler', unit: other }] })).id,
      );
    });
    afterAll(async () => database.drop());

    const report = async () =>
      env.services.cases.report(
        insp,
        { source: 'inspection', categoryCode: 'E01-01', description: '垃圾暴露', lon: 114.65, lat: 33.62, address: '七一路' },
        await photos(1),
      );
    const act = async (ctx: RequestContext, id: number, body: Record<string, unknown>, files = 0) => {
      const c = await env.services.caseQuery.get(hq, id);
      return env.services.cases.act(ctx, id, { version: c.version, ...body } as never, files ? await photos(files) : []);
    };
    const toDispatched = async () => {
      const r = await report();
      await act(hq, r.id, { action: 'accept' });
      await act(hq, r.id, { action: 'dispatch', unitId: city.dept.id });
      return r;
    };

    it('runs report → accept → dispatch → acknowledge → rectify → verify → closed, with one event per step', async () => {
      const r = await report();
      expect(r.number).toMatch(/^2026-\d{6}$/);
      await act(hq, r.id, { action: 'accept' });
      await act(hq, r.id, { action: 'dispatch', unitId: city.dept.id });
      await act(handler, r.id, { action: 'acknowledge' });
      await act(handler, r.id, { action: 'rectify', note: '已清理' }, 2);
      await act(insp2, r.id, { action: 'verify_close' }, 1);
      const c = await env.services.caseQuery.get(hq, r.id);
      expect(c.state).toBe('closed');
      expect(c.events.map((e) => e.action)).toEqual(['report', 'accept', 'dispatch', 'acknowledge', 'rectify', 'verify_close']);
      expect(c.events.find((e) => e.action === 'rectify')!.photos).toHaveLength(2);
      expect(c.deadlines).toEqual([expect.objectContaining({ setBy: 'dispatch', outcome: 'met' })]);
      const notes = await database.db.selectFrom('notifications').selectAll().where('case_id', '=', r.id).execute();
      expect(notes.some((n) => n.user_id === city.handler.id && n.kind === 'case.dispatch')).toBe(true);
    });

    it('a report notifies the active HQ dispatchers, not a locked one, nor its reporter, nor anyone else', async () => {
      const [second, locked] = [
        await makeUser(database, { unit: city.city, roles: [{ role: 'hq_dispatcher', unit: city.city }] }),
        await makeUser(database, { unit: city.city, roles: [{ role: 'hq_dispatcher', unit: city.city }] }),
      ];
      await database.db.updateTable('users').set({ locked_at: new Date().toISOString() }).where('id', '=', locked.id).execute();
      const r = await report();
      const byInspector = await database.db.selectFrom('notifications').select(['user_id', 'kind']).where('case_id', '=', r.id).execute();
      expect(byInspector.map((n) => n.kind)).toEqual(['case.report', 'case.report']);
      expect(byInspector.map((n) => n.user_id).sort()).toEqual([hq.actor!.userId, second.id].sort());
      // A dispatcher's own report goes to the other one only.
      const own = await env.services.cases.report(
        hq,
        { source: 'video', categoryCode: 'E01-01', description: '视频发现', lon: 114.65, lat: 33.62, address: '七一路' },
        [],
      );
      const byDispatcher = await database.db.selectFrom('notifications').select('user_id').where('case_id', '=', own.id).execute();
      expect(byDispatcher.map((n) => n.user_id)).toEqual([second.id]);
      await database.db.deleteFrom('role_grants').where('user_id', 'in', [second.id, locked.id]).execute();
    });

    it('refuses a handler outside the unit (403) and a stale version (409 with the current state), writing nothing', async () => {
      const r = await toDispatched();
      const c = await env.services.caseQuery.get(hq, r.id);
      await expect(env.services.cases.act(otherHandler, r.id, { action: 'acknowledge', version: c.version }, [])).rejects.toMatchObject({
        status: 403,
      });
      await env.services.cases.act(handler, r.id, { action: 'acknowledge', version: c.version }, []);
      const err = (await env.services.cases
        .act(handler, r.id, { action: 'acknowledge', version: c.version }, [])
        .catch((e: AppError) => e)) as AppError;
      expect(err.status).toBe(409);
      expect(err.details?.current).toMatchObject({ state: 'acknowledged', version: c.version + 1 });
      expect((await env.services.caseQuery.get(hq, r.id)).events).toHaveLength(4);
    });

    it('the rectifier cannot verify; a reopen sends the case back to the same unit with a new deadline', async () => {
      const r = await toDispatched();
      await act(handler, r.id, { action: 'acknowledge' });
      const rectifierHq = hq; // hq may verify too, but not when it rectified — here the handler rectified
      await act(handler, r.id, { action: 'rectify' }, 1);
      env.clock.advance(HOUR);
      await expect(act(insp, r.id, { action: 'verify_reopen' }, 1)).rejects.toMatchObject({ status: 422 });
      await act(insp, r.id, { action: 'verify_reopen', reason: '未清理干净' }, 1);
      const c = await env.services.caseQuery.get(rectifierHq, r.id);
      expect(c.state).toBe('dispatched');
      expect(c.assignedUnitId).toBe(city.dept.id);
      expect(c.reopenCount).toBe(1);
      expect(c.deadlines).toHaveLength(2);
    });

    it('return → redispatch, and extension request → approve moves the deadline', async () => {
      const r = await toDispatched();
      await expect(act(handler, r.id, { action: 'return' })).rejects.toMatchObject({ status: 422 });
      await act(handler, r.id, { action: 'return', reason: '不属于本单位' });
      const other = await database.db.selectFrom('units').select('id').where('code', '=', 'D-JTJ').executeTakeFirstOrThrow();
      await act(hq, r.id, { action: 'redispatch', unitId: other.id });
      await act(otherHandler, r.id, { action: 'acknowledge' });
      const before = await env.services.caseQuery.get(hq, r.id);
      const wanted = new Date(Date.parse(before.deadline!) + 48 * HOUR).toISOString();
      await act(otherHandler, r.id, { action: 'request_extension', requestedDeadline: wanted, reason: '需采购材料' });
      expect((await env.services.caseQuery.get(hq, r.id)).pendingExtension).toMatchObject({ requestedDeadline: wanted });
      await act(hq, r.id, { action: 'approve_extension' });
      const after = await env.services.caseQuery.get(hq, r.id);
      expect(after.deadline).toBe(wanted);
      expect(after.pendingExtension).toBeNull();
    });

    it('suspends with a reason and review date, and resumes to the previous state', async () => {
      const r = await toDispatched();
      await act(hq, r.id, { action: 'suspend', reason: '需纳入明年改造计划', reviewDate: '2026-09-01' });
      expect((await env.services.caseQuery.get(hq, r.id)).state).toBe('suspended');
      await act(hq, r.id, { action: 'resume' });
      expect((await env.services.caseQuery.get(hq, r.id)).state).toBe('dispatched');
    });

    it('refuses a report outside the city area and without photos from an inspection, leaving no files', async () => {
      await expect(
        env.services.cases.report(
          insp,
          { source: 'inspection', categoryCode: 'E01', description: 'x', lon: 120, lat: 33.6 },
          await photos(1),
        ),
      ).rejects.toMatchObject({ status: 422, details: { field: 'lon', text: { zh: expect.stringContaining('经度须在市域范围内') } } });
      // Neither a position nor an address: the inspector is told in Chinese what to give.
      await expect(
        env.services.cases.report(insp, { source: 'inspection', categoryCode: 'E01', description: 'x' }, await photos(1)),
      ).rejects.toMatchObject({ status: 422, details: { field: 'address', text: { zh: '请在地图上定位，或填写地址' } } });
      await expect(
        env.services.cases.report(insp, { source: 'inspection', categoryCode: 'E01', description: 'x', lon: 114.6, lat: 33.6 }, []),
      ).rejects.toMatchObject({ status: 422 });
    });

    it('a citizen reports as a citizen, sees only their own cases, and cannot act', async () => {
      const citizen = await contextFor(
        database,
        (await makeUser(database, { unit: city.city, roles: [{ role: 'citizen', unit: city.city }] })).id,
      );
      await expect(
        env.services.cases.report(citizen, { source: 'inspection', categoryCode: 'E01', description: '垃圾', address: '七一路' }, []),
      ).rejects.toMatchObject({ status: 422 });
      const mine = await env.services.cases.report(
        citizen,
        { source: 'citizen', categoryCode: 'E01', description: '垃圾', address: '七一路' },
        [],
      );
      const other = await report();
      const list = await env.services.caseQuery.list(citizen, { offset: 0, limit: 100 });
      expect(list.items.map((c) => c.id)).toEqual([mine.id]);
      await expect(env.services.caseQuery.get(citizen, other.id)).rejects.toMatchObject({ status: 404 });
      await expect(env.services.cases.act(citizen, mine.id, { action: 'accept', version: 1 }, [])).rejects.toMatchObject({ status: 403 });
    });

    it('50 concurrent acknowledgements of one case: exactly one wins', async () => {
      const r = await toDispatched();
      const c = await env.services.caseQuery.get(hq, r.id);
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, () => env.services.cases.act(handler, r.id, { action: 'acknowledge', version: c.version }, [])),
      );
      expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
      for (const x of results) if (x.status === 'rejected') expect((x.reason as AppError).status).toBe(409);
      expect((await env.services.caseQuery.get(hq, r.id)).events).toHaveLength(4);
    });

    it('200 concurrent reports get gapless, unique numbers', async () => {
      const before = await database.db.selectFrom('cases').select('number').execute();
      const results = await Promise.all(
        Array.from({ length: 200 }, () =>
          env.services.cases.report(hq, { source: 'hotline', categoryCode: 'E05', description: '占道', address: '八一路' }, []),
        ),
      );
      const nums = results.map((r) => Number(r.number.split('-')[1])).sort((a, b) => a - b);
      expect(new Set(nums).size).toBe(200);
      const all = [...before.map((b) => Number(b.number.split('-')[1])), ...nums].sort((a, b) => a - b);
      expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
    }, 60_000);

    it('maintained aggregates equal a recompute from the event log', async () => {
      const r = await env.services.caseQuery.recompute();
      expect(r.differences).toEqual([]);
      expect(r.equal).toBe(true);
      const ind = await env.services.caseQuery.indicators(hq, { from: '2026-01-01', to: '2026-12-31' });
      expect(ind.sums.dispatched).toBeGreaterThan(0);
      expect(ind.indicators.disposalRate).not.toBeNull();
    });
  });
}
