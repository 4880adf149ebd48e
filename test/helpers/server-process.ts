import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

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
