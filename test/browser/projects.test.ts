/**
 * 重大项目 in Chromium: the projects office creates a project on the 项目库 page; the project
 * unit (a project_owner on its people list) records 签约 on a phone with a PDF; the work team
 * confirms it; a leader opens a "三个一批" batch (seeded through the services) and reads its rates,
 * and the periods side by side. Screenshots of the list, project and batch pages at 1440 and
 * 390 px go to the temporary folder (dudao-screenshots). SQLite, the built web/dist.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, login, type TestBrowser } from '../helpers/browser.js';
import type { RequestContext } from '../../src/core/context.js';
import type { ProjectStage } from '../../src/shared/project-enums.js';
import { contextFor, makeUnit, makeUser } from '../helpers/factories.js';
import type { TestApp } from '../helpers/http.js';
import { browserCaseWorld, choose, openWith, overflow, pickDay, serveToBrowser, shoot, SHOTS } from '../helpers/browser-world.js';
import { pdf } from '../helpers/images.js';

const POLL = { timeout: 40_000 };
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

/** A China day `n` days from today (stages may not be dated in the future). */
function chinaDayIn(n: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
}

type Person = { id: number; username: string; password: string; ctx: RequestContext };

describe.skipIf(!HAS_CHROMIUM)('重大项目 in Chromium', { timeout: 240_000 }, () => {
  let t: TestApp;
  let tb: TestBrowser;
  let url: string;
  let office: Person;
  let team: Person;
  let owner: Person;
  let leader: Person;
  let teamId: number;
  let batchId: number;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ({ t } = await browserCaseWorld());
    // The server's day is the browser's: stages may not be dated after the server's today.
    t.env.clock.set(new Date());
    const { city, district } = t.city;
    const teamUnit = await makeUnit(t.database, { code: 'WT-ZN', name: '智能零部件产业链专班', kind: 'work_team', parent: city });
    teamId = teamUnit.id;
    const person = async (role: 'projects_office' | 'work_team' | 'project_owner' | 'leader', unit: typeof city): Promise<Person> => {
      const u = await makeUser(t.database, { unit, roles: [{ role, unit }] });
      return { ...u, ctx: await contextFor(t.database, u.id) };
    };
    office = await person('projects_office', district);
    team = await person('work_team', teamUnit);
    // On the office's district: the office finds people of its area only (GET /api/users is scoped).
    owner = await person('project_owner', district);
    leader = await person('leader', city);

    // Two periods of 川汇区 with walked projects, so that the batch page has rates to show.
    const svc = t.env.services;
    const walk = async (id: number, steps: ProjectStage[]) => {
      for (const [i, stage] of steps.entries()) {
        const p = await svc.projectStages.record(owner.ctx, id, { stage, actualDate: chinaDayIn(-200 + i * 30) });
        await svc.projectStages.confirm(office.ctx, id, p.stages.find((s) => s.status === 'pending')!.id);
      }
    };
    const make = async (code: string, name: string, totalInvestment: number) =>
      (
        await svc.projects.create(office.ctx, {
          code,
          name,
          countyUnitId: district.id,
          level: 'municipal',
          category: 'advanced_manufacturing',
          industryChain: '智能零部件',
          totalInvestment,
          workTeamUnitId: teamId,
          leaderUserId: leader.id,
          members: [{ userId: owner.id, title: '联系人' }],
        })
      ).id;
    const a = await make('XM-001', '耕德电子二期', 135000);
    const b = await make('XM-002', '河南凯旺电子安防设备生产基地', 52000);
    const c = await make('XM-003', '中电建河南厚德新型管廊支撑系统研发生产项目', 8000);
    await walk(a, ['signed', 'performing', 'started', 'partly_producing']);
    await walk(b, ['signed', 'performing', 'started', 'producing', 'at_capacity']);
    await walk(c, ['signed']);
    const first = await svc.projectBatches.create(office.ctx, {
      countyUnitId: district.id,
      name: '川汇区第一期',
      seq: 1,
      eventDate: chinaDayIn(-200),
    });
    await svc.projectBatches.addProject(office.ctx, first.id, { projectId: b, role: 'produce' });
    const second = await svc.projectBatches.create(office.ctx, {
      countyUnitId: district.id,
      name: '川汇区第二期',
      seq: 2,
      eventDate: chinaDayIn(-200),
    });
    for (const [projectId, role] of [
      [a, 'start'],
      [c, 'sign'],
    ] as const)
      await svc.projectBatches.addProject(office.ctx, second.id, { projectId, role });
    batchId = second.id;
    ({ url, tb } = await serveToBrowser(t));
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([tb?.close(), t?.close()]);
  });

  it('the office creates a project; its unit records 签约 with a PDF; the work team confirms; a leader reads a batch', async () => {
    const errors: string[] = [];
    const o = await tb.newPage({ viewport: DESKTOP });
    o.page.on('pageerror', (e) => errors.push(e.message));
    await login(o.page, url, office.username, office.password);
    await o.page.goto(`${url}/projects`);
    await o.page.getByTestId('home-projects').waitFor();
    await o.page.getByText('耕德电子二期').waitFor();
    await shoot(o.page, 'projects-list-1440');
    const form = o.page.getByTestId('project-form');
    await openWith(o.page.getByTestId('project-new'), form);
    await form.getByTestId('project-form-code').fill('XM-NEW');
    await form.getByTestId('project-form-name').fill('金丹科技生物降解材料项目');
    const option = (text: string) => o.page.locator('.ant-select-item-option').filter({ hasText: text });
    await choose(o.page, form.getByTestId('project-form-county'), option('川汇区'), '川汇区');
    await form.getByTestId('project-form-totalInvestment').fill('30000');
    await choose(o.page, form.getByTestId('project-form-team'), option('智能零部件产业链专班'), '智能零部件产业链专班');
    await form.getByTestId('project-form-member-add').click();
    const member = form
      .locator('.ant-form-item')
      .filter({ has: o.page.locator('.ant-select-selection-search') })
      .last();
    await choose(o.page, member, option(`(${owner.username})`), `(${owner.username})`, owner.username);
    // A code the server refuses: the form says why under the field, in Chinese; nothing is created.
    await form.getByTestId('project-form-code').fill('XM NEW');
    const codeError = form
      .locator('.ant-form-item')
      .filter({ has: o.page.getByTestId('project-form-code') })
      .locator('.ant-form-item-explain-error');
    // A submit clicked while the form still settles can be lost: submit again until it is refused.
    await expect
      .poll(async () => {
        const said = (await codeError.allTextContents()).join('');
        if (!said) await form.getByTestId('project-form-submit').click();
        return said;
      }, POLL)
      .toContain('项目代码须为 1–64 位字母、数字');
    expect((await t.env.services.projects.list(office.ctx, { q: 'XM NEW' })).total).toBe(0);
    // The refused field is scrolled into view: the submit button is at the foot of the drawer.
    const inView = async () => {
      const box = await codeError.first().boundingBox();
      return box !== null && box.y >= 0 && box.y + box.height <= 900;
    };
    await expect.poll(inView, POLL).toBe(true);
    await shoot(o.page, 'project-form-code-error-1440');
    await form.getByTestId('project-form-code').fill('XM-NEW');
    await form.getByTestId('project-form-submit').click();
    const created = async () => (await t.env.services.projects.list(office.ctx, { q: 'XM-NEW' })).items[0];
    await expect.poll(async () => (await created())?.name, POLL).toBe('金丹科技生物降解材料项目');
    const project = await t.env.services.projects.get(office.ctx, (await created())!.id);
    expect(project).toMatchObject({ countyName: '川汇区', totalInvestment: 30000, workTeamUnitId: teamId, currentStage: 'planning' });
    expect(project.members.map((m) => m.userId)).toEqual([owner.id]);

    // The project unit, on a phone: records 签约 with a PDF.
    const u = await tb.newPage({ viewport: PHONE });
    u.page.on('pageerror', (e) => errors.push(e.message));
    await login(u.page, url, owner.username, owner.password);
    await u.page.goto(`${url}/projects/${project.id}`);
    const stageForm = u.page.getByTestId('stage-form');
    await stageForm.waitFor();
    const day = chinaDayIn(-1);
    await pickDay(u.page, stageForm.getByTestId('stage-form-date'), day);
    await stageForm.getByTestId('stage-form-note').fill('已与金丹科技签订投资协议。');
    await stageForm
      .getByTestId('stage-form-files')
      .locator('input[type=file]')
      .setInputFiles({ name: '投资协议.pdf', mimeType: 'application/pdf', buffer: pdf('agreement') });
    await stageForm.getByTestId('stage-form-submit').click();
    const record = async () => (await t.env.services.projects.get(office.ctx, project.id)).stages[0];
    await expect.poll(async () => (await record())?.status, POLL).toBe('pending');
    const pending = (await record())!;
    expect(pending).toMatchObject({ stage: 'signed', actualDate: day, files: [{ name: '投资协议.pdf', mime: 'application/pdf' }] });
    await u.page.getByTestId(`stage-file-${pending.files[0]!.id}`).waitFor();
    await shoot(u.page, 'project-detail-390');
    expect(await overflow(u.page)).toBeLessThanOrEqual(0);
    await u.page.goto(`${url}/projects`);
    await u.page.getByTestId(`project-link-${project.id}`).waitFor();
    await shoot(u.page, 'projects-list-390');
    expect(await overflow(u.page)).toBeLessThanOrEqual(0);

    // The work team confirms it.
    const w = await tb.newPage({ viewport: DESKTOP });
    w.page.on('pageerror', (e) => errors.push(e.message));
    await login(w.page, url, team.username, team.password);
    await w.page.goto(`${url}/projects/${project.id}`);
    await w.page.getByTestId(`stage-confirm-${pending.id}`).click();
    await expect.poll(async () => (await record())?.status, POLL).toBe('confirmed');
    await w.page.getByTestId('project-stage').filter({ hasText: '签约' }).waitFor();
    await shoot(w.page, 'project-detail-1440');

    // A leader opens the batch page and the periods side by side.
    const l = await tb.newPage({ viewport: DESKTOP });
    l.page.on('pageerror', (e) => errors.push(e.message));
    await login(l.page, url, leader.username, leader.password);
    await l.page.goto(`${url}/projects/batches/${batchId}`);
    const rates = l.page.getByTestId('batch-rates');
    await rates.waitFor();
    // 第二期: 耕德 (部分投产) and 厚德 (签约): 履约 1/2, 开工 1/1, 投产 0/1, 达产 — (nothing in production).
    await expect
      .poll(async () => (await rates.getByTestId('rate-batch-performance').innerText()).replace(/\s+/g, ' '), POLL)
      .toContain('50%');
    expect(await rates.getByTestId('rate-batch-start').innerText()).toContain('100%');
    expect(await rates.getByTestId('rate-batch-production').innerText()).toContain('0%');
    expect(await rates.getByTestId('rate-batch-capacity').innerText()).toContain('—');
    await l.page.getByTestId('batch-role-start').getByText('耕德电子二期').waitFor();
    await shoot(l.page, 'project-batch-1440');
    await l.page.goto(`${url}/projects/batches`);
    const periods = l.page.getByTestId('periods-rates');
    await periods.getByTestId('rate-range-performance').waitFor();
    // 第一—二期: 3 projects, 履约 2/3.
    expect(await periods.getByTestId('rate-range-performance').innerText()).toContain('66.7%');
    await shoot(l.page, 'project-batches-1440');

    const lp = await tb.newPage({ viewport: PHONE });
    lp.page.on('pageerror', (e) => errors.push(e.message));
    await login(lp.page, url, leader.username, leader.password);
    await lp.page.goto(`${url}/projects/batches/${batchId}`);
    await lp.page.getByTestId('batch-rates').getByTestId('rate-batch-start').waitFor();
    await shoot(lp.page, 'project-batch-390');
    expect(await overflow(lp.page)).toBeLessThanOrEqual(0);
    await lp.page.goto(`${url}/projects/batches`);
    await lp.page.getByTestId('periods-rates').getByTestId('rate-range-start').waitFor();
    await shoot(lp.page, 'project-batches-390');
    expect(await overflow(lp.page)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
  });
  it('the office opens a new batch, adds a project, imports a bad sheet (nothing written) and downloads OC4IDS', async () => {
    const errors: string[] = [];
    const o = await tb.newPage({ viewport: DESKTOP });
    o.page.on('pageerror', (e) => errors.push(e.message));
    await login(o.page, url, office.username, office.password);
    await o.page.goto(`${url}/projects/batches`);
    await openWith(o.page.getByTestId('batch-new'), o.page.getByTestId('batch-form-name'));
    const county = o.page.getByTestId('batch-form-county');
    // The office's own district may be the only county (then it is chosen already).
    if (!(await o.page.locator('.ant-modal').getByText('川汇区').count())) {
      await choose(o.page, county, o.page.locator('.ant-select-item-option').filter({ hasText: '川汇区' }), '川汇区');
    }
    const seq = o.page.getByTestId('batch-form-seq');
    const seqInput = (await seq.evaluate((e) => e.tagName)) === 'INPUT' ? seq : seq.locator('input');
    await expect.poll(async () => seqInput.inputValue(), POLL).toBe('3');
    await o.page.getByTestId('batch-form-name').fill('川汇区第三期');
    const day = chinaDayIn(-10);
    await pickDay(o.page, o.page.getByTestId('batch-form-date'), day);
    await o.page.getByTestId('batch-create-submit').click();
    await o.page.getByTestId('page-batch').waitFor();
    const batches = await t.env.services.projectBatches.list(office.ctx, {});
    const third = batches.items.find((b) => b.name === '川汇区第三期');
    expect(third).toMatchObject({ seq: 3, eventDate: day, projectCount: 0 });

    // Adds 厚德 (signed only) as 签约: 履约率 0 of 1.
    await choose(
      o.page,
      o.page.getByTestId('batch-add-project'),
      o.page.locator('.ant-select-item-option').filter({ hasText: 'XM-003' }),
      'XM-003',
      '厚德',
    );
    await o.page.getByTestId('batch-add-submit').click();
    await o.page.getByTestId('batch-role-sign').getByText('中电建河南厚德新型管廊支撑系统研发生产项目').waitFor();
    await expect
      .poll(async () => (await o.page.getByTestId('rate-batch-performance').innerText()).replace(/\s+/g, ' '), POLL)
      .toContain('0%');
    expect((await t.env.services.projectBatches.get(office.ctx, third!.id)).items.map((i) => [i.code, i.role])).toEqual([
      ['XM-003', 'sign'],
    ]);
    await shoot(o.page, 'project-batch-manage-1440');

    // A sheet whose row misses its name and county: refused with the row named, nothing written.
    const before = (await t.env.services.projects.list(office.ctx, {})).total;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await t.env.services.projectSheets.template(office.ctx)) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    sheet.getRow(2).values = ['XM-BAD'];
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    await o.page.goto(`${url}/projects`);
    await o.page.getByTestId('project-import').waitFor();
    await o.page
      .locator('input[type=file]')
      .first()
      .setInputFiles({ name: '项目.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: bytes });
    const report = o.page.getByTestId('import-errors');
    await report.waitFor();
    const said = await report.innerText();
    expect(said).toContain('2');
    // Each missing column by its template header, the problem in Chinese.
    for (const text of ['项目名称', '所属县区', '必填']) expect(said).toContain(text);
    expect(said).not.toContain('required');
    await o.page.waitForTimeout(400); // the dialog's opening animation, for the screenshot only
    await shoot(o.page, 'project-import-errors-1440');
    await o.page.getByTestId('import-errors-close').click();
    expect((await t.env.services.projects.list(office.ctx, {})).total).toBe(before);

    // The register as an OC4IDS package.
    const [download] = await Promise.all([o.page.waitForEvent('download'), o.page.getByTestId('project-oc4ids-package').click()]);
    const pkg = JSON.parse(readFileSync(await download.path(), 'utf8')) as { projects: { title: string }[] };
    expect(pkg.projects.map((p) => p.title)).toContain('耕德电子二期');
    expect(errors).toEqual([]);
  });
});
