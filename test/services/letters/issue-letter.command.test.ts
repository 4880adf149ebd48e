import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { letterRepository } from '../../../src/db/repositories/letter.repository.js';
import type { Ladder, Rung } from '../../../src/domain/letters/ladder.js';
import { formatLetterNumber } from '../../../src/domain/letters/numbering.js';
import { systemContext, type RequestContext } from '../../../src/core/context.js';
import { IssueLetterCommand, type IssueOutcome } from '../../../src/services/letters/issue-letter.command.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { cityWithStaff, makeUnit, makeUser, type TestEnv } from '../../helpers/factories.js';
import { photos } from '../../helpers/images.js';

/** 09:00 China time on a day of March 2026. */
const at = (day: string) => new Date(`2026-03-${day}T01:00:00.000Z`);

for (const dialect of DIALECTS) {
  describe(`the letter-issuing command on ${dialect}`, () => {
    let database: TestDatabase;
    let env: TestEnv;
    let hq: RequestContext;
    let ladder: Ladder;
    let command: IssueLetterCommand;
    /** Three units, one overdue case each. */
    const units: { id: number; handlerId: number; caseId: number }[] = [];

    const rung = (key: string): Rung => ladder.rungs.find((r) => r.key === key)!;
    const numbered = (r: Rung, ...serials: number[]) => serials.map((n) => formatLetterNumber(r.issuer.code, 2026, n));
    const counter = async (r: Rung) =>
      (await database.db.selectFrom('counters').select('value').where('name', 'like', `%${r.issuer.code}%`).executeTakeFirst())?.value ?? 0;
    const counts = async () => ({
      letters: (await database.db.selectFrom('letters').select('id').execute()).length,
      coverage: (await database.db.selectFrom('letter_cases').select('id').where('active', '=', 1).execute()).length,
      audits: (await database.db.selectFrom('audit_log').select('seq').where('action', '=', 'letter.issue').execute()).length,
      notices: (await database.db.selectFrom('notifications').select('id').where('kind', '=', 'letter.issued').execute()).length,
    });
    const issuedOf = (outcomes: IssueOutcome[]) => outcomes.flatMap((o) => (o.issued ? [o] : []));
    /** The planned letters of a rung for the given units, as the sweep hands them to the command. */
    const planned = (r: Rung, of: typeof units) => of.map((u) => ({ rung: r, unitId: u.id, caseIds: [u.caseId], campaignId: null }));

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      const { city, insp, ...staff } = await cityWithStaff(database);
      ({ env, hq } = staff);
      for (const i of [1, 2, 3]) {
        const unit = await makeUnit(database, { code: `D-C${i}`, name: `市命令${i}局`, kind: 'department', parent: city.city });
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
      ladder = await env.services.campaigns.ladder(database.db);
      command = new IssueLetterCommand(database, env.services.audit, env.services.notifications, env.services.casePolicy);
      env.clock.set(at('05'));
    });
    afterEach(() => vi.restoreAllMocks());
    afterAll(async () => database.drop());

    it('hand issue and the sweep share it: one call each, the same number, body, audit record and notice', async () => {
      const issue = vi.spyOn(IssueLetterCommand.prototype, 'issue');
      const sweep = await env.services.escalation.sweep(at('05'));
      expect(sweep.letters.map((l) => l.number)).toEqual(numbered(rung('reminder'), 1, 2, 3));
      expect(issue).toHaveBeenCalledTimes(1);
      expect(issue.mock.calls[0]![2]).toHaveLength(3);
      expect(issue.mock.calls[0]![3]).toEqual({ onLost: 'skip' });

      const draft = await env.services.letters.draft(hq, { unitId: units[0]!.id, type: '工作联系函', caseIds: [units[0]!.caseId] });
      const hand = await env.services.letters.issue(hq, draft.id);
      expect(issue).toHaveBeenCalledTimes(2);
      expect(issue.mock.calls[1]![2]).toHaveLength(1);
      expect(hand.number).toBe(formatLetterNumber(ladder.handLetters!.issuer.code, 2026, 1));

      // Both kinds were written the same way: a body from the facts, a reply deadline, an audit record and a notice.
      const swept = await env.services.letters.get(hq, (await letterRepository.list(database.db, { type: '提醒函' }))[0]!.id);
      for (const l of [swept, hand]) {
        expect(l.status).toBe('issued');
        expect(l.body.length).toBeGreaterThan(0);
        expect(l.replyDeadline).not.toBeNull();
      }
      expect([swept.auto, hand.auto]).toEqual([true, false]);
      const audits = await database.db.selectFrom('audit_log').select('target_id').where('action', '=', 'letter.issue').execute();
      const issuedIds = (await letterRepository.list(database.db, { statuses: ['issued'] })).map((l) => l.id);
      expect(audits.map((a) => Number(a.target_id)).sort((a, b) => a - b)).toEqual(issuedIds.sort((a, b) => a - b));
      expect(audits).toHaveLength(4);
      const notices = await database.db
        .selectFrom('notifications')
        .select(['user_id', 'title'])
        .where('kind', '=', 'letter.issued')
        .where('user_id', '=', units[0]!.handlerId)
        .execute();
      expect(notices.map((n) => n.title).sort()).toEqual([`提醒函 ${sweep.letters[0]!.number}`, `工作联系函 ${hand.number}`].sort());
      expect((await env.services.audit.verify(null)).ok).toBe(true);
    });

    it('a lost race rolls back only its letter: the others stand, numbered without gaps', async () => {
      const supervision = rung('supervision');
      const [u1, u2, u3] = units as [(typeof units)[0], (typeof units)[0], (typeof units)[0]];
      // Another writer issues u2's 督办函 by hand first …
      const draft = await env.services.letters.draft(hq, { unitId: u2.id, rungKey: supervision.key, caseIds: [u2.caseId] });
      expect((await env.services.letters.issue(hq, draft.id)).number).toBe(numbered(supervision, 1)[0]);
      // … and the command's check does not see it (as when it commits in between): the unique index decides.
      const coveredCases = letterRepository.coveredCases.bind(letterRepository);
      vi.spyOn(letterRepository, 'coveredCases').mockImplementation(async (db, caseIds, key) =>
        (await coveredCases(db, caseIds, key)).filter((id) => id !== u2.caseId),
      );
      const before = await counts();

      const outcomes = await command.issue(systemContext('escalation'), at('05'), planned(supervision, [u1, u2, u3]), { onLost: 'skip' });
      expect(outcomes.map((o) => o.issued)).toEqual([true, false, true]);
      expect(outcomes[1]).toMatchObject({ issued: false, refusal: { status: 409 } });
      expect(issuedOf(outcomes).map((o) => [o.number, o.unitId])).toEqual([
        [numbered(supervision, 2)[0], u1.id],
        [numbered(supervision, 3)[0], u3.id],
      ]);
      // Nothing of the lost letter is left: no row, coverage, number, audit record or notice.
      expect(await counts()).toEqual({
        letters: before.letters + 2,
        coverage: before.coverage + 2,
        audits: before.audits + 2,
        notices: before.notices + 2,
      });
      expect(await counter(supervision)).toBe(3);
      const stored = await database.db.selectFrom('letters').select('number').where('type', '=', supervision.type).execute();
      expect(stored.map((l) => l.number).sort()).toEqual(numbered(supervision, 1, 2, 3));
      expect((await env.services.audit.verify(null)).ok).toBe(true);
    });

    it('by hand a lost race is a 409 naming caseIds, and nothing of it is committed', async () => {
      const supervision = rung('supervision');
      const u1 = units[0]!;
      // u1's case already has its 督办函 (the previous test): a second one by hand loses.
      const draft = await env.services.letters.draft(hq, { unitId: u1.id, rungKey: supervision.key, caseIds: [u1.caseId] });
      const before = await counts();
      await expect(env.services.letters.issue(hq, draft.id)).rejects.toMatchObject({
        status: 409,
        details: { field: 'caseIds', text: { zh: `所选案卷中有 1 件已有${supervision.type}` } },
      });
      // The same when only the unique index sees it.
      const coveredCases = letterRepository.coveredCases.bind(letterRepository);
      vi.spyOn(letterRepository, 'coveredCases').mockImplementation(async (db, caseIds, key) =>
        (await coveredCases(db, caseIds, key)).filter((id) => id !== u1.caseId),
      );
      await expect(env.services.letters.issue(hq, draft.id)).rejects.toMatchObject({
        status: 409,
        details: { field: 'caseIds', text: { zh: `所选案卷中已有案卷发过${supervision.type}` } },
      });
      expect(await counts()).toEqual(before);
      expect(await counter(supervision)).toBe(3);
      expect((await env.services.letters.get(hq, draft.id)).status).toBe('draft');
    });

    it('two calls at once issue each letter once, numbered without gaps; the other call reports them refused', async () => {
      // Issued at once: this is about numbering races, not approval (issue 13 put 问责函 under approval).
      const accountability: Rung = { ...rung('accountability'), approval: { required: false } };
      const letters = planned(accountability, units);
      const ctx = systemContext('escalation');
      const [a, b] = await Promise.all([
        command.issue(ctx, at('05'), letters, { onLost: 'skip' }),
        command.issue(ctx, at('05'), letters, { onLost: 'skip' }),
      ]);
      const issued = [...issuedOf(a), ...issuedOf(b)];
      expect(issued).toHaveLength(3);
      expect([...a, ...b].filter((o) => !o.issued)).toHaveLength(3);
      expect(issued.map((o) => o.number).sort()).toEqual(numbered(accountability, 1, 2, 3));
      expect(issued.map((o) => o.unitId).sort((x, y) => x - y)).toEqual(units.map((u) => u.id).sort((x, y) => x - y));
      expect(await counter(accountability)).toBe(3);
    });
  });
}
