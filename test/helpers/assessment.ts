import type { Database } from '../../src/db/database.js';
import type { AssessmentModel } from '../../src/shared/contracts/assessment.contract.js';
import { MODEL } from '../domain/assessment/fixtures.js';

/** A campaign row inserted directly (the assessment model needs only its id). */
export async function makeCampaign(database: Database, name = '2026 创文'): Promise<number> {
  const row = await database.db
    .insertInto('campaigns')
    .values({ name, framework_id: null, created_at: new Date().toISOString(), updated_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A sound model (the domain tests' three groups) as HQ would send it: without a version. */
export function modelInput(name = MODEL.name): Omit<AssessmentModel, 'version'> {
  const { version: _version, ...rest } = structuredClone(MODEL);
  return { ...rest, name };
}

/** Row count of a table, to prove a refused write wrote nothing. */
export async function rowCount(database: Database, table: 'assessment_models' | 'audit_log'): Promise<number> {
  const r = await database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
