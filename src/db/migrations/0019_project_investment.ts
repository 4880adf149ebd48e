import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { withId, type DialectMigration } from './helpers.js';

/**
 * Issue 14 (point 4): investment progress of major projects.
 *
 * - `project_investment_plans`: the annual planned investment of a project (年度计划投资), one row
 *   per project and year, set by the projects office (changed at its version; every change audited).
 * - `project_investment_reports`: the project unit's monthly reports (月度投资进度). A correction is a
 *   new version of the month's report, the earlier ones kept: one row per (project, year, month,
 *   version), the unique index deciding between two writers of the same version. The first version's
 *   `submitted_at` is when the month was filed (lateness); the latest version's figures count.
 *   `opening_wan_cents` is what was completed since the start before the first reported month
 *   (开工以来累计, only on the project's earliest month). Photos in `project_report_files`.
 * - `letter_report_lapses`: letters of the escalation ladder about missing reports, as
 *   `letter_cases` links letters to cases; the unique index keeps one letter per rung per lapse.
 * Amounts are integers of 万元 × 100.
 */
export const projectInvestment: DialectMigration = {
  name: '0019_project_investment',
  async up(db: Kysely<unknown>, dialect: Dialect) {
    await withId(db.schema.createTable('project_investment_plans'), dialect)
      .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('plan_wan_cents', 'bigint', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('set_by', 'integer', (c) => c.references('users.id'))
      .addColumn('set_at', 'varchar(30)', (c) => c.notNull())
      .addUniqueConstraint('project_investment_plans_uq', ['project_id', 'year'])
      .execute();
    await db.schema
      .createIndex('project_investment_plans_year_idx')
      .on('project_investment_plans')
      .columns(['year', 'project_id'])
      .execute();

    await withId(db.schema.createTable('project_investment_reports'), dialect)
      .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('month', 'integer', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('completed_wan_cents', 'bigint', (c) => c.notNull())
      .addColumn('opening_wan_cents', 'bigint')
      .addColumn('progress', 'text', (c) => c.notNull())
      .addColumn('problems', 'text', (c) => c.notNull())
      .addColumn('correction_reason', 'text')
      .addColumn('submitted_by', 'integer', (c) => c.references('users.id'))
      .addColumn('submitted_at', 'varchar(30)', (c) => c.notNull())
      .addUniqueConstraint('project_investment_reports_uq', ['project_id', 'year', 'month', 'version'])
      .execute();
    await db.schema
      .createIndex('project_investment_reports_year_idx')
      .on('project_investment_reports')
      .columns(['year', 'month', 'project_id'])
      .execute();
    await db.schema
      .createTable('project_report_files')
      .addColumn('report_id', 'integer', (c) => c.notNull().references('project_investment_reports.id'))
      .addColumn('file_id', 'integer', (c) => c.notNull().references('files.id'))
      .addColumn('name', 'varchar(255)')
      .addPrimaryKeyConstraint('project_report_files_pk', ['report_id', 'file_id'])
      .execute();

    await db.schema
      .createTable('letter_report_lapses')
      .addColumn('letter_id', 'integer', (c) => c.notNull().references('letters.id'))
      .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('month', 'integer', (c) => c.notNull())
      .addColumn('rung_key', 'varchar(32)', (c) => c.notNull())
      .addPrimaryKeyConstraint('letter_report_lapses_pk', ['letter_id', 'project_id', 'year', 'month'])
      .addUniqueConstraint('letter_report_lapses_one_rung_uq', ['project_id', 'year', 'month', 'rung_key'])
      .execute();
  },
};
