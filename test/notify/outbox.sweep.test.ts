import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { outboxRepository } from '../../src/db/repositories/notification.repository.js';
import { SweepRunner } from '../../src/jobs/sweep-runner.js';
import {
  DingTalkChannel,
  WeComChannel,
  channelsFromConfig,
  clipUtf8,
  dingtalkSign,
  type Channel,
  type ChannelName,
} from '../../src/notify/channels.js';
import { NotificationService } from '../../src/notify/notification.service.js';
import { backoffMs, outboxSweep, OUTBOX_DEFAULTS, type OutboxSweepOptions } from '../../src/notify/outbox.sweep.js';
import { ManualClock } from '../../src/core/clock.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/db.js';
import { makeUnit, makeUser } from '../helpers/factories.js';
import { HANG, OK_REPLY, startRobotServer, type RobotServer } from './robot-server.js';

const S = 1000;
const T0 = '2026-03-02T01:00:00.000Z';
/** Computed independently (Python hmac/base64) for secret SECtest0123456789 at T0; it has + / = to encode. */
const SECRET = 'SECtest0123456789';
const SIGN_AT_T0 = 'Txf+XU4hIHzwf3JsxIUdHWwu/txZwwgxEAKN1eX7UEY=';
const http500 = { status: 500, body: 'internal error' };
const errcode = { status: 200, body: JSON.stringify({ errcode: 310000, errmsg: 'sign not match' }) };

describe('backoff', () => {
  const o = { baseDelayMs: OUTBOX_DEFAULTS.baseDelayMs, maxDelayMs: OUTBOX_DEFAULTS.maxDelayMs, jitterRatio: OUTBOX_DEFAULTS.jitterRatio };
  it('doubles from 30 s, caps at 1 h, and adds up to 10 % jitter', () => {
    expect([1, 2, 3, 4, 7].map((a) => backoffMs(a, o, () => 0))).toEqual([30 * S, 60 * S, 120 * S, 240 * S, 1920 * S]);
    expect(backoffMs(8, o, () => 0)).toBe(3600 * S);
    expect(backoffMs(50, o, () => 0)).toBe(3600 * S);
    expect(backoffMs(1, o, () => 0.5)).toBe(31.5 * S);
    expect(backoffMs(50, o, () => 0.999)).toBeLessThan(3960 * S);
  });
  it('clips WeCom content on a character boundary', () => {
    const s = '督'.repeat(1000); // 3000 bytes
    const c = clipUtf8(s, 2048);
    expect(Buffer.byteLength(c)).toBeLessThanOrEqual(2048);
    expect(c.endsWith('…')).toBe(true);
    expect(clipUtf8('short', 2048)).toBe('short');
  });
});

for (const dialect of DIALECTS) {
  describe(`outbox sweep on ${dialect}`, () => {
    let database: TestDatabase;
    let second: Database;
    let robot: RobotServer;
    let clock: ManualClock;
    let userId: number;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      second = openDatabase(database.url);
      robot = await startRobotServer();
      userId = (await makeUser(database, { unit: await makeUnit(database) })).id;
    });
    afterAll(async () => {
      await robot.close();
      await second.close();
      await database.drop();
    });
    beforeEach(async () => {
      await database.db.deleteFrom('outbox').execute();
      robot.requests.length = 0;
      robot.fallback = OK_REPLY;
      clock = new ManualClock(new Date(T0));
    });

    const dingUrl = () => `${robot.url}/robot/send?access_token=tok123`;
    const wecomUrl = () => `${robot.url}/cgi-bin/webhook/send?key=k456`;
    const notify = (config: ConstructorParameters<typeof NotificationService>[2], title = '案件已派遣') =>
      database.db.transaction().execute((trx) =>
        new NotificationService(database, clock, config).notify(trx, {
          userIds: [userId],
          caseId: 7,
          kind: 'case.dispatched',
          title,
          body: '请处置',
        }),
      );
    const sweep = (channels: Partial<Record<ChannelName, Channel>>, o: OutboxSweepOptions = {}) =>
      outboxSweep(database, clock, channels, { random: () => 0, ...o });
    const only = async () => {
      const rows = await database.db.selectFrom('outbox').selectAll().execute();
      expect(rows).toHaveLength(1);
      return rows[0]!;
    };
    const at = (ms: number) => new Date(new Date(T0).getTime() + ms).toISOString();

    it('fails twice (HTTP 500, then errcode ≠ 0), backs off, and is sent on the third attempt', async () => {
      await notify({ dingtalkWebhook: dingUrl() });
      robot.script(http500, errcode, OK_REPLY);
      const s = sweep({ dingtalk: new DingTalkChannel({ secret: SECRET, clock }) });

      expect(await s.run(clock.now())).toMatchObject({ due: 1, retry: 1 });
      let row = await only();
      expect(row).toMatchObject({ status: 'pending', attempts: 1, next_attempt_at: at(30 * S), sent_at: null });
      expect(row.last_error).toBe('HTTP 500: internal error');

      clock.set(at(29 * S)); // 1 s before it is due
      expect(await s.run(clock.now())).toMatchObject({ due: 0 });
      expect(robot.requests).toHaveLength(1);
      clock.set(at(31 * S)); // 1 s after
      expect(await s.run(clock.now())).toMatchObject({ due: 1, retry: 1 });
      row = await only();
      expect(row).toMatchObject({ status: 'pending', attempts: 2, next_attempt_at: at(31 * S + 60 * S) });
      expect(row.last_error).toBe('errcode 310000: sign not match');

      clock.set(at(90 * S));
      expect(await s.run(clock.now())).toMatchObject({ due: 0 });
      clock.set(at(92 * S));
      // Through the runner this time: the sweep runs under its lease and is recorded.
      const outcome = await new SweepRunner(database, clock, [s]).runOnce(s);
      expect(outcome).toEqual({ ran: true, status: 'done', detail: { due: 1, sent: 1, retry: 0, failed: 0, lost: 0 } });
      row = await only();
      expect(row).toMatchObject({ status: 'sent', attempts: 3, sent_at: at(92 * S) });
      expect(robot.requests).toHaveLength(3);

      clock.advance(3600 * S);
      expect(await s.run(clock.now())).toMatchObject({ due: 0 });
      expect(robot.requests).toHaveLength(3);
    });

    it('signs DingTalk requests with timestamp and sign, and sends a text message', async () => {
      await notify({ dingtalkWebhook: dingUrl() });
      await sweep({ dingtalk: new DingTalkChannel({ secret: SECRET, clock }) }).run(clock.now());
      const req = robot.requests[0]!;
      expect(req.method).toBe('POST');
      expect(req.contentType).toMatch(/^application\/json/);
      expect(req.body).toEqual({ msgtype: 'text', text: { content: '【督导】案件已派遣\n请处置' } });
      const url = new URL(req.url, robot.url);
      expect(url.pathname).toBe('/robot/send');
      expect(url.searchParams.get('access_token')).toBe('tok123');
      expect(url.searchParams.get('timestamp')).toBe(String(new Date(T0).getTime()));
      expect(dingtalkSign(SECRET, new Date(T0).getTime())).toBe(SIGN_AT_T0);
      expect(url.searchParams.get('sign')).toBe(SIGN_AT_T0);
      // URL-encoded as the documented urlEncode does: no raw + / = in the query.
      expect(req.url).toContain(`sign=${encodeURIComponent(SIGN_AT_T0)}`);
      expect((await only()).status).toBe('sent');
    });

    it('sends DingTalk unsigned when no secret is set', async () => {
      await notify({ dingtalkWebhook: dingUrl() });
      await sweep({ dingtalk: new DingTalkChannel({ clock }) }).run(clock.now());
      const url = new URL(robot.requests[0]!.url, robot.url);
      expect([...url.searchParams.keys()]).toEqual(['access_token']);
    });

    it('sends WeCom text messages and treats errcode ≠ 0 as a failure', async () => {
      await notify({ wecomWebhook: wecomUrl() });
      robot.script({ status: 200, body: JSON.stringify({ errcode: 93000, errmsg: 'invalid webhook url' }) });
      const s = sweep({ wecom: new WeComChannel() });
      await s.run(clock.now());
      expect(await only()).toMatchObject({ status: 'pending', attempts: 1, last_error: 'errcode 93000: invalid webhook url' });
      clock.advance(31 * S);
      await s.run(clock.now());
      expect(await only()).toMatchObject({ status: 'sent', attempts: 2 });
      expect(robot.requests.map((r) => r.url)).toEqual(['/cgi-bin/webhook/send?key=k456', '/cgi-bin/webhook/send?key=k456']);
      expect(robot.requests[1]!.body).toEqual({ msgtype: 'text', text: { content: '【督导】案件已派遣\n请处置' } });
    });

    it('gives up after the maximum number of attempts and marks the row failed', async () => {
      await notify({ wecomWebhook: wecomUrl() });
      robot.fallback = http500;
      const s = sweep({ wecom: new WeComChannel() });
      const delays: number[] = [];
      for (let attempt = 1; attempt <= OUTBOX_DEFAULTS.maxAttempts; attempt++) {
        const before = clock.now().getTime();
        expect(await s.run(clock.now())).toMatchObject({ due: 1 });
        const row = await only();
        expect(row.attempts).toBe(attempt);
        if (attempt < OUTBOX_DEFAULTS.maxAttempts) {
          expect(row.status).toBe('pending');
          delays.push(new Date(row.next_attempt_at).getTime() - before);
          clock.set(new Date(new Date(row.next_attempt_at).getTime() - S));
          expect(await s.run(clock.now())).toMatchObject({ due: 0 });
          clock.advance(2 * S);
        } else {
          expect(row).toMatchObject({ status: 'failed', sent_at: null, last_error: 'HTTP 500: internal error' });
        }
      }
      expect(delays).toEqual([30, 60, 120, 240, 480, 960, 1920].map((x) => x * S));
      clock.advance(24 * 3600 * S);
      expect(await s.run(clock.now())).toMatchObject({ due: 0 });
      expect(robot.requests).toHaveLength(OUTBOX_DEFAULTS.maxAttempts);
    });

    it('adds jitter from the injected random source', async () => {
      await notify({ wecomWebhook: wecomUrl() });
      robot.fallback = http500;
      await sweep({ wecom: new WeComChannel() }, { random: () => 0.5 }).run(clock.now());
      expect((await only()).next_attempt_at).toBe(at(31.5 * S));
    });

    it('a row for a channel that is not configured fails and is retried', async () => {
      await database.db.updateTable('users').set({ email: 'x@example.cn' }).where('id', '=', userId).execute();
      await notify({ smtpUrl: 'smtp://mail.example.cn' });
      await sweep({}).run(clock.now());
      expect(await only()).toMatchObject({
        channel: 'email',
        status: 'pending',
        attempts: 1,
        last_error: 'channel email is not configured',
      });
      await database.db.updateTable('users').set({ email: null }).where('id', '=', userId).execute();
    });

    it('a peer that never answers times out and counts as a failure', async () => {
      await notify({ wecomWebhook: wecomUrl() });
      robot.script(HANG);
      await sweep({ wecom: new WeComChannel({ timeoutMs: 200 }) }).run(clock.now());
      expect(await only()).toMatchObject({ status: 'pending', attempts: 1, last_error: 'no reply within the timeout' });
    });

    it('two instances sweeping at once send every row exactly once', async () => {
      for (let i = 0; i < 12; i++) await notify({ wecomWebhook: wecomUrl() }, `第${i}条`);
      const a = sweep({ wecom: new WeComChannel() });
      const b = outboxSweep(second, clock, { wecom: new WeComChannel() }, { random: () => 0 });
      const [ra, rb] = await Promise.all([a.run(clock.now()), b.run(clock.now())]);
      expect(Number(ra.sent) + Number(rb.sent)).toBe(12);
      expect(Number(ra.lost) + Number(rb.lost)).toBe(Number(ra.due) + Number(rb.due) - 12);
      expect(robot.requests).toHaveLength(12);
      const contents = robot.requests.map((r) => (r.body as { text: { content: string } }).text.content);
      expect(new Set(contents).size).toBe(12);
      const rows = await database.db.selectFrom('outbox').select('status').execute();
      expect(rows.every((r) => r.status === 'sent')).toBe(true);
    });

    it('a stale claim cannot overwrite the new owner’s outcome', async () => {
      await notify({ wecomWebhook: wecomUrl() });
      const row = await only();
      const db = database.db;
      expect(await outboxRepository.claim(db, row.id, row.next_attempt_at, at(60 * S))).toBe(true);
      expect(await outboxRepository.claim(db, row.id, row.next_attempt_at, at(90 * S))).toBe(false);
      // The first claim expired and someone else took the row.
      expect(await outboxRepository.claim(db, row.id, at(60 * S), at(120 * S))).toBe(true);
      const stale = await outboxRepository.settle(db, row.id, at(60 * S), {
        status: 'sent',
        attempts: 1,
        nextAttemptAt: at(61 * S),
        lastError: null,
        sentAt: at(61 * S),
      });
      expect(stale).toBe(false);
      expect((await only()).status).toBe('pending');
    });

    it('channelsFromConfig enables only what is configured', () => {
      expect(Object.keys(channelsFromConfig({}, clock))).toEqual([]);
      const all = channelsFromConfig(
        { smtpUrl: 'smtp://h:25', mailFrom: 'a@b.cn', dingtalkWebhook: dingUrl(), dingtalkSecret: SECRET, wecomWebhook: wecomUrl() },
        clock,
      );
      expect(Object.keys(all).sort()).toEqual(['dingtalk', 'email', 'wecom']);
    });
  });
}
