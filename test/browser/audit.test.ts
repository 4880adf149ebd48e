/**
 * The audit log as the auditor reads it (issue 11, point 15): summaries in words with
 * names, not `unitId: 224` or "letter #17", in Chinese and in English.
 * In-process server over SQLite serving web/dist.
 */
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../src/core/context.js';
import { HAS_CHROMIUM, launchBrowser, login, type TestBrowser } from '../helpers/browser.js';
import { contextFor } from '../helpers/factories.js';
import { createTestApp, type TestApp } from '../helpers/http.js';

const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));
const NUMBER = '周创指督〔2026〕3号';
/** A summary key as the services write it, at the start of a field (English labels may end in the same word: "Letter type:"). */
const RAW_KEY = /(^|[\t\n;；，,]\s*)(unitId|number|type|cases|auto|parentId|code|name|kind|username|from|to|roles)\s*[:：]/m;

describe.skipIf(!HAS_CHROMIUM)('audit log page in Chromium', { timeout: 120_000 }, () => {
  let t: TestApp;
  let tb: TestBrowser;
  let url: string;
  let letterId: number;

  beforeAll(async () => {
    t = await createTestApp('sqlite', { webDist: WEB_DIST });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    tb = await launchBrowser();
    const { database, env, city } = t;
    const sys = await contextFor(database, city.sysadmin.id);
    const unit = await env.services.units.create(sys, { code: 'AUD-CG', name: '川汇区城管局', kind: 'department', parentId: city.city.id });
    const sec = await contextFor(database, city.secadmin.id);
    await env.services.users.setRoles(sec, city.handler.id, [{ role: 'unit_handler', unitId: unit.id }]);
    const now = new Date().toISOString();
    const letter = await database.db
      .insertInto('letters')
      .values({
        number: NUMBER,
        year: 2026,
        seq: 3,
        type: '督办函',
        rung_key: null,
        campaign_id: null,
        issuer_name: '周口市创文指挥部',
        issuer_code: '周创指督',
        unit_id: unit.id,
        addressee: '川汇区城管局',
        title: '关于督办问题整改的函',
        body: '[]',
        status: 'issued',
        reply_deadline: null,
        issued_at: now,
        issued_by: null,
        delivered_at: null,
        signed_at: null,
        signed_by: null,
        reply: null,
        replied_at: null,
        withdrawn_at: null,
        withdrawn_by: null,
        withdraw_reason: null,
        created_by: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    letterId = letter.id;
    // What the escalation sweep writes when it issues a letter (letter.service.ts).
    await database.transact((trx) =>
      env.services.audit.record(trx, systemContext('sweep'), {
        action: 'letter.issue',
        targetType: 'letter',
        targetId: letterId,
        summary: { number: NUMBER, type: '督办函', unitId: unit.id, cases: 3, auto: true },
      }),
    );
  });
  afterAll(async () => {
    await tb?.close();
    await t?.close();
  });

  async function tableText(locale: 'zh-CN' | 'en-US'): Promise<string> {
    const { context, page } = await tb.newPage({ viewport: { width: 1440, height: 900 } });
    try {
      await page.addInitScript((l) => localStorage.setItem('dudao.locale', l), locale);
      await login(page, url, 'aud', t.city.auditor.password);
      await page.goto(`${url}/audit`);
      const table = page.getByTestId('audit-table');
      await table.locator('tbody tr [title="letter.issue"]').first().waitFor();
      return await table.locator('tbody').innerText();
    } finally {
      await context.close();
    }
  }

  it('shows summaries with labels and names in Chinese: no raw keys, no #id', async () => {
    const text = await tableText('zh-CN');
    expect(text).toContain('印发督办函件');
    expect(text).toContain(`函件 ${NUMBER}`);
    expect(text).toContain(`文号：${NUMBER}；函件类型：督办函；责任单位：川汇区城管局；案卷数：3；自动印发：是`);
    expect(text).toContain('新角色：责任单位经办人（川汇区城管局）');
    expect(text).toContain('上级单位：周口市');
    expect(text).not.toMatch(RAW_KEY);
    expect(text).not.toMatch(/#\d/);
  });

  it('and in English', async () => {
    const text = await tableText('en-US');
    expect(text).toContain(`Number: ${NUMBER}; Letter type: 督办函; Responsible unit: 川汇区城管局; Cases: 3; Automatic: yes`);
    expect(text).not.toMatch(RAW_KEY);
    expect(text).not.toMatch(/#\d/);
  });
});
