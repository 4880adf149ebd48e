import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UnitRow } from '../../src/db/schema.js';
import { PROJECT_IMPORT_SHEET } from '../../src/documents/xlsx/project.sheets.js';
import { DIALECTS } from '../helpers/db.js';
import { makeUnit, makeUser } from '../helpers/factories.js';
import { createTestApp, loginClient, multipartForm, type Client, type TestApp } from '../helpers/http.js';
import { expectRowsSaidInBoth } from '../helpers/import-said.js';
import type { ImportRowError } from '../../src/shared/contracts/imports.contract.js';

type Row = Record<string, string>;

/** An .xlsx with the import sheet's Chinese headers and the given rows. */
async function sheetOf(rows: Row[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('重大项目');
  ws.columns = PROJECT_IMPORT_SHEET.columns.map((c) => ({ header: c.header.zh, key: c.key }));
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const upload = (bytes: Buffer, filename = 'projects.xlsx') =>
  multipartForm([{ name: 'file', filename, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', value: bytes }]);

const row = (over: Row = {}): Row => ({
  code: 'XH-IMP-1',
  name: '西华县智能装备产业园',
  county: '西华县',
  level: '县重点',
  category: '先进制造业',
  totalInvestment: '12000.25',
  plannedStarted: '2026-06-01',
  ...over,
});

for (const dialect of DIALECTS) {
  describe(`project Excel export and import on ${dialect}`, () => {
    let t: TestApp;
    let xihua: UnitRow;
    let office: Client;
    let officeOther: Client;
    let owner: Client;

    const count = async () =>
      Number(
        (
          await t.database.db
            .selectFrom('projects')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    beforeAll(async () => {
      t = await createTestApp(dialect);
      t.env.clock.set(new Date('2026-03-20T02:00:00.000Z'));
      xihua = await makeUnit(t.database, { code: '411622', name: '西华县', kind: 'county', parent: t.city.city });
      await makeUnit(t.database, { code: 'WT-X', name: '智能装备产业链专班', kind: 'work_team', parent: t.city.city });
      const person = (unit: UnitRow, role: 'projects_office' | 'project_owner') => makeUser(t.database, { unit, roles: [{ role, unit }] });
      office = await loginClient(t, await person(xihua, 'projects_office'));
      officeOther = await loginClient(t, await person(t.city.otherDistrict, 'projects_office'));
      owner = await loginClient(t, await person(t.city.city, 'project_owner'));
    });
    afterAll(async () => t.close());

    it('the template documents every column and its example row imports as it is', async () => {
      const res = await office.get('/api/projects/import-template.xlsx');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toMatch(/spreadsheetml/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const notes = wb.getWorksheet('说明')!;
      const listed = notes.getColumn(1).values.map(String);
      for (const c of PROJECT_IMPORT_SHEET.columns) expect(listed).toContain(c.header.zh);
      expect(JSON.stringify(notes.getColumn(3).values)).toMatch(/省重点、市重点、县重点/);
      expect(JSON.stringify(notes.getColumn(3).values)).toMatch(/万元/);

      const before = await count();
      const f = upload(res.rawPayload);
      const imported = await office.post('/api/projects/import', f.payload, f.headers);
      expect(imported.statusCode, imported.body).toBe(200);
      expect(imported.json()).toEqual({ created: 1 });
      expect(await count()).toBe(before + 1);
      const list = await office.get('/api/projects?q=2205-411622-04-01-000001');
      const item = list.json<{ items: { id: number; countyName: string; totalInvestment: number; currentStage: string }[] }>().items[0]!;
      expect(item).toMatchObject({ countyName: '西华县', totalInvestment: 52000.5, currentStage: 'planning' });
      const p = (await office.get(`/api/projects/${item.id}`)).json<{ milestones: { stage: string | null; plannedDate: string }[] }>();
      expect(p.milestones.map((m) => [m.stage, m.plannedDate])).toContainEqual(['started', '2026-06-01']);
    });

    it('a good sheet creates every row (county by name or division code, work team by name), audited', async () => {
      const before = await count();
      const f = upload(await sheetOf([row(), row({ code: 'XH-IMP-2', county: '411622', workTeam: '智能装备产业链专班', landMu: '35.5' })]));
      const res = await office.post('/api/projects/import', f.payload, f.headers);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ created: 2 });
      expect(await count()).toBe(before + 2);
      const audits = await t.database.db.selectFrom('audit_log').select('action').where('action', '=', 'project.create').execute();
      expect(audits.length).toBeGreaterThanOrEqual(3);
    });

    it('a sheet with bad rows is a 422 naming each row and column, and writes nothing', async () => {
      const before = await count();
      const f = upload(
        await sheetOf([
          row({ code: 'XH-IMP-10' }),
          row({ code: 'XH-IMP-11', level: '国家级', totalInvestment: '1.234' }),
          row({ code: 'XH-IMP-10', plannedStarted: '2026-13-40' }),
          row({ code: 'XH-IMP-1', county: '不存在县' }),
          row({ code: 'XH-IMP-12', county: '淮阳区' }),
        ]),
      );
      const res = await office.post('/api/projects/import', f.payload, f.headers);
      expect(res.statusCode, res.body).toBe(422);
      const errors = res.json<{ details: { errors: ImportRowError[] } }>().details.errors;
      expectRowsSaidInBoth(errors, PROJECT_IMPORT_SHEET);
      const at = errors.map((e) => [e.row, e.column?.zh]);
      expect(at).toContainEqual([3, '项目级别']);
      expect(at).toContainEqual([3, '总投资（万元）']);
      expect(at).toContainEqual([4, '项目代码']);
      expect(at).toContainEqual([4, '计划开工日期']);
      expect(at).toContainEqual([5, '项目代码']);
      expect(at).toContainEqual([5, '所属县区']);
      expect(at).toContainEqual([6, '所属县区']);
      expect(at.some(([r]) => r === 2)).toBe(false);
      expect(errors.find((e) => e.row === 3 && e.field === 'level')?.text?.zh).toBe('须为 省重点、市重点、县重点 之一');
      expect(errors.find((e) => e.row === 5 && e.field === 'county')?.text?.zh).toBe('找不到县区“不存在县”');
      expect(await count()).toBe(before);
    });

    it('refuses a file that is not xlsx, a request that is not multipart, and callers without project.manage', async () => {
      const before = await count();
      const text = upload(Buffer.from('code,name\nX,Y\n'), 'projects.csv');
      const bad = await office.post('/api/projects/import', text.payload, text.headers);
      expect(bad.statusCode).toBe(422);
      expect(bad.json<{ message: string }>().message).toMatch(/file/);
      const json = await office.post('/api/projects/import', { rows: [] });
      expect(json.statusCode).toBeGreaterThanOrEqual(400);
      expect(json.statusCode).toBeLessThan(500);
      const f = upload(await sheetOf([row({ code: 'XH-IMP-20' })]));
      expect((await owner.post('/api/projects/import', f.payload, f.headers)).statusCode).toBe(403);
      expect((await officeOther.post('/api/projects/import', f.payload, f.headers)).statusCode).toBe(422);
      expect(await count()).toBe(before);
    });

    it('exports the filtered list with Chinese headers, names, labels and 万元', async () => {
      const res = await office.get('/api/projects/export.xlsx?category=advanced_manufacturing');
      expect(res.statusCode, res.body).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const ws = wb.getWorksheet('重大项目')!;
      const headers = (ws.getRow(1).values as unknown[]).slice(1);
      expect(headers).toEqual(expect.arrayContaining(['项目代码', '所属县区', '总投资（万元）', '工作专班', '当前阶段']));
      const rows = ws
        .getSheetValues()
        .slice(2)
        .map((r) => (r as unknown[]).slice(1).map((v) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '')));
      const two = rows.find((r) => r[0] === 'XH-IMP-2')!;
      expect(two).toEqual(expect.arrayContaining(['西华县', '县重点', '先进制造业', '12000.25', '智能装备产业链专班', '谋划']));
      // Another county's office exports none of them.
      const other = await officeOther.get('/api/projects/export.xlsx');
      const wb2 = new ExcelJS.Workbook();
      await wb2.xlsx.load(other.rawPayload as unknown as ArrayBuffer);
      expect(wb2.getWorksheet('重大项目')!.rowCount).toBe(1);
    });
  });
}
