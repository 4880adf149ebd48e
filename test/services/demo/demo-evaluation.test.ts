import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { contextFor, makeEnv, type TestEnv } from '../../helpers/factories.js';
import { userRepository } from '../../../src/db/repositories/user.repository.js';
import { DEMO_FRAMEWORK_NAME, demoFrameworkNodes } from '../../../src/demo/demo-evaluation.js';
import { checkFramework } from '../../../src/domain/evaluation/framework.js';
import type { RequestContext } from '../../../src/core/context.js';

const DAY = 86_400_000;
const BBOX = [114.09, 33.05, 115.66, 34.34] as const;

describe('demo framework nodes', () => {
  it('are a valid framework: 8+ items, 30+ standards over 10+ point types, mostly field checks', () => {
    const nodes = demoFrameworkNodes();
    expect(checkFramework(nodes)).toEqual([]);
    const standards = nodes.filter((n) => n.level === 'standard');
    expect(nodes.filter((n) => n.level === 'item').length).toBeGreaterThanOrEqual(8);
    expect(standards.length).toBeGreaterThanOrEqual(30);
    expect(new Set(standards.flatMap((s) => s.pointTypes ?? [])).size).toBeGreaterThanOrEqual(10);
    expect(standards.filter((s) => s.method === 'field').length).toBeGreaterThan(standards.length / 2);
    expect(standards.every((s) => (s.points ?? 0) >= 1 && (s.points ?? 0) <= 5)).toBe(true);
  });
});

for (const dialect of DIALECTS) {
  describe(`demo evaluation data on ${dialect}`, () => {
    let database: TestDatabase;
    let env: TestEnv;
    let now: Date;
    let hq: RequestContext;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      env = makeEnv(database);
      now = env.clock.now();
      const t0 = performance.now();
      await env.services.demo.load();
      console.info(`demo city with cases and evaluation loaded on ${dialect} in ${Math.round(performance.now() - t0)} ms`);
      hq = await contextFor(database, (await userRepository.byUsername(database.db, 'hq'))!.id);
    }, 120_000);
    afterAll(async () => database.drop());

    it('has one published framework of the demo with 8+ items and 30+ standards covering 10+ point types', async () => {
      const list = await env.services.frameworks.list(hq);
      const fw = list.find((f) => f.name === DEMO_FRAMEWORK_NAME)!;
      expect(fw.status).toBe('published');
      const detail = await env.services.frameworks.get(hq, fw.id);
      const standards = detail.nodes.filter((n) => n.level === 'standard');
      expect(detail.nodes.filter((n) => n.level === 'item').length).toBeGreaterThanOrEqual(8);
      expect(standards.length).toBeGreaterThanOrEqual(30);
      expect(new Set(standards.flatMap((s) => s.pointTypes ?? [])).size).toBeGreaterThanOrEqual(10);
    });

    it('has about 300 check points inside the city, across the 11 county-level units, some must-check and new', async () => {
      const points = await env.services.checkpoints.list(hq);
      expect(points.length).toBeGreaterThanOrEqual(280);
      expect(points.length).toBeLessThanOrEqual(320);
      for (const p of points) {
        expect(p.lon).not.toBeNull();
        expect(p.lon!).toBeGreaterThanOrEqual(BBOX[0]);
        expect(p.lon!).toBeLessThanOrEqual(BBOX[2]);
        expect(p.lat!).toBeGreaterThanOrEqual(BBOX[1]);
        expect(p.lat!).toBeLessThanOrEqual(BBOX[3]);
        expect(p.name).toMatch(/[\u4e00-\u9fff]/);
        expect(p.responsibleUnitId).not.toBeNull();
        expect(p.areaUnitId).not.toBeNull();
      }
      expect(new Set(points.map((p) => p.type)).size).toBeGreaterThanOrEqual(10);
      expect(new Set(points.map((p) => p.code.split('-')[1])).size).toBe(11);
      expect(points.some((p) => p.mustCheck)).toBe(true);
      expect(points.some((p) => p.isNew)).toBe(true);
    });

    it('has weekly plans and inspections over the past weeks, with a moderate number of failures as cases', async () => {
      const plans = await env.services.inspectionPlans.plans(hq);
      expect(plans.length).toBeGreaterThanOrEqual(3);
      const inspections = await database.db.selectFrom('inspections').selectAll().execute();
      expect(inspections.length).toBeGreaterThan(100);
      for (const i of inspections) {
        expect(Date.parse(i.submitted_at)).toBeLessThan(now.getTime());
        expect(Date.parse(i.submitted_at)).toBeGreaterThanOrEqual(now.getTime() - 28 * DAY);
      }
      const failed = await database.db.selectFrom('inspection_answers').selectAll().where('answer', '=', 'fail').execute();
      expect(failed.length).toBeGreaterThan(0);
      expect(failed.length).toBeLessThanOrEqual(30);
      expect(failed.every((a) => a.case_id !== null)).toBe(true);
      const cases = await database.db
        .selectFrom('cases')
        .select('id')
        .where('source', '=', 'inspection')
        .where('check_point_id', 'is not', null)
        .execute();
      expect(cases.length).toBe(failed.length);
    });

    it('rolls the results up by district with real differences between districts', async () => {
      const fw = (await env.services.frameworks.list(hq)).find((f) => f.name === DEMO_FRAMEWORK_NAME)!;
      const r = await env.services.results.rates(hq, {
        frameworkId: fw.id,
        from: new Date(now.getTime() - 35 * DAY).toISOString(),
        to: now.toISOString(),
        groupBy: 'district',
      });
      expect(r.rejected).toBe(0);
      const rates = r.cells.map((c) => c.rate).filter((x): x is number => x !== null);
      expect(rates.length).toBeGreaterThanOrEqual(8);
      expect(new Set(rates.map((x) => x.toFixed(3))).size).toBeGreaterThanOrEqual(2);
      expect(Math.max(...rates) - Math.min(...rates)).toBeGreaterThan(0.03);
      for (const x of rates) {
        expect(x).toBeGreaterThan(0.5);
        expect(x).toBeLessThanOrEqual(1);
      }
    });

    it('ranks the districts by simulated index with all three annual parts measured, and exports them', async () => {
      const q = { from: new Date(now.getTime() - 35 * DAY).toISOString(), to: now.toISOString() };
      // No frameworkId: the demo campaign's pinned version.
      const r = await env.services.results.index(hq, q);
      expect(r.rejected).toBe(0);
      const ranked = r.districts.filter((d) => d.index !== null);
      expect(ranked.length).toBeGreaterThanOrEqual(8);
      expect(ranked.map((d) => d.rank)).toEqual([...ranked.map((d) => d.rank)].sort((a, b) => a! - b!));
      expect(r.city.annual.missingParts).toEqual([]);
      expect(r.city.annual.score).toBeGreaterThan(50);
      const t = await env.services.results.trend(hq, { ...q, bucket: 'week', groupBy: 'all' });
      expect(t.series[0]!.cells.filter((c) => c.rate !== null).length).toBeGreaterThanOrEqual(4);
    });

    it("moves the failed standards' cases on: HQ dispatches to the suggested unit, units rectify, the inspector closes; recent ones wait", async () => {
      const t = now.getTime();
      const cases = await database.db
        .selectFrom('cases')
        .select(['id', 'state', 'created_at'])
        .where('check_point_id', 'is not', null)
        .orderBy('id')
        .execute();
      const events = await database.db
        .selectFrom('case_events')
        .select(['case_id', 'action', 'at', 'actor_id', 'unit_after'])
        .where(
          'case_id',
          'in',
          cases.map((c) => c.id),
        )
        .orderBy('case_id')
        .orderBy('seq')
        .execute();
      const users = new Map((await userRepository.all(database.db)).map((u) => [u.id, u.username]));
      const age = (c: (typeof cases)[number]) => t - Date.parse(c.created_at);
      // Most cases older than 3 days are past `reported`; some are closed, some still open at a unit.
      const old = cases.filter((c) => age(c) > 3 * DAY);
      expect(old.length).toBeGreaterThanOrEqual(5);
      expect(old.filter((c) => c.state !== 'reported' && c.state !== 'accepted').length).toBeGreaterThanOrEqual(old.length * 0.8);
      expect(cases.filter((c) => c.state === 'closed').length).toBeGreaterThanOrEqual(old.length / 3);
      expect(cases.some((c) => ['dispatched', 'acknowledged', 'rectified'].includes(c.state))).toBe(true);
      // The last two days' cases are still with HQ.
      for (const c of cases.filter((x) => age(x) < 2 * DAY)) expect(['reported', 'accepted']).toContain(c.state);
      for (const c of cases) {
        const log = events.filter((e) => e.case_id === c.id);
        const times = log.map((e) => Date.parse(e.at));
        expect(times).toEqual([...times].sort((a, b) => a - b));
        expect(times[times.length - 1]!).toBeLessThan(t);
        const dispatch = log.find((e) => e.action === 'dispatch');
        if (dispatch) {
          // Within a day of the report, to the unit the case policy suggests.
          expect(Date.parse(dispatch.at) - Date.parse(c.created_at)).toBeLessThan(DAY);
          expect(dispatch.unit_after).toBe((await env.services.cases.suggestDispatch(hq, c.id)).unitId);
        }
        for (const e of log) {
          if (['accept', 'dispatch'].includes(e.action)) expect(users.get(e.actor_id!)).toBe('hq');
          if (['acknowledge', 'rectify'].includes(e.action)) expect(users.get(e.actor_id!)).toMatch(/^(handler|unithead)/);
          if (e.action.startsWith('verify_')) expect(users.get(e.actor_id!)).toBe('inspector');
        }
      }
    });

    it('keeps the case aggregates equal to a recompute', async () => {
      const r = await env.services.caseQuery.recompute();
      expect(r.differences).toEqual([]);
      expect(r.equal).toBe(true);
    });
  });
}
