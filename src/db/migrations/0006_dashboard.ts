import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import type { DialectMigration } from './helpers.js';

/**
 * The dashboards (issue 6) sum the maintained aggregates of every unit over the days
 * of a week or month. The primary key leads with the unit, so that read was a scan of
 * the whole table — growing with the history. An index led by the day, carrying the
 * fact columns, makes it a range read of the period's rows only (index-only on both
 * engines), whatever the years behind it.
 */
export const dashboard: DialectMigration = {
  name: '0006_dashboard',
  async up(db: Kysely<unknown>, _dialect: Dialect) {
    await db.schema
      .createIndex('case_aggregates_day_idx')
      .on('case_aggregates')
      .columns([
        'day',
        'unit_id',
        'dispatched',
        'handled',
        'handled_on_time',
        'closed',
        'closed_on_time',
        'reopened',
        'extended',
        'suspended',
        'rerouted',
      ])
      .execute();
  },
};
