/**
 * Screenshots of pages as their users see them, at 1440 px and at 390 px (a phone), for
 * looking at a change before it lands: `npx tsx scripts/screenshots.ts --base http://127.0.0.1:8080
 * --out /tmp/shots user:/path …` (each page as `user:path`, demo password; `-:/report` for a
 * citizen's page without logging in). Needs Debian's chromium.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser, login } from '../test/helpers/browser.js';

const { values, positionals } = parseArgs({
  options: { base: { type: 'string', default: 'http://127.0.0.1:8080' }, out: { type: 'string', default: 'screenshots' } },
  allowPositionals: true,
});
const PASSWORD = 'Dudao-Demo-2026';
const WIDTHS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
];

const out = values.out;
mkdirSync(out, { recursive: true });
const b = await launchBrowser();
try {
  for (const spec of positionals) {
    const [user, path] = spec.split(/:(.*)/s) as [string, string];
    for (const w of WIDTHS) {
      const { context, page } = await b.newPage({ viewport: { width: w.width, height: w.height } });
      if (user !== '-') await login(page, values.base, user, PASSWORD);
      await page.goto(`${values.base}${path}`);
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(Number(process.env.SHOT_WAIT_MS ?? 800));
      const file = join(out, `${user === '-' ? 'public' : user}${path.replace(/[/?=&]/g, '_')}-${w.name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      process.stdout.write(`${file}\n`);
      await context.close();
    }
  }
} finally {
  await b.close();
}
