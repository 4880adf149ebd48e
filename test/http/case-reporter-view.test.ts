/**
 * A citizen's case page (issue 11, point 14): the reporter without staff rights learns which
 * unit handles the case and what happened, but no staff member's name or id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userRepository } from '../../src/db/repositories/user.repository.js';
import { DIALECTS } from '../helpers/db.js';
import { caseWorld, commandForm, createTestApp, type CaseWorld, type Client, type TestApp } from '../helpers/http.js';
import { jpeg } from '../helpers/images.js';

interface Detail {
  version: number;
  assignedUnitName: string | null;
  events: {
    action: string;
    actorId: number | null;
    actorName: string | null;
    actorKind?: string;
    unitAfter: number | null;
    unitAfterName: string | null;
  }[];
}

for (const dialect of DIALECTS) {
  describe(`a citizen's view of their case on ${dialect}`, () => {
    let t: TestApp;
    let w: CaseWorld;
    let caseId: number;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      w = await caseWorld(t);
      const f = commandForm({ source: 'citizen', categoryCode: 'E01-01', description: '垃圾暴露', address: '八一路' }, [await jpeg()]);
      const res = await w.citizen.post('/api/cases', f.payload, f.headers);
      expect(res.statusCode, res.body).toBe(201);
      caseId = res.json<{ id: number }>().id;
      await act(w.hq, { action: 'accept' });
      await act(w.hq, { action: 'dispatch', unitId: w.units.cgj.id });
      await act(w.handler, { action: 'acknowledge' });
      await act(w.handler, { action: 'rectify', note: '已清理' }, [await jpeg('#22aa22')]);
      await act(w.insp, { action: 'verify_close' }, [await jpeg('#2222aa')]);
    });
    afterAll(async () => t.close());

    const detail = async (c: Client): Promise<{ raw: string; body: Detail }> => {
      const res = await c.get(`/api/cases/${caseId}`);
      expect(res.statusCode, res.body).toBe(200);
      return { raw: res.body, body: res.json<Detail>() };
    };
    async function act(c: Client, body: Record<string, unknown>, photos: Parameters<typeof commandForm>[1] = []) {
      const cmd = { version: (await detail(w.hq)).body.version, ...body };
      const f = photos.length ? commandForm(cmd, photos) : null;
      const res = f
        ? await c.post(`/api/cases/${caseId}/actions`, f.payload, f.headers)
        : await c.post(`/api/cases/${caseId}/actions`, cmd);
      expect(res.statusCode, `${String(body.action)}: ${res.body}`).toBe(200);
    }
    const staff = async () =>
      Promise.all([w.users.hq, w.users.handler, w.users.insp].map(async (u) => (await userRepository.byId(t.database.db, u.id))!));

    it('carries no staff name, username or id, only role and unit labels', async () => {
      const { raw, body } = await detail(w.citizen);
      for (const s of await staff()) {
        expect(raw).not.toContain(s.display_name);
        expect(raw).not.toContain(`"${s.username}"`);
      }
      const staffIds = new Set([w.users.hq.id, w.users.handler.id, w.users.insp.id]);
      expect(body.events.filter((e) => e.actorId !== null && staffIds.has(e.actorId))).toEqual([]);
      expect(body.events.map((e) => [e.action, e.actorKind])).toEqual([
        ['report', 'reporter'],
        ['accept', 'center'],
        ['dispatch', 'center'],
        ['acknowledge', 'unit'],
        ['rectify', 'unit'],
        ['verify_close', 'verifier'],
      ]);
      // The citizen's own entry keeps their id.
      expect(body.events[0]!.actorId).toBe(w.users.citizen.id);
    });

    it('names the unit the case went to, in the header and in the timeline', async () => {
      const { body } = await detail(w.citizen);
      expect(body.assignedUnitName).toBe(w.units.cgj.name);
      expect(body.events.find((e) => e.action === 'dispatch')).toMatchObject({
        unitAfter: w.units.cgj.id,
        unitAfterName: w.units.cgj.name,
      });
    });

    it('a merge names the case it went into by number', async () => {
      const report = async (c: Client) => {
        const f = commandForm({ source: 'citizen', categoryCode: 'E01-01', description: '重复上报', address: '八一路' }, [await jpeg()]);
        const res = await c.post('/api/cases', f.payload, f.headers);
        expect(res.statusCode, res.body).toBe(201);
        return res.json<{ id: number; number: string }>();
      };
      const open = await report(w.hq);
      const dup = await report(w.citizen);
      const version = (await w.hq.get(`/api/cases/${dup.id}`)).json<{ version: number }>().version;
      const merged = await w.hq.post(`/api/cases/${dup.id}/actions`, { action: 'merge', version, targetCaseId: open.id });
      expect(merged.statusCode, merged.body).toBe(200);
      const res = await w.citizen.get(`/api/cases/${dup.id}`);
      const ev = res
        .json<{ events: { action: string; targetCaseNumber?: string; actorKind?: string }[] }>()
        .events.find((e) => e.action === 'merge');
      expect(ev).toMatchObject({ targetCaseNumber: open.number, actorKind: 'center' });
    });

    it('staff still see who did what', async () => {
      const { body } = await detail(w.hq);
      const [hq] = await staff();
      expect(body.events.find((e) => e.action === 'dispatch')).toMatchObject({ actorId: w.users.hq.id, actorName: hq!.display_name });
      expect(body.events.every((e) => e.actorKind === undefined)).toBe(true);
    });
  });
}
