import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.js';
import { createTestApp, loginClient, type Client, type TestApp } from '../helpers/http.js';

interface ListReply {
  items: { id: number; caseId: number | null; kind: string; title: string; body: string; createdAt: string; readAt: string | null }[];
  total: number;
  unread: number;
}

for (const dialect of DIALECTS) {
  describe(`notification routes on ${dialect}`, () => {
    let t: TestApp;
    let handler: Client;
    let admin: Client;
    let handlerIds: number[];
    let adminIds: number[];

    const notify = (userId: number, title: string, caseId: number | null = null) =>
      t.database.db
        .transaction()
        .execute((trx) =>
          t.env.services.notifications.notify(trx, { userIds: [userId], caseId, kind: 'case.dispatched', title, body: `${title}的正文` }),
        );
    const idsOf = async (userId: number) =>
      (await t.database.db.selectFrom('notifications').select('id').where('user_id', '=', userId).orderBy('id').execute()).map((r) => r.id);

    beforeAll(async () => {
      t = await createTestApp(dialect);
      handler = await loginClient(t, t.city.handler);
      admin = await loginClient(t, t.city.sysadmin);
      for (let i = 1; i <= 3; i++) {
        t.env.clock.advance(1000);
        await notify(t.city.handler.id, `通知${i}`, i);
      }
      await notify(t.city.sysadmin.id, '管理员的通知');
      handlerIds = await idsOf(t.city.handler.id);
      adminIds = await idsOf(t.city.sysadmin.id);
    });
    afterAll(async () => {
      await t.close();
    });

    it('lists my notifications newest first with total and unread', async () => {
      const res = await handler.get('/api/notifications');
      expect(res.statusCode).toBe(200);
      const body = res.json<ListReply>();
      expect(body.total).toBe(3);
      expect(body.unread).toBe(3);
      expect(body.items.map((n) => n.title)).toEqual(['通知3', '通知2', '通知1']);
      expect(body.items[0]).toMatchObject({ caseId: 3, kind: 'case.dispatched', body: '通知3的正文', readAt: null });
      expect(Object.keys(body.items[0]!).sort()).toEqual(['body', 'caseId', 'createdAt', 'id', 'kind', 'readAt', 'title']);

      const page = (await handler.get('/api/notifications?page=2&pageSize=2')).json<ListReply>();
      expect(page.items.map((n) => n.title)).toEqual(['通知1']);
      expect(page.total).toBe(3);
    });

    it('answers 4xx to bad query strings and ids', async () => {
      for (const q of ['pageSize=0', 'pageSize=501', 'page=0', 'page=x', 'unreadOnly=maybe', 'other=1']) {
        const res = await handler.get(`/api/notifications?${q}`);
        expect(res.statusCode, q).toBe(400);
      }
      expect((await handler.post('/api/notifications/abc/read')).statusCode).toBe(400);
      expect((await handler.post('/api/notifications/0/read')).statusCode).toBe(400);
      // Beyond the integer column: a 400, not a database error.
      expect((await handler.post('/api/notifications/99999999999/read')).statusCode).toBe(400);
    });

    it('needs a session, and the CSRF token for writes', async () => {
      expect((await t.app.inject({ method: 'GET', url: '/api/notifications/unread-count' })).statusCode).toBe(401);
      expect((await t.app.inject({ method: 'POST', url: '/api/notifications/read-all' })).statusCode).toBe(401);
      expect((await handler.post('/api/notifications/read-all', undefined, { 'x-csrf-token': 'wrong' })).statusCode).toBe(403);
      expect((await handler.get('/api/notifications/unread-count')).json()).toEqual({ unread: 3 });
    });

    it('cannot mark someone else’s notification: 404, and it stays unread', async () => {
      const res = await handler.post(`/api/notifications/${adminIds[0]}/read`);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ statusCode: 404, error: 'not_found' });
      expect((await handler.post('/api/notifications/999999/read')).statusCode).toBe(404);
      expect((await admin.get('/api/notifications/unread-count')).json()).toEqual({ unread: 1 });
    });

    it('marks one read (204, idempotent), then filters unread, then marks all', async () => {
      const first = handlerIds[0]!;
      const res = await handler.post(`/api/notifications/${first}/read`);
      expect(res.statusCode).toBe(204);
      expect(res.body).toBe('');
      expect((await handler.post(`/api/notifications/${first}/read`)).statusCode).toBe(204);
      expect((await handler.get('/api/notifications/unread-count')).json()).toEqual({ unread: 2 });

      const unread = (await handler.get('/api/notifications?unreadOnly=true')).json<ListReply>();
      expect(unread.items.map((n) => n.title)).toEqual(['通知3', '通知2']);
      expect(unread).toMatchObject({ total: 2, unread: 2 });
      const all = (await handler.get('/api/notifications?unreadOnly=false')).json<ListReply>();
      expect(all.items.find((n) => n.id === first)?.readAt).toBe(t.env.clock.now().toISOString());

      expect((await handler.post('/api/notifications/read-all')).json()).toEqual({ updated: 2 });
      expect((await handler.post('/api/notifications/read-all')).json()).toEqual({ updated: 0 });
      expect((await handler.get('/api/notifications/unread-count')).json()).toEqual({ unread: 0 });
      // Nobody else's changed.
      expect((await admin.get('/api/notifications/unread-count')).json()).toEqual({ unread: 1 });
    });

    it('is in the OpenAPI document', async () => {
      const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, unknown> }>();
      for (const p of [
        '/api/notifications',
        '/api/notifications/unread-count',
        '/api/notifications/{id}/read',
        '/api/notifications/read-all',
      ]) {
        expect(Object.keys(doc.paths), p).toContain(p);
      }
    });
  });
}
