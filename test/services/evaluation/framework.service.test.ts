import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameworkDigest } from '../../../src/domain/evaluation/framework-versions.js';
import type { RequestContext } from '../../../src/core/context.js';
import type { AppError, ImportRowError } from '../../../src/core/errors.js';
import { FRAMEWORK_SHEET } from '../../../src/documents/xlsx/framework.sheet.js';
import { expectRowsSaidInBoth } from '../../helpers/import-said.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { evaluationSetup, SAMPLE_NODES } from '../../helpers/evaluation.js';
import type { TestEnv } from '../../helpers/factories.js';

async function sheet(rows: (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('测评体系');
  ws.addRow(['code', 'parentCode', 'level', 'name', 'weight', 'method', 'points', 'pointTypes', 'passRule']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

for (const dialect of DIALECTS) {
  describe(`FrameworkService on ${dialect}`, () => {
    let database: TestDatabase;
    let env: TestEnv;
    let hq: RequestContext;
    let insp: RequestContext;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      ({ env, hq, insp } = await evaluationSetup(database));
    });
    afterAll(async () => database.drop());

    it('creates a draft, publishes it, and refuses changes afterwards (409)', async () => {
      const f = await env.services.frameworks.create(hq, { name: '测评体系 A', nodes: SAMPLE_NODES });
      expect(f).toMatchObject({ status: 'draft', version: 1 });
      expect(f.nodes).toHaveLength(9);
      const p = await env.services.frameworks.publish(hq, f.id);
      expect(p.status).toBe('published');
      expect(p.digest).toBe(frameworkDigest(SAMPLE_NODES));
      await expect(env.services.frameworks.replaceNodes(hq, f.id, SAMPLE_NODES)).rejects.toMatchObject({ status: 409 });
      await expect(
        env.services.frameworks.importXlsx(hq, f.id, (await env.services.frameworks.exportXlsx(hq, f.id)).buffer),
      ).rejects.toMatchObject({ status: 409 });
      await expect(env.services.frameworks.publish(hq, f.id)).rejects.toMatchObject({ status: 409 });
      const d = await env.services.frameworks.newDraft(hq, f.id);
      expect(d).toMatchObject({ status: 'draft', version: 2, digest: p.digest });
      expect((await env.services.frameworks.checklist(hq, f.id, 'park')).map((s) => s.code)).toEqual(['S1', 'S2', 'S3']);
      expect((await env.services.frameworks.checklist(insp, f.id, 'main_road')).map((s) => s.code)).toEqual(['S3']);
      await expect(env.services.frameworks.create(insp, { name: 'x' })).rejects.toMatchObject({ status: 403 });
    });

    it('round-trips export → import to the same digest', async () => {
      const f = await env.services.frameworks.create(hq, { name: '往返', nodes: SAMPLE_NODES });
      const { buffer } = await env.services.frameworks.exportXlsx(hq, f.id);
      const empty = await env.services.frameworks.create(hq, { name: '往返-导入' });
      const imported = await env.services.frameworks.importXlsx(hq, empty.id, buffer);
      expect(imported.digest).toBe(f.digest);
      expect(imported.digest).toBe(frameworkDigest(SAMPLE_NODES));
    });

    it('reports every bad row with its number and writes nothing', async () => {
      const f = await env.services.frameworks.create(hq, { name: '坏表' });
      const audit = await database.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const buf = await sheet([
        ['A01', '', '测评项目', '项目', null, '', null, '', ''],
        ['A01.01', 'A01', '指标', '指标', null, '', null, '', ''],
        ['C1', 'A01.01', '测评内容', '内容', null, '', null, '', ''],
        ['S1', 'C9', '测评标准', '缺上级', null, '实地考察', 2, '公园', ''],
        ['S1', 'C1', '测评标准', '重复', null, 'field', 2, 'park', ''],
        ['S2', 'C1', 'standard', '负分', null, 'field', -1, 'park', ''],
        ['S3', 'C1', 'standard', '未知类型', null, 'field', 1, '火星', ''],
      ]);
      const err = (await env.services.frameworks.importXlsx(hq, f.id, buf).catch((e: unknown) => e)) as AppError;
      expect(err.status).toBe(422);
      const errors = (err.details as { errors: ImportRowError[] }).errors;
      expect(errors.map((e) => [e.row, e.message.split(':')[0]])).toEqual([
        [5, 'missing_parent'],
        [6, 'duplicate_code'],
        [7, 'negative_points'],
        [8, 'unknown_point_type'],
      ]);
      expectRowsSaidInBoth(errors, FRAMEWORK_SHEET);
      expect(errors.map((e) => [e.column?.zh, e.text?.zh])).toEqual([
        ['上级编码', '上级 C9 不存在'],
        ['编码', '编码 S1 已被前面的节点使用'],
        ['分值', '分值 -1 为负数'],
        ['点位类型', '未知点位类型“火星”'],
      ]);
      expect((await env.services.frameworks.get(hq, f.id)).nodes).toHaveLength(0);
      const after = await database.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(audit.n));
    });
  });
}
