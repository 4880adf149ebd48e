import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchBrowser, type TestBrowser } from './browser.js';
import { caseWorld, createTestApp, type AppOverrides, type CaseWorld, type TestApp } from './http.js';

/** The built web the in-process app serves to the browser tests. */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

/**
 * The in-process app (SQLite) over the built web, with the people and units of
 * {@link caseWorld}. Fails with what to run when web/dist has not been built.
 */
export async function browserCaseWorld(overrides: AppOverrides = {}): Promise<{ t: TestApp; world: CaseWorld }> {
  if (!existsSync(`${WEB_DIST}/index.html`)) throw new Error('web/dist is missing: run `npm run build:web` before the browser tests');
  const t = await createTestApp('sqlite', { webDist: WEB_DIST, ...overrides });
  return { t, world: await caseWorld(t) };
}

/** Starts the app on a free port and launches Chromium: the base URL and the browser. */
export async function serveToBrowser(t: TestApp): Promise<{ url: string; tb: TestBrowser }> {
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  return { url, tb: await launchBrowser() };
}

/** Where browser tests leave screenshots of the pages they drive, to look at before a change lands. */
export const SHOTS = join(tmpdir(), 'dudao-screenshots');

/** Saves a full-page screenshot as `SHOTS/<name>.png`. */
export async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/**
 * How far the page is wider than the window (≤ 0: nothing sticks out; what 390 px usable means).
 * Right after a viewport change Ant Design's breakpoints and observers re-render the page a few
 * frames later (on a loaded CI machine, later still), and the width measured in between is the old
 * layout's. So the page is measured until nothing sticks out, for up to 3 s: an overflow that stays
 * is still reported.
 */
export async function overflow(page: Page): Promise<number> {
  const measure = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  let wider = await measure();
  for (let i = 0; i < 20 && wider > 0; i++) {
    await page.waitForTimeout(150);
    wider = await measure();
  }
  return wider;
}

/**
 * Chooses `option` in the Ant Design select `select` until the select shows `shows`. On a loaded
 * CI machine a click on an option can land while the dropdown re-renders and be lost, and the
 * form then refuses the missing field instead of doing what the test drives: the choice is
 * retried, never assumed. `typed` is typed into a select that searches.
 */
export async function choose(page: Page, select: Locator, option: Locator, shows: string, typed?: string): Promise<void> {
  const chosen = async () => ((await select.textContent()) ?? '').includes(shows);
  await expect
    .poll(
      async () => {
        if (await chosen()) return true;
        if (!(await option.isVisible())) {
          await select.click();
          if (typed) await page.keyboard.type(typed);
        }
        await option.click({ timeout: 5_000 }).catch(() => undefined);
        return chosen();
      },
      { timeout: 40_000 },
    )
    .toBe(true);
}

/**
 * Clicks `trigger` until `opened` is visible. A button that opens a form (setOpen(true), so a
 * second click changes nothing) can lose its click on a loaded machine when the layout moves
 * under it — a card above reloading — between the pointer's aim and the press; the form the test
 * then waits for never comes.
 */
export async function openWith(trigger: Locator, opened: Locator): Promise<void> {
  await expect
    .poll(
      async () => {
        if (await opened.isVisible()) return true;
        await trigger.click({ timeout: 5_000 }).catch(() => undefined);
        await opened.waitFor({ timeout: 3_000 }).catch(() => undefined);
        return opened.isVisible();
      },
      { timeout: 40_000 },
    )
    .toBe(true);
}

/**
 * Clicks a dialog's OK button `ok` until the dialog has closed. A click that lands while the
 * dialog is still opening (its animation under load) is lost, and the dialog then waits for a
 * click that never comes. Safe to repeat: each of these dialogs keeps its OK button loading
 * (ignoring clicks) while its request is on its way, and closes when it is answered.
 */
export async function confirmDialog(ok: Locator): Promise<void> {
  await expect
    .poll(
      async () => {
        if (!(await ok.isVisible())) return true;
        const loading = await ok.evaluate((e) => e.classList.contains('ant-btn-loading')).catch(() => true);
        if (!loading) await ok.click({ timeout: 5_000 }).catch(() => undefined);
        await ok.waitFor({ state: 'hidden', timeout: 8_000 }).catch(() => undefined);
        return !(await ok.isVisible());
      },
      { timeout: 40_000 },
    )
    .toBe(true);
}

/**
 * Chooses the unit named `name` in the unit tree select `select` (its node's title is
 * `name · kind`), typing the name to find it. The units load after the form opens: typed and
 * Enter before they arrive picks nothing, so this picks until the select shows the unit.
 */
export async function chooseUnit(page: Page, select: Locator, name: string): Promise<void> {
  await choose(page, select, page.locator(`.ant-select-tree-node-content-wrapper[title^="${name} ·"]`).first(), name, name);
}

/**
 * Picks `day` (YYYY-MM-DD) in the Ant Design date picker `picker` until the calendar has closed on
 * it. Typing alone only previews a day, and under load the calendar can re-render between the
 * typing and the click on the day: the input then shows the typed day while the form never took
 * it, and the submit is refused. Enter is not used, as it would also submit the form.
 */
export async function pickDay(page: Page, picker: Locator, day: string): Promise<void> {
  const input = (await picker.evaluate((e) => e.tagName)) === 'INPUT' ? picker : picker.locator('input');
  const open = page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)');
  const taken = async () => (await input.inputValue()) === day && !(await open.isVisible());
  await expect
    .poll(
      async () => {
        if (await taken()) return true;
        await input.click();
        await input.fill(day);
        await open
          .locator(`td[title="${day}"]`)
          .click({ timeout: 5_000 })
          .catch(() => undefined);
        // The calendar closes with an animation; clicking the input meanwhile would open it again.
        await open.waitFor({ state: 'hidden', timeout: 3_000 }).catch(() => undefined);
        return taken();
      },
      { timeout: 40_000 },
    )
    .toBe(true);
}
