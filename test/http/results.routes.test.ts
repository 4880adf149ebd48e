import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESULTS_SHEET_NAMES, resultsSheetNames } from '../../src/documents/xlsx/results.sheets.js';
import { XLSX_TYPE } from '../../src/http/routes/xlsx.js';
import type { IndexView, TrendView } from '../../src/shared/contracts/results.contract.js';
import { DIALECTS } from '../helpers/db.js';
import { makeUser } from '../helpers/factories.js';
import { createTestApp, loginClient, type Client, type TestApp } from '../helpers/http.js';

/** Items A (60) and B (40); SA field 4 pts (scored), SB survey 2 pts, both for parks. */
const NODES = [
  { code: 'A', level: 'item', name: '市容环境', weight: 60 },
  { code: 'B', level: 'item', name: '群众满意', weight: 40 },
  { code: 'A.1', parentCode: 'A', level: 'indicator', name: '环境卫生' },
  { code: 'B.1', parentCode: 'B', level: 'indicator', name: '满意度' },
  { code: 'A.1.1', parentCode: 'A.1', level: 'content', name: '保洁' },
  { code: 'B.1.1', parentCode: 'B.1', level: 'content', name: '问卷' },
  {
    code: 'SA',
    parentCode: 'A.1.1',
    level: 'standard',
    name: '地面整洁',
    method: 'field',
    points: 4,
    pointTypes: ['park'],
    passRule: { kind: 'scored', max: 4 },
  },
  { code: 'SB', parentCode: 'B.1.1', level: 'standard', name: '游客满意', method: 'survey', points: 2, pointTypes: ['park'] },
];

const Q = 'from=2026-03-02&to=2026-03-16';

for (const dialect of DIALECTS) {
  describe(`results routes on ${dialect}`, () => {
    let t: TestApp;
    let hq: Client;
    let citizen: Client;
    let frameworkId: number;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      // After the inspections below (sessions follow this clock, so set it before logging in).
      t.env.clock.set('2026-03-20T00:00:00Z');
      await t.env.services.casePolicy.ensureDefaults();
      const { city, district, otherDistrict } = t.city;
      const hqUser = await makeUser(t.database, { unit: city, roles: [{ role: 'hq_dispatcher', unit: city }] });
      const inspUser = await makeUser(t.database, { unit: city, roles: [{ role: 'inspector', unit: city }] });
      hq = await loginClient(t, hqUser);
      const insp = await loginClient(t, inspUser);
      citizen = await loginClient(t, await makeUser(t.database, { unit: city, roles: [{ role: 'citizen', unit: city }] }));
      const f = await hq.post('/api/frameworks', { name: 'F', nodes: NODES });
      frameworkId = f.json<{ id: number }>().id;
      expect((await hq.post(`/api/frameworks/${frameworkId}/publish`)).statusCode).toBe(200);
      const point = async (code: string, name: string, areaUnitId: number) =>
        (await hq.post('/api/checkpoints', { code, name, type: 'park', areaUnitId })).json<{ id: number }>().id;
      const p1 = await point('P1', '人民公园', district.id);
      const p2 = await point('P2', '龙湖公园', otherDistrict.id);
      expect(
        (
          await hq.post('/api/inspections/plans', {
            name: '计划',
            periodFrom: '2026-03-01',
            periodTo: '2026-03-31',
            seed: 7,
            targetCount: 5,
            frameworkId,
            inspectorIds: [inspUser.id],
          })
        ).statusCode,
      ).toBe(201);
      // 川汇区: SA 3/4, SB 2/2 in the week of Monday 03-02. 淮阳区: SA 1/4, SB na in the week of 03-09.
      const submit = async (pointId: number, recordedAt: string, answers: object[]) => {
        const r = await insp.post('/api/inspections', { idempotencyKey: randomUUID(), pointId, recordedAt, answers });
        expect(r.statusCode, r.body).toBe(201);
      };
      await submit(p1, '2026-03-02T02:00:00.000Z', [
        { standardCode: 'SA', answer: 'score', score: 3 },
        { standardCode: 'SB', answer: 'pass' },
      ]);
      await submit(p2, '2026-03-10T02:00:00.000Z', [
        { standardCode: 'SA', answer: 'score', score: 1 },
        { standardCode: 'SB', answer: 'na' },
      ]);
    });
    afterAll(async () => t.close());

    it('ranks districts by the simulated index with the annual scheme (hand-computed)', async () => {
      const r = await hq.get(`/api/results/index?frameworkId=${frameworkId}&${Q}`);
      expect(r.statusCode, r.body).toBe(200);
      const v = r.json<IndexView>();
      expect(v.districts.map((d) => [d.rank, d.name])).toEqual([
        [1, '川汇区'],
        [2, '淮阳区'],
      ]);
      const [x, y] = v.districts;
      // 川汇区: 60·3/4 + 40·1 = 85; annual (no 网上材料): (40·0.75 + 20·1) / 60 · 100 = 83.33
      expect(x!.index).toBeCloseTo(85, 9);
      expect(x!.annual).toMatchObject({ coveredWeight: 60, missingParts: ['online'] });
      expect(x!.annual.score).toBeCloseTo(83.3333, 3);
      // 淮阳区: only A measured (1/4): index 25 on 60 of 100; annual from 实地测评 only: 25.
      expect(y).toMatchObject({ index: 25, coveredWeight: 60, missingItems: ['B'] });
      expect(y!.annual.score).toBeCloseTo(25, 9);
      // City: A 4/8, B 2/2 → 60·0.5 + 40·1 = 70.
      expect(v.city.index).toBeCloseTo(70, 9);
    });

    it("limits results to the caller's units: a district leader sees only its district, a department none", async () => {
      const { district, otherDistrict } = t.city;
      const leader = await loginClient(t, await makeUser(t.database, { unit: district, roles: [{ role: 'leader', unit: district }] }));
      const index = (await leader.get(`/api/results/index?frameworkId=${frameworkId}&${Q}`)).json<IndexView>();
      expect(index.districts.map((d) => d.districtId)).toEqual([district.id]);
      // Its total is its own district's (SA 3/4, SB 2/2 → 85), not the city's 70.
      expect(index.city.index).toBeCloseTo(85, 9);
      expect(index.city.name).not.toBe('全市');
      for (const groupBy of ['district', 'unit', 'point', 'all'] as const) {
        const r = await leader.get(`/api/results/rates?frameworkId=${frameworkId}&${Q}&groupBy=${groupBy}`);
        expect(r.statusCode, r.body).toBe(200);
        const keys = r.json<{ cells: { key: string; possible: number }[] }>().cells.map((c) => c.key);
        expect(keys).not.toContain(String(otherDistrict.id));
        if (groupBy === 'point') expect(keys.length).toBe(1);
        if (groupBy === 'all') expect(r.json<{ cells: { possible: number }[] }>().cells[0]?.possible).toBe(6);
      }
      const trend = (await leader.get(`/api/results/trend?frameworkId=${frameworkId}&${Q}`)).json<TrendView>();
      expect(trend.series.map((s) => s.key)).toEqual([String(district.id)]);
      const handler = await loginClient(t, t.city.handler);
      const none = (await handler.get(`/api/results/index?frameworkId=${frameworkId}&${Q}`)).json<IndexView>();
      expect(none.districts).toEqual([]);
      expect(none.city.possible).toBe(0);
    });

    it('trends by week per district and keeps the old /api/inspections/results working', async () => {
      const r = await hq.get(`/api/results/trend?frameworkId=${frameworkId}&${Q}&bucket=week&groupBy=district`);
      expect(r.statusCode, r.body).toBe(200);
      const v = r.json<TrendView>();
      expect(v.buckets.map((b) => b.start)).toEqual(['2026-03-02', '2026-03-09']);
      expect(v.series.map((s) => [s.name, s.cells.map((c) => c.rate)])).toEqual([
        ['川汇区', [5 / 6, null]],
        ['淮阳区', [null, 0.25]],
      ]);
      const rates = await hq.get(`/api/results/rates?frameworkId=${frameworkId}&${Q}&groupBy=item`);
      expect(rates.json<{ cells: unknown[] }>().cells).toEqual([
        expect.objectContaining({ key: 'A', name: '市容环境', earned: 4, possible: 8 }),
        expect.objectContaining({ key: 'B', earned: 2, possible: 2 }),
      ]);
      const old = await hq.get(`/api/inspections/results?frameworkId=${frameworkId}&${Q}&groupBy=item`);
      expect(old.statusCode).toBe(200);
      expect(old.json<{ cells: unknown[] }>().cells).toEqual(rates.json<{ cells: unknown[] }>().cells);
    });

    it('exports an Excel workbook with the index, the roll-ups and the trend', async () => {
      const r = await hq.get(`/api/results/export.xlsx?frameworkId=${frameworkId}&${Q}`);
      expect(r.statusCode, r.body).toBe(200);
      expect(r.headers['content-type']).toBe(XLSX_TYPE);
      expect(r.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('测评结果-2026-03-02-2026-03-15.xlsx')}`);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
      expect(wb.worksheets.map((w) => w.name)).toEqual(RESULTS_SHEET_NAMES);
      expect(RESULTS_SHEET_NAMES).toEqual([
        '区县指数',
        '区县得分率',
        '责任单位得分率',
        '测评项目得分率',
        '指标得分率',
        '点位类型得分率',
        '点位得分率',
        '测评标准得分率',
        '趋势',
        '说明',
      ]);
      const idx = wb.getWorksheet('区县指数')!;
      expect(idx.getRow(1).getCell(3).value).toBe('模拟测评指数');
      // English on request: sheet names, headers and the file name, no Chinese but the data's own names.
      const en = await hq.get(`/api/results/export.xlsx?frameworkId=${frameworkId}&${Q}&lang=en-US`);
      expect(en.headers['content-disposition']).toContain(`filename*=UTF-8''results-2026-03-02-2026-03-15.xlsx`);
      const wbEn = new ExcelJS.Workbook();
      await wbEn.xlsx.load(en.rawPayload as unknown as ArrayBuffer);
      expect(wbEn.worksheets.map((w) => w.name)).toEqual(resultsSheetNames('en-US'));
      expect(wbEn.getWorksheet('District index')!.getRow(1).getCell(3).value).toBe('Simulated index');
      for (const name of resultsSheetNames('en-US').slice(1, 8)) {
        const headers = (wbEn.getWorksheet(name)!.getRow(1).values as unknown[]).slice(1).map(String);
        expect(
          headers.filter((h) => /[\u3400-\u9fff]/.test(h)),
          name,
        ).toEqual([]);
      }
      expect(
        (wbEn.getWorksheet('Notes')!.getColumn(1).values as unknown[]).slice(1).filter((v) => /[\u3400-\u9fff]/.test(String(v))),
      ).toEqual([]);
      expect([idx.getCell('A2').value, idx.getCell('B2').value, idx.getCell('C2').value]).toEqual([1, '川汇区', 85]);
      expect(idx.getCell('A4').value).toBe('全市');
      const byType = wb.getWorksheet('点位类型得分率')!;
      expect([
        byType.getCell('A2').value,
        byType.getCell('B2').value,
        byType.getCell('C2').value,
        byType.getCell('D2').value,
        byType.getCell('E2').value,
      ]).toEqual(['park', '公园', 6, 10, 0.6]);
      expect(byType.getCell('E2').numFmt).toBe('0.0%');
      const points = wb.getWorksheet('点位得分率')!;
      expect([points.getCell('A2').value, points.getCell('B2').value]).toEqual(['P1', '人民公园']);
      const trend = wb.getWorksheet('趋势')!;
      expect(trend.getRow(1).values).toEqual([undefined, '周起始（周一）', '周结束（周日）', '川汇区', '淮阳区', '全市']);
      expect([trend.getCell('A2').value, trend.getCell('B2').value, trend.getCell('C2').value, trend.getCell('D2').value]).toEqual([
        '2026-03-02',
        '2026-03-08',
        5 / 6,
        null,
      ]);
    });

    it('answers 400/404/422 naming the field for bad input, 401 and 403 for the wrong caller', async () => {
      const field = async (url: string, status: number, name: string) => {
        const r = await hq.get(url);
        expect(r.statusCode, `${url}: ${r.body}`).toBe(status);
        expect(r.json<{ details: { field: string } }>().details.field).toBe(name);
      };
      await field(`/api/results/rates?frameworkId=${frameworkId}&${Q}&groupBy=week`, 400, 'querystring.groupBy');
      await field(`/api/results/trend?frameworkId=${frameworkId}&${Q}&bucket=day`, 400, 'querystring.bucket');
      await field(`/api/results/trend?frameworkId=${frameworkId}&${Q}&groupBy=standard`, 400, 'querystring.groupBy');
      await field(`/api/results/index?frameworkId=abc&${Q}`, 400, 'querystring.frameworkId');
      await field(`/api/results/index?frameworkId=${frameworkId}&to=2026-03-16`, 400, 'querystring.from');
      await field(`/api/results/index?frameworkId=${frameworkId}&from=soon&to=2026-03-16`, 422, 'from');
      await field(`/api/results/index?frameworkId=${frameworkId}&from=2026-03-16&to=2026-03-02`, 422, 'to');
      await field(`/api/results/index?frameworkId=${frameworkId}&from=2026-03-02&to=2026-03-02`, 422, 'to');
      await field(`/api/results/trend?frameworkId=${frameworkId}&from=1990-01-01&to=2026-03-02`, 422, 'bucket');
      await field(`/api/results/index?frameworkId=99999&${Q}`, 404, 'frameworkId');
      await field(`/api/results/export.xlsx?frameworkId=99999&${Q}`, 404, 'frameworkId');
      await field(`/api/results/index?frameworkId=${frameworkId}&${Q}&campaignId=777`, 404, 'campaignId');
      // No frameworkId and no campaign pinning one.
      await field(`/api/results/index?${Q}`, 422, 'frameworkId');
      expect((await t.app.inject({ method: 'GET', url: `/api/results/index?frameworkId=${frameworkId}&${Q}` })).statusCode).toBe(401);
      expect((await citizen.get(`/api/results/index?frameworkId=${frameworkId}&${Q}`)).statusCode).toBe(403);
    });
  });
}
