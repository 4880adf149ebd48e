// Builds the server (tsc) and the web app (vite) when their sources are newer than
// their outputs, so `npm start`, `npm test` and `npx dudao …` work on a fresh clone
// without a separate build step and stay fast afterwards. Run as a script (npm's
// prestart/pretest) or imported by bin/dudao.js.
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

function newest(dir) {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** What is out of date: the server, the web app, both or neither. */
function staleParts(root) {
  const at = (p) => join(root, p);
  const stamp = (f) => (existsSync(at(f)) ? statSync(at(f)).mtimeMs : 0);
  const config = ['package.json', 'tsconfig.base.json', 'tsconfig.build.json'].map(stamp);
  const serverOut = stamp('dist/cli/main.js');
  const server = serverOut === 0 || Math.max(newest(at('src')), ...config) > serverOut;
  const webOut = stamp('web/dist/index.html');
  const web =
    existsSync(at('web/vite.config.ts')) &&
    (webOut === 0 ||
      Math.max(
        newest(at('web/src')),
        newest(at('web/public')),
        newest(at('src/shared')),
        stamp('web/index.html'),
        stamp('web/vite.config.ts'),
        ...config,
      ) > webOut);
  return { server, web };
}

const toStdout = (line) => console.log(line);
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Whether the build that took the lock is gone (killed, Ctrl+C): its lock is then stale. */
function lockIsStale(lock) {
  let pid;
  try {
    pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
  } catch {
    // Taken a moment ago and the pid not written yet, or left by a crash: judge by age.
    return Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0) > 30_000;
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return e.code === 'ESRCH';
  }
}

/**
 * Builds what is stale. Several processes started at once (tests, a shell loop) take
 * turns through a lock folder, so one builds and the others find the result.
 * `log` receives the progress lines (stdout for npm scripts, stderr for the CLI).
 */
export function buildIfNeeded(root = ROOT, log = toStdout) {
  if (!Object.values(staleParts(root)).some(Boolean)) return;
  const lock = join(root, '.build-lock');
  const deadline = Date.now() + 10 * 60_000;
  let told = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      if (lockIsStale(lock)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`another build holds ${lock}; remove it if no build is running`);
      if (!told) log('waiting for the build another process is running…');
      told = true;
      sleep(200);
    }
  }
  try {
    const { server, web } = staleParts(root);
    // Compiler output goes where the progress lines go: stdout for npm, stderr for the CLI (its stdout is the command's answer).
    const opts = { cwd: root, stdio: ['ignore', log === toStdout ? 'inherit' : 2, 'inherit'] };
    if (server) {
      log('building server (tsc)…');
      execSync('npx tsc -p tsconfig.build.json', opts);
    }
    if (web) {
      log('building web app (vite)…');
      execSync('npx vite build --config web/vite.config.ts --logLevel warn', opts);
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) buildIfNeeded();
