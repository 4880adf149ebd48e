import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.js';
import { caseWorld, commandForm, createTestApp, type CaseWorld, type Client, type TestApp } from '../helpers/http.js';
import { jpeg } from '../helpers/images.js';

const HOUR = 3_600_000;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Detail {
  id: number;
  number: string;
  state: string;
  version: number;
  assignedUnitId: number | null;
  deadline: string | null;
  reopenCount: number;
  pendingExtension: { requestedDeadline: string; reason: string } | null;
  events: {
    action: string;
    actorId: number;
    note: string | null;
    deadlineAfter: string | null;
    unitAfter: number | null;
    photos: { id: number; phase: string }[];
  }[];
  deadlines: { setBy: string; deadline: string; outcome: string }[];
  allowedActions: string[];
}

const REPORT = { source: 'inspection', categoryCode: 'E01-01', description: '垃圾暴露', lon: 114.65, lat: 33.62, address: '七一路' };

for (const dialect of DIALECTS) {
  describe(`case routes on ${dialect}`, () => {
    let t: TestApp;
    let w: CaseWorld;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      w = await caseWorld(t);
    });
    afterAll(async () => t.close());

    const detail = async (id: number, c: Client = w.hq): Promise<Detail> => {
      const res = await c.get(`/api/cases/${id}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<Detail>();
    };
    /** Acts at the case's current version; multipart when photos are given. */
    const act = async (c: Client, id: number, body: Record<string, unknown>, photos: Parameters<typeof commandForm>[1] = []) => {
      const cmd = { version: (await detail(id)).version, ...body };
      const f = photos.length ? commandForm(cmd, photos) : null;
      const res = f ? await c.post(`/api/cases/${id}/actions`, f.payload, f.headers) : await c.post(`/api/cases/${id}/actions`, cmd);
      expect(res.statusCode, `${String(body.action)}: ${res.body}`).toBe(200);
      return res.json<{ id: number; number: string; version: number }>();
    };
    const report = async (c: Client = w.insp, body: Record<string, unknown> = REPORT) => {
      const f = commandForm(body, [await jpeg()]);
      const res = await c.post('/api/cases', f.payload, f.headers);
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ id: number; number: string }>();
    };
    const dispatched = async (unitId = w.units.cgj.id) => {
      const r = await report();
      await act(w.hq, r.id, { action: 'accept' });
      await act(w.hq, r.id, { action: 'dispatch', unitId });
      return r;
    };

    it('runs report → accept → dispatch → acknowledge → rectify → verify over HTTP, with timeline, files, export, map, indicators and notices', async () => {
      // Inspector reports with a JPEG (multipart), and gets the number at once.
      const r = await report();
      expect(r).toEqual({ id: expect.any(Number), number: expect.stringMatching(/^2026-\d{6}$/) });

      // The dispatcher's queue of new reports.
      const queue = await w.hq.get('/api/cases?state=reported');
      expect(queue.statusCode).toBe(200);
      expect(queue.json<{ items: { id: number; state: string }[] }>().items).toContainEqual(
        expect.objectContaining({ id: r.id, state: 'reported' }),
      );

      // The rules suggest 411600-CGJ and a deadline in the future.
      const sug = await w.hq.get(`/api/cases/${r.id}/suggestion`);
      expect(sug.statusCode, sug.body).toBe(200);
      const suggestion = sug.json<{ unitId: number; unitCode: string; deadline: string }>();
      expect(suggestion).toMatchObject({ unitId: w.units.cgj.id, unitCode: '411600-CGJ' });
      expect(Date.parse(suggestion.deadline)).toBeGreaterThan(t.env.clock.now().getTime());

      await act(w.hq, r.id, { action: 'accept' });
      const d = await act(w.hq, r.id, { action: 'dispatch', unitId: suggestion.unitId });
      expect(d.version).toBe(3);

      // The handler's inbox, sorted by deadline, says how long is left.
      const inbox = await w.handler.get('/api/cases?orderBy=deadline');
      expect(inbox.statusCode).toBe(200);
      const mine = inbox
        .json<{ items: { id: number; remainingMs: number; overdue: boolean; deadline: string }[] }>()
        .items.find((c) => c.id === r.id)!;
      expect(mine).toMatchObject({ overdue: false, deadline: suggestion.deadline });
      expect(mine.remainingMs).toBe(Date.parse(suggestion.deadline) - t.env.clock.now().getTime());

      await act(w.handler, r.id, { action: 'acknowledge' });
      t.env.clock.advance(HOUR / 4);
      await act(w.handler, r.id, { action: 'rectify', note: '已清理' }, [
        await jpeg('#22aa22'),
        { name: 'before', filename: 'before.jpg', type: 'image/jpeg', value: await jpeg('#aa2222') },
      ]);
      await act(w.insp2, r.id, { action: 'verify_close', note: '现场核实' }, [await jpeg('#2222aa')]);

      // The case page: the whole timeline, photos per event, the deadline met.
      const c = await detail(r.id);
      expect(c.state).toBe('closed');
      expect(c.events.map((e) => e.action)).toEqual(['report', 'accept', 'dispatch', 'acknowledge', 'rectify', 'verify_close']);
      const phases = (a: string) =>
        c.events
          .find((e) => e.action === a)!
          .photos.map((p) => p.phase)
          .sort();
      expect(phases('report')).toEqual(['report']);
      expect(phases('rectify')).toEqual(['after', 'before']);
      expect(phases('verify_close')).toEqual(['verify']);
      expect(phases('accept')).toEqual([]);
      expect(c.events.find((e) => e.action === 'rectify')).toMatchObject({ actorId: w.users.handler.id, note: '已清理' });
      expect(c.events.find((e) => e.action === 'verify_close')).toMatchObject({ actorId: w.users.insp2.id });
      expect(c.deadlines).toEqual([expect.objectContaining({ setBy: 'dispatch', deadline: suggestion.deadline, outcome: 'met' })]);
      expect(c.allowedActions).toEqual([]);

      // Photos: thumb and public copies to people who can see the case; 404 to others.
      const photoId = c.events.find((e) => e.action === 'rectify')!.photos[0]!.id;
      for (const who of [w.handler, w.hq, w.insp]) {
        for (const variant of ['thumb', 'public', 'original']) {
          const res = await who.get(`/api/files/${photoId}/${variant}`);
          expect(res.statusCode, res.body).toBe(200);
          expect(res.headers['content-type']).toMatch(/^image\//);
          expect(res.rawPayload.length).toBeGreaterThan(0);
        }
      }
      for (const who of [w.citizen, w.outsider, w.jtjHandler]) {
        for (const variant of ['thumb', 'public']) expect((await who.get(`/api/files/${photoId}/${variant}`)).statusCode).toBe(404);
        expect((await who.get(`/api/cases/${r.id}`)).statusCode).toBe(404);
      }

      // Export to Excel.
      const xl = await w.hq.get('/api/cases/export?state=closed');
      expect(xl.statusCode).toBe(200);
      expect(xl.headers['content-type']).toBe(XLSX);
      expect(xl.rawPayload.subarray(0, 2).toString()).toBe('PK');

      // The map point.
      const map = await w.hq.get('/api/cases/map');
      expect(map.statusCode).toBe(200);
      expect(map.json<{ items: unknown[] }>().items).toContainEqual({
        id: r.id,
        number: r.number,
        state: 'closed',
        overdue: false,
        lon: 114.65,
        lat: 33.62,
        categoryCode: 'E01-01',
      });

      // Indicators of the cohort month.
      const ind = await w.hq.get(`/api/cases/indicators?from=2026-03-01&to=2026-03-31&unitId=${w.units.cgj.id}`);
      expect(ind.statusCode, ind.body).toBe(200);
      const body = ind.json<{ sums: Record<string, number>; overduePending: number; indicators: Record<string, number | null> }>();
      expect(body.sums).toMatchObject({ dispatched: 1, handled: 1, handledOnTime: 1, closed: 1, closedOnTime: 1, reopened: 0 });
      expect(body.indicators).toMatchObject({
        disposalRate: 1,
        onTimeDisposalRate: 1,
        closureRate: 1,
        onTimeClosureRate: 1,
        reworkRate: 0,
      });

      // The handler was told of the dispatch, and has unread notices.
      const notes = await w.handler.get('/api/notifications');
      expect(notes.statusCode).toBe(200);
      const n = notes.json<{ items: { caseId: number; kind: string; readAt: string | null }[]; unread: number }>();
      expect(n.items).toContainEqual(expect.objectContaining({ caseId: r.id, kind: 'case.dispatch', readAt: null }));
      expect(n.unread).toBeGreaterThanOrEqual(1);
      expect((await w.handler.get('/api/notifications/unread-count')).json()).toEqual({ unread: n.unread });
    });

    it('lets a citizen see only the case they reported (original photo downgraded to the public copy)', async () => {
      const f = commandForm({ source: 'citizen', categoryCode: 'E05-01', description: '占道经营', address: '八一路' }, [await jpeg()]);
      const res = await w.citizen.post('/api/cases', f.payload, f.headers);
      expect(res.statusCode, res.body).toBe(201);
      const { id } = res.json<{ id: number }>();
      const c = await detail(id, w.citizen);
      expect(c.allowedActions).toEqual([]);
      const photo = c.events[0]!.photos[0]!.id;
      const orig = await w.citizen.get(`/api/files/${photo}/original`);
      const pub = await w.citizen.get(`/api/files/${photo}/public`);
      expect(orig.statusCode).toBe(200);
      expect(orig.rawPayload.equals(pub.rawPayload)).toBe(true);
      const list = (await w.citizen.get('/api/cases')).json<{ items: { id: number }[] }>();
      expect(list.items.map((i) => i.id)).toEqual([id]);
    });

    it('reopen: the verifier sends the case back to the same unit with a new deadline', async () => {
      const r = await dispatched();
      await act(w.handler, r.id, { action: 'acknowledge' });
      await act(w.handler, r.id, { action: 'rectify' }, [await jpeg()]);
      await act(w.insp, r.id, { action: 'verify_reopen', reason: '未清理干净' }, [await jpeg()]);
      let c = await detail(r.id);
      expect(c).toMatchObject({ state: 'dispatched', assignedUnitId: w.units.cgj.id, reopenCount: 1 });
      expect(c.deadlines.map((d) => d.setBy)).toEqual(['dispatch', 'verify_reopen']);
      expect(c.deadlines[0]!.outcome).toBe('met');
      expect(c.events.at(-1)).toMatchObject({ action: 'verify_reopen', note: '未清理干净' });
      expect(c.events.at(-1)!.photos.map((p) => p.phase)).toEqual(['verify']);
      // Rework, then a different inspector closes it.
      await act(w.handler, r.id, { action: 'acknowledge' });
      await act(w.handler, r.id, { action: 'rectify' }, [await jpeg()]);
      await act(w.insp2, r.id, { action: 'verify_close' }, [await jpeg()]);
      c = await detail(r.id);
      expect(c.state).toBe('closed');
      expect(c.deadlines.map((d) => d.outcome)).toEqual(['met', 'met']);
      const notes = (await w.handler.get('/api/notifications?pageSize=100')).json<{ items: { caseId: number; kind: string }[] }>();
      expect(notes.items.filter((n) => n.caseId === r.id).map((n) => n.kind)).toEqual(
        expect.arrayContaining(['case.dispatch', 'case.verify_reopen', 'case.verify_close']),
      );
    });

    it('return → redispatch to another unit, whose handler then works it', async () => {
      const r = await dispatched();
      await act(w.handler, r.id, { action: 'return', reason: '不属于本单位' });
      expect((await detail(r.id)).state).toBe('returned');
      await act(w.hq, r.id, { action: 'redispatch', unitId: w.units.jtj.id });
      const c = await detail(r.id);
      expect(c).toMatchObject({ state: 'dispatched', assignedUnitId: w.units.jtj.id });
      expect(c.events.slice(-2).map((e) => [e.action, e.unitAfter])).toEqual([
        ['return', w.units.cgj.id],
        ['redispatch', w.units.jtj.id],
      ]);
      expect(c.events.find((e) => e.action === 'return')!.note).toBe('不属于本单位');
      // The first unit no longer sees it; the second does and can act.
      expect((await w.handler.get(`/api/cases/${r.id}`)).statusCode).toBe(404);
      await act(w.jtjHandler, r.id, { action: 'acknowledge' });
      expect((await detail(r.id, w.jtjHandler)).state).toBe('acknowledged');
    });

    it('extension: request → approve moves the deadline; request → deny keeps it and records the reason', async () => {
      const r = await dispatched();
      await act(w.handler, r.id, { action: 'acknowledge' });
      const before = await detail(r.id);
      const wanted = new Date(Date.parse(before.deadline!) + 48 * HOUR).toISOString();
      await act(w.handler, r.id, { action: 'request_extension', requestedDeadline: wanted, reason: '需采购材料' });
      expect((await detail(r.id)).pendingExtension).toMatchObject({ requestedDeadline: wanted, reason: '需采购材料' });
      await act(w.hq, r.id, { action: 'approve_extension' });
      let c = await detail(r.id);
      expect(c.deadline).toBe(wanted);
      expect(c.pendingExtension).toBeNull();
      expect(c.deadlines.map((d) => [d.setBy, d.outcome])).toEqual([
        ['dispatch', 'superseded'],
        ['approve_extension', 'open'],
      ]);

      const later = new Date(Date.parse(wanted) + 24 * HOUR).toISOString();
      await act(w.handler, r.id, { action: 'request_extension', requestedDeadline: later, reason: '再延一天' });
      await act(w.hq, r.id, { action: 'deny_extension', reason: '时限已足够' });
      c = await detail(r.id);
      expect(c.deadline).toBe(wanted);
      expect(c.pendingExtension).toBeNull();
      expect(c.events.at(-1)).toMatchObject({ action: 'deny_extension', note: '时限已足够' });
      const notes = (await w.handler.get('/api/notifications?pageSize=100')).json<{ items: { caseId: number; kind: string }[] }>();
      expect(notes.items.filter((n) => n.caseId === r.id).map((n) => n.kind)).toEqual(
        expect.arrayContaining(['case.approve_extension', 'case.deny_extension']),
      );
    });

    it('suspend with a reason and review date, then resume to the previous state', async () => {
      const r = await dispatched();
      await act(w.handler, r.id, { action: 'acknowledge' });
      await act(w.hq, r.id, { action: 'suspend', reason: '纳入明年改造计划', reviewDate: '2026-09-01' });
      expect((await detail(r.id)).state).toBe('suspended');
      expect((await w.handler.get('/api/cases?state=suspended')).json()).toMatchObject({
        items: [expect.objectContaining({ id: r.id, remainingMs: null })],
      });
      await act(w.hq, r.id, { action: 'resume' });
      const c = await detail(r.id);
      expect(c.state).toBe('acknowledged');
      expect(c.events.slice(-2).map((e) => e.action)).toEqual(['suspend', 'resume']);
    });

    it('merges a duplicate report into the open case', async () => {
      const original = await dispatched();
      const dup = await report();
      await act(w.hq, dup.id, { action: 'merge', targetCaseId: original.id });
      const c = await detail(dup.id);
      expect(c.state).toBe('merged');
      expect(c.allowedActions).toEqual([]);
      expect((await detail(original.id)).state).toBe('dispatched');
    });

    it('rejects a report with a reason, and tells the reporter', async () => {
      const r = await report();
      await act(w.hq, r.id, { action: 'reject', reason: '重复上报，已在处理' });
      const c = await detail(r.id);
      expect(c.state).toBe('rejected');
      expect(c.events.at(-1)).toMatchObject({ action: 'reject', note: '重复上报，已在处理' });
      const notes = (await w.insp.get('/api/notifications?pageSize=100')).json<{ items: { caseId: number; kind: string }[] }>();
      expect(notes.items).toContainEqual(expect.objectContaining({ caseId: r.id, kind: 'case.reject' }));
    });

    it('keeps the maintained aggregates equal to a recompute after all of the above', async () => {
      const r = await t.env.services.caseQuery.recompute();
      expect(r.differences).toEqual([]);
    });
  });
}
