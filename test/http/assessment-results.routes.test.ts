import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssessmentRun, AssessmentRunList } from '../../src/shared/contracts/assessment.contract.js';
import type { AssessmentAdjustment } from '../../src/shared/contracts/assessment-adjustments.contract.js';
import type { AssessmentAppeal } from '../../src/shared/contracts/assessment-appeals.contract.js';
import { DIALECTS } from '../helpers/db.js';
import { makeUser } from '../helpers/factories.js';
import { makeCampaign } from '../helpers/assessment.js';
import { insertCase, resultsModel } from '../helpers/assessment-results.js';
import {
  commandForm,
  counts,
  createTestApp,
  loginClient,
  storageRoot,
  storedFileCount,
  type Client,
  type TestApp,
} from '../helpers/http.js';
import { jpeg, pdf } from '../helpers/images.js';

const BASE = '/api/assessment';

for (const dialect of DIALECTS) {
  describe(`assessment results routes on ${dialect}`, () => {
    let t: TestApp;
    let hq: Client;
    let leader: Client;
    let handler: Client;
    let campaignId: number;
    const rowCount = async (table: 'assessment_runs' | 'assessment_appeals') =>
      Number(
        (
          await t.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number | string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    beforeAll(async () => {
      t = await createTestApp(dialect);
      const { city } = t.city;
      hq = await loginClient(t, await makeUser(t.database, { unit: city, roles: [{ role: 'hq_dispatcher', unit: city }] }));
      leader = await loginClient(t, await makeUser(t.database, { unit: city, roles: [{ role: 'leader', unit: city }] }));
      handler = await loginClient(t, t.city.handler);
      campaignId = await makeCampaign(t.database);
      const m = await hq.post(`${BASE}/models`, { campaignId, model: resultsModel() });
      expect(m.statusCode, m.body).toBe(201);
      expect((await hq.post(`${BASE}/models/${m.json<{ id: number }>().id}/publish`)).statusCode).toBe(200);
      await insertCase(t.database, {
        unitId: t.city.district.id,
        state: 'closed',
        dispatchedAt: '2026-02-03T02:00:00.000Z',
        deadline: '2026-02-10T16:00:00.000Z',
        handledAt: '2026-02-05T02:00:00.000Z',
        closedAt: '2026-02-06T02:00:00.000Z',
      });
      await insertCase(t.database, {
        unitId: t.city.otherDistrict.id,
        state: 'dispatched',
        dispatchedAt: '2026-02-03T02:00:00.000Z',
        deadline: '2026-02-10T16:00:00.000Z',
      });
    });
    afterAll(async () => t.close());

    it('refuses bad input with 4xx naming the field, writing nothing', async () => {
      const cases: [unknown, number, string][] = [
        [{ campaignId, periodKey: '2026-13' }, 422, 'periodKey'],
        [{ campaignId, periodKey: '2099-01' }, 422, 'periodKey'],
        [{ campaignId, periodKey: 'next month' }, 400, 'periodKey'],
        [{ campaignId: 0, periodKey: '2026-02' }, 400, 'campaignId'],
        [{ campaignId, periodKey: '2026-02', extra: 1 }, 400, 'extra'],
        [{ periodKey: '2026-02' }, 400, 'campaignId'],
      ];
      for (const [body, status, field] of cases) {
        const res = await hq.post(`${BASE}/runs`, body);
        expect(res.statusCode, res.body).toBe(status);
        expect(res.body).toContain(field);
      }
      expect((await hq.post(`${BASE}/runs`, { campaignId: 999999, periodKey: '2026-02' })).statusCode).toBe(404);
      expect((await handler.post(`${BASE}/runs`, { campaignId, periodKey: '2026-02' })).statusCode).toBe(403);
      expect(await rowCount('assessment_runs')).toBe(0);

      const adj = await hq.post(`${BASE}/adjustments`, {
        campaignId,
        unitId: t.city.district.id,
        periodKey: '2026-02',
        points: 0,
        reason: 'x',
      });
      expect(adj.statusCode).toBe(422);
      expect(adj.json()).toMatchObject({ details: { field: 'points' } });
      const noReason = await hq.post(`${BASE}/adjustments`, { campaignId, unitId: t.city.district.id, periodKey: '2026-02', points: 1 });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.body).toContain('reason');
      const badUnit = await hq.post(`${BASE}/adjustments`, { campaignId, unitId: 999999, periodKey: '2026-02', points: 1, reason: 'x' });
      expect(badUnit.json()).toMatchObject({ details: { field: 'unitId' } });
      const appeal = await handler.post(`${BASE}/appeals`, { runId: 1, unitId: t.city.dept.id, items: [], reason: 'x' });
      expect(appeal.statusCode).toBe(400);
      expect(appeal.body).toContain('items');
    });

    it('compute → review → publish → Excel; leaders approve 加减分 over HTTP', async () => {
      const computed = await hq.post(`${BASE}/runs`, { campaignId, periodKey: '2026-02' });
      expect(computed.statusCode, computed.body).toBe(201);
      const run = computed.json<AssessmentRun>();
      expect(run).toMatchObject({ status: 'draft', period: { key: '2026-02' } });
      expect((await leader.get(`${BASE}/runs/${run.id}`)).statusCode).toBe(404);
      expect((await leader.get(`${BASE}/runs/latest?campaignId=${campaignId}&periodKind=month`)).statusCode).toBe(404);
      expect((await leader.post(`${BASE}/runs/${run.id}/publish`)).statusCode).toBe(403);
      const published = await hq.post(`${BASE}/runs/${run.id}/publish`);
      expect(published.statusCode, published.body).toBe(200);
      expect(published.json()).toMatchObject({ status: 'published', hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
      const latest = await leader.get(`${BASE}/runs/latest?campaignId=${campaignId}&periodKind=month`);
      expect(latest.statusCode, latest.body).toBe(200);
      expect(latest.json()).toMatchObject({ id: run.id });
      const list = await handler.get(`${BASE}/runs?campaignId=${campaignId}`);
      expect(list.statusCode, list.body).toBe(200);
      expect(list.json<AssessmentRunList>().items.map((r) => r.id)).toEqual([run.id]);
      // The department's handler sees its own group only.
      const seen = await handler.get(`${BASE}/runs/${run.id}`);
      expect(seen.json<AssessmentRun>().groups.map((g) => g.key)).toEqual(['departments']);

      const xlsx = await leader.get(`${BASE}/runs/${run.id}/results.xlsx`);
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-type']).toContain('spreadsheetml');
      expect(decodeURIComponent(String(xlsx.headers['content-disposition']))).toContain('考核结果-2026年2月-第1版.xlsx');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['中心城区各区', '市直部门', '红黑榜', '说明']);
      const sheet = wb.getWorksheet('中心城区各区')!;
      expect((sheet.getRow(1).values as unknown[]).slice(1, 6)).toEqual(['名次', '单位', '得分', '较上期', '红黑榜']);
      expect(sheet.getRow(2).getCell(2).value).toBe('川汇区');
      const lists = wb.getWorksheet('红黑榜')!;
      expect(lists.getRow(2).values).toEqual([undefined, '中心城区各区', '红榜', 1, '川汇区', 100]);

      const proposed = await hq.post(`${BASE}/adjustments`, {
        campaignId,
        unitId: t.city.district.id,
        periodKey: '2026-03',
        points: -1.5,
        reason: '迟报材料',
      });
      expect(proposed.statusCode, proposed.body).toBe(201);
      const id = proposed.json<AssessmentAdjustment>().id;
      expect((await hq.post(`${BASE}/adjustments/${id}/approve`, {})).statusCode).toBe(403);
      const rejectNoReason = await leader.post(`${BASE}/adjustments/${id}/reject`, {});
      expect(rejectNoReason.statusCode).toBe(422);
      expect(rejectNoReason.json()).toMatchObject({ details: { field: 'reason' } });
      const approved = await leader.post(`${BASE}/adjustments/${id}/approve`, {});
      expect(approved.statusCode, approved.body).toBe(200);
      expect(approved.json()).toMatchObject({ status: 'approved', points: -1.5 });
      expect((await handler.get(`${BASE}/adjustments?campaignId=${campaignId}`)).statusCode).toBe(403);
      expect((await handler.get(`${BASE}/appeals?campaignId=${campaignId}`)).json()).toEqual({ items: [] });
    });

    it('appeals carry evidence files (images and PDF) read by HQ and the unit only; a refused upload writes nothing', async () => {
      const run = (await handler.get(`${BASE}/runs/latest?campaignId=${campaignId}&periodKind=month`)).json<AssessmentRun>();
      const command = { runId: run.id, unitId: t.city.dept.id, items: [{ partKind: 'cases' }], reason: '2月案件已按期办结，材料见附件' };
      const root = storageRoot(t.env.services);
      const before = { rows: await counts(t.database), stored: storedFileCount(root) };

      // Not an image or PDF: 415 naming the field; an unknown file field: 400 naming it. Nothing written.
      const text = commandForm(command, [{ name: 'files', filename: '说明.txt', type: 'text/plain', value: '不是附件' }]);
      const refused = await handler.post(`${BASE}/appeals`, text.payload, text.headers);
      expect(refused.statusCode, refused.body).toBe(415);
      expect(refused.json()).toMatchObject({ details: { field: 'files', filename: '说明.txt' } });
      const wrongField = commandForm(command, [{ name: 'photos', filename: 'a.jpg', type: 'image/jpeg', value: await jpeg() }]);
      const wrong = await handler.post(`${BASE}/appeals`, wrongField.payload, wrongField.headers);
      expect(wrong.statusCode).toBe(422);
      expect(wrong.json()).toMatchObject({ details: { field: 'photos' } });
      const badCommand = commandForm({ ...command, fileIds: [1] }, [
        { name: 'files', filename: 'a.pdf', type: 'application/pdf', value: pdf() },
      ]);
      const bad = await handler.post(`${BASE}/appeals`, badCommand.payload, badCommand.headers);
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ details: { field: 'fileIds' } });
      expect(await rowCount('assessment_appeals')).toBe(0);
      expect(await counts(t.database)).toEqual(before.rows);
      expect(storedFileCount(root)).toBe(before.stored);

      const document = pdf('appeal evidence');
      const photo = await jpeg('#aa3366');
      const form = commandForm(command, [
        { name: 'files', filename: '回复函扫描件.pdf', type: 'application/pdf', value: document },
        { name: 'files', filename: '现场.jpg', type: 'image/jpeg', value: photo },
      ]);
      const created = await handler.post(`${BASE}/appeals`, form.payload, form.headers);
      expect(created.statusCode, created.body).toBe(201);
      const appeal = created.json<AssessmentAppeal>();
      expect(appeal.files).toEqual([
        { id: expect.any(Number), name: '回复函扫描件.pdf', mime: 'application/pdf', size: document.length },
        { id: expect.any(Number), name: '现场.jpg', mime: 'image/jpeg', size: photo.length },
      ]);
      const [docFile, photoFile] = appeal.files;

      // The unit and HQ read the evidence as it was sent; the PDF under its own name.
      const mine = await handler.get(`${BASE}/appeals/${appeal.id}/files/${docFile!.id}`);
      expect(mine.statusCode).toBe(200);
      expect(mine.headers['content-type']).toBe('application/pdf');
      expect(mine.rawPayload.equals(document)).toBe(true);
      expect(decodeURIComponent(String(mine.headers['content-disposition']))).toContain('回复函扫描件.pdf');
      const hqRead = await hq.get(`${BASE}/appeals/${appeal.id}/files/${photoFile!.id}`);
      expect(hqRead.statusCode).toBe(200);
      expect(hqRead.rawPayload.equals(photo)).toBe(true);
      expect((await hq.get(`${BASE}/appeals`)).json<{ items: AssessmentAppeal[] }>().items[0]!.files).toHaveLength(2);

      // Another unit's head learns nothing: 404 for the file, the appeal absent from their list.
      const other = await loginClient(
        t,
        await makeUser(t.database, { unit: t.city.district, roles: [{ role: 'unit_head', unit: t.city.district }] }),
      );
      expect((await other.get(`${BASE}/appeals/${appeal.id}/files/${docFile!.id}`)).statusCode).toBe(404);
      expect((await other.get(`${BASE}/appeals`)).json()).toEqual({ items: [] });
      // A file id that is not this appeal's: 404 even for HQ.
      expect((await hq.get(`${BASE}/appeals/${appeal.id}/files/${docFile!.id + 1000}`)).statusCode).toBe(404);
    });
  });
}
