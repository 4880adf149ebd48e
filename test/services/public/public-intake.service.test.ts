import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RequestContext } from '../../../src/core/context.js';
import type { PublicWrite } from '../../../src/services/public/public-input.js';
import { publicTokenHash } from '../../../src/services/public/public-token.js';
import { distanceMeters } from '../../../src/domain/evaluation/sampling.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { cityWithStaff, contextFor, makeUser, type CityWithStaff } from '../../helpers/factories.js';
import { caseCounts } from '../../helpers/http.js';
import { photos, upload } from '../../helpers/images.js';
import { north, solve, wrongNonce } from '../../helpers/public-intake.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

for (const dialect of DIALECTS) {
  describe(`public intake on ${dialect}`, () => {
    let database: TestDatabase;
    let w: CityWithStaff;
    let ip = 0;
    /** A fresh sender per test, so the hourly limits of one test do not touch the next. */
    let ctx: RequestContext;
    const svc = () => w.env.services.publicIntake;
    let centre: { lon: number; lat: number };
    let spot = 0;
    /** A point of its own for each use, 2 km apart, so duplicates only meet where a test wants them. */
    const freshPoint = () => north(centre.lon, centre.lat - 0.1, 2000 * ++spot);

    const write = async (fields: Record<string, string>, files = 1, deviceId?: string): Promise<PublicWrite> => ({
      fields: { ...solve(await svc().challenge()), ...fields },
      files: await photos(files, 'photo'),
      deviceId,
    });
    const reportAt = async (p: { lon: number; lat: number }, extra: Record<string, string> = {}) =>
      svc().report(
        ctx,
        await write({ categoryCode: 'E01-01', description: '垃圾暴露在路边', lon: String(p.lon), lat: String(p.lat), ...extra }),
      );

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      w = await cityWithStaff(database);
      const [minLon, minLat, maxLon, maxLat] = w.env.services.cityBbox;
      centre = { lon: (minLon + maxLon) / 2, lat: (minLat + maxLat) / 2 };
      await w.env.services.publicSettings.update(w.hq, {
        categoryCodes: ['E01-01', 'C01-01'],
        powBits: 4,
        perIpPerHour: 1000,
        perDevicePerHour: 1000,
        trackByNumber: true,
        publicMap: true,
      });
    });
    afterAll(async () => database.drop());
    beforeEach(() => {
      ip += 1;
      ctx = { actor: null, requestId: `pub-${ip}`, clientIp: `203.0.113.${ip}` };
    });

    it('a report goes through the case service as a citizen case, with only the token hash stored and no address in clear', async () => {
      const p = freshPoint();
      const r = await reportAt(p, { reporterName: '王先生', reporterPhone: '13800138000', consent: 'true', address: '七一路' });
      expect(r.number).toMatch(/^\d{4}-\d{6}$/);
      expect(r.trackPath).toBe(`/track/${r.number}?t=${r.token}`);
      const row = await database.db.selectFrom('cases').selectAll().where('number', '=', r.number).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ source: 'citizen', state: 'reported', reporter_name: '王先生', reporter_contact: '13800138000' });
      expect(row.public_token_hash).toBe(publicTokenHash(r.token));
      expect(await database.db.selectFrom('files').select('id').where('case_id', '=', row.id).execute()).toHaveLength(1);
      const buckets = await database.db.selectFrom('rate_limit_hits').select('bucket').execute();
      expect(JSON.stringify(buckets)).not.toContain(ctx.clientIp!);
      const audit = await database.db.selectFrom('audit_log').selectAll().where('target_id', '=', String(row.id)).execute();
      expect(JSON.stringify(audit)).not.toContain(ctx.clientIp!);
      expect(await database.db.selectFrom('pow_spent').select('challenge').execute()).not.toHaveLength(0);
    });

    it('proof of work: missing, wrong, forged, expired and replayed are refused, writing nothing', async () => {
      const p = freshPoint();
      const fields = { categoryCode: 'E01-01', description: '井盖', lon: String(p.lon), lat: String(p.lat) };
      const before = await caseCounts(database);
      const c = await svc().challenge();
      const files = await photos(1, 'photo');
      const attempt = (extra: Record<string, string | undefined>) => svc().report(ctx, { fields: { ...fields, ...extra }, files });
      await expect(attempt({})).rejects.toMatchObject({ status: 400, code: 'pow_required', details: { field: 'challenge' } });
      await expect(attempt({ challenge: c.challenge })).rejects.toMatchObject({ status: 400, details: { field: 'nonce' } });
      await expect(attempt({ challenge: c.challenge, nonce: wrongNonce(c) })).rejects.toMatchObject({ status: 403, code: 'pow_invalid' });
      const forged = c.challenge.replace(/\.(\d+)\./, '.0.'); // fewer bits claimed: the MAC no longer matches
      await expect(attempt({ challenge: forged, nonce: '0' })).rejects.toMatchObject({ status: 403, code: 'pow_invalid' });
      w.env.clock.advance(11 * 60_000);
      await expect(attempt(solve(c))).rejects.toMatchObject({ status: 403, code: 'pow_expired' });
      w.env.clock.advance(-11 * 60_000);
      expect(await caseCounts(database)).toEqual(before);
      const solved = solve(await svc().challenge());
      await svc().report(ctx, { fields: { ...fields, ...solved }, files });
      await expect(svc().report(ctx, { fields: { ...fields, ...solved, force: 'true' }, files })).rejects.toMatchObject({
        status: 409,
        code: 'pow_replayed',
      });
    });

    it('one solved challenge pays for one write even when two are sent at once', async () => {
      const solved = solve(await svc().challenge());
      const before = await caseCounts(database);
      const send = async () => {
        const p = freshPoint();
        return svc().report(ctx, {
          fields: { categoryCode: 'E01-01', description: '同时提交', lon: String(p.lon), lat: String(p.lat), ...solved },
          files: await photos(1, 'photo'),
        });
      };
      const results = await Promise.allSettled([send(), send()]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ status: 409, code: 'pow_replayed' });
      expect((await caseCounts(database)).cases).toBe(before.cases! + 1);
    });

    it('rate limits per address and per device, with the seconds to the window end', async () => {
      await w.env.services.publicSettings.update(w.hq, { perIpPerHour: 2, perDevicePerHour: 2 });
      try {
        // Per address: two devices, one address.
        w.env.clock.set('2026-03-02T05:50:00.000Z');
        await reportAt(freshPoint());
        await svc().report(ctx, {
          ...(await write({ categoryCode: 'E01-01', description: 'x', lon: String(freshPoint().lon), lat: String(freshPoint().lat) })),
          deviceId: 'd-a',
        });
        const p = freshPoint();
        const third = svc().report(
          ctx,
          await write({ categoryCode: 'E01-01', description: 'x', lon: String(p.lon), lat: String(p.lat) }, 1, 'd-b'),
        );
        await expect(third).rejects.toMatchObject({ status: 429, code: 'rate_limited', details: { retryAfterS: 600, limit: 'ip' } });
        // Per device: one device, several addresses.
        const dev = async (n: number) => {
          const q = freshPoint();
          return svc().report(
            { ...ctx, clientIp: `198.51.100.${n}` },
            await write({ categoryCode: 'E01-01', description: 'x', lon: String(q.lon), lat: String(q.lat) }, 1, 'phone-1'),
          );
        };
        await dev(1);
        await dev(2);
        await expect(dev(3)).rejects.toMatchObject({ status: 429, details: { limit: 'device' } });
        // The next hour is a new window.
        w.env.clock.advance(HOUR);
        await expect(dev(4)).resolves.toMatchObject({ number: expect.any(String) });
      } finally {
        await w.env.services.publicSettings.update(w.hq, { perIpPerHour: 1000, perDevicePerHour: 1000 });
        w.env.clock.set('2026-03-02T01:00:00.000Z');
      }
    });

    it('paused intake refuses writes with HQ message and writes nothing; the config shows it', async () => {
      await w.env.services.publicSettings.update(w.hq, { intakeOpen: false, pausedMessage: '系统维护中，请拨打12345' });
      try {
        const before = await caseCounts(database);
        const p = freshPoint();
        await expect(reportAt(p)).rejects.toMatchObject({ status: 403, code: 'intake_paused', message: '系统维护中，请拨打12345' });
        expect(await caseCounts(database)).toEqual(before);
        expect(await svc().config()).toMatchObject({ intakeOpen: false, pausedMessage: '系统维护中，请拨打12345' });
      } finally {
        await w.env.services.publicSettings.update(w.hq, { intakeOpen: true });
      }
      const cfg = await svc().config();
      expect(cfg).toMatchObject({ intakeOpen: true, pausedMessage: null, maxPhotos: 3, tileUrl: null, cityName: '周口市' });
      expect(cfg.categories.map((c) => c.code)).toEqual(['E01-01', 'C01-01']);
      expect(cfg.categories[0]!.group).toEqual(expect.any(String));
    });

    it('duplicates: both sides of the radius and of the window; +1 counts; force reports anyway', async () => {
      const a = freshPoint();
      const first = await reportAt(a);
      // 49 m: offered; 51 m: a new case.
      const p49 = north(a.lon, a.lat, 49);
      const p51 = north(a.lon, a.lat, 51);
      expect(distanceMeters(a, p49)).toBeLessThan(50);
      expect(distanceMeters(a, p51)).toBeGreaterThan(50);
      const dup = await reportAt(p49).catch((e: unknown) => e);
      expect(dup).toMatchObject({ status: 409, code: 'duplicate_candidates' });
      const candidates = (dup as { details: { candidates: { number: string; distanceM: number }[] } }).details.candidates;
      expect(candidates).toEqual([expect.objectContaining({ number: first.number, distanceM: 49, plusOnes: 0, stage: 'received' })]);
      // A different category at the same point is not a duplicate.
      await expect(
        svc().report(ctx, await write({ categoryCode: 'C01-01', description: '井盖缺失', lon: String(p49.lon), lat: String(p49.lat) })),
      ).resolves.toBeTruthy();
      const far = await reportAt(p51, {});
      expect(far.number).not.toBe(first.number);
      // +1 instead: the count goes up and HQ sees it on the case row.
      const plus = await svc().plusOne(ctx, first.number, { ...(await write({ description: '我家门口也有' }, 1)) });
      expect(plus).toEqual({ number: first.number, plusOnes: 1 });
      const row = await database.db
        .selectFrom('cases')
        .select(['id', 'plus_one_count'])
        .where('number', '=', first.number)
        .executeTakeFirstOrThrow();
      expect(row.plus_one_count).toBe(1);
      const ones = await database.db.selectFrom('case_plus_ones').selectAll().where('case_id', '=', row.id).execute();
      expect(ones).toHaveLength(1);
      expect(ones[0]!.file_id).not.toBeNull();
      expect(JSON.stringify(ones)).not.toContain(ctx.clientIp!);
      expect(await database.db.selectFrom('audit_log').select('seq').where('action', '=', 'public.plus_one').execute()).toHaveLength(1);
      // force: a new case at 49 m.
      const forced = await reportAt(p49, { force: 'true' });
      expect(forced.number).not.toBe(first.number);
    });

    it('duplicates within the window only: 6.9 days offered, 7.1 days a new case', async () => {
      const a = freshPoint();
      const start = w.env.clock.now().getTime();
      const first = await reportAt(a);
      try {
        w.env.clock.set(new Date(start + 6.9 * DAY));
        await expect(reportAt(north(a.lon, a.lat, 10))).rejects.toMatchObject({ status: 409, code: 'duplicate_candidates' });
        w.env.clock.set(new Date(start + 7.1 * DAY));
        const later = await reportAt(north(a.lon, a.lat, 10));
        expect(later.number).not.toBe(first.number);
      } finally {
        w.env.clock.set(new Date(start));
      }
    });

    it('+1 on a closed or unknown case is refused in Chinese', async () => {
      await expect(svc().plusOne(ctx, '2026-999999', await write({}, 0))).rejects.toMatchObject({ status: 404 });
      const r = await reportAt(freshPoint());
      const id = (await database.db.selectFrom('cases').select('id').where('number', '=', r.number).executeTakeFirstOrThrow()).id;
      const c = await w.env.services.caseQuery.get(w.hq, id);
      await w.env.services.cases.act(w.hq, id, { action: 'reject', version: c.version, reason: '不属于受理范围' }, []);
      const e = await svc()
        .plusOne(ctx, r.number, await write({}, 0))
        .catch((x: unknown) => x);
      expect(e).toMatchObject({ status: 409, code: 'case_closed' });
      expect((e as Error).message).toMatch(/[\u4e00-\u9fff]/);
    });

    it('bad input names the field, in Chinese, and writes nothing', async () => {
      const p = freshPoint();
      const good = { categoryCode: 'E01-01', description: '垃圾', lon: String(p.lon), lat: String(p.lat) };
      const before = await caseCounts(database);
      const cases: [Record<string, string>, number, string][] = [
        [{ categoryCode: 'E02-01' }, 1, 'categoryCode'],
        [{ categoryCode: '' }, 1, 'categoryCode'],
        [{ description: ' ' }, 1, 'description'],
        [{ description: 'x'.repeat(2001) }, 1, 'description'],
        [{ lon: 'abc' }, 1, 'lon'],
        [{ lat: '' }, 1, 'lat'],
        [{ lon: '10' }, 1, 'lon'],
        [{ lat: '80' }, 1, 'lat'],
        [{ reporterName: '名'.repeat(51), consent: 'true' }, 1, 'reporterName'],
        [{ reporterPhone: '12345', consent: 'true' }, 1, 'reporterPhone'],
        [{ reporterPhone: '13800138000' }, 1, 'consent'],
        [{ reporterName: '李' }, 1, 'consent'],
        [{ positionPrivate: 'yes' }, 1, 'positionPrivate'],
        [{ extra: '1' }, 1, 'extra'],
        [{}, 0, 'photo'],
        [{}, 4, 'photo'],
      ];
      for (const [extra, files, field] of cases) {
        const e = await svc()
          .report(ctx, await write({ ...good, ...extra }, files))
          .catch((x: unknown) => x);
        expect(e, field).toMatchObject({ details: { field } });
        expect((e as { status: number }).status, field).toBeGreaterThanOrEqual(400);
        expect((e as { status: number }).status, field).toBeLessThan(500);
        expect((e as Error).message, field).toMatch(/[\u4e00-\u9fff]/);
      }
      // A file that is not an image is found by its content.
      const notImage = { ...(await write(good)), files: [upload(Buffer.from('GIF89a not really'), 'photo', 'a.jpg')] };
      await expect(svc().report(ctx, notImage)).rejects.toMatchObject({ status: 415, details: { field: 'photo' } });
      expect(await caseCounts(database)).toEqual(before);
    });

    it('tracking: the full view with the token, the minimal one by number, else 404; private positions never shown', async () => {
      const p = freshPoint();
      const r = await reportAt(p, { reporterPhone: '13900139000', consent: 'true', positionPrivate: 'true', address: '私宅门口' });
      const full = await svc().view(r.number, r.token);
      expect(full).toMatchObject({ full: true, stage: 'received', position: null, address: null, canRate: false, plusOnes: 0 });
      expect(full.photos).toEqual([{ kind: 'before', url: expect.stringContaining(`/api/public/cases/${r.number}/photos/`) }]);
      expect(full.timeline).toEqual([expect.objectContaining({ stage: 'received', text: '已收到，等待受理' })]);
      const minimal = await svc().view(r.number, undefined);
      expect(minimal).toMatchObject({ full: false, position: null, photos: [], timeline: [], closingNote: null });
      expect(await svc().view(r.number, 'wrong-token')).toEqual(minimal);
      const open = await reportAt(freshPoint());
      const exact = await svc().view(open.number, open.token);
      expect(exact.position).toMatchObject({ coarse: false });
      expect((await svc().view(open.number, undefined)).position).toMatchObject({ coarse: true });
      // A staff inspection case is not public, by number or otherwise.
      const insp = await w.env.services.cases.report(
        w.insp,
        { source: 'inspection', categoryCode: 'E01-01', description: '巡查', lon: p.lon, lat: p.lat },
        await photos(1),
      );
      await expect(svc().view(insp.number, undefined)).rejects.toMatchObject({ status: 404 });
      await w.env.services.publicSettings.update(w.hq, { trackByNumber: false });
      try {
        await expect(svc().view(r.number, undefined)).rejects.toMatchObject({ status: 404 });
        await expect(svc().view(r.number, 'wrong')).rejects.toMatchObject({ status: 404 });
        expect((await svc().view(r.number, r.token)).full).toBe(true);
      } finally {
        await w.env.services.publicSettings.update(w.hq, { trackByNumber: true });
      }
      // Photos: the public copy with the token only, and only of that case.
      const fileId = Number(/photos\/(\d+)/.exec(full.photos[0]!.url)![1]);
      expect((await svc().photo(r.number, fileId, r.token)).mime).toMatch(/^image\//);
      await expect(svc().photo(r.number, fileId, 'nope')).rejects.toMatchObject({ status: 404 });
      await expect(svc().photo(open.number, fileId, open.token)).rejects.toMatchObject({ status: 404 });
    });

    it('privacy: staff names, the reporter, internal notes, unit ids and exact positions never reach the public', async () => {
      const q = freshPoint();
      // Digits no coarse position shares.
      const p = { lon: q.lon + 0.00123457, lat: q.lat };
      const r = await reportAt(p, {
        reporterName: '赵秘密',
        reporterPhone: '13712345678',
        consent: 'true',
        positionPrivate: 'true',
        address: '幸福小区3号楼',
      });
      const id = (await database.db.selectFrom('cases').select('id').where('number', '=', r.number).executeTakeFirstOrThrow()).id;
      const handlerUser = await makeUser(database, {
        username: 'secret-handler',
        unit: w.city.dept,
        roles: [{ role: 'unit_handler', unit: w.city.dept }],
      });
      const handler = await contextFor(database, handlerUser.id);
      const act = async (c: RequestContext, body: Record<string, unknown>, files = 0) => {
        const cur = await w.env.services.caseQuery.get(w.hq, id);
        return w.env.services.cases.act(c, id, { version: cur.version, ...body } as never, files ? await photos(files) : []);
      };
      await act(w.hq, { action: 'accept', note: '内部备注：请张科长亲自处理' });
      await act(w.hq, { action: 'dispatch', unitId: w.city.dept.id, note: '派单备注：领导关注件' });
      await act(handler, { action: 'acknowledge' });
      await act(handler, { action: 'rectify', note: '已清理完毕并加装垃圾桶' }, 1);
      await act(w.insp, { action: 'verify_close', note: '核查备注：内部' }, 1);
      const staff = await database.db
        .selectFrom('users')
        .select(['username', 'display_name'])
        .where('id', 'in', [handlerUser.id, w.inspId, w.hq.actor!.userId])
        .execute();
      const views = [await svc().view(r.number, r.token), await svc().view(r.number, undefined), await svc().map()];
      const full = views[0] as Awaited<ReturnType<ReturnType<typeof svc>['view']>>;
      expect(full).toMatchObject({ stage: 'closed', unitName: w.city.dept.name, closingNote: '已清理完毕并加装垃圾桶', canRate: true });
      expect(full.photos.map((x) => x.kind).sort()).toEqual(['after', 'before']);
      expect(full.timeline.map((t) => t.stage)).toEqual(['received', 'accepted', 'in_progress', 'checking', 'closed']);
      for (const v of views) {
        const json = JSON.stringify(v);
        for (const s of staff) {
          expect(json).not.toContain(s.username);
          expect(json).not.toContain(s.display_name);
        }
        for (const secret of [
          '赵秘密',
          '13712345678',
          '内部备注',
          '派单备注',
          '核查备注',
          '幸福小区',
          String(p.lon),
          String(p.lat),
          `"unitId"`,
          `"assignedUnitId"`,
        ])
          expect(json).not.toContain(secret);
      }
      expect((views[2] as { items: { number: string }[] }).items.map((i) => i.number)).not.toContain(r.number);
    });

    it('the map: recent public cases at coarse positions, 404 when HQ has not enabled it', async () => {
      const p = freshPoint();
      const r = await reportAt(p);
      const map = await svc().map();
      const item = map.items.find((i) => i.number === r.number)!;
      expect(item).toBeTruthy();
      expect(item.lon).not.toBe(p.lon);
      expect(distanceMeters(p, item)).toBeLessThan(300);
      await w.env.services.publicSettings.update(w.hq, { publicMap: false });
      try {
        await expect(svc().map()).rejects.toMatchObject({ status: 404 });
      } finally {
        await w.env.services.publicSettings.update(w.hq, { publicMap: true });
      }
    });
  });
}
