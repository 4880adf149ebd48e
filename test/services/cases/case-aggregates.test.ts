import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { contextFor, makeCity, makeEnv, makeUser, type TestEnv } from '../../helpers/factories.js';
import { photos } from '../../helpers/images.js';
import type { RequestContext } from '../../../src/core/context.js';
import { actionsFrom, TRANSITIONS } from '../../../src/domain/cases/transition-table.js';

/**
 * Random event streams through the real service: whatever the order of commands
 * (accepted or refused), the aggregates maintained in each transaction equal a
 * recompute from the event log.
 */
for (const dialect of DIALECTS) {
  describe(`maintained aggregates vs recompute on ${dialect}`, () => {
    let database: TestDatabase;
    let env: TestEnv;
    let actors: RequestContext[];
    let unitIds: number[];

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      env = makeEnv(database);
      await env.services.casePolicy.ensureDefaults();
      const city = await makeCity(database);
      const hq = await makeUser(database, { unit: city.city, roles: [{ role: 'hq_dispatcher', unit: city.city }] });
      const i1 = await makeUser(database, { unit: city.city, roles: [{ role: 'inspector', unit: city.city }] });
      const i2 = await makeUser(database, { unit: city.city, roles: [{ role: 'inspector', unit: city.city }] });
      const h2 = await makeUser(database, { unit: city.district, roles: [{ role: 'unit_handler', unit: city.district }] });
      actors = await Promise.all([hq.id, i1.id, i2.id, city.handler.id, h2.id].map((id) => contextFor(database, id)));
      unitIds = [city.dept.id, city.district.id];
    });
    afterAll(async () => database.drop());

    it('stay equal over random command streams', async () => {
      const photo = await photos(1);
      let accepted = 0;
      const step = fc.record({
        caseIdx: fc.nat(),
        choice: fc.nat(),
        actor: fc.nat({ max: 4 }),
        unit: fc.nat({ max: 1 }),
        withPhoto: fc.boolean(),
        hours: fc.integer({ min: 0, max: 96 }),
      });
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 40 }), async (steps) => {
          const ids: number[] = [];
          for (let i = 0; i < 3; i++) {
            ids.push(
              (
                await env.services.cases.report(
                  actors[1]!,
                  { source: 'inspection', categoryCode: i % 2 ? 'E05-01' : 'C01-01', description: '随机', lon: 114.6, lat: 33.6 },
                  photo,
                )
              ).id,
            );
          }
          for (const s of steps) {
            env.clock.advance(s.hours * 3_600_000);
            const id = ids[s.caseIdx % ids.length]!;
            const c = await env.services.caseQuery.get(actors[0]!, id);
            // Mostly actions the state allows, by someone holding a role the table names.
            const allowed = actionsFrom(c.state);
            if (!allowed.length) continue;
            const action = allowed[s.choice % allowed.length]!;
            const holders = actors.filter((a) => a.actor!.grants.some((g) => TRANSITIONS[action].roles.includes(g.role)));
            const actor = holders.length ? holders[s.actor % holders.length]! : actors[s.actor]!;
            const deadline = new Date(env.clock.now().getTime() + 72 * 3_600_000).toISOString();
            await env.services.cases
              .act(
                actor,
                id,
                {
                  action: action as never,
                  version: c.version,
                  unitId: unitIds[s.unit],
                  reason: '理由',
                  requestedDeadline: c.deadline ? new Date(Date.parse(c.deadline) + 24 * 3_600_000).toISOString() : deadline,
                  reviewDate: '2027-01-01',
                  targetCaseId: ids[(s.caseIdx + 1) % ids.length],
                },
                s.withPhoto ? photo : [],
              )
              .then(() => (accepted += 1))
              .catch(() => undefined); // refused commands are part of the stream
          }
          const r = await env.services.caseQuery.recompute();
          expect(r.differences).toEqual([]);
        }),
        { numRuns: 12 },
      );
      // The streams must actually move cases, not only bounce off the guards.
      expect(accepted).toBeGreaterThan(30);
      const moved = await database.db.selectFrom('cases').select('state').distinct().execute();
      expect(moved.length).toBeGreaterThan(3);
    }, 120_000);
  });
}
