import type { Kysely } from 'kysely';
import type { DialectMigration } from './helpers.js';

/**
 * Campaign settings (issue 4): the weak-point rule, position limit and scoring weights
 * HQ configures per campaign, as JSON so a setting added later needs no migration; the
 * escalation ladder of issue 5 lives there too.
 */
export const campaignSettings: DialectMigration = {
  name: '0004_campaign_settings',
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('campaigns')
      .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
      .execute();
    await db.schema.alterTable('campaigns').addColumn('updated_at', 'varchar(30)').execute();
  },
};
