import { sql, type Kysely } from 'kysely';
import type { DialectMigration } from './helpers.js';

/**
 * Issue 14 point 7: a maintained aggregate for the project roll-ups. `project_stage_spans` holds
 * each project's stage timeline — per confirmed record the days `[from_day, to_day)` it held
 * (domain/projects/rollups.ts `stageSpans`), its stage index in PROJECT_STAGES and the project's
 * signing day — so a roll-up takes every project's stage as of any day from the one span holding
 * that day, joined on the key, instead of a pass over all the records on each request (10 000
 * projects in ≤ 20 ms, docs/PERFORMANCE.md). Kept in the transaction that decides a record
 * (projectRepository.decideStageRecord → projectRollupRepository.refreshStageSpans).
 */
export const projectRollups: DialectMigration = {
  name: '0022_project_rollups',
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('project_stage_spans')
      .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
      .addColumn('from_day', 'varchar(10)', (c) => c.notNull())
      .addColumn('to_day', 'varchar(10)')
      .addColumn('stage_rank', 'integer', (c) => c.notNull())
      .addColumn('signed_on', 'varchar(10)')
      .addPrimaryKeyConstraint('project_stage_spans_pk', ['project_id', 'from_day'])
      .execute();
    // Existing records: the same timeline as stageSpans (by day, then record; the later of one day holds).
    const stages = ['planning', 'signed', 'performing', 'started', 'partly_producing', 'producing', 'at_capacity'];
    const rows = (
      await sql<{ project_id: number; stage: string; actual_date: string }>`select project_id, stage, actual_date
        from project_stage_records where status = 'confirmed' order by project_id, actual_date, id`.execute(db)
    ).rows;
    const byProject = new Map<number, typeof rows>();
    for (const r of rows) byProject.set(Number(r.project_id), [...(byProject.get(Number(r.project_id)) ?? []), r]);
    for (const [projectId, recs] of byProject) {
      const signedRecord = recs.find((r) => r.stage === 'signed')?.actual_date;
      const reachedSigned = recs.find((r) => stages.indexOf(r.stage) >= 1)?.actual_date ?? null;
      const signedOn = signedRecord ?? reachedSigned;
      for (const [i, r] of recs.entries()) {
        const to = recs[i + 1]?.actual_date ?? null;
        if (to === r.actual_date) continue;
        await sql`insert into project_stage_spans (project_id, from_day, to_day, stage_rank, signed_on)
          values (${projectId}, ${r.actual_date}, ${to}, ${stages.indexOf(r.stage)}, ${signedOn})`.execute(db);
      }
    }
  },
};
