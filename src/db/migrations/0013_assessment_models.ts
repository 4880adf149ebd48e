import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { withId, type DialectMigration } from './helpers.js';

/**
 * Issue 13 (point 1): the 考核 model of a campaign, versioned like frameworks. A version is
 * edited as a draft and frozen once published; the campaign's model in force is its latest
 * published version. `model` is the JSON of the wire shape (AssessmentModel); `revision`
 * counts saved edits of a draft so that a stale edit is refused (409) instead of lost.
 */
export const assessmentModels: DialectMigration = {
  name: '0013_assessment_models',
  async up(db: Kysely<unknown>, dialect: Dialect) {
    await withId(db.schema.createTable('assessment_models'), dialect)
      .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('model', 'text', (c) => c.notNull())
      .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_by', 'integer', (c) => c.references('users.id'))
      .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(30)')
      .addColumn('published_by', 'integer', (c) => c.references('users.id'))
      .addColumn('published_at', 'varchar(30)')
      .addUniqueConstraint('assessment_models_campaign_version_uq', ['campaign_id', 'version'])
      .execute();
    await db.schema
      .createIndex('assessment_models_in_force_idx')
      .on('assessment_models')
      .columns(['campaign_id', 'status', 'version'])
      .execute();
  },
};
