import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionItem, ActionItemList } from '../../src/shared/contracts/action-items.contract.js';
import type { Briefing } from '../../src/shared/contracts/briefings.contract.js';
import type { UnitRow } from '../../src/db/schema.js';
import type { Role } from '../../src/shared/enums.js';
import { DIALECTS } from '../helpers/db.js';
import { makeUser } from '../helpers/factories.js';
import { jpeg } from '../helpers/images.js';
import { extractText } from '../helpers/pdf-text.js';
import { commandForm, counts, createTestApp, loginClient, multipartForm, type Client, type TestApp } from '../helpers/http.js';

for (const dialect of DIALECTS) {
  describe(`action item routes on ${dialect}`, () => {
    let t: TestApp;
    let hq: Client;
    let leader: Client;
    let handler: Client;
    let otherHandler: Client;
    let inspector: Client;
    let briefingId: number;
    let hqUser: { username: string; password: string };
    let handlerUser: { username: string; password: string };

    beforeAll(async () => {
      t = await createTestApp(dialect);
      await t.env.services.casePolicy.ensureDefaults();
      // Sessions follow the clock: log in at the time the tests act.
      t.env.clock.set(new Date('2026-03-10T01:00:00.000Z'));
      const person = async (unit: UnitRow, role: Role) => loginClient(t, await makeUser(t.database, { unit, roles: [{ role, unit }] }));
      hq = await person(t.city.city, 'hq_dispatcher');
      leader = await person(t.city.city, 'leader');
      handler = await person(t.city.dept, 'unit_handler');
      otherHandler = await person(t.city.otherDistrict, 'unit_handler');
      inspector = await person(t.city.city, 'inspector');
      hqUser = await makeUser(t.database, { unit: t.city.city, roles: [{ role: 'hq_dispatcher', unit: t.city.city }] });
      handlerUser = await makeUser(t.database, { unit: t.city.dept, roles: [{ role: 'unit_handler', unit: t.city.dept }] });
      const draft = (await hq.post('/api/briefings', {})).json<Briefing>();
      briefingId = (await hq.post(`/api/briefings/${draft.id}/publish`, { version: draft.version })).json<Briefing>().id;
    });
    afterAll(async () => t.close());

    it('HQ assigns, the unit reports with evidence (multipart), HQ confirms; leaders read', async () => {
      const created = await hq.post('/api/action-items', {
        briefingId,
        title: '清理七一路暴露垃圾',
        unitId: t.city.dept.id,
        dueDate: '2026-03-13',
        dueTime: '18:00',
      });
      expect(created.statusCode, created.body).toBe(200);
      const item = created.json<ActionItem>();
      expect(item).toMatchObject({ status: 'open', progress: 'in_progress', dueAt: '2026-03-13T10:00:00.000Z', detail: '' });

      expect((await handler.get('/api/action-items')).json<ActionItemList>().items.map((i) => i.id)).toEqual([item.id]);
      expect((await otherHandler.get('/api/action-items')).json<ActionItemList>().items).toEqual([]);
      expect((await otherHandler.get(`/api/action-items/${item.id}`)).statusCode).toBe(404);
      expect((await leader.get(`/api/action-items?briefingId=${briefingId}`)).json<ActionItemList>().items).toHaveLength(1);

      const form = commandForm({ version: item.version, note: '已清理' }, [
        { name: 'evidence', filename: 'a.jpg', type: 'image/jpeg', value: await jpeg() },
      ]);
      const reported = await handler.post(`/api/action-items/${item.id}/report`, form.payload, form.headers);
      expect(reported.statusCode, reported.body).toBe(200);
      const r = reported.json<ActionItem>();
      expect(r).toMatchObject({ status: 'reported', reportNote: '已清理' });
      expect(r.files).toHaveLength(1);
      const photo = await leader.get(`/api/action-items/${item.id}/files/${r.files[0]!.id}`);
      expect(photo.statusCode).toBe(200);
      expect(photo.headers['content-type']).toMatch(/^image\//);
      expect((await otherHandler.get(`/api/action-items/${item.id}/files/${r.files[0]!.id}`)).statusCode).toBe(404);

      const confirmed = await hq.post(`/api/action-items/${item.id}/confirm`, { version: r.version });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      expect(confirmed.json<ActionItem>()).toMatchObject({ status: 'done', progress: 'done' });
      expect((await hq.post(`/api/action-items/${item.id}/confirm`, { version: r.version })).statusCode).toBe(409);
    });

    it('answers 403 to those without the permission and writes nothing', async () => {
      const before = await counts(t.database);
      const body = { briefingId, title: 'x', unitId: t.city.dept.id, dueDate: '2026-03-20' };
      expect((await handler.post('/api/action-items', body)).statusCode).toBe(403);
      expect((await leader.post('/api/action-items', body)).statusCode).toBe(403);
      expect((await leader.post('/api/action-items/1/report', { version: 1, note: 'x' })).statusCode).toBe(403);
      expect((await hq.post('/api/action-items/1/report', { version: 1, note: 'x' })).statusCode).toBe(403);
      expect((await handler.post('/api/action-items/1/confirm', { version: 1 })).statusCode).toBe(403);
      expect((await handler.post('/api/action-items/1/return', { version: 1, reason: 'x' })).statusCode).toBe(403);
      expect((await handler.post('/api/action-items/1/escalate', { version: 1 })).statusCode).toBe(403);
      expect((await inspector.get('/api/action-items')).statusCode).toBe(403);
      expect(await counts(t.database)).toEqual(before);
    });

    it('answers 400 / 422 naming the field to bad input, and 404 to an unknown item', async () => {
      const before = await counts(t.database);
      const ok = { briefingId, title: '事项', unitId: t.city.dept.id, dueDate: '2026-03-20' };
      const cases: [Promise<{ statusCode: number; json: () => unknown; body: string }>, number, string][] = [
        [hq.post('/api/action-items', { ...ok, title: '' }), 400, 'title'],
        [hq.post('/api/action-items', { ...ok, dueDate: '2026-02-30' }), 400, 'dueDate'],
        [hq.post('/api/action-items', { ...ok, dueTime: '25:00' }), 400, 'dueTime'],
        [hq.post('/api/action-items', { ...ok, unitId: 'x' }), 400, 'unitId'],
        [hq.post('/api/action-items', { ...ok, extra: 1 }), 400, 'extra'],
        [hq.post('/api/action-items', { ...ok, title: '   ' }), 422, 'title'],
        [hq.post('/api/action-items', { ...ok, dueDate: '2026-03-01' }), 422, 'dueDate'],
        [hq.post('/api/action-items', { ...ok, briefingId: 999999 }), 422, 'briefingId'],
        [hq.post('/api/action-items', { ...ok, unitId: 999999 }), 422, 'unitId'],
        [handler.post('/api/action-items/1/report', { note: 'x' }), 400, 'version'],
        [handler.post('/api/action-items/1/report', { version: 1, note: '' }), 400, 'note'],
        [hq.post('/api/action-items/1/return', { version: 1 }), 400, 'reason'],
        [hq.post('/api/action-items/1/escalate', { version: 0 }), 400, 'version'],
        [hq.get('/api/action-items?status=late'), 400, 'status'],
        [hq.get('/api/action-items?unitId=abc'), 400, 'unitId'],
      ];
      for (const [p, status, field] of cases) {
        const r = await p;
        expect(r.statusCode, r.body).toBe(status);
        expect(r.body, field).toContain(field);
      }
      const f = multipartForm([
        { name: 'command', value: JSON.stringify({ version: 1, note: 'x' }) },
        { name: 'photos', filename: 'a.jpg', value: await jpeg() },
      ]);
      const wrongField = await handler.post('/api/action-items/1/report', f.payload, f.headers);
      expect(wrongField.statusCode).toBe(422);
      expect(wrongField.body).toContain('photos');
      expect((await hq.get('/api/action-items/999999')).statusCode).toBe(404);
      expect((await hq.get('/api/action-items/abc')).statusCode).toBe(400);
      expect(await counts(t.database)).toEqual(before);
    });

    it('escalates an overdue item to a 提醒函 citing it, and refuses one in time', async () => {
      const item = (
        await hq.post('/api/action-items', { briefingId, title: '整治占道经营', unitId: t.city.dept.id, dueDate: '2026-03-12' })
      ).json<ActionItem>();
      const early = await hq.post(`/api/action-items/${item.id}/escalate`, { version: item.version });
      expect(early.statusCode).toBe(409);
      expect(early.json()).toMatchObject({ details: { field: 'status' } });
      t.env.clock.set(new Date('2026-03-12T17:00:00.000Z'));
      hq = await loginClient(t, hqUser);
      handler = await loginClient(t, handlerUser);
      const esc = await hq.post(`/api/action-items/${item.id}/escalate`, { version: item.version });
      expect(esc.statusCode, esc.body).toBe(200);
      expect(esc.json<ActionItem>().letters).toMatchObject([{ type: '提醒函', status: 'issued' }]);
      const seen = (await handler.get(`/api/action-items/${item.id}`)).json<ActionItem>();
      expect(seen.progress).toBe('overdue');
      expect(seen.letters[0]!.number).toBeTruthy();
    });

    it('the next briefing reports the last meeting’s items (完成 / 逾期) in its reply, DOCX and PDF', async () => {
      // Tuesday 2026-03-17: the week 03-09 – 03-15 follows the meeting's briefing.
      t.env.clock.set(new Date('2026-03-17T01:00:00.000Z'));
      hq = await loginClient(t, hqUser);
      const next = await hq.post('/api/briefings', {});
      expect(next.statusCode, next.body).toBe(200);
      const b = next.json<Briefing>();
      expect(b.content.actionItems.map((a) => [a.title, a.progress])).toEqual([
        ['整治占道经营', 'overdue'],
        ['清理七一路暴露垃圾', 'done'],
      ]);
      const pdf = await hq.get(`/api/briefings/${b.id}/briefing.pdf`);
      expect(pdf.statusCode).toBe(200);
      const text = extractText(pdf.rawPayload).replace(/\s+/g, '');
      for (const s of ['上次会议交办事项落实情况', '整治占道经营', '逾期', '完成']) expect(text).toContain(s);
      const docx = await hq.get(`/api/briefings/${b.id}/briefing.docx`);
      expect(docx.statusCode).toBe(200);
    });
  });
}
