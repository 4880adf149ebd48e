import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { withId, type DialectMigration } from './helpers.js';

/**
 * Issue 13 (points 1–4): 考核 results, HQ's 加减分 and units' appeals.
 *
 * - `assessment_runs`: one computed result set of a campaign for a period. `snapshot` is the
 *   JSON of its groups (scores, ranks, changes, lists and every explanation), written when
 *   computed and never rewritten once published, so later events cannot change it; `hash`
 *   is its sha256 (also in the audit record). `version` counts per campaign and period; a
 *   corrected version (after an accepted appeal) points at the run it corrects, which becomes
 *   `superseded` and keeps its snapshot.
 * - `assessment_adjustments`: 加减分 in hundredths of a point, proposed by HQ and decided by
 *   a leader; only approved ones count in a compute. `appeal_id` links those recorded when an
 *   appeal was accepted.
 * - `assessment_appeals`: a unit's dispute of a published run; `items` and `file_ids` are JSON.
 * Numbered 0015 so that it does not collide with the other migrations of issue 13.
 */
export const assessmentResults: DialectMigration = {
  name: '0015_assessment_results',
  async up(db: Kysely<unknown>, dialect: Dialect) {
    await withId(db.schema.createTable('assessment_runs'), dialect)
      .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
      .addColumn('model_id', 'integer', (c) => c.notNull().references('assessment_models.id'))
      .addColumn('period_kind', 'varchar(16)', (c) => c.notNull())
      .addColumn('period_key', 'varchar(16)', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('snapshot', 'text', (c) => c.notNull())
      .addColumn('hash', 'varchar(64)')
      .addColumn('unit_count', 'integer', (c) => c.notNull())
      .addColumn('computed_by', 'integer', (c) => c.references('users.id'))
      .addColumn('computed_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('published_by', 'integer', (c) => c.references('users.id'))
      .addColumn('published_at', 'varchar(30)')
      .addColumn('appeal_deadline', 'varchar(30)')
      .addColumn('corrects_run_id', 'integer', (c) => c.references('assessment_runs.id'))
      .addColumn('correction_reason', 'text')
      .addColumn('superseded_by', 'integer', (c) => c.references('assessment_runs.id'))
      .addUniqueConstraint('assessment_runs_period_version_uq', ['campaign_id', 'period_key', 'version'])
      .execute();
    await db.schema
      .createIndex('assessment_runs_latest_idx')
      .on('assessment_runs')
      .columns(['campaign_id', 'period_kind', 'status', 'period_key'])
      .execute();

    await withId(db.schema.createTable('assessment_adjustments'), dialect)
      .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
      .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
      .addColumn('period_kind', 'varchar(16)', (c) => c.notNull())
      .addColumn('period_key', 'varchar(16)', (c) => c.notNull())
      .addColumn('points_cents', 'integer', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('proposed_by', 'integer', (c) => c.references('users.id'))
      .addColumn('proposed_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
      .addColumn('decided_at', 'varchar(30)')
      .addColumn('decision_reason', 'text')
      .addColumn('appeal_id', 'integer')
      .execute();
    await db.schema
      .createIndex('assessment_adjustments_period_idx')
      .on('assessment_adjustments')
      .columns(['campaign_id', 'period_key', 'status'])
      .execute();

    await withId(db.schema.createTable('assessment_appeals'), dialect)
      .addColumn('run_id', 'integer', (c) => c.notNull().references('assessment_runs.id'))
      .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
      .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
      .addColumn('items', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('file_ids', 'text', (c) => c.notNull())
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('created_by', 'integer', (c) => c.references('users.id'))
      .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
      .addColumn('decided_at', 'varchar(30)')
      .addColumn('decision_reason', 'text')
      .addColumn('adjustment_id', 'integer', (c) => c.references('assessment_adjustments.id'))
      .addColumn('corrected_run_id', 'integer', (c) => c.references('assessment_runs.id'))
      .execute();
    await db.schema.createIndex('assessment_appeals_run_idx').on('assessment_appeals').columns(['run_id', 'unit_id']).execute();
  },
};
