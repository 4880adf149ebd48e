// Builds the server (tsc) and the web app (vite) when their sources are newer than
// their outputs, so `npm start` and `npm test` work on a fresh clone without a
// separate build step and stay fast afterwards.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir) {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}
const stamp = (f) => (existsSync(f) ? statSync(f).mtimeMs : 0);
const config = ['package.json', 'tsconfig.base.json', 'tsconfig.build.json'].map(stamp);

const serverOut = stamp('dist/cli/main.js');
if (serverOut === 0 || Math.max(newest('src'), ...config) > serverOut) {
  console.log('building server (tsc)…');
  execSync('npx tsc -p tsconfig.build.json', { stdio: 'inherit' });
}
const webOut = stamp('web/dist/index.html');
if (
  webOut === 0 ||
  Math.max(newest('web/src'), newest('web/public'), newest('src/shared'), stamp('web/index.html'), stamp('web/vite.config.ts'), ...config) >
    webOut
) {
  if (existsSync('web/vite.config.ts')) {
    console.log('building web app (vite)…');
    execSync('npx vite build --config web/vite.config.ts --logLevel warn', { stdio: 'inherit' });
  }
}
