/**
 * Excel exports in one language: Chinese by default, English with ?lang=en-US or an
 * English Accept-Language (the web client sends its UI language); headers never mix
 * the two, labels follow the language, categories by name, file names in one
 * language; an English export of units imports back.
 */
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_LIST_SHEET } from '../../src/documents/xlsx/case-list.sheet.js';
import { UNIT_SHEET, USER_SHEET } from '../../src/documents/xlsx/directory.sheets.js';
import { FRAMEWORK_SHEET } from '../../src/documents/xlsx/framework.sheet.js';
import { LETTER_LEDGER_SHEET } from '../../src/documents/xlsx/letter-ledger.sheet.js';
import { XLSX_TYPE } from '../../src/http/routes/xlsx.js';
import { DIALECTS } from '../helpers/db.js';
import { caseWorld, commandForm, createTestApp, loginClient, type CaseWorld, type Client, type TestApp } from '../helpers/http.js';
import { jpeg } from '../helpers/images.js';
import { textOf } from '../../src/shared/text.js';

const CJK = /[\u3400-\u9fff]/;
const LATIN = /[A-Za-z]/;

/** The workbook of a download, its sheet names, the first sheet's rows as text, and the decoded RFC 5987 file name. */
async function open(res: LightMyRequestResponse) {
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe(XLSX_TYPE);
  const cd = String(res.headers['content-disposition']);
  const name = decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(cd)![1]!);
  const ascii = /filename="([^"]*)"/.exec(cd)![1]!;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const rows = (ws: ExcelJS.Worksheet) => {
    const out: string[][] = [];
    ws.eachRow((r) => out.push((r.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : textOf(v)))));
    return out;
  };
  return {
    name,
    ascii,
    sheets: wb.worksheets.map((w) => w.name),
    rows: rows(wb.worksheets[0]!),
    notes: wb.worksheets[1] ? rows(wb.worksheets[1]) : [],
  };
}

function oneLanguage(texts: string[], lang: 'zh' | 'en') {
  for (const t of texts) expect(lang === 'zh' ? LATIN.test(t) : CJK.test(t), `"${t}" mixes languages`).toBe(false);
}

for (const dialect of DIALECTS) {
  describe(`exports in one language on ${dialect}`, () => {
    let t: TestApp;
    let w: CaseWorld;
    let sys: Client;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      w = await caseWorld(t);
      sys = await loginClient(t, t.city.sysadmin);
      const f = commandForm(
        { source: 'inspection', categoryCode: 'E01-01', description: '路边有一堆垃圾', lon: 114.65, lat: 33.62, address: '七一路' },
        [await jpeg()],
      );
      expect((await w.insp.post('/api/cases', f.payload, f.headers)).statusCode).toBe(201);
    });
    afterAll(async () => t.close());

    it('cases: Chinese by default — headers, labels, category name and code, file 案卷-<day>.xlsx', async () => {
      const x = await open(await w.hq.get('/api/cases/export'));
      expect(x.name).toBe('案卷-2026-03-02.xlsx');
      expect(x.ascii).toBe('cases-2026-03-02.xlsx');
      expect(x.sheets).toEqual(['案卷', '说明']);
      expect(x.rows[0]).toEqual(CASE_LIST_SHEET.columns.map((c) => c.header.zh));
      oneLanguage(x.rows[0]!, 'zh');
      oneLanguage(x.notes[0]!, 'zh');
      const col = (key: string) => CASE_LIST_SHEET.columns.findIndex((c) => c.key === key);
      const row = x.rows.find((r) => r[col('description')] === '路边有一堆垃圾')!;
      expect(row[col('categoryName')]).toBe('垃圾暴露');
      expect(row[col('categoryCode')]).toBe('E01-01');
      expect(row[col('state')]).toMatch(CJK);
      expect(row[col('severity')]).toMatch(CJK);
      expect(row[col('createdAt')]).toMatch(/^2026-03-02 09:00/);
    });

    it('cases: English with ?lang=en-US or an English Accept-Language; an unknown lang is refused', async () => {
      for (const res of [
        await w.hq.get('/api/cases/export?lang=en-US'),
        await w.hq.get('/api/cases/export', { 'accept-language': 'en-GB,en;q=0.9,zh-CN;q=0.5' }),
      ]) {
        const x = await open(res);
        expect(x.name).toBe('cases-2026-03-02.xlsx');
        expect(x.sheets).toEqual(['Cases', 'Notes']);
        expect(x.rows[0]).toEqual(CASE_LIST_SHEET.columns.map((c) => c.header.en));
        oneLanguage(x.rows[0]!, 'en');
        oneLanguage(x.notes.flat(), 'en');
        const col = (key: string) => CASE_LIST_SHEET.columns.findIndex((c) => c.key === key);
        const row = x.rows.find((r) => r[col('description')] === '路边有一堆垃圾')!;
        expect(row[col('categoryName')]).toBe('垃圾暴露');
        expect(row[col('state')]).not.toMatch(CJK);
        expect(row[col('source')]).not.toMatch(CJK);
        expect(row[col('severity')]).not.toMatch(CJK);
      }
      // Preference order decides; ?lang wins over the header.
      expect((await open(await w.hq.get('/api/cases/export', { 'accept-language': 'fr, zh-CN;q=0.5, en;q=0.3' }))).name).toMatch(/^案卷-/);
      expect((await open(await w.hq.get('/api/cases/export?lang=zh-CN', { 'accept-language': 'en' }))).name).toMatch(/^案卷-/);
      const bad = await w.hq.get('/api/cases/export?lang=de');
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('lang');
      // Filters still work next to lang.
      expect((await open(await w.hq.get('/api/cases/export?lang=en-US&state=closed'))).rows).toHaveLength(1);
    });

    it('units, users and the framework: templates and exports in one language; an English export imports back', async () => {
      for (const [url, spec, zh, en] of [
        ['/api/units/export', UNIT_SHEET, '单位.xlsx', 'units.xlsx'],
        ['/api/units/template', UNIT_SHEET, '单位导入模板.xlsx', 'units-template.xlsx'],
        ['/api/users/export', USER_SHEET, '用户.xlsx', 'users.xlsx'],
        ['/api/users/template', USER_SHEET, '用户导入模板.xlsx', 'users-template.xlsx'],
        ['/api/frameworks/template', FRAMEWORK_SHEET, '测评体系模板.xlsx', 'framework-template.xlsx'],
      ] as const) {
        const c = url.startsWith('/api/frameworks') ? w.hq : sys;
        const z = await open(await c.get(url));
        expect(z.name).toBe(zh);
        expect(z.sheets).toEqual([spec.name.zh, '说明']);
        expect(z.rows[0]).toEqual(spec.columns.map((c) => c.header.zh));
        oneLanguage(z.rows[0]!, 'zh');
        oneLanguage(z.notes[0]!, 'zh');
        const e = await open(await c.get(`${url}?lang=en-US`));
        expect(e.name).toBe(en);
        expect(e.sheets).toEqual([spec.name.en, 'Notes']);
        expect(e.rows[0]).toEqual(spec.columns.map((c) => c.header.en));
        oneLanguage(e.rows[0]!, 'en');
        oneLanguage(
          e.notes.flatMap((r) => r.slice(0, 2)),
          'en',
        );
      }
      const en = await sys.get('/api/units/export?lang=en-US');
      const kinds = (await open(en)).rows.slice(1).map((r) => r[UNIT_SHEET.columns.findIndex((c) => c.key === 'kind')]);
      expect(kinds).toContain('district');
      const back = await sys.post('/api/units/import', en.rawPayload, { 'content-type': XLSX_TYPE });
      expect(back.statusCode, back.body).toBe(200);
    });

    it('the letter ledger in one language', async () => {
      const z = await open(await w.hq.get('/api/letters/ledger.xlsx'));
      expect(z.name).toBe('督查督办函件台账.xlsx');
      expect(z.rows[0]).toEqual(LETTER_LEDGER_SHEET.columns.map((c) => c.header.zh));
      oneLanguage(z.rows[0]!, 'zh');
      const e = await open(await w.hq.get('/api/letters/ledger.xlsx?lang=en-US'));
      expect(e.name).toBe('letter-ledger.xlsx');
      expect(e.rows[0]).toEqual(LETTER_LEDGER_SHEET.columns.map((c) => c.header.en));
      oneLanguage(e.rows[0]!, 'en');
    });
  });
}
