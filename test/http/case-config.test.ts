import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.js';
import { caseWorld, createTestApp, type CaseWorld, type TestApp } from '../helpers/http.js';

for (const dialect of DIALECTS) {
  describe(`case configuration (categories, calendar) on ${dialect}`, () => {
    let t: TestApp;
    let w: CaseWorld;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      w = await caseWorld(t);
    });
    afterAll(async () => t.close());

    const category = {
      code: 'E05-99',
      name: '夜市占道',
      class: 'event',
      parentCode: 'E05',
      defaultSeverity: 'major',
      defaultUnitCode: '411600-JTJ',
      campaign: '创文',
    };

    it('HQ adds a campaign category; reports use it and dispatch suggests its unit', async () => {
      const res = await w.hq.post('/api/cases/categories', category);
      expect(res.statusCode, res.body).toBe(201);
      const list = (await w.hq.get('/api/cases/categories')).json<{ items: { code: string }[] }>();
      expect(list.items.map((c) => c.code)).toContain('E05-99');
      const rep = await w.insp.post('/api/cases', { source: 'hotline', categoryCode: 'E05-99', description: '夜市', address: '八一路' });
      expect(rep.statusCode, rep.body).toBe(201);
      const { id } = rep.json<{ id: number }>();
      const s = (await w.hq.get(`/api/cases/${id}/suggestion`)).json<{ unitCode: string }>();
      expect(s.unitCode).toBe('411600-JTJ');
    });

    it('refuses duplicates (409), unknown parents and units (422), and anyone but HQ (403), writing nothing', async () => {
      expect((await w.hq.post('/api/cases/categories', category)).statusCode).toBe(409);
      const orphan = await w.hq.post('/api/cases/categories', { ...category, code: 'X-1', parentCode: 'NOPE' });
      expect(orphan.statusCode).toBe(422);
      expect(orphan.json<{ message: string }>().message).toContain('NOPE');
      expect((await w.hq.post('/api/cases/categories', { ...category, code: 'X-2', defaultUnitCode: 'NO-UNIT' })).statusCode).toBe(422);
      expect(
        (await w.hq.post('/api/cases/categories', { ...category, code: 'X-3', deadlineRule: { unit: 'days', amount: 1 } })).statusCode,
      ).toBe(400);
      expect((await w.handler.post('/api/cases/categories', { ...category, code: 'X-4' })).statusCode).toBe(403);
      const codes = (await w.hq.get('/api/cases/categories')).json<{ items: { code: string }[] }>().items.map((c) => c.code);
      expect(codes.filter((c) => c.startsWith('X-'))).toEqual([]);
    });

    it('HQ deactivates a category; it leaves the list', async () => {
      expect((await w.hq.patch('/api/cases/categories/E05-99', { active: false })).statusCode).toBe(204);
      const codes = (await w.hq.get('/api/cases/categories')).json<{ items: { code: string }[] }>().items.map((c) => c.code);
      expect(codes).not.toContain('E05-99');
      expect((await w.hq.patch('/api/cases/categories/NOPE', { active: false })).statusCode).toBe(404);
    });

    it('a new holiday moves a working-day deadline by a day; "normal" undoes it', async () => {
      // The test clock stands at Monday 2026-03-02 09:00 China time; E05 is normal: 3 working days → end of Thursday.
      const rep = await w.insp.post('/api/cases', { source: 'hotline', categoryCode: 'E05', description: '占道', address: '八一路' });
      const { id } = rep.json<{ id: number }>();
      const before = (await w.hq.get(`/api/cases/${id}/suggestion`)).json<{ deadline: string }>().deadline;
      expect((await w.hq.put('/api/cases/calendar/2026-03-03', { kind: 'holiday', note: '测试' })).statusCode).toBe(204);
      const during = (await w.hq.get(`/api/cases/${id}/suggestion`)).json<{ deadline: string }>().deadline;
      expect(Date.parse(during) - Date.parse(before)).toBe(86_400_000);
      expect((await w.hq.get('/api/cases/calendar')).json<{ holidays: string[] }>().holidays).toContain('2026-03-03');
      expect((await w.hq.put('/api/cases/calendar/2026-03-03', { kind: 'normal' })).statusCode).toBe(204);
      expect((await w.hq.get(`/api/cases/${id}/suggestion`)).json<{ deadline: string }>().deadline).toBe(before);
    });

    it('refuses impossible days (400/422) and non-HQ changes (403)', async () => {
      expect((await w.hq.put('/api/cases/calendar/2026-02-30', { kind: 'holiday' })).statusCode).toBe(400);
      expect((await w.hq.put('/api/cases/calendar/9999-99-99', { kind: 'holiday' })).statusCode).toBe(400);
      expect((await w.hq.put('/api/cases/calendar/tomorrow', { kind: 'holiday' })).statusCode).toBe(400);
      expect((await w.hq.put('/api/cases/calendar/2026-03-04', { kind: 'vacation' })).statusCode).toBe(400);
      expect((await w.handler.put('/api/cases/calendar/2026-03-04', { kind: 'holiday' })).statusCode).toBe(403);
    });
  });
}
