import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { contextFor, makeEnv, type TestEnv } from '../../helpers/factories.js';
import { explanationMismatches } from '../../helpers/assessment-results.js';
import { userRepository } from '../../../src/db/repositories/user.repository.js';
import type { RequestContext } from '../../../src/core/context.js';

/** Issue 13 point 10: the demo's leadership loop, played through the real services. */
for (const dialect of DIALECTS) {
  describe(`demo leadership loop on ${dialect}`, () => {
    let database: TestDatabase;
    let env: TestEnv;
    let now: Date;
    let hq: RequestContext;
    let leader: RequestContext;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      env = makeEnv(database);
      now = env.clock.now();
      const t0 = performance.now();
      await env.services.demo.load();
      console.info(`demo city with the leadership loop loaded on ${dialect} in ${Math.round(performance.now() - t0)} ms`);
      hq = await contextFor(database, (await userRepository.byUsername(database.db, 'hq'))!.id);
      leader = await contextFor(database, (await userRepository.byUsername(database.db, 'leader'))!.id);
    }, 180_000);
    afterAll(async () => database.drop());

    const campaignId = async () =>
      (await database.db.selectFrom('assessment_models').select('campaign_id').executeTakeFirstOrThrow()).campaign_id;

    it('has a published 考核 model with the city groups and a 红黑榜 rule', async () => {
      const models = await env.services.assessmentModels.list(hq, await campaignId());
      expect(models.map((m) => m.status)).toEqual(['published']);
      const groups = models[0]!.model.groups;
      expect(groups.map((g) => g.name)).toEqual(['中心城区各区', '县市区', '市直部门']);
      for (const g of groups) expect(g.lists.kind).toBe('rank');
    });

    it('has four published weeks and two published months, each published after its period ended, with ranks, changes and 红黑榜', async () => {
      const runs = await env.services.assessmentResults.list(hq, { campaignId: await campaignId() });
      const published = runs.filter((r) => r.status === 'published');
      expect(published.filter((r) => r.period.kind === 'week')).toHaveLength(4);
      expect(published.filter((r) => r.period.kind === 'month')).toHaveLength(2);
      expect(runs.some((r) => r.status === 'draft')).toBe(false);
      for (const r of runs) {
        expect(Date.parse(r.publishedAt!)).toBeGreaterThanOrEqual(Date.parse(r.period.end));
        expect(Date.parse(r.publishedAt!)).toBeLessThan(now.getTime());
      }
      const latestWeek = await env.services.assessmentResults.latest(leader, await campaignId(), 'week');
      const items = latestWeek.groups.flatMap((g) => g.items);
      expect(items.some((i) => i.rank === 1)).toBe(true);
      expect(items.some((i) => i.change.places !== null)).toBe(true);
      for (const g of latestWeek.groups) {
        expect(g.lists.some((e) => e.list === 'red')).toBe(true);
        expect(g.lists.some((e) => e.list === 'black')).toBe(true);
      }
    });

    it('explains every unit of every published (and superseded) run: parts sum to the score, lines to each part', async () => {
      const runs = await env.services.assessmentResults.list(hq, { campaignId: await campaignId() });
      expect(runs.length).toBe(7);
      let explained = 0;
      for (const r of runs) {
        const run = await env.services.assessmentResults.get(hq, r.id);
        expect(explanationMismatches(run.groups)).toEqual([]);
        explained += run.groups.flatMap((g) => g.items).filter((i) => i.explained).length;
      }
      expect(explained).toBeGreaterThan(7 * 10);
    });

    it('has two 加减分 proposed by HQ and approved by the leader', async () => {
      const adjustments = await env.services.assessmentAdjustments.list(hq, { campaignId: await campaignId() });
      const byHand = adjustments.filter((a) => a.appealId === null);
      expect(byHand).toHaveLength(2);
      for (const a of byHand) expect(a.status).toBe('approved');
      const leaderId = leader.actor!.userId;
      const rows = await database.db.selectFrom('assessment_adjustments').selectAll().where('appeal_id', 'is', null).execute();
      for (const row of rows) {
        expect(row.decided_by).toBe(leaderId);
        expect(row.proposed_by).toBe(hq.actor!.userId);
      }
    });

    it('has one appeal accepted with a corrected version (the first kept) and one rejected, by two units, within the window', async () => {
      const appeals = await env.services.assessmentAppeals.list(hq, { campaignId: await campaignId() });
      expect(appeals.map((a) => a.status).sort()).toEqual(['accepted', 'rejected']);
      expect(new Set(appeals.map((a) => a.unitId)).size).toBe(2);
      const accepted = appeals.find((a) => a.status === 'accepted')!;
      const rows = await database.db.selectFrom('assessment_appeals').selectAll().execute();
      const row = rows.find((r) => r.id === accepted.id)!;
      const first = await database.db.selectFrom('assessment_runs').selectAll().where('id', '=', row.run_id).executeTakeFirstOrThrow();
      const corrected = await database.db
        .selectFrom('assessment_runs')
        .selectAll()
        .where('id', '=', row.corrected_run_id!)
        .executeTakeFirstOrThrow();
      expect(first.status).toBe('superseded');
      expect(corrected.status).toBe('published');
      expect(corrected.corrects_run_id).toBe(first.id);
      expect(corrected.version).toBe(2);
      for (const r of rows) expect(Date.parse(r.created_at)).toBeLessThan(Date.parse(first.appeal_deadline!));
    });

    it('has 奖惩 records on the 红黑榜: 通报表扬 of a red-list unit, 通报批评 / 约谈 of black-list units, one resting on a letter', async () => {
      const list = await env.services.sanctions.list(hq, {});
      const items = list.items;
      expect(items.some((s) => s.kind === 'commendation' && s.list === 'red')).toBe(true);
      expect(items.some((s) => (s.kind === 'criticism' || s.kind === 'interview') && s.list === 'black')).toBe(true);
      expect(items.some((s) => s.letters.length > 0)).toBe(true);
    });

    it('has four published weekly briefings 第1–4期 with commentary and action items done, overdue and in progress', async () => {
      const rows = await database.db.selectFrom('briefings').selectAll().orderBy('id').execute();
      expect(rows.map((r) => r.status)).toEqual(['published', 'published', 'published', 'published']);
      expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
      expect(rows.every((r) => r.period_kind === 'week')).toBe(true);
      const last = await env.services.briefings.get(leader, rows[3]!.id);
      expect(last.commentary.situation.length).toBeGreaterThan(0);
      expect(last.commentary.nextSteps.length).toBeGreaterThan(0);
      // The week's published 考核 results and 红黑榜 are in the briefing.
      expect(last.content.assessment).not.toBeNull();
      // The fourth meeting's briefing reports the third meeting's items: done and overdue.
      const progress = last.content.actionItems.map((i) => i.progress);
      expect(progress).toContain('done');
      expect(progress).toContain('overdue');
      const items = await database.db.selectFrom('action_items').selectAll().execute();
      const done = items.filter((i) => i.status === 'done');
      expect(done.length).toBeGreaterThanOrEqual(4);
      for (const i of done) {
        expect(i.report_note).toBeTruthy();
        expect(i.confirmed_by).toBe(hq.actor!.userId);
      }
      expect(items.filter((i) => i.status === 'open' && Date.parse(i.due_at) < now.getTime())).toHaveLength(1);
      expect(items.some((i) => i.status === 'open' && Date.parse(i.due_at) > now.getTime())).toBe(true);
    });

    it('ends with the 问责函 waiting for the leader’s approval', async () => {
      const waiting = await env.services.letters.list(leader, { state: 'pending_approval' });
      expect(waiting).toHaveLength(1);
      expect(waiting[0]!.type).toBe('问责函');
    });
  });
}
