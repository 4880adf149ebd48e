/**
 * A report and a case action build their statements once (src/db/prepared.ts): after the first
 * of each, Kysely compiles almost nothing for the next. Kysely's build and compile was a quarter
 * of a report's server CPU (issue 16, docs/PERFORMANCE.md); this fails if a statement on those
 * paths goes back to being built on every run.
 */
import { DefaultQueryCompiler } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RequestContext } from '../../../src/core/context.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { contextFor, makeCity, makeEnv, makeUser, type TestEnv } from '../../helpers/factories.js';

for (const dialect of DIALECTS) {
  describe(`statements of a report and an action, built once, on ${dialect}`, () => {
    let database: TestDatabase;
    let env: TestEnv;
    let hq: RequestContext;
    let area: number;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      env = makeEnv(database);
      await env.services.casePolicy.ensureDefaults();
      const city = await makeCity(database);
      area = city.district.id;
      // Three dispatchers hear of every report: the notices are written too.
      const dispatchers = [];
      for (let i = 0; i < 3; i++)
        dispatchers.push(await makeUser(database, { unit: city.city, roles: [{ role: 'hq_dispatcher', unit: city.city }] }));
      hq = await contextFor(database, dispatchers[0]!.id);
    });
    afterAll(async () => database.drop());
    afterEach(() => vi.restoreAllMocks());

    const report = (n: number) =>
      env.services.cases.report(
        hq,
        { source: 'video', categoryCode: 'E01-01', description: `视频巡查发现问题 ${n}`, lon: 114.65, lat: 33.62, areaUnitId: area },
        [],
      );

    /**
     * The statements Kysely builds and compiles while `run` runs, raw SQL left out: a savepoint of
     * the grouped commit or the audit record sent with its commit is a string, nothing to build.
     */
    async function compiledDuring(run: () => Promise<unknown>): Promise<string[]> {
      const spy = vi.spyOn(DefaultQueryCompiler.prototype, 'compileQuery');
      try {
        await run();
        return spy.mock.calls.filter(([node]) => node.kind !== 'RawNode').map(([node]) => node.kind);
      } finally {
        spy.mockRestore();
      }
    }

    it('a second report builds no statement; a second accept neither', async () => {
      const first = await report(1);
      const second = await report(2);
      const third = await report(3);
      expect(await compiledDuring(() => report(4))).toEqual([]);
      await env.services.cases.act(hq, first.id, { action: 'accept', version: 1 }, []);
      await env.services.cases.act(hq, second.id, { action: 'accept', version: 1 }, []);
      expect(await compiledDuring(() => env.services.cases.act(hq, third.id, { action: 'accept', version: 1 }, []))).toEqual([]);
    });
  });
}
