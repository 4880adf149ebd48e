import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/db.js';
import { contextFor, makeCity, makeUnit, makeUser } from '../helpers/factories.js';
import { NotificationService, type Notice } from '../../src/notify/notification.service.js';
import { ManualClock } from '../../src/core/clock.js';
import { AppError } from '../../src/core/errors.js';
import { systemContext } from '../../src/core/context.js';

const DING = 'https://oapi.dingtalk.com/robot/send?access_token=abc';
const WECOM = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=xyz';

for (const dialect of DIALECTS) {
  describe(`NotificationService on ${dialect}`, () => {
    let database: TestDatabase;
    let clock: ManualClock;
    let users: { a: number; b: number; noMail: number; inactive: number };

    const service = (config: ConstructorParameters<typeof NotificationService>[2]) => new NotificationService(database, clock, config);
    const notice = (over: Partial<Notice> = {}): Notice => ({
      userIds: [users.a, users.b, users.noMail, users.inactive],
      caseId: null,
      kind: 'case.dispatched',
      title: '案件 2026-000001 已派遣',
      body: '请于 3 个工作日内处置。',
      ...over,
    });
    const outbox = () => database.db.selectFrom('outbox').selectAll().orderBy('id').execute();

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      clock = new ManualClock(new Date('2026-03-02T01:00:00.000Z'));
      const unit = await makeUnit(database, { kind: 'city' });
      const mk = async (email: string | null, active = true) => {
        const u = await makeUser(database, { unit });
        await database.db
          .updateTable('users')
          .set({ email, is_active: active ? 1 : 0 })
          .where('id', '=', u.id)
          .execute();
        return u.id;
      };
      users = {
        a: await mk('a@example.cn'),
        b: await mk('b@example.cn'),
        noMail: await mk(null),
        inactive: await mk('gone@example.cn', false),
      };
    });
    afterAll(async () => {
      await database.drop();
    });
    beforeEach(async () => {
      await database.db.deleteFrom('outbox').execute();
      await database.db.deleteFrom('notifications').execute();
    });

    it('writes one in-app row per user and nothing else when no channel is configured', async () => {
      const r = await database.db
        .transaction()
        .execute((trx) => service({}).notify(trx, notice({ caseId: null, userIds: [users.a, users.b, users.a] })));
      expect(r).toEqual({ notifications: 2, outbox: 0 });
      const rows = await database.db.selectFrom('notifications').selectAll().orderBy('user_id').execute();
      expect(rows.map((x) => x.user_id)).toEqual([users.a, users.b]);
      expect(rows[0]).toMatchObject({
        kind: 'case.dispatched',
        title: '案件 2026-000001 已派遣',
        body: '请于 3 个工作日内处置。',
        created_at: '2026-03-02T01:00:00.000Z',
        read_at: null,
      });
      expect(await outbox()).toEqual([]);
    });

    it('with SMTP: one e-mail per active user with an address', async () => {
      await database.db.transaction().execute((trx) => service({ smtpUrl: 'smtp://mail.example.cn:587' }).notify(trx, notice()));
      const rows = await outbox();
      expect(rows.map((r) => [r.channel, r.target])).toEqual([
        ['email', 'a@example.cn'],
        ['email', 'b@example.cn'],
      ]);
      expect(rows[0]).toMatchObject({
        status: 'pending',
        attempts: 0,
        next_attempt_at: '2026-03-02T01:00:00.000Z',
        last_error: null,
        sent_at: null,
      });
      expect(JSON.parse(rows[0]!.payload)).toEqual({ subject: '案件 2026-000001 已派遣', text: '请于 3 个工作日内处置。' });
      expect(await database.db.selectFrom('notifications').selectAll().execute()).toHaveLength(4);
    });

    it('with robots: one DingTalk and one WeCom message per notice, not per user', async () => {
      await database.db.transaction().execute((trx) => service({ dingtalkWebhook: DING, wecomWebhook: WECOM }).notify(trx, notice()));
      const rows = await outbox();
      expect(rows.map((r) => [r.channel, r.target])).toEqual([
        ['dingtalk', DING],
        ['wecom', WECOM],
      ]);
      expect(JSON.parse(rows[0]!.payload)).toEqual({ content: '【督导】案件 2026-000001 已派遣\n请于 3 个工作日内处置。' });
    });

    it('with everything: e-mails plus one message per robot', async () => {
      await database.db
        .transaction()
        .execute((trx) =>
          service({ smtpUrl: 'smtps://u:p@mail.example.cn', dingtalkWebhook: DING, wecomWebhook: WECOM }).notify(trx, notice()),
        );
      expect((await outbox()).map((r) => r.channel)).toEqual(['email', 'email', 'dingtalk', 'wecom']);
    });

    it('writes nothing when the caller’s transaction rolls back', async () => {
      const s = service({ smtpUrl: 'smtp://mail.example.cn', dingtalkWebhook: DING, wecomWebhook: WECOM });
      await expect(
        database.db.transaction().execute(async (trx) => {
          await s.notify(trx, notice());
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      expect(await database.db.selectFrom('notifications').selectAll().execute()).toEqual([]);
      expect(await outbox()).toEqual([]);
    });

    it('refuses a malformed kind and clips an overlong title to the column', async () => {
      const s = service({});
      await expect(database.db.transaction().execute((trx) => s.notify(trx, notice({ kind: 'Not A Kind' })))).rejects.toThrow(/kind/);
      await database.db.transaction().execute((trx) => s.notify(trx, notice({ userIds: [users.a], title: '长'.repeat(300) })));
      const row = await database.db.selectFrom('notifications').selectAll().executeTakeFirstOrThrow();
      expect([...row.title]).toHaveLength(200);
      expect(row.title.endsWith('…')).toBe(true);
    });

    it('counts unread, lists newest first with paging, and marks read', async () => {
      const s = service({});
      for (let i = 1; i <= 3; i++) {
        clock.advance(1000);
        await database.db.transaction().execute((trx) => s.notify(trx, notice({ userIds: [users.a], caseId: i, title: `第${i}条` })));
      }
      await database.db.transaction().execute((trx) => s.notify(trx, notice({ userIds: [users.b], title: 'B 的' })));
      const ctxA = await contextFor(database, users.a);
      expect(await s.unreadCount(ctxA)).toBe(3);

      const page1 = await s.list(ctxA, { page: 1, pageSize: 2 });
      expect(page1.total).toBe(3);
      expect(page1.unread).toBe(3);
      expect(page1.items.map((n) => n.title)).toEqual(['第3条', '第2条']);
      expect(page1.items[0]).toMatchObject({ caseId: 3, kind: 'case.dispatched', readAt: null });
      expect((await s.list(ctxA, { page: 2, pageSize: 2 })).items.map((n) => n.title)).toEqual(['第1条']);

      const first = page1.items[1]!;
      clock.advance(60_000);
      await s.markRead(ctxA, first.id);
      const readAt = clock.now().toISOString();
      clock.advance(60_000);
      await s.markRead(ctxA, first.id); // again: fine, keeps the first time
      expect(await s.unreadCount(ctxA)).toBe(2);
      const all = await s.list(ctxA, {});
      expect(all.items.find((n) => n.id === first.id)?.readAt).toBe(readAt);
      const unreadOnly = await s.list(ctxA, { unreadOnly: true });
      expect(unreadOnly).toMatchObject({ total: 2, unread: 2 });
      expect(unreadOnly.items.map((n) => n.title)).toEqual(['第3条', '第1条']);

      expect(await s.markAllRead(ctxA)).toBe(2);
      expect(await s.markAllRead(ctxA)).toBe(0);
      expect(await s.unreadCount(ctxA)).toBe(0);
      // B's stays unread.
      expect(await s.unreadCount(await contextFor(database, users.b))).toBe(1);
    });

    it('a user cannot mark another user’s notification: 404, and it stays unread', async () => {
      const s = service({});
      await database.db.transaction().execute((trx) => s.notify(trx, notice({ userIds: [users.b] })));
      const row = await database.db.selectFrom('notifications').selectAll().executeTakeFirstOrThrow();
      const ctxA = await contextFor(database, users.a);
      await expect(s.markRead(ctxA, row.id)).rejects.toMatchObject({ status: 404, code: 'not_found' });
      await expect(s.markRead(ctxA, 999_999)).rejects.toBeInstanceOf(AppError);
      expect((await database.db.selectFrom('notifications').selectAll().executeTakeFirstOrThrow()).read_at).toBeNull();
      expect(await s.markAllRead(ctxA)).toBe(0);
      expect(await s.unreadCount(await contextFor(database, users.b))).toBe(1);
    });

    it('needs a logged-in caller', async () => {
      await expect(service({}).unreadCount(systemContext())).rejects.toMatchObject({ status: 401 });
    });

    it('works inside a real service transaction alongside other writes', async () => {
      // The city's users have no e-mail; the notice still reaches them in-app.
      const city = await makeCity(database);
      const s = service({ smtpUrl: 'smtp://mail.example.cn' });
      await database.db.transaction().execute((trx) => s.notify(trx, notice({ userIds: [city.handler.id, city.sysadmin.id] })));
      expect(await s.unreadCount(await contextFor(database, city.handler.id))).toBe(1);
      expect(await outbox()).toEqual([]);
    });
  });
}
