import type { BenchServer } from '../bench/server.js';
import type { BenchTarget } from '../bench/target.js';
import { Client, type Body } from './client.js';
import { anyValue, mutateBody, NASTY_IDS, NASTY_NUMBERS, NASTY_STRINGS, plausible, type Schema } from './mutate.js';
import type { Rng } from './rng.js';
import { startServer } from './target.js';

/** One operation of the OpenAPI document. */
interface Operation {
  method: string;
  path: string;
  params: { in: string; name: string; schema?: Schema }[];
  body: Schema | null;
}

/** A 5xx (or no answer) with what provoked it. */
export interface FuzzSample {
  method: string;
  route: string;
  url: string;
  status: number;
  sent: string;
  reply: string;
}

export interface FuzzResult {
  requests: number;
  status_5xx: number;
  /** Requests with no answer at all (connection reset, timeout, the server died). */
  no_answer: number;
  /** Times the server had to be restarted because it stopped answering. */
  restarts: number;
  operations: number;
  skipped: string[];
  by_status: Record<string, number>;
  /** 5xx per operation (`METHOD /path`). */
  by_route_5xx: Record<string, number>;
  samples_5xx: FuzzSample[];
}

/** Ends the fuzzer's own sessions: not fuzzed. */
const SKIP = new Set(['POST /api/auth/logout', 'POST /api/auth/logout-all']);
/**
 * Could lock out, disable or strip the demo accounts the later phases log in with:
 * fuzzed only with ids that name no account.
 */
const NO_REAL_IDS = new Set([
  'POST /api/users/{id}/lock',
  'POST /api/users/{id}/password',
  'PUT /api/users/{id}/roles',
  'PATCH /api/users/{id}',
]);

/** Which demo account a route is fuzzed as: one that holds its permission. */
function accountFor(path: string, rng: Rng): string {
  if (rng.next() < 0.15) return rng.pick(['handler', 'citizen', 'leader', 'owner', 'unithead']);
  if (path.startsWith('/api/users') || path.startsWith('/api/units') || path.startsWith('/api/auth/tokens'))
    return rng.pick(['sysadmin', 'secadmin']);
  if (path.startsWith('/api/audit')) return 'auditor';
  if (path.startsWith('/api/inspections') || path.startsWith('/api/checkpoints')) return rng.pick(['inspector', 'hq']);
  if (path.startsWith('/api/letters') && /sign|reply|delivered/.test(path)) return 'handler';
  return 'hq';
}

function operations(doc: {
  paths: Record<
    string,
    Record<string, { parameters?: Operation['params']; requestBody?: { content?: Record<string, { schema?: Schema }> } }>
  >;
}): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths))
    for (const [m, op] of Object.entries(methods)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(m)) continue;
      ops.push({
        method: m.toUpperCase(),
        path,
        params: op.parameters ?? [],
        body: op.requestBody?.content?.['application/json']?.schema ?? null,
      });
    }
  return ops;
}

/** encodeURIComponent that also takes lone surrogates (sent as their raw UTF-8-like bytes). */
function enc(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '')) + '%ED%A0%80';
  }
}

/** A hostile or plausible value for a query parameter. */
function queryValue(schema: Schema | undefined, rng: Rng): string {
  const r = rng.int(4);
  if (r === 0) return String(plausible(schema, rng));
  if (r === 1) return String(rng.pick(NASTY_NUMBERS));
  return rng.pick(NASTY_STRINGS).slice(0, 2000);
}

/** A broken or unusual body for a write: wrong content type, broken JSON or multipart, junk bytes. */
function oddBody(op: Operation, rng: Rng): Body {
  const json = JSON.stringify(mutateBody(plausible(op.body ?? { type: 'object' }, rng), rng));
  const boundary = '----dudaofuzz';
  switch (rng.int(9)) {
    case 0:
      return { raw: json, contentType: 'text/plain' };
    case 1:
      return { raw: '{"a":', contentType: 'application/json' };
    case 2:
      return { raw: json, contentType: null };
    case 3:
      return { raw: 'a=1&b=2', contentType: 'application/x-www-form-urlencoded' };
    case 4:
      return {
        raw: `--${boundary}\r\nContent-Disposition: form-data; name="command"\r\n\r\n${json}\r\n`,
        contentType: `multipart/form-data; boundary=${boundary}`,
      };
    case 5:
      return { raw: 'garbage', contentType: 'multipart/form-data' };
    case 6: {
      const form = new FormData();
      form.append('command', rng.next() < 0.5 ? json : rng.pick(NASTY_STRINGS));
      form.append(
        rng.pick(['photos', 'before', 'file', 'x']),
        new Blob([Buffer.from(rng.pick(['not an image', '\x89PNG\r\n\x1a\n broken', 'GIF89a', '\xff\xd8\xff\xe0 broken jpeg']), 'binary')]),
        rng.pick(['a.jpg', '../../x.png', '', 'a\u0000.jpg']),
      );
      return { form };
    }
    case 7:
      return {
        raw: Buffer.from('PK\x03\x04 broken xlsx', 'binary'),
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      };
    default:
      return { raw: json, contentType: 'application/json; charset=latin1' };
  }
}

/** Builds one fuzzed request for `op`. */
function fuzzRequest(op: Operation, rng: Rng): { url: string; body: Body } {
  const key = `${op.method} ${op.path}`;
  let url = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    if (name === 'variant') return rng.pick(['original', 'public', 'thumb', 'x', '']);
    if (name === 'day') return rng.pick(['2026-12-01', '2026-13-45', '2026-02-30', 'x', '99999-01-01']);
    if (name === 'pointType') return rng.pick(['back_street', 'x', '%00']);
    if (name === 'code') return rng.pick(['E01-01', 'X', '%00', 'a'.repeat(500)]);
    if (NO_REAL_IDS.has(key) || rng.next() < 0.5) return enc(rng.pick(NASTY_IDS)).replace(/%25/g, '%');
    return String(1 + rng.int(30));
  });
  const q = op.params.filter((p) => p.in === 'query' && rng.next() < 0.6).map((p) => `${enc(p.name)}=${enc(queryValue(p.schema, rng))}`);
  if (rng.next() < 0.1) q.push(`${rng.pick(['unknown', 'page', 'from'])}=${enc(rng.pick(NASTY_STRINGS).slice(0, 100))}`);
  if (q.length) url += `?${q.join('&')}`;
  // fetch sends no body with a GET; a DELETE sometimes carries one.
  if (op.method === 'GET') return { url, body: undefined };
  if (op.method === 'DELETE')
    return { url, body: rng.next() < 0.1 ? { raw: JSON.stringify(anyValue(rng)), contentType: 'application/json' } : undefined };
  const r = rng.next();
  if (op.body && r < 0.7) return { url, body: { json: r < 0.1 ? plausible(op.body, rng) : mutateBody(plausible(op.body, rng), rng) } };
  return { url, body: oddBody(op, rng) };
}

function describe(body: Body): string {
  if (!body) return '';
  if ('json' in body) return JSON.stringify(body.json).slice(0, 300);
  if ('raw' in body) return `[${body.contentType}] ${body.raw.toString().slice(0, 280)}`;
  return '[multipart form]';
}

/**
 * Sends `count` fuzzed requests spread over every operation of `/api/openapi.json`
 * (seeded: the same seed sends the same requests), logged in as an account holding
 * the route's permission with the CSRF header, as the web app is. Counts 5xx and
 * requests without an answer; restarts the server if it stops answering.
 */
export async function runFuzz(
  target: BenchTarget,
  server: BenchServer,
  count: number,
  rng: Rng,
  log: (s: string) => void,
): Promise<{ result: FuzzResult; server: BenchServer }> {
  let current = server;
  const doc = (await (await fetch(`${current.url}/api/openapi.json`)).json()) as Parameters<typeof operations>[0];
  const all = operations(doc);
  const ops = all.filter((o) => !SKIP.has(`${o.method} ${o.path}`));
  const result: FuzzResult = {
    requests: 0,
    status_5xx: 0,
    no_answer: 0,
    restarts: 0,
    operations: ops.length,
    skipped: [...SKIP],
    by_status: {},
    by_route_5xx: {},
    samples_5xx: [],
  };
  const clients = new Map<string, Client>();
  const clientFor = async (name: string) => {
    let c = clients.get(name);
    if (!c || c.url !== current.url) {
      c = await new Client(current.url, name).login();
      clients.set(name, c);
    }
    return c;
  };
  // Sequential plans (seeded) then sent by a few workers: the requests do not depend on the order answers come back in.
  const plan = Array.from({ length: count }, (_, i) => {
    const op = ops[i % ops.length]!;
    return { op, account: rng.next() < 0.03 ? null : accountFor(op.path, rng), ...fuzzRequest(op, rng) };
  });
  let next = 0;
  let restarting: Promise<void> | null = null;
  const worker = async () => {
    while (next < plan.length) {
      const p = plan[next++]!;
      if (restarting) await restarting;
      const client = p.account ? await clientFor(p.account).catch(() => new Client(current.url, null)) : new Client(current.url, null);
      const r = await client.call(p.op.method, p.url, p.body);
      result.requests += 1;
      result.by_status[r.status] = (result.by_status[r.status] ?? 0) + 1;
      if (r.status >= 500 || r.status === 0) {
        const route = `${p.op.method} ${p.op.path}`;
        if (r.status === 0) result.no_answer += 1;
        else result.status_5xx += 1;
        result.by_route_5xx[route] = (result.by_route_5xx[route] ?? 0) + 1;
        if (
          result.samples_5xx.length < 50 &&
          Object.values(result.samples_5xx).filter((s) => `${s.method} ${s.route}` === route).length < 3
        )
          result.samples_5xx.push({
            method: p.op.method,
            route: p.op.path,
            url: p.url.slice(0, 300),
            status: r.status,
            sent: describe(p.body),
            reply: r.text.slice(0, 300),
          });
        const alive = await fetch(`${current.url}/readyz`, { signal: AbortSignal.timeout(10_000) }).then(
          (x) => x.ok,
          () => false,
        );
        if (!alive && !restarting) {
          restarting = (async () => {
            log(`fuzz: server stopped answering after ${route}; restarting`);
            try {
              process.kill(current.pid, 'SIGKILL');
            } catch {
              // already gone
            }
            await current.stop();
            current = await startServer(target);
            result.restarts += 1;
          })().finally(() => (restarting = null));
        }
      }
      if (result.requests % 1000 === 0)
        log(`fuzz: ${result.requests}/${count}, ${result.status_5xx} × 5xx, ${result.no_answer} without answer`);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  log(`fuzz: ${result.requests} requests over ${ops.length} operations: ${result.status_5xx} × 5xx, ${result.no_answer} without answer`);
  return { result, server: current };
}
