import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext } from '../../src/services/context.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/db.js';
import { contextFor, makeCity, makeEnv, makeUnit, makeUser, type TestEnv } from '../helpers/factories.js';
import { photos } from '../helpers/images.js';

/** 09:00 China time on a day of March 2026. */
const at = (day: string) => new Date(`2026-03-${day}T01:00:00.000Z`);

for (const dialect of DIALECTS) {
  describe(`escalation sweep on ${dialect}`, () => {
    let database: TestDatabase;
    let env: TestEnv;
    let city: Awaited<ReturnType<typeof makeCity>>;
    let hq: RequestContext;
    let insp: RequestContext;
    let handler: RequestContext;
    let otherHandler: RequestContext;
    let otherId: number;
    const ids: Record<'A' | 'B' | 'C' | 'D' | 'E', number> = { A: 0, B: 0, C: 0, D: 0, E: 0 };

    const letters = async () =>
      (await database.db.selectFrom('letters').select(['id', 'number', 'type', 'unit_id', 'status']).orderBy('id').execute()).map((l) => ({ ...l, cases: [] as number[] }));
    const casesOf = async (letterId: number) => (await database.db.selectFrom('letter_cases').select('case_id').where('letter_id', '=', letterId).orderBy('case_id').execute()).map((r) => r.case_id);
    const sweepAt = async (instant: Date) => {
      env.clock.set(instant);
      return env.services.escalation.sweep(instant);
    };

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      env = makeEnv(database);
      await env.services.casePolicy.ensureDefaults();
      city = await makeCity(database);
      const other = await makeUnit(database, { code: 'D-JTJ', name: '市交通运输局', kind: 'department', parent: city.city });
      otherId = other.id;
      hq = await contextFor(database, (await makeUser(database, { unit: city.city, roles: [{ role: 'hq_dispatcher', unit: city.city }] })).id);
      insp = await contextFor(database, (await makeUser(database, { unit: city.city, roles: [{ role: 'inspector', unit: city.city }] })).id);
      handler = await contextFor(database, city.handler.id);
      otherHandler = await contextFor(database, (await makeUser(database, { unit: other, roles: [{ role: 'unit_handler', unit: other }] })).id);
      const act = async (ctx: RequestContext, id: number, body: Record<string, unknown>, files = 0) => {
        const c = await env.services.caseQuery.get(hq, id);
        return env.services.cases.act(ctx, id, { version: c.version, ...body } as never, files ? await photos(files) : []);
      };
      // Monday 2026-03-02 09:00: five cases dispatched; deadlines at the end of 03-03 (A, B, D, E) or 03-10 (C).
      const plan: [keyof typeof ids, number, string][] = [['A', city.dept.id, '2026-03-03'], ['B', city.dept.id, '2026-03-03'], ['C', city.dept.id, '2026-03-10'], ['D', other.id, '2026-03-03'], ['E', city.dept.id, '2026-03-03']];
      for (const [k, unitId, deadline] of plan) {
        const r = await env.services.cases.report(insp, { source: 'inspection', categoryCode: 'E01-01', description: `暴露垃圾 ${k}`, lon: 114.65, lat: 33.62, address: '七一路' }, await photos(1));
        await act(hq, r.id, { action: 'accept' });
        await act(hq, r.id, { action: 'dispatch', unitId, deadline, reason: '测试期限' });
        ids[k] = r.id;
      }
      // E is rectified and closed in time: it never escalates.
      await act(handler, ids.E, { action: 'acknowledge' });
      await act(handler, ids.E, { action: 'rectify' }, 1);
      await act(insp, ids.E, { action: 'verify_close' }, 1);
    });
    afterAll(async () => database.drop());

    it('issues exactly the expected letters: twice the same sweep, a 3-day outage, a signed and an unsigned 提醒函', async () => {
      // Wednesday 09:00: nine hours past the deadline, less than one working day.
      expect((await sweepAt(at('04'))).issued).toBe(0);

      // Thursday 09:00: one working day overdue → one 提醒函 per unit, listing its cases.
      const first = await sweepAt(at('05'));
      expect(first.issued).toBe(2);
      expect((await sweepAt(at('05'))).issued).toBe(0);
      let all = await letters();
      expect(all.map((l) => [l.number, l.type, l.unit_id])).toEqual([
        ['周创指提〔2026〕1号', '提醒函', city.dept.id],
        ['周创指提〔2026〕2号', '提醒函', otherId],
      ]);
      expect(await casesOf(all[0]!.id)).toEqual([ids.A, ids.B]);
      expect(await casesOf(all[1]!.id)).toEqual([ids.D]);
      const notices = await database.db.selectFrom('notifications').select('user_id').where('kind', '=', 'letter.issued').execute();
      expect(notices.map((n) => n.user_id)).toContain(city.handler.id);

      // The city department signs for its letter; the other unit never does.
      const signed = await env.services.letters.sign(handler, all[0]!.id, { reply: '已收到，正在整改' });
      expect(signed.state).toBe('replied');
      await expect(env.services.letters.sign(handler, all[0]!.id, {})).rejects.toMatchObject({ status: 409, code: 'already_signed' });
      await expect(env.services.letters.sign(otherHandler, all[0]!.id, {})).rejects.toMatchObject({ status: 404 });

      // Down from Thursday to Tuesday 03-10 09:00. The unsigned reminder's reply deadline (end of Monday)
      // has passed → 督办函 for D; A and B were signed and are not yet 3 working days past their reminder.
      const catchUp = await sweepAt(at('10'));
      expect(catchUp.letters.map((l) => [l.number, l.unitId, l.cases])).toEqual([['周创指督〔2026〕1号', otherId, 1]]);
      expect((await sweepAt(at('10'))).issued).toBe(0);

      // Wednesday 03-11: A and B still open three working days after their reminder → 督办函.
      const third = await sweepAt(at('11'));
      expect(third.letters.map((l) => [l.number, l.unitId, l.cases])).toEqual([['周创指督〔2026〕2号', city.dept.id, 2]]);

      // HQ withdraws the first reminder: its number stays taken and the sweep does not reissue it.
      await env.services.letters.withdraw(hq, all[0]!.id, '误发');
      // Thursday 03-12: C is one working day overdue → the next reminder number is 3, not 1.
      const fourth = await sweepAt(at('12'));
      expect(fourth.letters.map((l) => [l.number, l.unitId, l.cases])).toEqual([['周创指提〔2026〕3号', city.dept.id, 1]]);
      all = await letters();
      expect(all.map((l) => [l.number, l.status])).toEqual([
        ['周创指提〔2026〕1号', 'withdrawn'],
        ['周创指提〔2026〕2号', 'issued'],
        ['周创指督〔2026〕1号', 'issued'],
        ['周创指督〔2026〕2号', 'issued'],
        ['周创指提〔2026〕3号', 'issued'],
      ]);
      const covered = await database.db.selectFrom('letter_cases').select('case_id').where('case_id', '=', ids.E).execute();
      expect(covered).toEqual([]);
      const withdrawal = await database.db.selectFrom('audit_log').select(['action', 'summary']).where('action', '=', 'letter.withdraw').execute();
      expect(withdrawal).toHaveLength(1);
    });

    it('writes every letter’s text from the facts and keeps the state people see', async () => {
      const [reminder] = await env.services.letters.list(hq, { type: '提醒函', state: 'overdue' });
      expect(reminder).toMatchObject({ number: '周创指提〔2026〕2号', unitName: '市交通运输局', auto: true });
      const detail = await env.services.letters.get(otherHandler, reminder!.id);
      expect(detail.deliveredAt).not.toBeNull();
      expect(detail.title).toBe('关于市交通运输局问题整改超期的提醒函');
      expect(detail.body.join('')).toContain('2026年3月9日前');
      expect(detail.cases.map((c) => c.id)).toEqual([ids.D]);
      const supervision = (await env.services.letters.list(hq, { type: '督办函' })).find((l) => l.unitId === otherId)!;
      // The 督办函 cites the reminder it follows.
      expect((await env.services.letters.get(hq, supervision.id)).body.join('')).toContain('周创指提〔2026〕2号');
      // A unit sees only its own letters.
      expect((await env.services.letters.list(otherHandler)).every((l) => l.unitId === otherId)).toBe(true);
    });
  });
}
