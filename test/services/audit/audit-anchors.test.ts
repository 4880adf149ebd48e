import { createSocket } from 'node:dgram';
import { createServer, type IncomingMessage } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditAnchors, syslogMessage } from '../../../src/services/audit/audit-anchors.js';
import type { Anchor } from '../../../src/domain/audit/anchors.js';

const dir = mkdtempSync(join(tmpdir(), 'dudao-anchors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const anchor = (seq: number): Anchor => ({ seq, mac: 'c'.repeat(64), at: '2026-03-02T01:00:00.000Z', reason: 'every' });

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let s = '';
    req.on('data', (c: Buffer) => (s += c.toString()));
    req.on('end', () => resolve(s));
  });
}

describe('AuditAnchors', () => {
  it('appends one JSON line per anchor, in order, even when called concurrently', async () => {
    const file = join(dir, 'sub', 'a.jsonl');
    const a = new AuditAnchors({ file });
    await Promise.all([1, 2, 3, 4, 5].map((s) => a.append(anchor(s))));
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Anchor);
    expect(lines.map((l) => l.seq)).toEqual([1, 2, 3, 4, 5]);
    expect((await a.read()).anchors).toHaveLength(5);
  });

  it('a missing file reads as no anchors', async () => {
    expect(await new AuditAnchors({ file: join(dir, 'none.jsonl') }).read()).toEqual({ anchors: [], problems: [] });
  });

  it('sends each anchor to syslog as RFC 5424 over UDP', async () => {
    const server = createSocket('udp4');
    const got = new Promise<string>((resolve) => server.on('message', (m) => resolve(m.toString('utf8'))));
    await new Promise<void>((r) => server.bind(0, '127.0.0.1', () => r()));
    const port = server.address().port;
    const a = new AuditAnchors({ file: join(dir, 's.jsonl'), syslog: `udp://127.0.0.1:${port}` });
    await a.append(anchor(7));
    const msg = await got;
    server.close();
    expect(msg).toMatch(
      /^<110>1 2026-03-02T01:00:00\.000Z \S+ dudao \d+ audit-anchor - \{"seq":7,"mac":"c{64}","at":"2026-03-02T01:00:00\.000Z","reason":"every"\}$/,
    );
    expect(syslogMessage(anchor(7), 'host name')).toContain(' hostname dudao ');
  });

  it('POSTs each anchor to the webhook, retrying failures without holding up the write, and reports the final failure', async () => {
    const seen: string[] = [];
    let failFirst = 1;
    const server = createServer((req, res) => {
      void body(req).then((b) => {
        seen.push(b);
        res.statusCode = failFirst-- > 0 ? 503 : 200;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/anchor`;
    const errors: string[] = [];
    const a = new AuditAnchors({ file: join(dir, 'w.jsonl'), webhook: url, onError: (m) => errors.push(m) });
    await a.append(anchor(9));
    expect(seen.length).toBeLessThan(2); // the write returned before the webhook's retry
    await a.settle();
    expect(seen).toHaveLength(2);
    expect(JSON.parse(seen[1]!)).toEqual({ type: 'dudao.audit.anchor', ...anchor(9) });
    expect(errors).toEqual([]);
    server.close();

    const dead = new AuditAnchors({ file: join(dir, 'w2.jsonl'), webhook: 'http://127.0.0.1:9/none', onError: (m) => errors.push(m) });
    await dead.append(anchor(10));
    expect(readFileSync(join(dir, 'w2.jsonl'), 'utf8')).toContain('"seq":10');
    await dead.settle();
    expect(errors).toEqual(['audit anchor: webhook failed after 3 tries']);
  }, 15_000);
});
