/**
 * 投资进度 in Chromium: the projects office has set the year's plan; the project unit (a
 * project_owner on the project's people list) opens its project on a phone, files last month's
 * investment report with a site photo, and sees the month and the light on the page. SQLite, the
 * built web/dist.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, login, type TestBrowser } from '../helpers/browser.js';
import type { RequestContext } from '../../src/core/context.js';
import { contextFor, makeUser } from '../helpers/factories.js';
import type { TestApp } from '../helpers/http.js';
import { browserCaseWorld, overflow, serveToBrowser, shoot, SHOTS } from '../helpers/browser-world.js';
import { jpeg } from '../helpers/images.js';

const POLL = { timeout: 40_000 };
const PHONE = { width: 390, height: 844 };

type Person = { id: number; username: string; password: string; ctx: RequestContext };

describe.skipIf(!HAS_CHROMIUM)('投资进度 in Chromium', { timeout: 240_000 }, () => {
  let t: TestApp;
  let tb: TestBrowser;
  let url: string;
  let owner: Person;
  let projectId: number;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ({ t } = await browserCaseWorld());
    // The server's month is the browser's: only ended months are filed.
    t.env.clock.set(new Date());
    const { district } = t.city;
    const person = async (role: 'projects_office' | 'project_owner', unit: typeof district): Promise<Person> => {
      const u = await makeUser(t.database, { unit, roles: [{ role, unit }] });
      return { ...u, ctx: await contextFor(t.database, u.id) };
    };
    const office = await person('projects_office', district);
    owner = await person('project_owner', district);
    const svc = t.env.services;
    projectId = (
      await svc.projects.create(office.ctx, {
        code: 'XM-TZ-1',
        name: '耕德电子二期',
        countyUnitId: district.id,
        level: 'municipal',
        category: 'advanced_manufacturing',
        totalInvestment: 135000,
        members: [{ userId: owner.id, title: '联系人' }],
      })
    ).id;
    const year = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
    await svc.projectInvestment.setPlan(office.ctx, projectId, year, { plan: 36500 });
    ({ url, tb } = await serveToBrowser(t));
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([tb?.close(), t?.close()]);
  });

  it('the project unit files last month with a site photo on a phone', async () => {
    const errors: string[] = [];
    const u = await tb.newPage({ viewport: PHONE });
    u.page.on('pageerror', (e) => errors.push(e.message));
    await login(u.page, url, owner.username, owner.password);
    await u.page.goto(`${url}/projects/${projectId}`);
    const form = u.page.getByTestId('report-form');
    await form.waitFor();
    await form.getByTestId('report-form-completed').fill('1200.5');
    await form.getByTestId('report-form-progress').fill('二期厂房主体结构完工，设备进场安装。');
    await form.getByTestId('report-form-problems').fill('用工紧张');
    await form
      .getByTestId('report-form-photos')
      .locator('input[type=file]')
      .setInputFiles({ name: '现场.jpg', mimeType: 'image/jpeg', buffer: await jpeg('#446688', 320, 240) });
    await form.getByTestId('report-form-submit').click();
    const filed = async () => {
      // Last month's year (January files December of the year before).
      const today = new Date(Date.now() + 8 * 3_600_000).toISOString();
      const year = Number(today.slice(0, 4)) - (today.slice(5, 7) === '01' ? 1 : 0);
      const inv = await t.env.services.projectInvestment.investment(owner.ctx, projectId, year);
      return [...inv.months, ...inv.lapses].find((m) => m.versions.length > 0) ?? null;
    };
    await expect.poll(async () => (await filed())?.completed ?? null, POLL).toBe(1200.5);
    const month = (await filed())!;
    expect(month.versions[0]).toMatchObject({ version: 1, progress: '二期厂房主体结构完工，设备进场安装。', problems: '用工紧张' });
    expect(month.versions[0]!.files.map((f) => f.mime)).toEqual(['image/jpeg']);
    await u.page.getByTestId('invest-light').waitFor();
    // Nothing owed any more: the form waits behind a button instead of offering a correction.
    await u.page.getByTestId('invest-correct').waitFor();
    expect(await u.page.getByTestId('report-form').count()).toBe(0);
    await shoot(u.page, 'project-investment-390');
    expect(await overflow(u.page)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
  });
});
