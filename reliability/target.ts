import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { startBenchServer, type BenchServer } from '../bench/server.js';
import { createTarget, type BenchTarget } from '../bench/target.js';
import { BENCH_SECRET } from '../bench/prepare.js';
import type { Dialect } from '../src/db/database.js';

const ROOT = resolve(import.meta.dirname, '..');

/** Environment every server of a run shares: demo mode (the demo city), login limits out of the fuzzer's way. */
function serverEnv(target: BenchTarget): Record<string, string> {
  return {
    DUDAO_MODE: 'demo',
    DUDAO_DATA_DIR: target.dir,
    // The fuzzer sends thousands of wrong logins from one address; the limits have their own tests.
    DUDAO_LOGIN_ADDRESS_MAX_FAILURES: '100000',
    DUDAO_LOCKOUT_MAX_FAILURES: '1000',
    DUDAO_LOGIN_ACCOUNT_MAX_FAILURES: '100000',
  };
}

/** A database and data dir for one reliability run, as the benchmark makes them. */
export async function makeTarget(db: Dialect, pgUrl: string): Promise<BenchTarget> {
  return createTarget(db, pgUrl);
}

/**
 * Starts the real server (`bin/dudao.js serve`, demo mode) on a free port over the
 * target; the first start loads the demo city. Uses the benchmark's starter, which
 * waits for /readyz and samples RSS from /proc.
 */
export async function startServer(target: BenchTarget): Promise<BenchServer> {
  return startBenchServer(target.url, target.dir, [], serverEnv(target));
}

/** Kills the server with SIGKILL (no shutdown hooks) and waits for the process to be gone. */
export async function killServer(server: BenchServer): Promise<void> {
  process.kill(server.pid, 'SIGKILL');
  await server.stop();
}

/** Runs `dudao <args>` against the target (same env as the server); resolves to exit code and output. */
export function cli(
  target: BenchTarget,
  args: string[],
  extraEnv: Record<string, string> = {},
): Promise<{ code: number | null; out: string }> {
  return new Promise((res) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/dudao.js'), ...args], {
      cwd: target.dir,
      env: {
        ...process.env,
        DUDAO_DATABASE_URL: target.url,
        DUDAO_LOG_LEVEL: 'warn',
        DUDAO_SESSION_SECRET: BENCH_SECRET,
        ...serverEnv(target),
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => res({ code, out: out.trim() }));
  });
}
