import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.js';
import { makeUser } from '../helpers/factories.js';
import {
  caseCounts,
  caseWorld,
  commandForm,
  createTestApp,
  loginClient,
  multipartForm,
  storageRoot,
  storedFileCount,
  type CaseWorld,
  type Client,
  type TestApp,
} from '../helpers/http.js';
import { jpeg } from '../helpers/images.js';

/** Small enough that a 30 kB upload is over it, large enough for the test JPEGs (< 1 kB). */
const PHOTO_LIMIT = 20_000;
const REPORT = { source: 'inspection', categoryCode: 'E01-01', description: '垃圾暴露', lon: 114.65, lat: 33.62, address: '七一路' };
const text = (name = 'photos') => ({ name, filename: 'notes.jpg', type: 'image/jpeg', value: 'these are not the bytes of an image\n' });

for (const dialect of DIALECTS) {
  describe(`case bad input over HTTP on ${dialect}`, () => {
    let t: TestApp;
    let w: CaseWorld;
    /** Inspector of the city and handler of 411600-CGJ at once: may rectify, then must not verify. */
    let dual: Client;
    let root: string;
    const ids = { reported: 0, accepted: 0, acknowledged: 0, rectifiedByDual: 0, atJtj: 0 };
    const statuses: string[] = [];

    const version = async (id: number) => (await w.hq.get(`/api/cases/${id}`)).json<{ version: number }>().version;
    const act = async (c: Client, id: number, body: Record<string, unknown>, photos = 0) => {
      const cmd = { version: await version(id), ...body };
      const f = photos ? commandForm(cmd, await Promise.all(Array.from({ length: photos }, () => jpeg()))) : null;
      const res = f ? await c.post(`/api/cases/${id}/actions`, f.payload, f.headers) : await c.post(`/api/cases/${id}/actions`, cmd);
      expect(res.statusCode, res.body).toBe(200);
    };
    const report = async () => {
      const f = commandForm(REPORT, [await jpeg()]);
      const res = await w.insp.post('/api/cases', f.payload, f.headers);
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ id: number }>().id;
    };

    /** Everything a refused request could have touched: case tables and the files in storage. */
    const state = async () =>
      JSON.stringify({
        counts: await caseCounts(t.database),
        cases: await t.database.db
          .selectFrom('cases')
          .select(['id', 'state', 'version', 'deadline', 'assigned_unit_id', 'updated_at'])
          .orderBy('id')
          .execute(),
        stored: storedFileCount(root),
      });

    /** Sends a request that must fail with `status` (naming `field`), and proves nothing was written. */
    async function refused(send: () => Promise<LightMyRequestResponse>, status: number, field?: string) {
      const before = await state();
      const res = await send();
      statuses.push(`${res.statusCode}`);
      expect(res.statusCode, res.body).toBe(status);
      const body = res.json<{ statusCode: number; error: string; message: string; details?: Record<string, unknown> }>();
      expect(body).toMatchObject({ statusCode: status, error: expect.any(String), message: expect.any(String) });
      if (field) {
        expect(body.message).toContain(field);
        expect(body.details?.field).toBe(field);
      }
      expect(await state()).toBe(before);
      return body;
    }
    const postAct = (c: Client, id: number, body: unknown) => () => c.post(`/api/cases/${id}/actions`, body);
    const postForm = (c: Client, url: string, f: { payload: Buffer; headers: Record<string, string> }) => () =>
      c.post(url, f.payload, f.headers);

    beforeAll(async () => {
      t = await createTestApp(dialect, { photoLimitBytes: PHOTO_LIMIT });
      w = await caseWorld(t);
      root = storageRoot(t.env.services);
      const { city, cgj } = w.units;
      dual = await loginClient(
        t,
        await makeUser(t.database, {
          unit: cgj,
          roles: [
            { role: 'inspector', unit: city },
            { role: 'unit_handler', unit: cgj },
          ],
        }),
      );

      ids.reported = await report();
      ids.accepted = await report();
      await act(w.hq, ids.accepted, { action: 'accept' });
      ids.acknowledged = await report();
      await act(w.hq, ids.acknowledged, { action: 'accept' });
      await act(w.hq, ids.acknowledged, { action: 'dispatch', unitId: cgj.id });
      await act(w.handler, ids.acknowledged, { action: 'acknowledge' });
      ids.rectifiedByDual = await report();
      await act(w.hq, ids.rectifiedByDual, { action: 'accept' });
      await act(w.hq, ids.rectifiedByDual, { action: 'dispatch', unitId: cgj.id });
      await act(dual, ids.rectifiedByDual, { action: 'acknowledge' });
      await act(dual, ids.rectifiedByDual, { action: 'rectify' }, 1);
      ids.atJtj = await report();
      await act(w.hq, ids.atJtj, { action: 'accept' });
      await act(w.hq, ids.atJtj, { action: 'dispatch', unitId: w.units.jtj.id });
      expect(storedFileCount(root)).toBeGreaterThan(0);
    });
    afterAll(async () => {
      try {
        // Whatever happened above, nothing may have been a server error.
        expect(statuses.filter((s) => s.startsWith('5'))).toEqual([]);
      } finally {
        await t.close();
      }
    });

    describe('the command', () => {
      it('unknown action → 400 naming action', async () => {
        await refused(postAct(w.hq, ids.reported, { action: 'teleport', version: 1 }), 400, 'action');
      });
      it('missing version → 400 naming version (JSON and multipart)', async () => {
        await refused(postAct(w.hq, ids.reported, { action: 'accept' }), 400, 'version');
        await refused(
          postForm(w.handler, `/api/cases/${ids.acknowledged}/actions`, commandForm({ action: 'rectify' }, [await jpeg()])),
          400,
          'version',
        );
      });
      it('an unknown field → 400 naming it', async () => {
        await refused(postAct(w.hq, ids.reported, { action: 'accept', version: 1, priority: 'high' }), 400, 'priority');
      });
      it('stale version → 409 with the current state and version', async () => {
        const v = await version(ids.accepted);
        const body = await refused(postAct(w.hq, ids.accepted, { action: 'dispatch', version: v - 1, unitId: w.units.cgj.id }), 409);
        expect(body.error).toBe('stale_version');
        expect(body.details?.current).toEqual({ state: 'accepted', version: v });
      });
      it('a transition the state does not allow → 409', async () => {
        const body = await refused(postAct(w.hq, ids.reported, { action: 'resume', version: await version(ids.reported) }), 409);
        expect(body.details?.current).toMatchObject({ state: 'reported' });
      });
      it('unknown case → 404', async () => {
        await refused(postAct(w.hq, 999999, { action: 'accept', version: 1 }), 404);
        expect((await w.hq.get('/api/cases/999999')).statusCode).toBe(404);
        expect((await w.hq.get('/api/cases/999999/suggestion')).statusCode).toBe(404);
      });
    });

    describe('who may act', () => {
      it('a transition the role may not make → 403 (inspector dispatching, handler approving)', async () => {
        await refused(
          postAct(w.insp, ids.accepted, { action: 'dispatch', version: await version(ids.accepted), unitId: w.units.cgj.id }),
          403,
        );
        await refused(postAct(w.handler, ids.acknowledged, { action: 'approve_extension', version: await version(ids.acknowledged) }), 403);
      });
      it('a handler outside the unit scope → 403 out_of_scope when they can see the case, 404 when they cannot', async () => {
        const body = await refused(postAct(dual, ids.atJtj, { action: 'acknowledge', version: await version(ids.atJtj) }), 403);
        expect(body.error).toBe('out_of_scope');
        // A plain handler of another unit does not even learn the case exists.
        await refused(postAct(w.handler, ids.atJtj, { action: 'acknowledge', version: await version(ids.atJtj) }), 404);
      });
      it('the verifier is the rectifier → 403', async () => {
        const f = commandForm({ action: 'verify_close', version: await version(ids.rectifiedByDual) }, [await jpeg()]);
        const body = await refused(postForm(dual, `/api/cases/${ids.rectifiedByDual}/actions`, f), 403);
        expect(body.error).toBe('verifier_is_rectifier');
      });
      it('a citizen calling the action route → 403', async () => {
        await refused(postAct(w.citizen, ids.reported, { action: 'accept', version: 1 }), 403);
      });
      it('a write without the CSRF header → 403', async () => {
        await refused(
          () => w.hq.post(`/api/cases/${ids.reported}/actions`, { action: 'accept', version: 1 }, { 'x-csrf-token': 'wrong' }),
          403,
        );
      });
    });

    describe('guards', () => {
      it('reject, return and reopen without a reason → 422 naming reason', async () => {
        await refused(
          postAct(w.hq, ids.reported, { action: 'reject', version: await version(ids.reported), reason: '   ' }),
          422,
          'reason',
        );
        await refused(postAct(w.handler, ids.acknowledged, { action: 'return', version: await version(ids.acknowledged) }), 422, 'reason');
        const f = commandForm({ action: 'verify_reopen', version: await version(ids.rectifiedByDual) }, [await jpeg()]);
        await refused(postForm(w.insp, `/api/cases/${ids.rectifiedByDual}/actions`, f), 422, 'reason');
      });
      it('rectify without photos → 422 naming evidence (JSON, and multipart with no files)', async () => {
        await refused(
          postAct(w.handler, ids.acknowledged, { action: 'rectify', version: await version(ids.acknowledged) }),
          422,
          'evidence',
        );
        await refused(
          postForm(
            w.handler,
            `/api/cases/${ids.acknowledged}/actions`,
            commandForm({ action: 'rectify', version: await version(ids.acknowledged) }),
          ),
          422,
          'evidence',
        );
      });
      it('a dispatch deadline in the past → 422 naming deadline', async () => {
        const body = { action: 'dispatch', version: await version(ids.accepted), unitId: w.units.cgj.id, reason: '加急' };
        await refused(postAct(w.hq, ids.accepted, { ...body, deadline: '2026-03-01T00:00:00Z' }), 422, 'deadline');
        await refused(postAct(w.hq, ids.accepted, { ...body, deadline: 'next tuesday' }), 422, 'deadline');
      });
      it('an unknown unit → 422 naming unitId; one past the int4 range → 400', async () => {
        const v = await version(ids.accepted);
        await refused(postAct(w.hq, ids.accepted, { action: 'dispatch', version: v, unitId: 999999 }), 422, 'unitId');
        await refused(postAct(w.hq, ids.accepted, { action: 'dispatch', version: v, unitId: 3_000_000_000 }), 400, 'unitId');
      });
      it('merge into an unknown case or into itself → 4xx naming the target', async () => {
        const v = await version(ids.reported);
        await refused(postAct(w.hq, ids.reported, { action: 'merge', version: v, targetCaseId: 999999 }), 422, 'targetCaseId');
        await refused(postAct(w.hq, ids.reported, { action: 'merge', version: v, targetCaseId: 3_000_000_000 }), 400, 'targetCaseId');
        await refused(postAct(w.hq, ids.reported, { action: 'merge', version: v, targetCaseId: ids.reported }), 422);
      });
    });

    describe('reports', () => {
      const post = (f: { payload: Buffer; headers: Record<string, string> }) => postForm(w.insp, '/api/cases', f);
      it('lon or lat outside the city area → 422 naming it', async () => {
        await refused(post(commandForm({ ...REPORT, lon: 120.1 }, [await jpeg()])), 422, 'lon');
        await refused(post(commandForm({ ...REPORT, lat: 30 }, [await jpeg()])), 422, 'lat');
        await refused(post(commandForm({ ...REPORT, lon: 500 }, [await jpeg()])), 400, 'lon');
      });
      it('an inspection report without photos, an unknown category, no description → 4xx naming the field', async () => {
        await refused(post(commandForm(REPORT)), 422, 'evidence');
        await refused(post(commandForm({ ...REPORT, categoryCode: 'Z99' }, [await jpeg()])), 422, 'categoryCode');
        await refused(post(commandForm({ ...REPORT, description: undefined }, [await jpeg()])), 400, 'description');
        await refused(() => w.insp.post('/api/cases', { ...REPORT, source: 'rumour' }), 400, 'source');
      });
      it('a citizen may report but not as an unknown area unit (422), and an unauthenticated client not at all (401)', async () => {
        await refused(
          postForm(
            w.citizen,
            '/api/cases',
            commandForm({ source: 'citizen', categoryCode: 'E05-01', description: '占道', address: '八一路', areaUnitId: 999999 }),
          ),
          422,
          'areaUnitId',
        );
        // With a photo: on PostgreSQL the case row's foreign key refuses the area inside the
        // transaction, after the photo was stored; it must be gone again.
        await refused(post(commandForm({ ...REPORT, areaUnitId: 999999 }, [await jpeg()])), 422, 'areaUnitId');
        await refused(() => t.app.inject({ method: 'POST', url: '/api/cases', payload: REPORT }), 401);
      });
    });

    describe('uploads', () => {
      const url = () => `/api/cases/${ids.acknowledged}/actions`;
      const rectify = async () => ({ action: 'rectify', version: await version(ids.acknowledged) });
      it('a text file posted as a photo → 415 naming photos, no files stored (report, rectify, and as the third of three)', async () => {
        await refused(
          postForm(w.insp, '/api/cases', multipartForm([{ name: 'command', value: JSON.stringify(REPORT) }, text()])),
          415,
          'photos',
        );
        const good = { name: 'photos', filename: 'ok.jpg', type: 'image/jpeg', value: await jpeg() };
        // "before" photos are not evidence, so a good "after" photo comes along to reach the file check.
        await refused(
          postForm(w.handler, url(), multipartForm([{ name: 'command', value: JSON.stringify(await rectify()) }, good, text('before')])),
          415,
          'before',
        );
        await refused(
          postForm(w.handler, url(), multipartForm([{ name: 'command', value: JSON.stringify(await rectify()) }, good, good, text()])),
          415,
          'photos',
        );
      });
      it('a photo over the size limit → 413 naming photos', async () => {
        const big = {
          name: 'photos',
          filename: 'big.jpg',
          type: 'image/jpeg',
          value: Buffer.concat([await jpeg(), Buffer.alloc(PHOTO_LIMIT + 10_000, 0xff)]),
        };
        const body = await refused(
          postForm(w.handler, url(), multipartForm([{ name: 'command', value: JSON.stringify(await rectify()) }, big])),
          413,
          'photos',
        );
        expect(body.error).toBe('file_too_large');
      });
      it('more than 9 photos → 413', async () => {
        const f = commandForm(await rectify(), await Promise.all(Array.from({ length: 10 }, () => jpeg())));
        await refused(postForm(w.handler, url(), f), 413, 'photos');
      });
      it('malformed multipart → 400; no command → 422 naming command; command not JSON → 422; an unknown file field → 422', async () => {
        const open = multipartForm(
          [
            { name: 'command', value: JSON.stringify(await rectify()) },
            { name: 'photos', filename: 'a.jpg', type: 'image/jpeg', value: await jpeg() },
          ],
          { close: false },
        );
        await refused(postForm(w.handler, url(), open), 400, 'body');
        await refused(() => w.handler.post(url(), 'garbage', { 'content-type': 'multipart/form-data' }), 400);
        await refused(
          postForm(w.handler, url(), multipartForm([{ name: 'photos', filename: 'a.jpg', type: 'image/jpeg', value: await jpeg() }])),
          422,
          'command',
        );
        await refused(
          postForm(
            w.handler,
            url(),
            multipartForm([
              { name: 'command', value: '{"action":' },
              { name: 'photos', filename: 'a.jpg', value: await jpeg() },
            ]),
          ),
          422,
          'command',
        );
        await refused(
          postForm(
            w.handler,
            url(),
            multipartForm([
              { name: 'command', value: JSON.stringify(await rectify()) },
              { name: 'attachment', filename: 'a.jpg', value: await jpeg() },
            ]),
          ),
          422,
          'attachment',
        );
      });
    });

    describe('reads', () => {
      it('files: unknown id or variant, and ids past the int4 range → 4xx', async () => {
        expect((await w.hq.get('/api/files/999999/thumb')).statusCode).toBe(404);
        expect((await w.hq.get('/api/files/1/poster')).statusCode).toBe(400);
        for (const u of [
          '/api/files/3000000000/thumb',
          '/api/cases/3000000000',
          '/api/cases?unitId=3000000000',
          '/api/cases/indicators?from=2026-03-01&to=2026-03-31&unitId=3000000000',
        ]) {
          const res = await w.hq.get(u);
          statuses.push(`${res.statusCode}`);
          expect(res.statusCode, `${u}: ${res.body}`).toBeGreaterThanOrEqual(400);
          expect(res.statusCode, `${u}: ${res.body}`).toBeLessThan(500);
        }
      });
      it('list and indicator filters: unknown state, bad dates, unknown unit → 4xx naming the field', async () => {
        const bad: [string, number, string][] = [
          ['/api/cases?state=lost', 400, 'state'],
          ['/api/cases?from=yesterday', 400, 'from'],
          ['/api/cases?unitId=999999', 422, 'unitId'],
          ['/api/cases/indicators?from=2026-03-01', 400, 'to'],
          ['/api/cases/indicators?from=2026-13-45&to=2026-03-31', 400, 'from'],
          ['/api/cases/indicators?from=2026-03-01&to=2026-03-31&unitId=999999', 404, ''],
        ];
        for (const [u, status, field] of bad) {
          const res = await w.hq.get(u);
          statuses.push(`${res.statusCode}`);
          expect(res.statusCode, `${u}: ${res.body}`).toBe(status);
          expect(res.json<{ message: string }>().message).toContain(field);
        }
        expect((await w.citizen.get('/api/cases/indicators?from=2026-03-01&to=2026-03-31')).statusCode).toBe(403);
        expect((await w.citizen.get('/api/cases/export')).statusCode).toBe(403);
      });
    });
  });
}
