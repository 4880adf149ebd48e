import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { channelsFromConfig, SmtpChannel } from '../../src/notify/channels.js';
import { NotificationService } from '../../src/notify/notification.service.js';
import { outboxSweep } from '../../src/notify/outbox.sweep.js';
import { ManualClock } from '../../src/core/clock.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/db.js';
import { makeUnit, makeUser } from '../helpers/factories.js';

interface Received {
  user: unknown;
  from: string | false;
  to: string[];
  raw: string;
}

/** Decodes RFC 2047 encoded words (`=?UTF-8?B?…?=`, `?Q?`) in an unfolded header value. */
function decodeHeader(value: string): string {
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

function header(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line === undefined ? undefined : decodeHeader(line.slice(name.length + 1).trim());
}

/** A plain-text SMTP peer on 127.0.0.1 that requires AUTH and refuses one address. */
async function startSmtp(): Promise<{ port: number; mails: Received[]; close(): Promise<void> }> {
  const mails: Received[] = [];
  const server = new SMTPServer({
    // No TLS here: a local test peer. Production URLs use smtps:// or STARTTLS.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === 'dudao' && auth.password === 'p@ss word') cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, cb) {
      if (address.address === 'bounce@example.cn') {
        const e = new Error('5.1.1 no such mailbox') as Error & { responseCode: number };
        e.responseCode = 550;
        cb(e);
      } else cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          user: session.user,
          from: session.envelope.mailFrom && session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb(null);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('SmtpChannel', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  beforeAll(async () => {
    smtp = await startSmtp();
  });
  afterAll(async () => {
    await smtp.close();
  });
  beforeEach(() => {
    smtp.mails.length = 0;
  });
  // The password has characters that must be percent-encoded in the URL.
  const url = () => `smtp://dudao:${encodeURIComponent('p@ss word')}@127.0.0.1:${smtp.port}`;

  it('delivers with credentials from the URL', async () => {
    await new SmtpChannel(url(), 'Dudao 督导 <noreply@dudao.local>').send('a@example.cn', {
      subject: '案件 2026-000001 已派遣',
      text: '请处置。',
    });
    expect(smtp.mails).toHaveLength(1);
    const m = smtp.mails[0]!;
    expect(m).toMatchObject({ user: 'dudao', from: 'noreply@dudao.local', to: ['a@example.cn'] });
    expect(header(m.raw, 'Subject')).toBe('案件 2026-000001 已派遣');
    expect(header(m.raw, 'From')).toContain('noreply@dudao.local');
  });

  it('a refused recipient, a wrong password or a bad payload is an error', async () => {
    await expect(new SmtpChannel(url(), 'noreply@dudao.local').send('bounce@example.cn', { subject: 's', text: 't' })).rejects.toThrow(
      /550|no such mailbox/,
    );
    const wrong = `smtp://dudao:nope@127.0.0.1:${smtp.port}`;
    await expect(new SmtpChannel(wrong, 'noreply@dudao.local').send('a@example.cn', { subject: 's', text: 't' })).rejects.toThrow(
      /Invalid username or password|535/,
    );
    await expect(new SmtpChannel(url(), 'noreply@dudao.local').send('a@example.cn', { text: 'no subject' })).rejects.toThrow(/subject/);
    expect(smtp.mails).toHaveLength(0);
  });
});

for (const dialect of DIALECTS) {
  describe(`e-mail through the outbox on ${dialect}`, () => {
    let database: TestDatabase;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      smtp = await startSmtp();
    });
    afterAll(async () => {
      await smtp.close();
      await database.drop();
    });

    it('notify → sweep → the local SMTP server receives the mail with the subject', async () => {
      const clock = new ManualClock(new Date('2026-03-02T01:00:00.000Z'));
      const unit = await makeUnit(database);
      const a = await makeUser(database, { unit });
      const bounce = await makeUser(database, { unit });
      await database.db.updateTable('users').set({ email: 'a@example.cn' }).where('id', '=', a.id).execute();
      await database.db.updateTable('users').set({ email: 'bounce@example.cn' }).where('id', '=', bounce.id).execute();
      const config = {
        smtpUrl: `smtp://dudao:${encodeURIComponent('p@ss word')}@127.0.0.1:${smtp.port}`,
        mailFrom: '督导 <noreply@dudao.local>',
      };
      await database.db.transaction().execute((trx) =>
        new NotificationService(database, clock, config).notify(trx, {
          userIds: [a.id, bounce.id],
          caseId: null,
          kind: 'case.closed',
          title: '案件已结案',
          body: '案件 2026-000001 已于今日结案。',
        }),
      );
      const sweep = outboxSweep(database, clock, channelsFromConfig(config, clock), { random: () => 0 });
      expect(await sweep.run(clock.now())).toMatchObject({ due: 2, sent: 1, retry: 1 });

      expect(smtp.mails).toHaveLength(1);
      expect(smtp.mails[0]!.to).toEqual(['a@example.cn']);
      expect(header(smtp.mails[0]!.raw, 'Subject')).toBe('案件已结案');
      const rows = await database.db.selectFrom('outbox').selectAll().orderBy('id').execute();
      expect(rows.map((r) => [r.target, r.status, r.attempts])).toEqual([
        ['a@example.cn', 'sent', 1],
        ['bounce@example.cn', 'pending', 1],
      ]);
      expect(rows[1]!.last_error).toMatch(/550/);
      expect(rows[1]!.next_attempt_at).toBe('2026-03-02T01:00:30.000Z');
    });
  });
}
