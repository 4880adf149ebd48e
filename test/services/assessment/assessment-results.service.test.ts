import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext } from '../../../src/core/context.js';
import type { AssessmentRun } from '../../../src/shared/contracts/assessment.contract.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { cityWithStaff, contextFor, makeUnit, makeUser, type TestEnv } from '../../helpers/factories.js';
import { failure } from '../../helpers/errors.js';
import { makeCampaign } from '../../helpers/assessment.js';
import { explanationMismatches, insertCase, insertLetter, resultsModel } from '../../helpers/assessment-results.js';
import { upload } from '../../helpers/images.js';

const item = (run: AssessmentRun, unitId: number) => run.groups.flatMap((g) => g.items).find((i) => i.unitId === unitId)!;
const count = async (database: TestDatabase, table: 'assessment_runs' | 'assessment_adjustments' | 'assessment_appeals') =>
  Number(
    (
      await database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

for (const dialect of DIALECTS) {
  describe(`AssessmentResultsService on ${dialect}`, () => {
    let database: TestDatabase;
    let env: TestEnv;
    let hq: RequestContext;
    let leader: RequestContext;
    let both: RequestContext;
    let head2: RequestContext;
    let deptHandler: RequestContext;
    let campaignId: number;
    let d1: number, d2: number, d3: number, dept: number;
    let letterId: number;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      const staff = await cityWithStaff(database);
      ({ env, hq } = staff);
      const c = staff.city;
      d1 = c.district.id;
      d2 = c.otherDistrict.id;
      dept = c.dept.id;
      d3 = (await makeUnit(database, { code: '411681', name: '项城区', kind: 'district', parent: c.city })).id;
      leader = await contextFor(database, (await makeUser(database, { unit: c.city, roles: [{ role: 'leader', unit: c.city }] })).id);
      both = await contextFor(
        database,
        (
          await makeUser(database, {
            unit: c.city,
            roles: [
              { role: 'leader', unit: c.city },
              { role: 'hq_dispatcher', unit: c.city },
            ],
          })
        ).id,
      );
      head2 = await contextFor(
        database,
        (await makeUser(database, { unit: c.otherDistrict, roles: [{ role: 'unit_head', unit: c.otherDistrict }] })).id,
      );
      deptHandler = await contextFor(database, c.handler.id);
      campaignId = await makeCampaign(database);

      // January: d1 handled late, d2 on time (and owes the case of the 25th below), d3 nothing; the department on time.
      await insertCase(database, {
        unitId: d1,
        state: 'closed',
        dispatchedAt: '2026-01-05T02:00:00.000Z',
        deadline: '2026-01-10T16:00:00.000Z',
        handledAt: '2026-01-12T02:00:00.000Z',
        closedAt: '2026-01-13T02:00:00.000Z',
      });
      await insertCase(database, {
        unitId: d2,
        state: 'closed',
        dispatchedAt: '2026-01-05T02:00:00.000Z',
        deadline: '2026-01-10T16:00:00.000Z',
        handledAt: '2026-01-06T02:00:00.000Z',
        closedAt: '2026-01-07T02:00:00.000Z',
      });
      // February: d1 two cases on time; d2 owes a January case past its deadline and a 督办函 unanswered;
      // d3 one case handled on time but reworked once.
      for (const day of ['03', '04'])
        await insertCase(database, {
          unitId: d1,
          state: 'closed',
          dispatchedAt: `2026-02-${day}T02:00:00.000Z`,
          deadline: '2026-02-10T16:00:00.000Z',
          handledAt: '2026-02-05T02:00:00.000Z',
          closedAt: '2026-02-06T02:00:00.000Z',
        });
      await insertCase(database, {
        unitId: d2,
        state: 'dispatched',
        dispatchedAt: '2026-01-25T02:00:00.000Z',
        deadline: '2026-01-28T16:00:00.000Z',
      });
      letterId = await insertLetter(database, {
        unitId: d2,
        rungKey: 'supervision',
        issuedAt: '2026-02-02T02:00:00.000Z',
        replyDeadline: '2026-02-09T16:00:00.000Z',
      });
      await insertCase(database, {
        unitId: d3,
        state: 'closed',
        dispatchedAt: '2026-02-02T02:00:00.000Z',
        deadline: '2026-02-20T16:00:00.000Z',
        handledAt: '2026-02-04T02:00:00.000Z',
        closedAt: '2026-02-10T02:00:00.000Z',
        reworkAt: ['2026-02-06T02:00:00.000Z'],
      });
      await insertCase(database, {
        unitId: dept,
        state: 'closed',
        dispatchedAt: '2026-02-03T02:00:00.000Z',
        deadline: '2026-02-10T16:00:00.000Z',
        handledAt: '2026-02-04T02:00:00.000Z',
        closedAt: '2026-02-05T02:00:00.000Z',
      });
    });
    afterAll(async () => database.drop());

    it('refuses to compute without a model in force (422 naming campaignId) or for a malformed period, writing nothing', async () => {
      const svc = env.services.assessmentResults;
      expect(await failure(svc.compute(hq, { campaignId, periodKey: '2026-01' }))).toMatchObject({
        status: 422,
        details: { field: 'campaignId' },
      });
      expect(await failure(svc.compute(hq, { campaignId, periodKey: '2026-13' }))).toMatchObject({
        status: 422,
        details: { field: 'periodKey', text: { zh: expect.stringMatching(/^“2026-13”不是有效的期间/) } },
      });
      expect(await failure(svc.compute(leader, { campaignId, periodKey: '2026-01' }))).toMatchObject({ status: 403 });
      expect(await count(database, 'assessment_runs')).toBe(0);
      const model = await env.services.assessmentModels.create(hq, { campaignId, model: resultsModel() });
      await env.services.assessmentModels.publish(hq, model.id);
    });

    it('加减分: HQ proposes, a leader (not the proposer) decides; only approved ones count', async () => {
      const adj = env.services.assessmentAdjustments;
      const plus = await adj.propose(hq, { campaignId, unitId: d1, periodKey: '2026-01', points: 3, reason: '创文宣传工作突出' });
      expect(plus).toMatchObject({ status: 'pending', points: 3, unitName: '川汇区', period: { key: '2026-01' } });
      const minus = await adj.propose(hq, { campaignId, unitId: d2, periodKey: '2026-01', points: -2, reason: '材料报送迟缓' });
      expect(await failure(adj.propose(hq, { campaignId, unitId: d1, periodKey: '2026-01', points: 0, reason: 'x' }))).toMatchObject({
        status: 422,
        details: { field: 'points', text: { zh: '加减分不能为 0' } },
      });
      expect(await failure(adj.propose(hq, { campaignId, unitId: d1, periodKey: '2026-01', points: 1.234, reason: 'x' }))).toMatchObject({
        details: { field: 'points', text: { zh: '加减分最多保留两位小数' } },
      });
      expect(await failure(adj.decide(hq, plus.id, true, undefined))).toMatchObject({ status: 403 });
      const own = await adj.propose(both, { campaignId, unitId: d1, periodKey: '2026-01', points: 1, reason: '自批' });
      expect(await failure(adj.decide(both, own.id, true, undefined))).toMatchObject({ status: 403 });
      expect(await failure(adj.decide(leader, minus.id, false, '  '))).toMatchObject({
        status: 422,
        details: { field: 'reason', text: { zh: '驳回须填写理由' } },
      });
      expect(await adj.decide(leader, plus.id, true, undefined)).toMatchObject({ status: 'approved', decidedByName: expect.any(String) });
      expect(await adj.decide(leader, minus.id, false, '依据不足')).toMatchObject({ status: 'rejected', decisionReason: '依据不足' });
      expect(await failure(adj.decide(leader, plus.id, false, '改主意'))).toMatchObject({ status: 409 });
      expect((await adj.list(leader, { campaignId, status: 'pending' })).map((a) => a.id)).toEqual([own.id]);
      const actions = await database.db
        .selectFrom('audit_log')
        .select('action')
        .where('target_type', '=', 'assessment_adjustment')
        .orderBy('seq')
        .execute();
      expect(actions.map((a) => a.action)).toEqual([
        'assessment_adjustment.propose',
        'assessment_adjustment.propose',
        'assessment_adjustment.propose',
        'assessment_adjustment.approve',
        'assessment_adjustment.reject',
      ]);

      const jan = await env.services.assessmentResults.compute(hq, { campaignId, periodKey: '2026-01' });
      const a1 = item(jan, d1);
      expect(a1.score).toBe(53);
      expect(a1.parts.find((p) => p.kind === 'adjustments')).toMatchObject({ points: 3, lines: [{ refId: plus.id, points: 3 }] });
      // d2 also owes, at the end of January, the case dispatched on the 25th: 1 of 2 on time and closed.
      expect(item(jan, d2).score).toBe(60);
      expect(item(jan, d3)).toMatchObject({ score: null, rank: null });
      expect(explanationMismatches(jan.groups)).toEqual([]);
      await env.services.assessmentResults.publish(hq, jan.id);
    });

    let feb: AssessmentRun;
    let published: AssessmentRun;
    it('computes a draft (recompute replaces it): owed work counts, ranks, changes against the last period, 红黑榜', async () => {
      const svc = env.services.assessmentResults;
      const first = await svc.compute(hq, { campaignId, periodKey: '2026-02' });
      feb = await svc.compute(hq, { campaignId, periodKey: '2026-02' });
      expect(feb.id).toBe(first.id);
      expect(feb).toMatchObject({ status: 'draft', version: 1, hash: null, period: { key: '2026-02', label: '2026年2月' }, unitCount: 4 });
      const districts = feb.groups.find((g) => g.key === 'districts')!;
      expect(districts.items.map((i) => [i.unitName, i.score, i.rank, i.change.move, i.change.places, i.list])).toEqual([
        ['川汇区', 100, 1, 'up', 1, 'red'],
        ['项城区', 80, 2, 'new', null, null],
        ['淮阳区', 0, 3, 'down', -2, 'black'],
      ]);
      const owed = item(feb, d2);
      expect(owed.parts.find((p) => p.kind === 'letters')!.lines).toEqual([
        expect.objectContaining({ kind: 'letter', refId: letterId, points: -5 }),
      ]);
      expect(owed.parts.find((p) => p.kind === 'limit')).toMatchObject({ points: 5 });
      expect(districts.lists.map((l) => [l.list, l.unitName])).toEqual([
        ['red', '川汇区'],
        ['black', '淮阳区'],
      ]);
      expect(explanationMismatches(feb.groups)).toEqual([]);
      // A draft is HQ's alone.
      expect(await failure(svc.get(leader, feb.id))).toMatchObject({ status: 404 });
      expect((await svc.list(head2, { campaignId })).map((r) => r.period.key)).toEqual(['2026-01']);
    });

    it('publishes a frozen snapshot: hash audited, units notified, later events change nothing', async () => {
      const svc = env.services.assessmentResults;
      published = await svc.publish(hq, feb.id);
      const stored = await database.db
        .selectFrom('assessment_runs')
        .select(['snapshot', 'hash'])
        .where('id', '=', feb.id)
        .executeTakeFirstOrThrow();
      expect(published.hash).toBe(createHash('sha256').update(stored.snapshot).digest('hex'));
      // Published Monday 2026-03-02 09:00 China time: three working days → the end of Thursday.
      expect(published).toMatchObject({ status: 'published', appealDeadline: '2026-03-05T16:00:00.000Z' });
      const audit = await database.db
        .selectFrom('audit_log')
        .select('summary')
        .where('action', '=', 'assessment_run.publish')
        .where('target_id', '=', String(feb.id))
        .executeTakeFirstOrThrow();
      expect(JSON.parse(audit.summary)).toMatchObject({ snapshotHash: published.hash, periodKey: '2026-02' });
      const notices = await database.db
        .selectFrom('notifications')
        .select(['kind', 'title'])
        .where('user_id', '=', head2.actor!.userId)
        .execute();
      expect(notices).toContainEqual({ kind: 'assessment.published', title: '2026年2月考核结果已发布' });
      await expect(svc.publish(hq, feb.id)).rejects.toMatchObject({ status: 409 });

      // New facts of February after publication: the published run does not move.
      await insertCase(database, {
        unitId: d1,
        state: 'dispatched',
        dispatchedAt: '2026-02-15T02:00:00.000Z',
        deadline: '2026-02-20T16:00:00.000Z',
      });
      await insertLetter(database, {
        unitId: d1,
        rungKey: 'accountability',
        issuedAt: '2026-02-16T02:00:00.000Z',
        replyDeadline: '2026-02-20T16:00:00.000Z',
      });
      const again = await svc.get(leader, feb.id);
      expect(again.hash).toBe(published.hash);
      expect(again.groups).toEqual(published.groups);
      expect((await svc.latest(leader, campaignId, 'month')).id).toBe(feb.id);
    });

    it('a unit sees the published runs of its group and the explanation of its own score only', async () => {
      const svc = env.services.assessmentResults;
      const seen = await svc.get(head2, feb.id);
      expect(seen.groups.map((g) => g.key)).toEqual(['districts']);
      expect(item(seen, d2)).toMatchObject({ explained: true, score: 0 });
      expect(item(seen, d2).parts.length).toBeGreaterThan(0);
      expect(item(seen, d1)).toMatchObject({ explained: false, parts: [], score: 100, rank: 1 });
      expect(seen.groups[0]!.lists).toHaveLength(2);
      const all = await svc.get(leader, feb.id);
      expect(all.groups.map((g) => g.key)).toEqual(['districts', 'departments']);
      expect(all.groups.flatMap((g) => g.items).every((i) => i.explained)).toBe(true);
    });

    it('appeals: own unit only, within N working days (last instant in time, the next refused); accepted → corrected version, the first kept', async () => {
      const appeals = env.services.assessmentAppeals;
      const body = {
        runId: feb.id,
        unitId: d2,
        items: [{ partKind: 'letters' as const, lineKind: 'letter' as const, refId: letterId }],
        reason: '该函已于2月8日书面回复，系统未登记',
      };
      expect(await failure(appeals.create(deptHandler, body))).toMatchObject({ status: 403 });
      expect(await failure(appeals.create(head2, { ...body, items: [{ partKind: 'letters', refId: 999999 }] }))).toMatchObject({
        status: 422,
        details: { field: 'items[0].refId' },
      });
      // Evidence that is neither an image nor a PDF is refused before anything is stored.
      expect(await failure(appeals.create(head2, body, [upload(Buffer.from('not a document'), 'files', 'x.txt')]))).toMatchObject({
        status: 415,
        details: { field: 'files', filename: 'x.txt' },
      });
      expect(await count(database, 'assessment_appeals')).toBe(0);

      env.clock.set('2026-03-05T15:59:59.999Z');
      const appeal = await appeals.create(head2, body);
      expect(appeal).toMatchObject({
        status: 'pending',
        unitName: '淮阳区',
        items: [{ partKind: 'letters', lineKind: 'letter', refId: letterId, label: expect.stringContaining('督办函') }],
      });
      env.clock.set('2026-03-05T16:00:00.000Z');
      expect(await failure(appeals.create(head2, body))).toMatchObject({ status: 422, code: 'appeal_closed', details: { field: 'runId' } });
      expect((await appeals.list(head2, { runId: feb.id })).map((a) => a.id)).toEqual([appeal.id]);
      expect(await appeals.list(deptHandler, { runId: feb.id })).toEqual([]);

      const accepted = await appeals.accept(hq, appeal.id, { points: 10, reason: '经核实已按期回复，予以更正' });
      expect(accepted).toMatchObject({ status: 'accepted', decisionReason: '经核实已按期回复，予以更正' });
      const svc = env.services.assessmentResults;
      const first = await svc.get(leader, feb.id);
      const corrected = await svc.get(leader, accepted.correctedRunId!);
      expect(first).toMatchObject({ status: 'superseded', supersededByRunId: corrected.id, hash: published.hash });
      expect(first.groups).toEqual(published.groups);
      expect(item(first, d2).score).toBe(0);
      expect(corrected).toMatchObject({
        status: 'published',
        version: 2,
        correctsRunId: feb.id,
        correctionReason: '经核实已按期回复，予以更正',
      });
      expect(item(corrected, d2).score).toBe(5);
      expect(item(corrected, d2).parts.find((p) => p.kind === 'adjustments')!.lines).toEqual([
        expect.objectContaining({ kind: 'adjustment', refId: accepted.adjustmentId, points: 10 }),
      ]);
      expect(explanationMismatches(corrected.groups)).toEqual([]);
      const adj = (await env.services.assessmentAdjustments.list(leader, { campaignId, periodKey: '2026-02' }))[0]!;
      expect(adj).toMatchObject({ id: accepted.adjustmentId, status: 'approved', appealId: appeal.id, points: 10 });
      expect((await svc.latest(head2, campaignId, 'month')).id).toBe(corrected.id);
      // The superseded run is no longer open to appeal.
      expect(await failure(appeals.create(head2, body))).toMatchObject({ status: 422, code: 'run_superseded' });

      // A second appeal, against the corrected version, is rejected with a reason; the unit is told.
      const second = await appeals.create(head2, { ...body, runId: corrected.id, items: [{ partKind: 'cases' }] });
      expect(await failure(appeals.reject(hq, second.id, { reason: ' ' }))).toMatchObject({
        details: { field: 'reason', text: { zh: '请填写理由' } },
      });
      expect(await appeals.reject(hq, second.id, { reason: '逾期案件属实' })).toMatchObject({
        status: 'rejected',
        decisionReason: '逾期案件属实',
      });
      expect(await failure(appeals.accept(hq, second.id, { points: 1, reason: 'x' }))).toMatchObject({ status: 409 });
      const told = await database.db
        .selectFrom('notifications')
        .select('title')
        .where('user_id', '=', head2.actor!.userId)
        .where('kind', '=', 'assessment.appeal')
        .execute();
      expect(told.map((n) => n.title)).toEqual(['考核申诉已采纳，结果已更正（2026年2月）', '考核申诉被驳回（2026年2月）']);
      const actions = await database.db
        .selectFrom('audit_log')
        .select('action')
        .where('target_type', '=', 'assessment_appeal')
        .orderBy('seq')
        .execute();
      expect(actions.map((a) => a.action)).toEqual([
        'assessment_appeal.create',
        'assessment_appeal.accept',
        'assessment_appeal.create',
        'assessment_appeal.reject',
      ]);
    });
  });
}
