import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { withId, type DialectMigration } from './helpers.js';

/**
 * Evaluation framework versions and their nodes, campaigns, check points, inspection
 * plans with their points, inspections and their answers (issue 4).
 */
export const evaluation: DialectMigration = {
  name: '0003_evaluation',
  async up(db: Kysely<unknown>, dialect: Dialect) {
    // One row per framework version; published rows never change (the service refuses).
    await withId(db.schema.createTable('frameworks'), dialect)
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('published_at', 'varchar(30)')
      .addColumn('digest', 'varchar(64)')
      .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
      .addUniqueConstraint('frameworks_name_version', ['name', 'version'])
      .execute();

    await withId(db.schema.createTable('framework_nodes'), dialect)
      .addColumn('framework_id', 'integer', (c) => c.notNull().references('frameworks.id'))
      .addColumn('code', 'varchar(64)', (c) => c.notNull())
      .addColumn('parent_code', 'varchar(64)')
      .addColumn('level', 'varchar(16)', (c) => c.notNull())
      .addColumn('name', 'varchar(500)', (c) => c.notNull())
      .addColumn('weight', 'double precision')
      .addColumn('method', 'varchar(16)')
      .addColumn('points', 'double precision')
      .addColumn('point_types', 'text')
      .addColumn('pass_rule', 'text')
      .addColumn('sort_order', 'integer', (c) => c.notNull())
      .addUniqueConstraint('framework_nodes_code', ['framework_id', 'code'])
      .execute();

    await withId(db.schema.createTable('campaigns'), dialect)
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      .addColumn('framework_id', 'integer', (c) => c.references('frameworks.id'))
      .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
      .execute();

    await withId(db.schema.createTable('checkpoints'), dialect)
      .addColumn('code', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      .addColumn('type', 'varchar(64)', (c) => c.notNull())
      .addColumn('address', 'varchar(300)')
      .addColumn('lon', 'double precision')
      .addColumn('lat', 'double precision')
      .addColumn('responsible_unit_id', 'integer', (c) => c.references('units.id'))
      .addColumn('area_unit_id', 'integer', (c) => c.references('units.id'))
      .addColumn('must_check', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('is_new', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('checkpoints_type_idx').on('checkpoints').columns(['type', 'active']).execute();
    await db.schema.createIndex('checkpoints_unit_idx').on('checkpoints').column('responsible_unit_id').execute();

    await withId(db.schema.createTable('inspection_plans'), dialect)
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      .addColumn('period_from', 'varchar(10)', (c) => c.notNull())
      .addColumn('period_to', 'varchar(10)', (c) => c.notNull())
      .addColumn('unit_id', 'integer', (c) => c.references('units.id'))
      .addColumn('seed', 'bigint', (c) => c.notNull())
      .addColumn('target_count', 'integer', (c) => c.notNull())
      .addColumn('framework_id', 'integer', (c) => c.notNull().references('frameworks.id'))
      .addColumn('created_by', 'integer', (c) => c.references('users.id'))
      .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('inspection_plans_period_idx').on('inspection_plans').columns(['period_from', 'period_to']).execute();

    await withId(db.schema.createTable('plan_points'), dialect)
      .addColumn('plan_id', 'integer', (c) => c.notNull().references('inspection_plans.id'))
      .addColumn('checkpoint_id', 'integer', (c) => c.notNull().references('checkpoints.id'))
      .addColumn('reasons', 'text', (c) => c.notNull())
      .addColumn('inspector_id', 'integer', (c) => c.references('users.id'))
      .addUniqueConstraint('plan_points_point', ['plan_id', 'checkpoint_id'])
      .execute();
    await db.schema.createIndex('plan_points_inspector_idx').on('plan_points').columns(['inspector_id', 'plan_id']).execute();

    await withId(db.schema.createTable('inspections'), dialect)
      .addColumn('idempotency_key', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('content_hash', 'varchar(64)', (c) => c.notNull())
      .addColumn('plan_id', 'integer', (c) => c.notNull().references('inspection_plans.id'))
      .addColumn('checkpoint_id', 'integer', (c) => c.notNull().references('checkpoints.id'))
      .addColumn('inspector_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('framework_id', 'integer', (c) => c.notNull().references('frameworks.id'))
      .addColumn('started_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('submitted_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('lon', 'double precision')
      .addColumn('lat', 'double precision')
      .addColumn('position_flagged', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('distance_m', 'double precision')
      .addColumn('earned', 'double precision', (c) => c.notNull())
      .addColumn('possible', 'double precision', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('inspections_point_idx').on('inspections').columns(['checkpoint_id', 'started_at']).execute();
    await db.schema.createIndex('inspections_started_idx').on('inspections').column('started_at').execute();

    await withId(db.schema.createTable('inspection_answers'), dialect)
      .addColumn('inspection_id', 'integer', (c) => c.notNull().references('inspections.id'))
      .addColumn('standard_code', 'varchar(64)', (c) => c.notNull())
      .addColumn('answer', 'varchar(8)', (c) => c.notNull())
      .addColumn('score', 'double precision')
      .addColumn('earned', 'double precision', (c) => c.notNull())
      .addColumn('possible', 'double precision', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('photo_ids', 'text', (c) => c.notNull())
      .addColumn('case_id', 'integer', (c) => c.references('cases.id'))
      .addUniqueConstraint('inspection_answers_standard', ['inspection_id', 'standard_code'])
      .execute();

    // Weakness counts the cases raised at a point in a window.
    await db.schema.createIndex('cases_check_point_idx').on('cases').columns(['check_point_id', 'created_at']).execute();
  },
};
