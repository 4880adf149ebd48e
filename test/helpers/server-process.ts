import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  url: string;
  dataDir: string;
  output(): string;
  /** Sends SIGTERM and waits for the process to exit; resolves to its exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts the real server (`node bin/dudao.js serve`) on a free port with its own
 * data directory (demo city loaded on first start), and resolves once it prints
 * its URL. Needs a built dist/ (npm test builds it first).
 */
export async function startServer(opts: { env?: Record<string, string>; dataDir?: string } = {}): Promise<ServerProcess> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'dudao-proc-'));
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin/dudao.js'), 'serve'], {
    cwd: dataDir,
    env: { ...process.env, DUDAO_DATA_DIR: dataDir, DUDAO_PORT: '0', DUDAO_HOST: '127.0.0.1', DUDAO_LOG_LEVEL: 'warn', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`server did not start in 90 s:\n${out}`)), 90_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /running at (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        res(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      rej(new Error(`server exited with ${code} before starting:\n${out}`));
    });
  });
  return {
    url,
    dataDir,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/**
 * Starts the real server on a copy of the demo city this run loaded: the first caller in the
 * run (in any worker) starts a server on an empty data dir, which loads the demo as
 * `npm start` does, and stops it; every caller then serves its own copy of that data dir. A
 * server that loads the demo itself spends ~20 s on it, one on a copy ~3 s. The copy is a
 * demo loaded minutes earlier, as after a restart: its sweeps catch up on start.
 */
export async function startDemoServer(): Promise<ServerProcess> {
  const template = await loadedDemo();
  if (!template) return startServer();
  const dataDir = mkdtempSync(join(tmpdir(), 'dudao-proc-'));
  cpSync(template, dataDir, { recursive: true, filter: (src) => !src.startsWith(join(template, 'tmp')) });
  return startServer({ dataDir });
}

/** The data dir holding this run's loaded demo city (loaded on first call), or null outside a Vitest run. */
async function loadedDemo(): Promise<string | null> {
  let runDir = '';
  try {
    runDir = inject('dudaoRunDir') ?? '';
  } catch {
    runDir = '';
  }
  if (!runDir) return null;
  const dir = join(runDir, 'demo');
  const ready = join(runDir, 'demo.ready');
  const failed = join(runDir, 'demo.failed');
  let mine = false;
  try {
    // mkdir is atomic: exactly one worker of the run loads the demo, the others wait for it.
    mkdirSync(join(runDir, 'demo.lock'));
    mine = true;
  } catch {
    mine = false;
  }
  if (mine) {
    try {
      mkdirSync(dir);
      const server = await startServer({ dataDir: dir });
      const code = await server.stop();
      if (code !== 0) throw new Error(`the demo server exited with ${code}:\n${server.output()}`);
      writeFileSync(ready, '');
    } catch (e) {
      writeFileSync(failed, String(e));
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
    return dir;
  }
  for (let waited = 0; waited < 180_000; waited += 250) {
    if (existsSync(ready)) return dir;
    if (existsSync(failed)) throw new Error(`loading the demo failed in another worker: ${readFileSync(failed, 'utf8')}`);
    await sleep(250);
  }
  throw new Error('the demo city was not loaded within 180 s by the worker loading it');
}
