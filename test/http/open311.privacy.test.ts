/**
 * Privacy of Open311 answers (issue 15 points 2 and 6): a case with staff notes, a reporter's
 * phone and name and a private position shows none of them — nor staff names or accounts, nor
 * unit ids — in any Open311 answer, JSON or XML.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextFor } from '../helpers/factories.js';
import { DIALECTS } from '../helpers/db.js';
import { caseWorld, createTestApp, type CaseWorld, type TestApp } from '../helpers/http.js';

const PHONE = '13912345678';
const NAME = '王秘密';
const NOTE = '内部批注：请勿外传';
const LON = 114.6543219;
const LAT = 33.6212347;
const ADDRESS = '幸福小区 3 号楼 2 单元 501';

for (const dialect of DIALECTS) {
  describe(`Open311 privacy on ${dialect}`, () => {
    let t: TestApp;
    let w: CaseWorld;
    let number: string;
    let openNumber: string;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      w = await caseWorld(t);
      await t.env.services.publicSettings.update(await contextFor(t.database, w.users.hq.id), { categoryCodes: ['E01-01'] });
      const res = await w.citizen.post('/api/cases', {
        source: 'citizen',
        categoryCode: 'E01-01',
        description: '垃圾暴露',
        lon: LON,
        lat: LAT,
        address: ADDRESS,
        reporterContact: PHONE,
      });
      expect(res.statusCode, res.body).toBe(201);
      const { id } = res.json<{ id: number; number: string }>();
      number = res.json<{ number: string }>().number;
      await t.database.db.updateTable('cases').set({ position_private: 1, reporter_name: NAME }).where('id', '=', id).execute();
      for (const body of [
        { action: 'accept', note: NOTE },
        { action: 'dispatch', unitId: w.units.cgj.id, note: NOTE },
      ]) {
        const version = (await w.hq.get(`/api/cases/${id}`)).json<{ version: number }>().version;
        const r = await w.hq.post(`/api/cases/${id}/actions`, { ...body, version });
        expect(r.statusCode, r.body).toBe(200);
      }
      const version = (await w.hq.get(`/api/cases/${id}`)).json<{ version: number }>().version;
      expect((await w.handler.post(`/api/cases/${id}/actions`, { action: 'return', reason: NOTE, version })).statusCode).toBe(200);
      // A second case, not private: its position is coarse, never exact.
      const other = await w.citizen.post('/api/cases', {
        source: 'citizen',
        categoryCode: 'E01-01',
        description: '又见垃圾',
        lon: LON,
        lat: LAT,
      });
      openNumber = other.json<{ number: string }>().number;
    });
    afterAll(async () => t.close());

    it('no answer carries the reporter’s contact or name, a note, a staff name or account, a unit id, or the exact position', async () => {
      const staff = await t.database.db
        .selectFrom('users')
        .select(['username', 'display_name'])
        .where('id', 'in', [w.users.hq.id, w.users.handler.id, w.users.citizen.id])
        .execute();
      const urls = [
        'requests',
        `requests/${number}`,
        `requests/${openNumber}`,
        `requests?service_request_id=${number},${openNumber}`,
        'services',
        'services/E01-01',
      ];
      for (const fmt of ['json', 'xml']) {
        for (const u of urls) {
          const [path, query] = u.split('?');
          const res = await t.app.inject({ method: 'GET', url: `/open311/v2/${path}.${fmt}${query ? `?${query}` : ''}` });
          expect(res.statusCode, `${u}.${fmt}`).toBe(200);
          const body = res.body;
          for (const secret of [
            PHONE,
            NAME,
            NOTE,
            ADDRESS,
            String(LON),
            String(LAT),
            '114.654321',
            '33.621234',
            ...staff.flatMap((s) => [s.username, s.display_name]),
          ])
            expect(body, `${u}.${fmt} contains ${secret}`).not.toContain(secret);
          // No field of that kind at all (status_notes and service_notice are the spec's own).
          expect(body).not.toMatch(
            /["<](unit_?id|unitId|assigned\w*|reporter\w*|actor\w*|notes?|comment|contact|phone|email|first_name|last_name)["> ]/,
          );
        }
      }
      const [priv] = (await t.app.inject({ method: 'GET', url: `/open311/v2/requests/${number}.json` })).json<Record<string, unknown>[]>();
      expect(priv).toMatchObject({
        lat: null,
        long: null,
        address: null,
        agency_responsible: null,
        status_notes: '已受理，正在安排责任单位',
      });
      const [open] = (await t.app.inject({ method: 'GET', url: `/open311/v2/requests/${openNumber}.json` })).json<
        { lat: number; long: number }[]
      >();
      expect(Math.abs(open!.lat - LAT)).toBeLessThan(0.005);
      expect(open!.lat).not.toBe(LAT);
      expect(open!.long).not.toBe(LON);
    });
  });
}
