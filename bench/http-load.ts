import { readFileSync } from 'node:fs';
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
  /** CPU time (user + system) the server process spent per measured request, ms — when the run could read it. */
  server_cpu_ms_per_request?: number;
}

/** CPU time (user + system) a process has used so far, ms, from Linux /proc; null elsewhere. */
export function processCpuMs(pid: number): number | null {
  try {
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th, in clock ticks (100/s).
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  } catch {
    return null;
  }
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
  /** The server's process id: its CPU time over the measured window is reported per request. */
  serverPid?: number;
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
  // The server's CPU over the measured window (from the end of the warm-up to its end).
  let cpu0: number | null = null;
  let cpu1: number | null = null;
  let counted = 0;
  const pid = opts.serverPid;
  const timers =
    pid === undefined
      ? []
      : [
          setTimeout(() => (cpu0 = processCpuMs(pid)), measureFrom - performance.now()),
          setTimeout(() => {
            cpu1 = processCpuMs(pid);
            counted = latencies.length;
          }, end - performance.now()),
        ];
  try {
    await Promise.all(Array.from({ length: opts.concurrency }, worker));
  } finally {
    agent.destroy();
    for (const t of timers) clearTimeout(t);
  }
  // The end's timer may not have fired yet when the last answers came in the same turn.
  if (pid !== undefined && cpu1 === null && cpu0 !== null) {
    cpu1 = processCpuMs(pid);
    counted = latencies.length;
  }
  const result = summarize(latencies, Math.max(1e-3, (measuredEnd - measuredStart) / 1000));
  if (cpu0 !== null && cpu1 !== null && counted > 0) result.server_cpu_ms_per_request = Math.round(((cpu1 - cpu0) / counted) * 1000) / 1000;
  return result;
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
