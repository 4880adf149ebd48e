import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Ladder } from '../../../src/domain/letters/ladder.js';
import { formatLetterNumber } from '../../../src/domain/letters/numbering.js';
import type { RequestContext } from '../../../src/core/context.js';
import { DEMO_ACCOUNTABILITY_OFFICE } from '../../../src/demo/demo-ladder.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { cityWithStaff, contextFor, makeUnit, makeUser, type CityWithStaff, type TestEnv } from '../../helpers/factories.js';
import { photos } from '../../helpers/images.js';
import { makeCampaign } from '../../helpers/assessment.js';

/** 09:00 China time on a day of March 2026. */
const at = (day: string) => new Date(`2026-03-${day}T01:00:00.000Z`);

for (const dialect of DIALECTS) {
  describe(`approval of letters on ${dialect}`, () => {
    let database: TestDatabase;
    let env: TestEnv;
    let city: CityWithStaff['city'];
    let hq: RequestContext;
    let leader: RequestContext;
    let leaderElsewhere: RequestContext;
    let handler: RequestContext;
    let officeHead: RequestContext;
    let ladder: Ladder;
    let leaderId: number;
    let hqId: number;
    /** Three units (the department of the test city and two more), one overdue case each. */
    const units: { id: number; caseId: number }[] = [];

    const reminderCode = () => ladder.rungs.find((r) => r.key === 'reminder')!.issuer.code;
    const counter = async (code: string) =>
      (await database.db.selectFrom('counters').select('value').where('name', 'like', `%${code}%`).executeTakeFirst())?.value ?? 0;
    const rows = async () => database.db.selectFrom('letters').selectAll().orderBy('id').execute();
    const notices = async (kind: string, userId: number) =>
      database.db.selectFrom('notifications').select(['title', 'body']).where('kind', '=', kind).where('user_id', '=', userId).execute();
    const audits = async (action: string) =>
      database.db.selectFrom('audit_log').select(['target_id', 'summary']).where('action', '=', action).orderBy('seq').execute();
    const sweepAt = async (day: string) => {
      env.clock.set(at(day));
      return env.services.escalation.sweep(at(day));
    };

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      const staff = await cityWithStaff(database);
      ({ env, city, hq } = staff);
      hqId = hq.actor!.userId;
      leaderId = (await makeUser(database, { unit: city.city, roles: [{ role: 'leader', unit: city.city }] })).id;
      leader = await contextFor(database, leaderId);
      leaderElsewhere = await contextFor(
        database,
        (await makeUser(database, { unit: city.otherDistrict, roles: [{ role: 'leader', unit: city.otherDistrict }] })).id,
      );
      handler = await contextFor(database, city.handler.id);
      const office = await makeUnit(database, {
        code: DEMO_ACCOUNTABILITY_OFFICE.unitCode,
        name: DEMO_ACCOUNTABILITY_OFFICE.name,
        kind: 'department',
        parent: city.city,
      });
      officeHead = await contextFor(
        database,
        (await makeUser(database, { unit: office, roles: [{ role: 'unit_head', unit: office }] })).id,
      );
      const targets = [
        city.dept,
        await makeUnit(database, { code: 'D-AP2', name: '市审批二局', kind: 'department', parent: city.city }),
        await makeUnit(database, { code: 'D-AP3', name: '市审批三局', kind: 'department', parent: city.city }),
      ];
      for (const unit of targets) {
        const r = await env.services.cases.report(
          staff.insp,
          { source: 'inspection', categoryCode: 'E01-01', description: '暴露垃圾', lon: 114.65, lat: 33.62, address: '七一路' },
          await photos(1),
        );
        for (const body of [{ action: 'accept' }, { action: 'dispatch', unitId: unit.id, deadline: '2026-03-03', reason: '测试期限' }]) {
          const c = await env.services.caseQuery.get(hq, r.id);
          await env.services.cases.act(hq, r.id, { version: c.version, ...body } as never, []);
        }
        units.push({ id: unit.id, caseId: r.id });
      }
      // The city's ladder with its first rung under approval too, so the sweep prepares letters at once.
      const stored = await env.services.campaigns.ladder(database.db);
      ladder = { ...stored, rungs: stored.rungs.map((r) => (r.key === 'reminder' ? { ...r, approval: { required: true } } : r)) };
      vi.spyOn(env.services.campaigns, 'ladder').mockResolvedValue(ladder);
    });
    afterAll(async () => {
      vi.restoreAllMocks();
      await database.drop();
    });

    it('the sweep prepares the letters without a number, tells the leader, and does not prepare them again', async () => {
      const report = await sweepAt('05');
      expect(report).toMatchObject({ prepared: 3, issued: 0, skipped: 0 });
      const letters = await rows();
      expect(letters.map((l) => [l.status, l.number, l.seq])).toEqual(Array(3).fill(['pending_approval', null, null]));
      expect(await counter(reminderCode())).toBe(0);
      // Their cases are covered: the one-rung-per-case index keeps a second letter off them.
      const coverage = await database.db.selectFrom('letter_cases').select(['case_id', 'active']).execute();
      expect(coverage.map((c) => c.active)).toEqual([1, 1, 1]);
      expect(await notices('letter.awaiting_approval', leaderId)).toHaveLength(3);
      expect(await audits('letter.prepare')).toHaveLength(3);
      // The leader sees them (list filter, badge); HQ sees them as 待审批; the unit does not see them yet.
      const pending = await env.services.letters.list(leader, { state: 'pending_approval' });
      expect(pending.map((l) => [l.state, l.canApprove, l.needsApproval])).toEqual(Array(3).fill(['pending_approval', true, true]));
      expect(await env.services.letterApproval.awaitingCount(leader)).toBe(3);
      expect(await env.services.letterApproval.awaitingCount(hq)).toBe(0);
      expect((await env.services.letters.list(hq, { state: 'pending_approval' })).map((l) => l.canApprove)).toEqual([false, false, false]);
      expect(await env.services.letters.list(handler, {})).toEqual([]);
      await expect(env.services.letters.get(handler, letters[0]!.id)).rejects.toMatchObject({ status: 404 });
      // Later sweeps leave the cases alone while the letters wait.
      expect(await sweepAt('06')).toMatchObject({ planned: 0, prepared: 0, issued: 0 });
      expect(await rows()).toHaveLength(3);
    });

    it('only an approver in scope decides: HQ 403, a leader elsewhere 404, a reason is required to return', async () => {
      const [first] = await rows();
      await expect(env.services.letterApproval.approve(hq, first!.id)).rejects.toMatchObject({ status: 403 });
      await expect(env.services.letterApproval.approve(handler, first!.id)).rejects.toMatchObject({ status: 403 });
      await expect(env.services.letterApproval.approve(leaderElsewhere, first!.id)).rejects.toMatchObject({ status: 404 });
      await expect(env.services.letterApproval.return(leader, first!.id, '  ')).rejects.toMatchObject({
        status: 422,
        details: { field: 'reason' },
      });
      await expect(env.services.letterApproval.approve(leader, first!.id, first!.version + 1)).rejects.toMatchObject({ status: 409 });
      // HQ may not issue or edit a letter while it waits.
      await expect(env.services.letters.issue(hq, first!.id)).rejects.toMatchObject({ status: 409 });
      expect((await rows()).map((l) => l.status)).toEqual(Array(3).fill('pending_approval'));
    });

    it('approvals in any order number the letters then, without gaps, audited and notified like any issue', async () => {
      const [a, , c] = await rows();
      env.clock.set(at('06'));
      const third = await env.services.letterApproval.approve(leader, c!.id);
      const first = await env.services.letterApproval.approve(leader, a!.id, a!.version);
      expect([third.number, first.number]).toEqual([1, 2].map((n) => formatLetterNumber(reminderCode(), 2026, n)));
      expect(third).toMatchObject({ status: 'issued', state: 'issued', auto: true, approvedAt: at('06').toISOString() });
      expect(third.body.length).toBeGreaterThan(0);
      expect(await counter(reminderCode())).toBe(2);
      const issuedAudits = await audits('letter.issue');
      expect(issuedAudits.map((r) => Number(r.target_id))).toEqual([c!.id, a!.id]);
      expect(JSON.parse(issuedAudits[0]!.summary)).toMatchObject({ approved: true });
      expect((await notices('letter.issued', city.handler.id)).map((n) => n.title)).toEqual([`提醒函 ${first.number}`]);
      // Approved once is approved: a second decision is a 409.
      await expect(env.services.letterApproval.approve(leader, c!.id)).rejects.toMatchObject({ status: 409 });
      await expect(env.services.letterApproval.return(leader, c!.id, '重复')).rejects.toMatchObject({ status: 409 });
    });

    it('a letter sent back is HQ’s draft again with the reason; issued again it waits for approval again', async () => {
      const b = (await rows())[1]!;
      const returned = await env.services.letterApproval.return(leader, b.id, '  案件已在整改，暂缓发函  ');
      expect(returned).toMatchObject({ status: 'draft', number: null, returnReason: '案件已在整改，暂缓发函', needsApproval: true });
      expect(JSON.parse((await audits('letter.return'))[0]!.summary)).toMatchObject({ reason: '案件已在整改，暂缓发函' });
      expect((await notices('letter.returned', hqId)).map((n) => n.body)).toEqual([expect.stringContaining('案件已在整改，暂缓发函')]);
      expect(await counter(reminderCode())).toBe(2);
      // The sweep does not prepare another letter for its cases while HQ holds the returned draft.
      expect(await sweepAt('09')).toMatchObject({ prepared: 0 });
      expect(await rows()).toHaveLength(3);
      // HQ issues it by hand: it goes to the leader, not out.
      const again = await env.services.letters.issue(hq, b.id);
      expect(again).toMatchObject({ status: 'pending_approval', number: null });
      const approved = await env.services.letterApproval.approve(leader, b.id);
      expect(approved.number).toBe(formatLetterNumber(reminderCode(), 2026, 3));
    });

    it('a letter to an office is signed for by the office; the unit held to account reads it only', async () => {
      env.clock.set(at('10'));
      const draft = await env.services.letters.draft(hq, { unitId: city.dept.id, rungKey: 'accountability', caseIds: [units[0]!.caseId] });
      expect(draft).toMatchObject({ needsApproval: true, status: 'draft' });
      expect(await env.services.letters.issue(hq, draft.id)).toMatchObject({ status: 'pending_approval', number: null });
      const issued = await env.services.letterApproval.approve(leader, draft.id);
      expect(issued).toMatchObject({ status: 'issued', signUnitName: DEMO_ACCOUNTABILITY_OFFICE.name });
      const seenByUnit = await env.services.letters.get(handler, draft.id);
      expect(seenByUnit).toMatchObject({ canSign: false, unitId: city.dept.id });
      await expect(env.services.letters.sign(handler, draft.id)).rejects.toMatchObject({ status: 403 });
      await expect(env.services.letters.delivered(handler, draft.id)).rejects.toMatchObject({ status: 403 });
      expect((await env.services.letters.list(officeHead, {})).map((l) => [l.id, l.canSign])).toEqual([[draft.id, true]]);
      expect(await env.services.letters.unsignedCount(officeHead)).toBe(1);
      expect(await env.services.letters.sign(officeHead, draft.id, { reply: '已收到，将依规依纪处理' })).toMatchObject({
        state: 'replied',
      });
      expect(await notices('letter.issued', city.handler.id)).toHaveLength(2);
    });

    it('a rung that names its approver: only that leader is told and decides; others with the right may not', async () => {
      env.clock.set(at('11'));
      const named = await makeUser(database, { unit: city.city, roles: [{ role: 'leader', unit: city.city }] });
      const namedCtx = await contextFor(database, named.id);
      const withNamed: Ladder = {
        ...ladder,
        rungs: ladder.rungs.map((r) =>
          r.key === 'accountability' ? { ...r, approval: { required: true, approver: named.username, approverName: '李副市长' } } : r,
        ),
      };
      vi.spyOn(env.services.campaigns, 'ladder').mockResolvedValue(withNamed);
      const draft = await env.services.letters.draft(hq, { unitId: units[1]!.id, rungKey: 'accountability', caseIds: [units[1]!.caseId] });
      expect(await env.services.letters.issue(hq, draft.id)).toMatchObject({ status: 'pending_approval' });
      const told = await database.db
        .selectFrom('notifications')
        .select('user_id')
        .where('kind', '=', 'letter.awaiting_approval')
        .where('body', 'like', `%${draft.title}%`)
        .execute();
      expect(told.map((n) => n.user_id)).toEqual([named.id]);
      expect((await env.services.letters.get(leader, draft.id)).canApprove).toBe(false);
      expect((await env.services.letters.get(namedCtx, draft.id)).canApprove).toBe(true);
      expect(await env.services.letterApproval.awaitingCount(leader)).toBe(0);
      await expect(env.services.letterApproval.approve(leader, draft.id)).rejects.toMatchObject({ status: 403 });
      await expect(env.services.letterApproval.return(leader, draft.id, '不同意')).rejects.toMatchObject({ status: 403 });
      expect(await env.services.letterApproval.approve(namedCtx, draft.id)).toMatchObject({ status: 'issued' });
      vi.spyOn(env.services.campaigns, 'ladder').mockResolvedValue(ladder);
    });

    it('saving a ladder checks the named approver: an active leader, named by username; the name is the server’s', async () => {
      const campaignId = await makeCampaign(database);
      const named = await database.db
        .selectFrom('users')
        .select(['username', 'display_name'])
        .where('id', '=', leaderId)
        .executeTakeFirstOrThrow();
      const hqName = (await database.db.selectFrom('users').select('username').where('id', '=', hqId).executeTakeFirstOrThrow()).username;
      const idx = ladder.rungs.findIndex((r) => r.key === 'accountability');
      const naming = (approver: string, approverName?: string): Ladder => ({
        ...ladder,
        rungs: ladder.rungs.map((r, i) =>
          i === idx ? { ...r, approval: { required: true, approver, ...(approverName ? { approverName } : {}) } } : r,
        ),
      });
      const field = `ladder.rungs[${idx}].approval.approver`;
      await expect(env.services.campaigns.setLadder(hq, campaignId, naming('nobody-here'))).rejects.toMatchObject({
        status: 422,
        details: { field, text: { zh: '审批人“nobody-here”不是在用的账号' } },
      });
      await expect(env.services.campaigns.setLadder(hq, campaignId, naming(hqName))).rejects.toMatchObject({
        status: 422,
        details: { field, text: { zh: expect.stringMatching(/^.+（.+）不是领导，只有有审批函件权限的领导才能审批$/) } },
      });
      const saved = await env.services.campaigns.setLadder(hq, campaignId, naming(named.username, '冒充的名字'));
      expect(saved.rungs[idx]!.approval).toEqual({ required: true, approver: named.username, approverName: named.display_name });
    });
  });
}
