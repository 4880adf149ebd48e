import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.js';
import { caseWorld, commandForm, createTestApp, multipartForm, type CaseWorld, type Client, type TestApp } from '../helpers/http.js';
import { jpeg } from '../helpers/images.js';

for (const dialect of DIALECTS) {
  describe(`case routes, finer points, on ${dialect}`, () => {
    let t: TestApp;
    let w: CaseWorld;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      w = await caseWorld(t);
    });
    afterAll(async () => t.close());

    const report = async () => {
      const res = await w.insp.post(
        '/api/cases',
        ...(Object.values(
          commandForm({ source: 'inspection', categoryCode: 'E01', description: '垃圾', lon: 114.65, lat: 33.62 }, [await jpeg()]),
        ) as [Buffer, Record<string, string>]),
      );
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ id: number; number: string }>();
    };
    const act = async (c: Client, id: number, body: Record<string, unknown>) => {
      const version = (await w.hq.get(`/api/cases/${id}`)).json<{ version: number }>().version;
      const res = await c.post(`/api/cases/${id}/actions`, { version, ...body });
      expect(res.statusCode, res.body).toBe(200);
    };

    it('takes the command from a part sent as a Blob (a file part named "command")', async () => {
      const f = multipartForm([
        {
          name: 'command',
          filename: 'blob',
          type: 'application/json',
          value: JSON.stringify({ source: 'inspection', categoryCode: 'E01', description: '垃圾', lon: 114.65, lat: 33.62 }),
        },
        { name: 'photos', filename: 'a.jpg', type: 'image/jpeg', value: await jpeg() },
      ]);
      const res = await w.insp.post('/api/cases', f.payload, f.headers);
      expect(res.statusCode, res.body).toBe(201);
    });

    it('a rectification needs an "after" photo: "before" photos alone are not evidence', async () => {
      const { id } = await report();
      await act(w.hq, id, { action: 'accept' });
      await act(w.hq, id, { action: 'dispatch', unitId: w.units.cgj.id });
      await act(w.handler, id, { action: 'acknowledge' });
      const version = (await w.hq.get(`/api/cases/${id}`)).json<{ version: number }>().version;
      const onlyBefore = commandForm({ action: 'rectify', version }, [
        { name: 'before', filename: 'b.jpg', type: 'image/jpeg', value: await jpeg() },
      ]);
      const res = await w.handler.post(`/api/cases/${id}/actions`, onlyBefore.payload, onlyBefore.headers);
      expect(res.statusCode).toBe(422);
      expect(res.json<{ message: string }>().message).toContain('evidence');
    });

    it('lists the cases whose extension request waits for HQ', async () => {
      const { id } = await report();
      await act(w.hq, id, { action: 'accept' });
      await act(w.hq, id, { action: 'dispatch', unitId: w.units.cgj.id });
      const c = (await w.hq.get(`/api/cases/${id}`)).json<{ deadline: string }>();
      await act(w.handler, id, {
        action: 'request_extension',
        reason: '材料未到',
        requestedDeadline: new Date(Date.parse(c.deadline) + 86_400_000).toISOString(),
      });
      const list = (await w.hq.get('/api/cases?pendingExtension=true&pageSize=100')).json<{ items: { id: number }[] }>();
      expect(list.items.map((x) => x.id)).toEqual([id]);
    });
  });
}
