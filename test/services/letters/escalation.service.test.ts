import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { letterRepository } from '../../../src/db/repositories/letter.repository.js';
import { conflict } from '../../../src/core/errors.js';
import type { RequestContext } from '../../../src/core/context.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { contextFor, makeCity, makeEnv, makeUnit, makeUser, type TestEnv, cityWithStaff } from '../../helpers/factories.js';
import { photos } from '../../helpers/images.js';

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
      (await database.db.selectFrom('letters').select(['id', 'number', 'type', 'unit_id', 'status']).orderBy('id').execute()).map((l) => ({
        ...l,
        cases: [] as number[],
      }));
    const casesOf = async (letterId: number) =>
      (await database.db.selectFrom('letter_cases').select('case_id').where('letter_id', '=', letterId).orderBy('case_id').execute()).map(
        (r) => r.case_id,
      );
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
      hq = await contextFor(
        database,
        (await makeUser(database, { unit: city.city, roles: [{ role: 'hq_dispatcher', unit: city.city }] })).id,
      );
      insp = await contextFor(
        database,
        (await makeUser(database, { unit: city.city, roles: [{ role: 'inspector', unit: city.city }] })).id,
      );
      handler = await contextFor(database, city.handler.id);
      otherHandler = await contextFor(
        database,
        (await makeUser(database, { unit: other, roles: [{ role: 'unit_handler', unit: other }] })).id,
      );
      const act = async (ctx: RequestContext, id: number, body: Record<string, unknown>, files = 0) => {
        const c = await env.services.caseQuery.get(hq, id);
        return env.services.cases.act(ctx, id, { version: c.version, ...body } as never, files ? await photos(files) : []);
      };
      // Monday 2026-03-02 09:00: five cases dispatched; deadlines at the end of 03-03 (A, B, D, E) or 03-10 (C).
      const plan: [keyof typeof ids, number, string][] = [
        ['A', city.dept.id, '2026-03-03'],
        ['B', city.dept.id, '2026-03-03'],
        ['C', city.dept.id, '2026-03-10'],
        ['D', other.id, '2026-03-03'],
        ['E', city.dept.id, '2026-03-03'],
      ];
      for (const [k, unitId, deadline] of plan) {
        const r = await env.services.cases.report(
          insp,
          { source: 'inspection', categoryCode: 'E01-01', description: `暴露垃圾 ${k}`, lon: 114.65, lat: 33.62, address: '七一路' },
          await photos(1),
        );
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
      const withdrawal = await database.db
        .selectFrom('audit_log')
        .select(['action', 'summary'])
        .where('action', '=', 'letter.withdraw')
        .execute();
      expect(withdrawal).toHaveLength(1);
    });

    it('writes every letter’s text from the facts and keeps the state people see', async () => {
      const [reminder] = await env.services.letters.list(hq, { type: '提醒函', state: 'overdue' });
      expect(reminder).toMatchObject({ number: '周创指提〔2026〕2号', unitName: '市交通运输局', auto: true });
      const detail = await env.services.letters.delivered(otherHandler, reminder!.id);
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

    it('issues a hand letter when the case policy cache has lapsed (SQLite has one connection: no read outside the transaction)', async () => {
      env.services.casePolicy.invalidate();
      const draft = await env.services.letters.draft(hq, { unitId: city.dept.id, type: '督查通报', caseIds: [ids.C] });
      env.services.casePolicy.invalidate();
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('letter issue hung')), 10_000));
      const issued = await Promise.race([env.services.letters.issue(hq, draft.id), timeout]);
      expect(issued.status).toBe('issued');
      expect(issued.number).toMatch(/〔2026〕\d+号$/);
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`one transaction per sweep, a savepoint per letter, on ${dialect}`, () => {
    let database: TestDatabase;
    let env: TestEnv;
    let hq: RequestContext;
    /** Five units, one overdue case each (in unit order, which is the order the sweep issues in). */
    const units: { id: number; handlerId: number; caseId: number }[] = [];

    const issuedLetters = async () =>
      database.db
        .selectFrom('letters')
        .select(['id', 'number', 'unit_id', 'status'])
        .where('status', '=', 'issued')
        .orderBy('id')
        .execute();
    const counter = async () =>
      (await database.db.selectFrom('counters').select('value').where('name', 'like', '%提醒函%').executeTakeFirst())?.value ?? null;
    const counts = async () => ({
      letters: (await database.db.selectFrom('letters').select('id').execute()).length,
      letterCases: (await database.db.selectFrom('letter_cases').select('id').execute()).length,
      audits: (await database.db.selectFrom('audit_log').select('seq').where('action', '=', 'letter.issue').execute()).length,
      notices: (await database.db.selectFrom('notifications').select('id').where('kind', '=', 'letter.issued').execute()).length,
      counter: await counter(),
    });
    /** A draft letter whose coverage of `caseId` is active: the case counts as already having a letter of the rung. */
    const coverAlready = async (unitId: number, caseId: number, rungKey: string) => {
      const iso = at('04').toISOString();
      const id = await letterRepository.insert(database.db, {
        number: null,
        year: null,
        seq: null,
        type: '提醒函',
        rung_key: rungKey,
        campaign_id: null,
        issuer_name: '测试',
        issuer_code: '测试',
        unit_id: unitId,
        addressee: '测试',
        title: '测试',
        body: '[]',
        status: 'draft',
        auto: 0,
        reply_deadline: null,
        issued_at: null,
        issued_by: null,
        delivered_at: null,
        signed_at: null,
        signed_by: null,
        reply: null,
        replied_at: null,
        withdrawn_at: null,
        withdrawn_by: null,
        withdraw_reason: null,
        created_by: null,
        created_at: iso,
        updated_at: iso,
      });
      await letterRepository.addCases(database.db, id, [caseId], rungKey, true);
      return id;
    };

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      const { city, insp, ...staff } = await cityWithStaff(database);
      ({ env, hq } = staff);
      for (const i of [1, 2, 3, 4, 5]) {
        const unit = await makeUnit(database, { code: `D-T${i}`, name: `市测试${i}局`, kind: 'department', parent: city.city });
        const handler = await makeUser(database, { unit, roles: [{ role: 'unit_handler', unit }] });
        const r = await env.services.cases.report(
          insp,
          { source: 'inspection', categoryCode: 'E01-01', description: `暴露垃圾 ${i}`, lon: 114.65, lat: 33.62, address: '七一路' },
          await photos(1),
        );
        for (const body of [{ action: 'accept' }, { action: 'dispatch', unitId: unit.id, deadline: '2026-03-03', reason: '测试期限' }]) {
          const c = await env.services.caseQuery.get(hq, r.id);
          await env.services.cases.act(hq, r.id, { version: c.version, ...body } as never, []);
        }
        units.push({ id: unit.id, handlerId: handler.id, caseId: r.id });
      }
      env.clock.set(at('05'));
    });
    afterEach(() => vi.restoreAllMocks());
    afterAll(async () => database.drop());

    it('plans one 提醒函 per unit, in unit order', async () => {
      const { planned } = await env.services.escalation.plan(at('05'));
      expect(planned.map((p) => [p.unitId, p.caseIds])).toEqual(units.map((u) => [u.id, [u.caseId]]));
    });

    it('any other error fails the whole sweep: nothing of it is committed', async () => {
      const before = await counts();
      const notify = env.services.notifications.notify.bind(env.services.notifications);
      let calls = 0;
      vi.spyOn(env.services.notifications, 'notify').mockImplementation(async (trx, n) => {
        if (++calls === 3) throw new Error('mail queue on fire');
        return notify(trx, n);
      });
      await expect(env.services.escalation.sweep(at('05'))).rejects.toThrow('mail queue on fire');
      expect(calls).toBe(3);
      // Two letters had been issued under their savepoints when the third failed: both are gone too.
      expect(await counts()).toEqual(before);
      expect(await issuedLetters()).toEqual([]);
    });

    it('a letter that hits a 409 or a unique violation is rolled back to its savepoint and skipped; the others commit, numbered without gaps', async () => {
      const { planned } = await env.services.escalation.plan(at('05'));
      const rungKey = planned[0]!.rungKey;
      const [u1, u2, u3, u4, u5] = units as [(typeof units)[0], (typeof units)[0], (typeof units)[0], (typeof units)[0], (typeof units)[0]];
      // The second letter's case is already covered by a letter of the rung: found before issuing.
      const blocker2 = await coverAlready(u2.id, u2.caseId, rungKey);
      // So is the third's, but the check misses it (as when another writer commits in between):
      // the unique index refuses the coverage — a failed statement, after which PostgreSQL
      // would refuse everything else in the transaction without the savepoint.
      const blocker3 = await coverAlready(u3.id, u3.caseId, rungKey);
      const coveredCases = letterRepository.coveredCases.bind(letterRepository);
      vi.spyOn(letterRepository, 'coveredCases').mockImplementation(async (db, caseIds, key) =>
        (await coveredCases(db, caseIds, key)).filter((id) => id !== u3.caseId),
      );
      // The fourth is issued in full (number, audit record, notice), then answers 409: all of it must go.
      // (Its notice is the last thing the issuing command writes for a letter.)
      const notify = env.services.notifications.notify.bind(env.services.notifications);
      vi.spyOn(env.services.notifications, 'notify').mockImplementation(async (trx, n) => {
        const written = await notify(trx, n);
        if (n.kind === 'letter.issued' && n.userIds.includes(u4.handlerId)) throw conflict('caseIds', 'lost a race (simulated)');
        return written;
      });
      const before = await counts();

      const report = await env.services.escalation.sweep(at('05'));
      expect(report).toMatchObject({ planned: 5, issued: 2, skipped: 3 });
      expect(report.letters.map((l) => [l.number, l.unitId, l.cases])).toEqual([
        ['周创指提〔2026〕1号', u1.id, 1],
        ['周创指提〔2026〕2号', u5.id, 1],
      ]);
      const issued = await issuedLetters();
      expect(issued.map((l) => [l.number, l.unit_id])).toEqual([
        ['周创指提〔2026〕1号', u1.id],
        ['周创指提〔2026〕2号', u5.id],
      ]);
      // Gapless: the skipped letters gave their numbers back; nothing else of them is left.
      expect(await counts()).toEqual({
        letters: before.letters + 2,
        letterCases: before.letterCases + 2,
        audits: before.audits + 2,
        notices: before.notices + 2,
        counter: 2,
      });
      const drafts = await database.db.selectFrom('letters').select('id').where('status', '=', 'draft').orderBy('id').execute();
      expect(drafts.map((d) => d.id)).toEqual([blocker2, blocker3]);
      const notified = await database.db
        .selectFrom('notifications')
        .select('user_id')
        .where('kind', '=', 'letter.issued')
        .orderBy('user_id')
        .execute();
      expect(notified.map((n) => n.user_id)).toEqual([u1.handlerId, u5.handlerId]);
      const audits = await database.db
        .selectFrom('audit_log')
        .select('target_id')
        .where('action', '=', 'letter.issue')
        .orderBy('seq')
        .execute();
      expect(audits.map((a) => Number(a.target_id))).toEqual(issued.map((l) => l.id));
      expect((await env.services.audit.verify(null)).ok).toBe(true);

      // Once the blockers are gone the skipped letters are issued, continuing the sequence.
      vi.restoreAllMocks();
      await database.db.deleteFrom('letter_cases').where('letter_id', 'in', [blocker2, blocker3]).execute();
      const next = await env.services.escalation.sweep(at('05'));
      expect(next).toMatchObject({ issued: 3, skipped: 0 });
      expect(next.letters.map((l) => [l.number, l.unitId])).toEqual([
        ['周创指提〔2026〕3号', u2.id],
        ['周创指提〔2026〕4号', u3.id],
        ['周创指提〔2026〕5号', u4.id],
      ]);
      expect(await counter()).toBe(5);
      expect((await env.services.escalation.sweep(at('05'))).issued).toBe(0);
    });

    it('two sweeps at once: every letter is issued once, numbered without gaps; the other sweep skips them', async () => {
      // Tuesday 03-10: the reminders' reply deadline has passed unsigned → a 督办函 for every unit.
      env.clock.set(at('10'));
      const [a, b] = await Promise.all([env.services.escalation.sweep(at('10')), env.services.escalation.sweep(at('10'))]);
      // Usually both plan the five before either commits, and one skips what the other issued. On a
      // loaded machine one sweep can commit before the other has read what is due: that one then
      // plans fewer (none, when it reads after the commit). Whatever the timing, each letter once.
      for (const s of [a, b]) expect(s.planned).toBeLessThanOrEqual(5);
      expect(a.planned + b.planned).toBeGreaterThanOrEqual(5);
      expect(a.issued + b.issued).toBe(5);
      expect(a.skipped + b.skipped).toBe(a.planned + b.planned - 5);
      const numbers = [...a.letters, ...b.letters].map((l) => l.number).sort();
      expect(numbers).toEqual([1, 2, 3, 4, 5].map((n) => `周创指督〔2026〕${n}号`));
      const stored = await database.db.selectFrom('letters').select('number').where('type', '=', '督办函').execute();
      expect(stored.map((l) => l.number).sort()).toEqual(numbers);
    });
  });
}
