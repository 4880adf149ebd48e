import http from 'node:http';

/**
 * A small closed-loop HTTP load generator: `concurrency` workers on keep-alive
 * connections, each sending its next request as soon as the previous answer has been
 * read in full. Kept light (node:http, pre-serialised bodies) because it shares the
 * machine with the server it measures.
 */

/** One request to send. */
export interface Req {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

/** Throughput and latency of one run. */
export interface LoadResult {
  per_s: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  requests: number;
}

/** The q-quantile (0 < q ≤ 1) of sorted values, nearest rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Latency summary of a list of milliseconds. */
export function summarize(latencies: number[], seconds: number): LoadResult {
  const s = [...latencies].sort((a, b) => a - b);
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return {
    per_s: r3(s.length / seconds),
    p50_ms: r3(quantile(s, 0.5)),
    p95_ms: r3(quantile(s, 0.95)),
    p99_ms: r3(quantile(s, 0.99)),
    requests: s.length,
  };
}

/** Sends one request; resolves to status and body once the answer is read. */
export function send(agent: http.Agent, base: URL, headers: Record<string, string>, req: Req): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const r = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: req.method,
        path: req.path,
        headers: req.body ? { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(req.body) } : headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}

/**
 * Runs `next()` requests with `concurrency` workers for `seconds` (after `warmup`
 * seconds that are not counted). Every answer must have `expect` status: anything
 * else fails the run, since a benchmark of errors measures nothing.
 */
export async function runLoad(opts: {
  url: string;
  token: string;
  concurrency: number;
  seconds: number;
  warmup: number;
  expect: number;
  next: (i: number) => Req;
}): Promise<LoadResult> {
  const base = new URL(opts.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const headers = { authorization: `Bearer ${opts.token}` };
  const latencies: number[] = [];
  const t0 = performance.now();
  const measureFrom = t0 + opts.warmup * 1000;
  const end = measureFrom + opts.seconds * 1000;
  let i = 0;
  let measuredStart = Infinity;
  let measuredEnd = 0;
  // A run measures at least one request: on a loaded machine a single request can outlast
  // the warm-up and the whole run, which would leave the figure empty (bounded by `giveUp`).
  const giveUp = end + 60_000;
  const worker = async (): Promise<void> => {
    while (performance.now() < end || (latencies.length === 0 && performance.now() < giveUp)) {
      const req = opts.next(i++);
      const started = performance.now();
      const res = await send(agent, base, headers, req);
      const done = performance.now();
      if (res.status !== opts.expect)
        throw new Error(`${req.method} ${req.path} answered ${res.status}, expected ${opts.expect}: ${res.body.slice(0, 300)}`);
      if (started >= measureFrom) {
        latencies.push(done - started);
        measuredStart = Math.min(measuredStart, started);
        measuredEnd = Math.max(measuredEnd, done);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: opts.concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return summarize(latencies, Math.max(1e-3, (measuredEnd - measuredStart) / 1000));
}

/** Sends `rounds` rounds of `reqs` one at a time (after one unmeasured round); latencies per request path. */
export async function runSequential(url: string, token: string, reqs: Req[], rounds: number): Promise<Map<string, number[]>> {
  const base = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  // An empty token: an anonymous client (Open311 integrators have no Dudao session).
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const out = new Map<string, number[]>(reqs.map((r) => [r.path, []]));
  try {
    for (let k = -1; k < rounds; k++) {
      for (const req of reqs) {
        const started = performance.now();
        const res = await send(agent, base, headers, req);
        const ms = performance.now() - started;
        if (res.status !== 200) throw new Error(`${req.method} ${req.path} answered ${res.status}: ${res.body.slice(0, 300)}`);
        if (k >= 0) out.get(req.path)!.push(ms);
      }
    }
  } finally {
    agent.destroy();
  }
  return out;
}
