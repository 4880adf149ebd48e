import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { withId, type DialectMigration } from './helpers.js';

/**
 * Issue 14 (points 1–3): the major projects register (重大项目), their stages and the
 * "三个一批" batches.
 *
 * Amounts are integers of 万元 × 100 (`*_wan_cents`), so sums are exact; land is in 亩 × 100
 * (`land_mu_hundredths`). A project's stage moves only when a recorded stage
 * (`project_stage_records`, entered by the project unit with evidence in `project_stage_files`)
 * is confirmed by the work team or the projects office; `current_stage` and
 * `current_stage_date` repeat the latest confirmed record for lists and filters. At most one
 * record per project awaits confirmation (a partial unique index, so two racing writers cannot
 * both file one). A batch is numbered (期数 `seq`) per county.
 */
export const projects: DialectMigration = {
  name: '0018_projects',
  async up(db: Kysely<unknown>, dialect: Dialect) {
    await withId(db.schema.createTable('projects'), dialect)
      .addColumn('code', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      .addColumn('county_unit_id', 'integer', (c) => c.notNull().references('units.id'))
      .addColumn('industry_chain', 'varchar(100)')
      .addColumn('level', 'varchar(16)', (c) => c.notNull())
      .addColumn('category', 'varchar(32)', (c) => c.notNull())
      .addColumn('investor', 'varchar(200)')
      .addColumn('total_investment_wan_cents', 'bigint', (c) => c.notNull())
      .addColumn('land_mu_hundredths', 'bigint')
      .addColumn('floor_area_m2', 'bigint')
      .addColumn('expected_output_wan_cents', 'bigint')
      .addColumn('expected_tax_wan_cents', 'bigint')
      .addColumn('jobs', 'integer')
      .addColumn('lon', 'double precision')
      .addColumn('lat', 'double precision')
      .addColumn('work_team_unit_id', 'integer', (c) => c.references('units.id'))
      .addColumn('leader_user_id', 'integer', (c) => c.references('users.id'))
      .addColumn('current_stage', 'varchar(24)', (c) => c.notNull())
      .addColumn('current_stage_date', 'varchar(10)')
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('termination_reason', 'text')
      .addColumn('terminated_at', 'varchar(30)')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_by', 'integer', (c) => c.references('users.id'))
      .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('projects_county_idx').on('projects').columns(['county_unit_id', 'code']).execute();
    await db.schema.createIndex('projects_team_idx').on('projects').columns(['work_team_unit_id', 'code']).execute();
    await db.schema.createIndex('projects_stage_idx').on('projects').columns(['status', 'current_stage']).execute();

    await db.schema
      .createTable('project_members')
      .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('title', 'varchar(50)')
      .addPrimaryKeyConstraint('project_members_pk', ['project_id', 'user_id'])
      .execute();
    await db.schema.createIndex('project_members_user_idx').on('project_members').columns(['user_id', 'project_id']).execute();

    await withId(db.schema.createTable('project_milestones'), dialect)
      .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('stage', 'varchar(24)')
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      .addColumn('planned_date', 'varchar(10)', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('project_milestones_project_idx').on('project_milestones').columns(['project_id', 'seq']).execute();

    await withId(db.schema.createTable('project_stage_records'), dialect)
      .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
      .addColumn('stage', 'varchar(24)', (c) => c.notNull())
      .addColumn('from_stage', 'varchar(24)', (c) => c.notNull())
      .addColumn('actual_date', 'varchar(10)', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('move', 'varchar(8)', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('recorded_by', 'integer', (c) => c.references('users.id'))
      .addColumn('recorded_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
      .addColumn('decided_at', 'varchar(30)')
      .addColumn('decision_reason', 'text')
      .execute();
    await db.schema.createIndex('project_stage_records_project_idx').on('project_stage_records').columns(['project_id', 'id']).execute();
    await db.schema
      .createIndex('project_stage_records_one_pending_idx')
      .on('project_stage_records')
      .columns(['project_id'])
      .unique()
      .where(sql.ref('status'), '=', 'pending')
      .execute();
    await db.schema
      .createTable('project_stage_files')
      .addColumn('record_id', 'integer', (c) => c.notNull().references('project_stage_records.id'))
      .addColumn('file_id', 'integer', (c) => c.notNull().references('files.id'))
      .addColumn('name', 'varchar(255)')
      .addPrimaryKeyConstraint('project_stage_files_pk', ['record_id', 'file_id'])
      .execute();

    await withId(db.schema.createTable('project_batches'), dialect)
      .addColumn('county_unit_id', 'integer', (c) => c.notNull().references('units.id'))
      .addColumn('name', 'varchar(100)', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('event_date', 'varchar(10)', (c) => c.notNull())
      .addColumn('created_by', 'integer', (c) => c.references('users.id'))
      .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
      .addUniqueConstraint('project_batches_county_seq_uq', ['county_unit_id', 'seq'])
      .execute();
    await db.schema
      .createTable('project_batch_items')
      .addColumn('batch_id', 'integer', (c) => c.notNull().references('project_batches.id'))
      .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
      .addColumn('role', 'varchar(16)', (c) => c.notNull())
      .addColumn('added_at', 'varchar(30)', (c) => c.notNull())
      .addPrimaryKeyConstraint('project_batch_items_pk', ['batch_id', 'project_id'])
      .execute();
    await db.schema.createIndex('project_batch_items_project_idx').on('project_batch_items').columns(['project_id', 'batch_id']).execute();
  },
};
