/**
 * The project roll-ups read each project's stage as of a day from the span of project_stage_spans
 * holding it (migration 0022, joined on its key), never by scanning the stage records on each request: that
 * pass cost 25–45 ms at 10 000 projects on SQLite and missed the 20 ms target (bench --projects).
 */
import { sql, type CompiledQuery, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../src/db/schema.js';
import { projectRollupRepository } from '../../src/db/repositories/project-rollup.repository.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/db.js';

function recording(db: Kysely<DB>): { db: Kysely<DB>; seen: CompiledQuery[] } {
  const seen: CompiledQuery[] = [];
  const spy = db.withPlugin({
    transformQuery: (a) => {
      seen.push(db.getExecutor().compileQuery(a.node, a.queryId));
      return a.node;
    },
    transformResult: async (a) => a.result,
  });
  return { db: spy, seen };
}

async function sqlitePlan(db: Kysely<DB>, q: CompiledQuery): Promise<string> {
  let i = 0;
  const text = q.sql.replace(/\?/g, () => {
    const v = q.parameters[i++];
    return typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`;
  });
  const plan = await sql.raw<Record<string, unknown>>(`explain query plan ${text}`).execute(db);
  return JSON.stringify(plan.rows);
}

for (const dialect of DIALECTS.filter((d) => d === 'sqlite')) {
  describe(`project roll-up reads on ${dialect}`, () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase(dialect);
    });
    afterAll(async () => database.drop());

    it('joins the stage spans on their key and does not read the stage records', async () => {
      const { db, seen } = recording(database.db);
      const q = {
        scope: { all: true, countyPaths: [], workTeamPaths: [], memberUserId: null },
        asOf: '2026-06-30',
        endOfDay: '2026-06-30T16:00:00.000Z',
      };
      expect(await projectRollupRepository.groups(db, q, 'county')).toEqual([]);
      expect(seen).toHaveLength(1);
      const plan = await sqlitePlan(database.db, seen[0]!);
      expect(plan).toMatch(/SEARCH d USING (COVERING )?INDEX (sqlite_autoindex_project_stage_spans|project_stage_spans)/);
      expect(plan).not.toContain('project_stage_records');
    });
  });
}
