/**
 * The cockpit's evaluation figures (one load of the period's inspections) equal what the
 * results API answers for the same spans, on the demo city (a framework, a campaign and
 * weeks of inspections).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inspectionRepository } from '../../../src/db/repositories/inspection.repository.js';
import { userRepository } from '../../../src/db/repositories/user.repository.js';
import { shiftDay } from '../../../src/domain/calendar/work-calendar.js';
import { weakest } from '../../../src/domain/cases/cockpit.js';
import type { RequestContext } from '../../../src/core/context.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { contextFor, makeEnv, type TestEnv } from '../../helpers/factories.js';

for (const dialect of DIALECTS) {
  describe(`cockpit evaluation figures on the demo city on ${dialect}`, () => {
    let database: TestDatabase;
    let env: TestEnv;
    let leader: RequestContext;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      env = makeEnv(database);
      // A Friday: this week and month already hold some of the demo's inspections.
      env.clock.set('2026-03-06T02:00:00.000Z');
      await env.services.demo.load();
      leader = await contextFor(database, (await userRepository.byUsername(database.db, 'leader'))!.id);
    }, 180_000);
    afterAll(async () => database.drop());

    it.each(['week', 'month'] as const)('the %s: index, 得分率, weak points and trend equal the results API', async (period) => {
      const v = await env.services.cockpit.cockpit(leader, period);
      const q = (s: { from: string; to: string }) => ({ from: s.from, to: shiftDay(s.to, 1) });
      for (const p of [v.current, v.previous]) {
        const index = await env.services.results.index(leader, q(p));
        expect(p.evaluation, p.from).toEqual({ rate: index.city.rate, index: index.city.index });
      }
      expect(v.current.evaluation?.rate).not.toBeNull();
      expect(v.weakPoints.length).toBeGreaterThan(0);
      const rates = await env.services.results.rates(leader, { ...q(v.current), groupBy: 'point' });
      expect(v.weakPoints.map((w) => [w.key, w.rate])).toEqual(weakest(rates.cells, 8).map((c) => [c.key, c.rate]));
      const trend = await env.services.results.trend(leader, {
        from: v.trend[0]!.from,
        to: shiftDay(v.trend[v.trend.length - 1]!.to, 1),
        bucket: 'week',
        groupBy: 'all',
      });
      expect(v.trend.map((w) => w.evalRate)).toEqual(trend.series[0]!.cells.map((c) => c.rate));
    });

    it('computed once per scope and period; a new inspection (even a late offline one) or an edited point is seen at once', async () => {
      const read = vi.spyOn(inspectionRepository, 'inPeriod');
      try {
        const first = await env.services.cockpit.cockpit(leader, 'month');
        const again = await env.services.cockpit.cockpit(leader, 'month');
        expect(again.current.evaluation).toEqual(first.current.evaluation);
        expect(read.mock.calls.length).toBeLessThanOrEqual(1);

        // An inspection of this month arrives with every standard failed: the rate falls.
        const db = database.db;
        const model = await db
          .selectFrom('inspections')
          .selectAll()
          .where('started_at', '>=', `${first.current.from}T00:00:00`)
          .orderBy('id', 'desc')
          .executeTakeFirstOrThrow();
        const answers = await db.selectFrom('inspection_answers').selectAll().where('inspection_id', '=', model.id).execute();
        const { id: _id, ...copy } = model;
        const inserted = await db
          .insertInto('inspections')
          .values({ ...copy, idempotency_key: `${model.idempotency_key}-late`, earned: 0 })
          .returning('id')
          .executeTakeFirstOrThrow();
        await db
          .insertInto('inspection_answers')
          .values(
            answers.map(({ id: _a, ...a }) => ({
              ...a,
              inspection_id: inserted.id,
              answer: a.answer === 'na' ? 'na' : 'fail',
              score: a.score === null ? null : 0,
            })),
          )
          .execute();
        read.mockClear();
        const after = await env.services.cockpit.cockpit(leader, 'month');
        expect(read).toHaveBeenCalled();
        expect(after.current.evaluation!.rate!).toBeLessThan(first.current.evaluation!.rate!);
        const q = { from: after.current.from, to: shiftDay(after.current.to, 1) };
        expect(after.current.evaluation!.rate).toBe((await env.services.results.index(leader, q)).city.rate);

        // A point edited (its updated_at moves): recomputed, not served from before.
        read.mockClear();
        await db
          .updateTable('checkpoints')
          .set({ updated_at: new Date(Date.parse('2026-03-06T02:00:00.000Z') + 1000).toISOString() })
          .where('id', '=', model.checkpoint_id)
          .execute();
        await env.services.cockpit.cockpit(leader, 'month');
        expect(read).toHaveBeenCalled();
      } finally {
        read.mockRestore();
      }
    });
  });
}
