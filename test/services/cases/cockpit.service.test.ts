import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDay, chinaMidnight, shiftDay } from '../../../src/domain/calendar/work-calendar.js';
import type { CaseSnapshot } from '../../../src/domain/cases/case-types.js';
import { caseFacts, indicators, zeroFacts, addFacts, type FactVector } from '../../../src/domain/cases/indicators.js';
import type { CockpitView } from '../../../src/shared/contracts/dashboard.contract.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { makeCity, makeEnv, type TestEnv } from '../../helpers/factories.js';
import { cockpitWorld, COCKPIT_NOW } from '../../helpers/cockpit-world.js';

for (const dialect of DIALECTS) {
  describe(`the cockpit service on ${dialect}`, () => {
    let database: TestDatabase;
    let env: TestEnv;
    let city: Awaited<ReturnType<typeof makeCity>>;
    let world: Awaited<ReturnType<typeof cockpitWorld>>;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      env = makeEnv(database);
      await env.services.casePolicy.ensureDefaults();
      city = await makeCity(database);
      world = await cockpitWorld(env, city);
    });
    afterAll(async () => database.drop());

    /** The figures recomputed from the record: every case's facts from its stored snapshot, every letter row. */
    async function recompute(unitPaths: string[] | null, span: { from: string; to: string }) {
      const cases = await database.db.selectFrom('cases').select(['snapshot', 'owed_deadline', 'assigned_unit_path']).execute();
      const inScope = (path: string | null) => unitPaths === null || (path !== null && unitPaths.some((p) => path.startsWith(p)));
      let sums: FactVector = zeroFacts();
      let overduePending = 0;
      for (const r of cases) {
        const facts = caseFacts(JSON.parse(r.snapshot) as CaseSnapshot);
        if (!facts || !inScope(r.assigned_unit_path) || facts.day < span.from || facts.day > span.to) continue;
        sums = addFacts(sums, facts);
        if (r.owed_deadline !== null && r.owed_deadline < COCKPIT_NOW) overduePending += 1;
      }
      const overdueNow = cases.filter(
        (r) => inScope(r.assigned_unit_path) && r.owed_deadline !== null && r.owed_deadline < COCKPIT_NOW,
      ).length;
      const units = await database.db.selectFrom('units').select(['id', 'path']).execute();
      const unitIds = new Set(units.filter((u) => inScope(u.path)).map((u) => u.id));
      const from = chinaMidnight(span.from).toISOString();
      const to = chinaMidnight(shiftDay(span.to, 1)).toISOString();
      const letters = (await database.db.selectFrom('letters').selectAll().execute()).filter(
        (l) =>
          (l.status === 'issued' || l.status === 'withdrawn') &&
          l.issued_at !== null &&
          l.issued_at >= from &&
          l.issued_at < to &&
          (unitIds.has(l.unit_id) || unitIds.has(l.sign_unit_id ?? -1)),
      );
      return {
        sums,
        overduePending,
        overdueNow,
        lettersIssued: letters.length,
        lettersUnsigned: letters.filter((l) => l.status === 'issued' && l.signed_at === null).length,
      };
    }

    async function expectRecomputed(v: CockpitView, unitPaths: string[] | null) {
      for (const p of [v.current, v.previous]) {
        const r = await recompute(unitPaths, p);
        expect(p.sums, `${p.from}…${p.to}`).toEqual(r.sums);
        expect(p.overduePending).toBe(r.overduePending);
        expect(p.indicators).toEqual(indicators(r.sums, r.overduePending));
        expect([p.lettersIssued, p.lettersUnsigned]).toEqual([r.lettersIssued, r.lettersUnsigned]);
        expect(v.overdueNow).toBe(r.overdueNow);
      }
      for (const w of v.trend) {
        const r = await recompute(unitPaths, w);
        expect(w.dispatched, w.from).toBe(r.sums.dispatched);
        expect(w.disposalRate).toBe(indicators(r.sums, 0).disposalRate);
      }
    }

    it('this week against the last: China midnight decides the side, figures equal the recompute', async () => {
      const v = await env.services.cockpit.cockpit(world.people.leader.ctx, 'week');
      expect(v.asOf).toBe(COCKPIT_NOW);
      expect(chinaDay(new Date(v.asOf))).toBe('2026-03-06');
      expect(v.current).toMatchObject({ from: '2026-03-02', to: '2026-03-08' });
      expect(v.current.dispatchedFrom).toBe('2026-03-01T16:00:00.000Z');
      expect(v.current.dispatchedTo).toBe('2026-03-08T16:00:00.000Z');
      expect(v.previous).toMatchObject({ from: '2026-02-23', to: '2026-03-01' });
      // b (Mon 00:00:00) and e this week; a (Sun 23:59:59), c (Sat 23:59:59) and d (Sun 00:00) the week before.
      expect(v.current.sums).toMatchObject({ dispatched: 2, handled: 1, closed: 1, closedOnTime: 1 });
      expect(v.previous.sums).toMatchObject({ dispatched: 3, handled: 1, closed: 0 });
      expect(v.current.overduePending).toBe(1); // e
      expect(v.previous.overduePending).toBe(1); // a
      expect(v.overdueNow).toBe(3); // a, e, f
      // Letters: the one of 3 March (unsigned) and of 4 March (signed); 25 February the week before; the draft nowhere.
      expect([v.current.lettersIssued, v.current.lettersUnsigned]).toEqual([2, 1]);
      expect([v.previous.lettersIssued, v.previous.lettersUnsigned]).toEqual([1, 1]);
      expect(v.trend).toHaveLength(8);
      expect(v.trend[7]).toMatchObject({ from: '2026-03-02', to: '2026-03-08', dispatched: 2 });
      expect(v.trend[6]).toMatchObject({ from: '2026-02-23', to: '2026-03-01', dispatched: 3 });
      expect(v.trend[4]).toMatchObject({ from: '2026-02-09', dispatched: 1 }); // f
      expect(v.overdueUnits.map((u) => [u.unitId, u.overdue])).toEqual([
        [city.dept.id, 2],
        [city.street.id, 1],
      ]);
      expect(v.overdueUnits[0]!.name).toBe(city.dept.name);
      // No campaign pins a framework: no evaluation figures, no weak points (not an error).
      expect(v.current.evaluation).toBeNull();
      expect(v.weakPoints).toEqual([]);
      await expectRecomputed(v, null);
    });

    it('this month against the last: 1 March 00:00 China time starts March', async () => {
      const v = await env.services.cockpit.cockpit(world.people.leader.ctx, 'month');
      expect(v.current).toMatchObject({ from: '2026-03-01', to: '2026-03-31' });
      expect(v.previous).toMatchObject({ from: '2026-02-01', to: '2026-02-28' });
      expect(v.current.dispatchedFrom).toBe('2026-02-28T16:00:00.000Z');
      // March: a, b, d, e; February: c (Sat 28 Feb 23:59:59) and f.
      expect(v.current.sums.dispatched).toBe(4);
      expect(v.previous.sums.dispatched).toBe(2);
      expect([v.current.lettersIssued, v.previous.lettersIssued]).toEqual([2, 1]);
      await expectRecomputed(v, null);
    });

    it("a unit's handler sees its own subtree only", async () => {
      const v = await env.services.cockpit.cockpit(world.people.streetHandler.ctx, 'month');
      // The street's c, d, e; nothing of the department's a, b, f nor its letters.
      expect(v.current.sums.dispatched).toBe(2);
      expect(v.previous.sums.dispatched).toBe(1);
      expect(v.overdueNow).toBe(1);
      expect(v.overdueUnits.map((u) => u.unitId)).toEqual([city.street.id]);
      expect([v.current.lettersIssued, v.current.lettersUnsigned, v.previous.lettersIssued]).toEqual([1, 0, 0]);
      await expectRecomputed(v, [city.street.path]);
    });

    it('refuses a caller who does not read cases', async () => {
      await expect(env.services.cockpit.cockpit(world.people.citizen.ctx, 'week')).rejects.toMatchObject({ status: 403 });
    });

    it('a case acted on later moves the figures (maintained aggregates, read fresh)', async () => {
      const before = await env.services.cockpit.cockpit(world.people.leader.ctx, 'week');
      const c = await env.services.caseQuery.get(world.people.hq.ctx, world.cases.e);
      await env.services.cases.act(
        world.people.streetHandler.ctx,
        world.cases.e,
        { version: c.version, action: 'acknowledge' } as never,
        [],
      );
      const after = await env.services.cockpit.cockpit(world.people.leader.ctx, 'week');
      expect(after.current.sums).toEqual(before.current.sums);
      await expectRecomputed(after, null);
    });
  });
}
