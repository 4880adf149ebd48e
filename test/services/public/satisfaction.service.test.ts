import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext } from '../../../src/core/context.js';
import { newPublicToken } from '../../../src/services/public/public-token.js';
import { intakeActor } from '../../../src/services/public/intake-actor.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { contextFor, makeUser, cityWithStaff, type CityWithStaff } from '../../helpers/factories.js';
import { photos } from '../../helpers/images.js';

const DAY = 86_400_000;

for (const dialect of DIALECTS) {
  describe(`SatisfactionService (回访) on ${dialect}`, () => {
    let database: TestDatabase;
    let w: CityWithStaff;
    let handler: RequestContext;
    let insp2: RequestContext;
    let citizen: RequestContext;
    let leader: RequestContext;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      w = await cityWithStaff(database);
      handler = await contextFor(database, w.city.handler.id);
      insp2 = await contextFor(
        database,
        (await makeUser(database, { unit: w.city.city, roles: [{ role: 'inspector', unit: w.city.city }] })).id,
      );
      citizen = await contextFor(
        database,
        (await makeUser(database, { unit: w.city.city, roles: [{ role: 'citizen', unit: w.city.city }] })).id,
      );
      leader = await contextFor(
        database,
        (await makeUser(database, { unit: w.city.city, roles: [{ role: 'leader', unit: w.city.city }] })).id,
      );
    });
    afterAll(async () => database.drop());

    const s = () => w.env.services;
    const act = async (ctx: RequestContext, id: number, body: Record<string, unknown>, files = 0) => {
      const c = await s().caseQuery.get(w.hq, id);
      return s().cases.act(ctx, id, { version: c.version, ...body } as never, files ? await photos(files) : []);
    };
    /** A public report (the intake actor), with its follow-up token; optionally taken to closed. */
    const publicCase = async (close = true, by?: RequestContext) => {
      const ctx: RequestContext = by ?? {
        actor: await intakeActor(database, w.env.clock, { kind: 'public' }),
        requestId: 't',
        clientIp: null,
      };
      const r = await s().cases.report(
        ctx,
        { source: 'citizen', categoryCode: 'E01-01', description: '垃圾没人收', lon: 114.65, lat: 33.62, address: '七一路' },
        await photos(1),
      );
      const { token, hash } = newPublicToken();
      await database.db.updateTable('cases').set({ public_token_hash: hash }).where('id', '=', r.id).execute();
      if (close) {
        await act(w.hq, r.id, { action: 'accept' });
        await act(w.hq, r.id, { action: 'dispatch', unitId: w.city.dept.id });
        await act(handler, r.id, { action: 'acknowledge' });
        await act(handler, r.id, { action: 'rectify', note: '已清运' }, 1);
        await act(insp2, r.id, { action: 'verify_close' }, 1);
      }
      return { ...r, token };
    };
    const anon: RequestContext = { actor: null, requestId: 'anon', clientIp: '10.0.0.1' };
    const rate = (number: string, token: string, rating: string, comment?: string) =>
      s().satisfaction.rate(anon, { number }, { token }, { rating, comment });

    it('rates a closed case once, by its token; the rating counts for the unit that handled it', async () => {
      const c = await publicCase();
      const r = await rate(c.number, c.token, 'basically_satisfied', '  还行  ');
      expect(r).toMatchObject({ number: c.number, rating: 'basically_satisfied', comment: '还行', sentToHq: false });
      await expect(rate(c.number, c.token, 'satisfied')).rejects.toMatchObject({ status: 409, code: 'already_rated' });
      const row = await database.db.selectFrom('case_satisfaction').selectAll().where('case_id', '=', c.id).executeTakeFirstOrThrow();
      expect(row.unit_id).toBe(w.city.dept.id);
      const audit = await database.db
        .selectFrom('audit_log')
        .select(['action', 'actor_name'])
        .where('action', '=', 'case.satisfaction_rate')
        .execute();
      expect(audit.at(-1)?.actor_name).toBe('public-intake');
      const detail = await s().caseQuery.get(w.hq, c.id);
      expect(detail.satisfaction).toMatchObject({ rating: 'basically_satisfied', comment: '还行', review: null });
      expect(detail.plusOneCount).toBe(0);
    });

    it('refuses a case that is not closed (409), a wrong or missing token as an unknown case (404), bad input (422), nothing written', async () => {
      const open = await publicCase(false);
      await expect(rate(open.number, open.token, 'satisfied')).rejects.toMatchObject({ status: 409, code: 'not_closed' });
      const c = await publicCase();
      await expect(rate(c.number, 'wrong-token', 'satisfied')).rejects.toMatchObject({ status: 404 });
      await expect(rate(c.number, '', 'satisfied')).rejects.toMatchObject({ status: 404 });
      await expect(rate('2026-999999', c.token, 'satisfied')).rejects.toMatchObject({ status: 404 });
      await expect(rate(c.number, c.token, 'great')).rejects.toMatchObject({ status: 422, details: { field: 'rating' } });
      await expect(rate(c.number, c.token, 'satisfied', '长'.repeat(501))).rejects.toMatchObject({
        status: 422,
        details: { field: 'comment' },
      });
      const rows = await database.db.selectFrom('case_satisfaction').select('case_id').where('case_id', 'in', [open.id, c.id]).execute();
      expect(rows).toEqual([]);
    });

    it('lets the logged-in reporter rate their own closed case, nobody else', async () => {
      const c = await publicCase(true, citizen);
      expect((await s().caseQuery.get(citizen, c.id)).canRate).toBe(true);
      await expect(s().satisfaction.rate(handler, { caseId: c.id }, { reporter: true }, { rating: 'satisfied' })).rejects.toMatchObject({
        status: 404,
      });
      const r = await s().satisfaction.rate(citizen, { caseId: c.id }, { reporter: true }, { rating: 'satisfied' });
      expect(r.rating).toBe('satisfied');
      const d = await s().caseQuery.get(citizen, c.id);
      expect(d.canRate).toBe(false);
      expect(d.satisfaction?.rating).toBe('satisfied');
    });

    it('不满意 → HQ notified and pending → reopen: the case is open again at dispatched, same unit, fresh deadline; aggregates agree with a recompute', async () => {
      const c = await publicCase();
      const before = await s().caseQuery.get(w.hq, c.id);
      const r = await rate(c.number, c.token, 'dissatisfied', '垃圾又堆起来了');
      expect(r.sentToHq).toBe(true);
      const notes = await database.db
        .selectFrom('notifications')
        .selectAll()
        .where('case_id', '=', c.id)
        .where('kind', '=', 'case.satisfaction_bad')
        .execute();
      expect(notes.map((n) => n.user_id)).toContain(w.hq.actor!.userId);
      const pending = await s().satisfaction.reviews(w.hq, { state: 'pending' });
      expect(pending.items.map((i) => i.caseId)).toContain(c.id);
      const item = pending.items.find((i) => i.caseId === c.id)!;
      expect(item).toMatchObject({
        number: c.number,
        unitName: '市城市管理局',
        rating: 'dissatisfied',
        comment: '垃圾又堆起来了',
        review: null,
      });

      w.env.clock.advance(2 * DAY);
      const done = await s().satisfaction.review(w.hq, c.id, { decision: 'reopened', note: '现场复核属实' });
      expect(done).toMatchObject({ review: 'reopened', reviewNote: '现场复核属实', reviewedBy: expect.any(String) });
      const after = await s().caseQuery.get(w.hq, c.id);
      expect(after.state).toBe('dispatched');
      expect(after.assignedUnitId).toBe(w.city.dept.id);
      expect(Date.parse(after.deadline!)).toBeGreaterThan(w.env.clock.now().getTime());
      expect(after.deadline).not.toBe(before.deadline);
      expect(after.events.at(-1)).toMatchObject({ action: 'verify_reopen', fromState: 'closed', toState: 'dispatched' });
      expect(after.satisfaction).toMatchObject({ review: 'reopened', reviewNote: '现场复核属实' });
      const row = await database.db
        .selectFrom('cases')
        .select(['closed_at', 'reopen_count'])
        .where('id', '=', c.id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ closed_at: null, reopen_count: 1 });
      // the unit hears about the rework
      const unitNote = await database.db
        .selectFrom('notifications')
        .select('user_id')
        .where('case_id', '=', c.id)
        .where('kind', '=', 'case.verify_reopen')
        .execute();
      expect(unitNote.map((n) => n.user_id)).toContain(w.city.handler.id);
      // no longer pending, now done; a second review is a conflict
      expect((await s().satisfaction.reviews(w.hq, {})).items.map((i) => i.caseId)).not.toContain(c.id);
      expect((await s().satisfaction.reviews(w.hq, { state: 'done' })).items.map((i) => i.caseId)).toContain(c.id);
      await expect(s().satisfaction.review(w.hq, c.id, { decision: 'declined', note: 'x' })).rejects.toMatchObject({ status: 409 });
      // the maintained aggregates equal a recompute from the event log
      const check = await s().caseQuery.recompute();
      expect(check.differences).toEqual([]);
      expect(check.equal).toBe(true);
      // the unit can work it and close it again
      await act(handler, c.id, { action: 'acknowledge' });
      await act(handler, c.id, { action: 'rectify', note: '再次清运' }, 1);
      await act(insp2, c.id, { action: 'verify_close' }, 1);
      expect((await s().caseQuery.get(w.hq, c.id)).state).toBe('closed');
      expect((await s().caseQuery.recompute()).equal).toBe(true);
      const audit = await database.db.selectFrom('audit_log').select('summary').where('action', '=', 'case.satisfaction_review').execute();
      expect(audit.some((a) => a.summary.includes('reopened'))).toBe(true);
    });

    it('decline records why not and leaves the case closed; a closed case cannot be reopened through the ordinary act route', async () => {
      const c = await publicCase();
      await rate(c.number, c.token, 'dissatisfied');
      const v = (await s().caseQuery.get(w.hq, c.id)).version;
      await expect(
        s().cases.act(w.hq, c.id, { action: 'verify_reopen', version: v, reason: '想重开' }, await photos(1)),
      ).rejects.toMatchObject({
        status: 409,
        code: 'not_dissatisfied',
      });
      const d = await s().satisfaction.review(w.hq, c.id, { decision: 'declined', note: '已按标准整改，市民诉求超出范围' });
      expect(d).toMatchObject({ review: 'declined', reviewNote: '已按标准整改，市民诉求超出范围' });
      expect((await s().caseQuery.get(w.hq, c.id)).state).toBe('closed');
      await expect(s().satisfaction.review(w.hq, c.id, { decision: 'reopened', note: 'again' })).rejects.toMatchObject({
        status: 409,
        details: { text: { zh: '这条评价已经复核过了' } },
      });
      await expect(s().satisfaction.review(w.hq, c.id, { decision: 'declined', note: '  ' })).rejects.toMatchObject({
        status: 422,
        details: { field: 'note', text: { zh: '请填写复核说明' } },
      });
    });

    it('only HQ reviews; a satisfied rating is not reviewed; unknown case 404', async () => {
      const c = await publicCase();
      await rate(c.number, c.token, 'satisfied');
      await expect(s().satisfaction.reviews(handler, {})).rejects.toMatchObject({ status: 403 });
      await expect(s().satisfaction.review(leader, c.id, { decision: 'declined', note: 'x' })).rejects.toMatchObject({ status: 403 });
      await expect(s().satisfaction.review(w.hq, c.id, { decision: 'declined', note: 'x' })).rejects.toMatchObject({ status: 409 });
      await expect(s().satisfaction.review(w.hq, 999_999, { decision: 'declined', note: 'x' })).rejects.toMatchObject({ status: 404 });
    });

    it('the unit indicator: counts per unit in the period and 满意率 = (满意 + 基本满意) / rated; leaders read it, units do not', async () => {
      const today = new Date(w.env.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
      const list = await s().satisfaction.units(leader, { from: '2026-01-01', to: today });
      const dept = list.items.find((i) => i.unitId === w.city.dept.id)!;
      const rows = await database.db.selectFrom('case_satisfaction').select('rating').where('unit_id', '=', w.city.dept.id).execute();
      const good = rows.filter((r) => r.rating !== 'dissatisfied').length;
      expect(dept).toMatchObject({ unitName: '市城市管理局', rated: rows.length });
      expect(dept.rate).toBeCloseTo(good / rows.length, 10);
      expect(dept.satisfied + dept.basicallySatisfied + dept.dissatisfied).toBe(dept.rated);
      // the period excludes ratings outside it (both sides of the limit)
      expect((await s().satisfaction.units(w.hq, { from: '2026-01-01', to: '2026-03-01' })).items).toEqual([]);
      expect((await s().satisfaction.units(w.hq, { from: today, to: today })).items.length).toBe(1);
      await expect(s().satisfaction.units(w.hq, { from: today, to: '2026-01-01' })).rejects.toMatchObject({ status: 422 });
      await expect(s().satisfaction.units(handler, {})).rejects.toMatchObject({ status: 403 });
    });
  });
}
