/**
 * The escalation sweep reads overdue cases through the owed-deadline index, so its cost
 * follows the overdue cases rather than the open ones or the history (issue 5).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { letterRepository } from '../../src/db/repositories/letter.repository.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/db.js';

for (const dialect of DIALECTS) {
  describe(`escalation reads on ${dialect}`, () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase(dialect);
    });
    afterAll(async () => database.drop());

    it('finds overdue cases by the owed-deadline index', async () => {
      const db = database.db;
      // What the repository asks, with its parameter inlined for EXPLAIN.
      const compiled = db.selectFrom('cases').select('id').where('owed_deadline', '<', '2026-03-05T00:00:00.000Z').compile();
      const text = compiled.sql.replace(/\?|\$1/g, "'2026-03-05T00:00:00.000Z'");
      if (dialect === 'pg') await sql`set enable_seqscan = off`.execute(db);
      const plan = await sql.raw<Record<string, unknown>>(`${dialect === 'sqlite' ? 'explain query plan' : 'explain'} ${text}`).execute(db);
      expect(JSON.stringify(plan.rows)).toContain('cases_owed_deadline_idx');
      // And the repository's query is that one.
      expect(await letterRepository.overdueCases(db, '2026-03-05T00:00:00.000Z')).toEqual([]);
    });
  });
}
