import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import pg from 'pg';
import { PG_URL } from './db.js';

/** A logged-in person on one instance: cookie and CSRF token, usable on every instance that shares the secret. */
export interface Session {
  cookie: string;
  csrf: string;
}

/** Logs in on `url`; throws with the answer on anything but 200. */
export async function login(url: string, username: string, password: string): Promise<Session> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username} on ${url}: ${res.status} ${await res.text()}`);
  const me = (await res.json()) as { csrfToken: string };
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: me.csrfToken };
}

/** One request with a session; resolves to status and parsed JSON body (null when empty). */
export async function call<T = unknown>(
  url: string,
  s: Session,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(url + path, {
    method,
    headers: {
      cookie: s.cookie,
      'x-csrf-token': s.csrf,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/** A fresh PostgreSQL database on the test server (DUDAO_TEST_PG_URL), its URL, and `drop()`. */
export async function freshPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!PG_URL) throw new Error('DUDAO_TEST_PG_URL not set');
  const name = `dudao_multi_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const a = new pg.Client({ connectionString: PG_URL });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/**
 * A stand-in WeCom group robot: answers every POST with `{errcode: 0}` (delivered) and
 * keeps each message's text, so a test can count how often each notice arrived.
 */
export async function captureRobot(): Promise<{ url: string; received: string[]; close(): Promise<void> }> {
  const received: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text: { content: string } };
      received.push(body.text.content);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  const port = typeof a === 'object' && a ? a.port : 0;
  return {
    url: `http://127.0.0.1:${port}/cgi-bin/webhook/send?key=test`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Serial numbers taken from a series, checked: every one of 1..n exactly once. Returns the problems found. */
export function gaplessProblems(series: string, serials: number[]): string[] {
  const sorted = [...serials].sort((a, b) => a - b);
  const problems: string[] = [];
  sorted.forEach((n, i) => {
    if (n !== i + 1) problems.push(`${series}: position ${i + 1} holds ${n}`);
  });
  return problems.slice(0, 5);
}
