import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { PowChallenge, PublicCaseView, PublicConfig } from '../../src/shared/contracts/public.contract.js';
import { DIALECTS } from '../helpers/db.js';
import { caseCounts, caseWorld, createTestApp, multipartForm, type CaseWorld, type FormPart, type TestApp } from '../helpers/http.js';
import { jpeg } from '../helpers/images.js';
import { north, solve } from '../helpers/public-intake.js';

const CJK = /[\u4e00-\u9fff]/;

/** The error reply of a response. */
const err = (res: LightMyRequestResponse) => res.json<{ error: string; message: string; details?: Record<string, unknown> }>();

for (const dialect of DIALECTS) {
  describe(`public routes on ${dialect}`, () => {
    let t: TestApp;
    let world: CaseWorld;
    let centre: { lon: number; lat: number };
    let spot = 0;
    let ipSeq = 0;
    let ip = '';
    const freshPoint = () => north(centre.lon + 0.00123457, centre.lat - 0.1, 2000 * ++spot);

    const challenge = async () => (await t.app.inject({ method: 'GET', url: '/api/public/challenge' })).json<PowChallenge>();
    /** A public multipart write from `ip`, with a solved proof of work unless the fields bring their own. */
    const send = async (
      url: string,
      fields: Record<string, string>,
      opts: { photos?: number; files?: FormPart[]; device?: string; pow?: boolean; from?: string } = {},
    ): Promise<LightMyRequestResponse> => {
      const pow = opts.pow === false ? {} : solve(await challenge());
      const photo = await jpeg();
      const parts: FormPart[] = [
        ...Object.entries<string>({ ...pow, ...fields }).map(([name, value]) => ({ name, value })),
        ...Array.from({ length: opts.photos ?? 1 }, (_, i) => ({ name: 'photo', filename: `p${i}.jpg`, type: 'image/jpeg', value: photo })),
        ...(opts.files ?? []),
      ];
      const f = multipartForm(parts);
      return t.app.inject({
        method: 'POST',
        url,
        payload: f.payload,
        headers: { ...f.headers, ...(opts.device ? { 'x-device-id': opts.device } : {}) },
        remoteAddress: opts.from ?? ip,
      });
    };
    const report = (p: { lon: number; lat: number }, extra: Record<string, string> = {}, opts: Parameters<typeof send>[2] = {}) =>
      send(
        '/api/public/reports',
        { categoryCode: 'E01-01', description: '路边垃圾堆放', lon: String(p.lon), lat: String(p.lat), ...extra },
        opts,
      );
    const settings = async (patch: Record<string, unknown>) => {
      const res = await world.hq.patch('/api/public-settings', patch);
      expect(res.statusCode, res.body).toBe(200);
    };

    beforeAll(async () => {
      t = await createTestApp(dialect);
      world = await caseWorld(t);
      const [minLon, minLat, maxLon, maxLat] = t.env.services.cityBbox;
      centre = { lon: (minLon + maxLon) / 2, lat: (minLat + maxLat) / 2 };
      await settings({ categoryCodes: ['E01-01'], powBits: 4, perIpPerHour: 1000, perDevicePerHour: 1000 });
    });
    afterAll(async () => t.close());
    beforeEach(() => {
      ipSeq += 1;
      ip = `192.0.2.${ipSeq}`;
    });

    it('config and challenge need no account; HQ settings need HQ', async () => {
      const cfg = await t.app.inject({ method: 'GET', url: '/api/public/config' });
      expect(cfg.statusCode).toBe(200);
      expect(cfg.json<PublicConfig>()).toMatchObject({ intakeOpen: true, categories: [{ code: 'E01-01' }], maxPhotos: 3 });
      expect((await challenge()).bits).toBe(4);
      expect((await t.app.inject({ method: 'GET', url: '/api/public-settings' })).statusCode).toBe(401);
      expect((await world.citizen.patch('/api/public-settings', { trackByNumber: true })).statusCode).toBe(403);
      expect((await world.hq.get('/api/public-settings')).json()).toMatchObject({ categoryCodes: ['E01-01'], powBits: 4 });
      const bad = await world.hq.patch('/api/public-settings', { powBits: 99 });
      expect(bad.statusCode).toBe(422);
      expect(bad.json()).toMatchObject({ details: { field: 'powBits' } });
    });

    it('report → number and token → tracking: full with the token, 404 by number until HQ allows the minimal view', async () => {
      const res = await report(freshPoint());
      expect(res.statusCode, res.body).toBe(201);
      const { number, token, trackPath } = res.json<{ number: string; token: string; trackPath: string }>();
      expect(trackPath).toBe(`/track/${number}?t=${token}`);
      const full = await t.app.inject({ method: 'GET', url: `/api/public/cases/${number}?token=${token}` });
      expect(full.statusCode, full.body).toBe(200);
      const view = full.json<PublicCaseView>();
      expect(view).toMatchObject({ full: true, number, stage: 'received', position: { coarse: false } });
      const photo = await t.app.inject({ method: 'GET', url: view.photos[0]!.url });
      expect(photo.statusCode).toBe(200);
      expect(photo.headers['content-type']).toMatch(/^image\//);
      expect((await t.app.inject({ method: 'GET', url: view.photos[0]!.url.replace(/token=.*/, 'token=x') })).statusCode).toBe(404);
      const bare = await t.app.inject({ method: 'GET', url: `/api/public/cases/${number}` });
      expect(bare.statusCode).toBe(404);
      expect(err(bare).message).toMatch(CJK);
      await settings({ trackByNumber: true });
      try {
        const minimal = await t.app.inject({ method: 'GET', url: `/api/public/cases/${number}?token=wrong` });
        expect(minimal.json<PublicCaseView>()).toMatchObject({ full: false, photos: [], timeline: [], position: { coarse: true } });
      } finally {
        await settings({ trackByNumber: false });
      }
      expect((await t.app.inject({ method: 'GET', url: '/api/public/cases/2026-999999' })).statusCode).toBe(404);
      const malformed = await t.app.inject({ method: 'GET', url: '/api/public/cases/abc' });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json()).toMatchObject({ details: { field: expect.stringContaining('number') } });
      expect(err(malformed).message).toMatch(CJK);
    });

    it('privacy: the view (with and without token) and the map carry no staff, reporter, internal note, unit id or exact point', async () => {
      await settings({ trackByNumber: true, publicMap: true });
      const p = freshPoint();
      const res = await report(p, {
        reporterName: '钱隐私',
        reporterPhone: '13611112222',
        consent: 'true',
        positionPrivate: 'true',
        address: '和平小区5栋',
      });
      const { number, token } = res.json<{ number: string; token: string }>();
      const row = await t.database.db.selectFrom('cases').select('id').where('number', '=', number).executeTakeFirstOrThrow();
      const act = async (who: CaseWorld['hq'], body: Record<string, unknown>, photo = false) => {
        const version = (await world.hq.get(`/api/cases/${row.id}`)).json<{ version: number }>().version;
        const cmd = { version, ...body };
        const r = photo
          ? await (async () => {
              const f = multipartForm([
                { name: 'command', value: JSON.stringify(cmd), type: 'application/json' },
                { name: 'photos', filename: 'a.jpg', type: 'image/jpeg', value: await jpeg('#00aa00') },
              ]);
              return who.post(`/api/cases/${row.id}/actions`, f.payload, f.headers);
            })()
          : await who.post(`/api/cases/${row.id}/actions`, cmd);
        expect(r.statusCode, r.body).toBe(200);
      };
      await act(world.hq, { action: 'accept', note: '内部意见：交给老李' });
      await act(world.hq, { action: 'dispatch', unitId: world.units.cgj.id, note: '派单内部说明' });
      await act(world.handler, { action: 'acknowledge' });
      await act(world.handler, { action: 'rectify', note: '已清运' }, true);
      await act(world.insp, { action: 'verify_close', note: '核查内部记录' }, true);
      try {
        const bodies = [
          (await t.app.inject({ method: 'GET', url: `/api/public/cases/${number}?token=${token}` })).body,
          (await t.app.inject({ method: 'GET', url: `/api/public/cases/${number}` })).body,
          (await t.app.inject({ method: 'GET', url: '/api/public/map' })).body,
        ];
        expect(JSON.parse(bodies[0]!)).toMatchObject({
          stage: 'closed',
          closingNote: '已清运',
          unitName: world.units.cgj.name,
          canRate: true,
        });
        const staff = await t.database.db
          .selectFrom('users')
          .select(['username', 'display_name'])
          .where(
            'username',
            'in',
            Object.values(world.users).map((u) => u.username),
          )
          .execute();
        for (const body of bodies) {
          for (const s of staff) {
            expect(body).not.toContain(`"${s.username}"`);
            expect(body).not.toContain(s.display_name);
          }
          for (const secret of [
            '钱隐私',
            '13611112222',
            '内部意见',
            '派单内部说明',
            '核查内部记录',
            '和平小区',
            String(p.lon),
            String(p.lat),
            'unitId',
            'public-intake',
          ])
            expect(body).not.toContain(secret);
        }
      } finally {
        await settings({ trackByNumber: false, publicMap: false });
      }
      expect((await t.app.inject({ method: 'GET', url: '/api/public/map' })).statusCode).toBe(404);
    });

    it('rate limits: 429 with Retry-After per address and per device', async () => {
      await settings({ perIpPerHour: 2, perDevicePerHour: 2 });
      try {
        expect((await report(freshPoint(), {}, { device: 'a' })).statusCode).toBe(201);
        expect((await report(freshPoint(), {}, { device: 'b' })).statusCode).toBe(201);
        const third = await report(freshPoint(), {}, { device: 'c' });
        expect(third.statusCode).toBe(429);
        expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
        expect(err(third).message).toMatch(CJK);
        const byDevice = async (n: number) => report(freshPoint(), {}, { device: 'same-phone', from: `198.18.0.${n}` });
        expect((await byDevice(1)).statusCode).toBe(201);
        expect((await byDevice(2)).statusCode).toBe(201);
        const limited = await byDevice(3);
        expect(limited.statusCode).toBe(429);
        expect(limited.json()).toMatchObject({ error: 'rate_limited', details: { limit: 'device' } });
        expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      } finally {
        await settings({ perIpPerHour: 1000, perDevicePerHour: 1000 });
      }
    });

    it('proof of work missing, wrong or replayed → 4xx in Chinese, nothing written', async () => {
      const before = await caseCounts(t.database);
      const p = freshPoint();
      const missing = await report(p, {}, { pow: false });
      expect(missing.statusCode).toBe(400);
      expect(missing.json()).toMatchObject({ error: 'pow_required', details: { field: 'challenge' } });
      const c = await challenge();
      const wrong = await report(p, { challenge: c.challenge, nonce: 'zzzz-not-it' }, { pow: false });
      // A wrong nonce may by chance meet 4 bits; a forged challenge never does.
      const forged = await report(p, { challenge: c.challenge.slice(0, -2) + 'AA', nonce: '1' }, { pow: false });
      expect([403, 201]).toContain(wrong.statusCode);
      expect(forged.statusCode).toBe(403);
      expect(err(forged).message).toMatch(CJK);
      if (wrong.statusCode === 403) expect(await caseCounts(t.database)).toEqual(before);
      const solved = solve(await challenge());
      expect((await report(freshPoint(), solved, { pow: false })).statusCode).toBe(201);
      const replay = await report(freshPoint(), solved, { pow: false });
      expect(replay.statusCode).toBe(409);
      expect(replay.json()).toMatchObject({ error: 'pow_replayed' });
    });

    it('paused intake → 403 with HQ message, nothing written', async () => {
      await settings({ intakeOpen: false, pausedMessage: '暂停受理，请拨打12345' });
      try {
        const before = await caseCounts(t.database);
        const res = await report(freshPoint());
        expect(res.statusCode).toBe(403);
        expect(res.json()).toMatchObject({ error: 'intake_paused', message: '暂停受理，请拨打12345' });
        expect(await caseCounts(t.database)).toEqual(before);
        expect((await t.app.inject({ method: 'GET', url: '/api/public/config' })).json()).toMatchObject({
          intakeOpen: false,
          pausedMessage: '暂停受理，请拨打12345',
        });
      } finally {
        await settings({ intakeOpen: true });
      }
    });

    it('duplicate → 409 candidates → +1 counts (HQ sees it) → force makes a new case', async () => {
      const a = freshPoint();
      const first = (await report(a)).json<{ number: string }>();
      const dup = await report(north(a.lon, a.lat, 30));
      expect(dup.statusCode).toBe(409);
      expect(dup.json()).toMatchObject({
        error: 'duplicate_candidates',
        details: { candidates: [{ number: first.number, distanceM: 30 }] },
      });
      const plus = await send(`/api/public/cases/${first.number}/plus-ones`, { description: '我也看到了' }, { photos: 1 });
      expect(plus.statusCode, plus.body).toBe(201);
      expect(plus.json()).toEqual({ number: first.number, plusOnes: 1 });
      const row = await t.database.db
        .selectFrom('cases')
        .select(['id', 'plus_one_count'])
        .where('number', '=', first.number)
        .executeTakeFirstOrThrow();
      expect(row.plus_one_count).toBe(1);
      // The +1's photo belongs to the case (staff may open it) and the staff case page still answers.
      const detail = await world.hq.get(`/api/cases/${row.id}`);
      expect(detail.statusCode, detail.body).toBe(200);
      const one = await t.database.db
        .selectFrom('case_plus_ones')
        .select('file_id')
        .where('case_id', '=', row.id)
        .executeTakeFirstOrThrow();
      expect((await world.hq.get(`/api/files/${one.file_id}/public`)).statusCode).toBe(200);
      const forced = await report(north(a.lon, a.lat, 30), { force: 'true' });
      expect(forced.statusCode).toBe(201);
      expect(forced.json<{ number: string }>().number).not.toBe(first.number);
      const gone = await send('/api/public/cases/2026-999998/plus-ones', {}, { photos: 0 });
      expect(gone.statusCode).toBe(404);
      expect(err(gone).message).toMatch(CJK);
    });

    it('bad input → 4xx naming the field in Chinese, nothing written, never 5xx', async () => {
      const before = await caseCounts(t.database);
      const p = freshPoint();
      const tries: [LightMyRequestResponse, string][] = [
        [await report(p, { lon: 'east' }), 'lon'],
        [await report({ lon: 10, lat: 10 }), 'lon'],
        [await report(p, { categoryCode: 'C01' }), 'categoryCode'],
        [await report(p, { reporterPhone: '123', consent: 'true' }), 'reporterPhone'],
        [await report(p, { reporterName: '张三' }), 'consent'],
        [await report(p, {}, { photos: 0 }), 'photo'],
        [await report(p, {}, { photos: 4 }), 'photo'],
        [
          await report(
            p,
            {},
            { photos: 0, files: [{ name: 'photo', filename: 'x.jpg', type: 'image/jpeg', value: Buffer.from('not an image at all') }] },
          ),
          'photo',
        ],
        [
          await report(p, {}, { photos: 0, files: [{ name: 'other', filename: 'x.jpg', type: 'image/jpeg', value: await jpeg() }] }),
          'other',
        ],
        [await report(p, { description: '' }), 'description'],
      ];
      for (const [res, field] of tries) {
        expect(res.statusCode, `${field}: ${res.body}`).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, field).toBeLessThan(500);
        expect(err(res).details?.field, field).toBe(field);
        expect(err(res).message, field).toMatch(CJK);
      }
      const json = await t.app.inject({
        method: 'POST',
        url: '/api/public/reports',
        payload: { categoryCode: 'E01-01' },
        remoteAddress: ip,
      });
      expect(json.statusCode).toBe(415);
      expect(err(json).message).toMatch(CJK);
      const broken = multipartForm([{ name: 'categoryCode', value: 'E01-01' }], { close: false });
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/public/reports',
        payload: broken.payload,
        headers: broken.headers,
        remoteAddress: ip,
      });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(await caseCounts(t.database)).toEqual(before);
    });
  });
}
