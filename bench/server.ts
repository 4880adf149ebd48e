import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { DEMO_CITY_BBOX } from '../src/demo/demo-city.js';
import { BENCH_SECRET } from './prepare.js';

const ROOT = resolve(import.meta.dirname, '..');

/** The real server as a child process (`node bin/dudao.js serve`, compiled dist/). */
export interface BenchServer {
  url: string;
  pid: number;
  /** Process spawn to the first 200 from /readyz. */
  startMs: number;
  /** Resident set size now, MB (Linux /proc), or null elsewhere. */
  rssMb(): number | null;
  stop(): Promise<void>;
}

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => res(port));
    });
  });
}

/**
 * Starts the server on the bench database in production mode (no demo city), with
 * request logs off (level warn) so the load generator's machine is not busy parsing
 * logs, and times it from spawn to the first successful /readyz. `nodeArgs` go to node
 * before the script (e.g. `--cpu-prof` to see where a figure's time goes); `extraEnv` adds to
 * or overrides its environment.
 */
export async function startBenchServer(
  databaseUrl: string,
  dataDir: string,
  nodeArgs: string[] = [],
  extraEnv: Record<string, string> = {},
): Promise<BenchServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, join(ROOT, 'bin/dudao.js'), 'serve'], {
    cwd: dataDir,
    env: {
      ...process.env,
      DUDAO_DATABASE_URL: databaseUrl,
      DUDAO_DATA_DIR: dataDir,
      DUDAO_PORT: String(port),
      DUDAO_HOST: '127.0.0.1',
      DUDAO_MODE: 'production',
      // Production requires the city's area; the bench city is the demo's directory.
      DUDAO_CITY_BBOX: DEMO_CITY_BBOX.join(','),
      DUDAO_SESSION_SECRET: BENCH_SECRET,
      DUDAO_LOG_LEVEL: 'warn',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
  child.stderr!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  let startMs = 0;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before it was ready:\n${out}`);
    if (performance.now() - started > 120_000) {
      child.kill('SIGKILL');
      throw new Error(`server not ready in 120 s:\n${out}`);
    }
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) {
      startMs = performance.now() - started;
      break;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  const pid = child.pid!;
  return {
    url,
    pid,
    startMs,
    rssMb: () => {
      try {
        const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        return m ? Math.round((Number(m[1]) / 1024) * 10) / 10 : null;
      } catch {
        return null;
      }
    },
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
