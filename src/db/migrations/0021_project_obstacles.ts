import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { withId, type DialectMigration } from './helpers.js';

/**
 * Issue 14 (point 6): obstacles (要素保障: 用地, 资金, 审批, 水电气, 用工 …) a project raises. Each
 * obstacle IS a case (source `project_obstacle`) of the case workflow; this table only links the
 * case to its project with the obstacle's kind, who raised it and when. A link table rather than
 * a nullable `cases.project_id`: the cases table, its indexes and its list queries stay as they
 * are (their speed is measured), and a case belongs to at most one project (`case_id` unique).
 */
export const projectObstacles: DialectMigration = {
  name: '0021_project_obstacles',
  async up(db: Kysely<unknown>, dialect: Dialect) {
    await withId(db.schema.createTable('project_obstacles'), dialect)
      .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
      .addColumn('case_id', 'integer', (c) => c.notNull().unique().references('cases.id'))
      .addColumn('kind', 'varchar(16)', (c) => c.notNull())
      .addColumn('raised_by', 'integer', (c) => c.references('users.id'))
      .addColumn('raised_at', 'varchar(30)', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('project_obstacles_project_idx').on('project_obstacles').columns(['project_id', 'raised_at']).execute();
  },
};
