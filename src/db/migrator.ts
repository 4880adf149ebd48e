import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { Database } from './database.js';
import { foundation } from './migrations/0001_foundation.js';
import { cases } from './migrations/0002_cases.js';
import { evaluation } from './migrations/0003_evaluation.js';
import { campaignSettings } from './migrations/0004_campaign_settings.js';
import { letters } from './migrations/0005_letters.js';
import { dashboard } from './migrations/0006_dashboard.js';
import { authHardening } from './migrations/0009_auth_hardening.js';
import { adminRequests } from './migrations/0010_admin_requests.js';
import { auditKeyed } from './migrations/0011_audit_keyed.js';
import { letterApproval } from './migrations/0012_letter_approval.js';
import { assessmentModels } from './migrations/0013_assessment_models.js';
import { briefings } from './migrations/0014_briefings.js';
import { assessmentResults } from './migrations/0015_assessment_results.js';
import { actionItems } from './migrations/0016_action_items.js';
import { sanctions } from './migrations/0017_sanctions.js';
import { projects } from './migrations/0018_projects.js';
import { projectInvestment } from './migrations/0019_project_investment.js';
import { projectVisits } from './migrations/0020_project_visits.js';
import { projectObstacles } from './migrations/0021_project_obstacles.js';
import { projectRollups } from './migrations/0022_project_rollups.js';
import { dataVersions } from './migrations/0023_data_versions.js';
import { publicSide } from './migrations/0024_public.js';
import { caseTail } from './migrations/0025_case_tail.js';
import type { DialectMigration } from './migrations/helpers.js';
import { textOf } from '../shared/text.js';

/** Every migration in order. Both engines run the same list. */
export const MIGRATIONS: readonly DialectMigration[] = [
  foundation,
  cases,
  evaluation,
  campaignSettings,
  letters,
  dashboard,
  authHardening,
  adminRequests,
  auditKeyed,
  letterApproval,
  assessmentModels,
  briefings,
  assessmentResults,
  actionItems,
  sanctions,
  projects,
  projectInvestment,
  projectVisits,
  projectObstacles,
  projectRollups,
  dataVersions,
  publicSide,
  caseTail,
];

class CodeProvider implements MigrationProvider {
  constructor(private readonly database: Database) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const m of MIGRATIONS) out[m.name] = { up: (db) => m.up(db, this.database.dialect) };
    return out;
  }
}

function migrator(database: Database): Migrator {
  return new Migrator({ db: database.db, provider: new CodeProvider(database) });
}

/** Applies pending migrations; throws with the failing migration's name. */
export async function migrateToLatest(database: Database): Promise<string[]> {
  const { error, results }: MigrationResultSet = await migrator(database).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    // The driver's error stays as the cause: its code tells the CLI what to say (connect-errors.ts).
    throw new Error(`Migration ${failed} failed: ${(error as Error).message ?? textOf(error)}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Names of migrations not yet applied (empty when current). */
export async function pendingMigrations(database: Database): Promise<string[]> {
  const infos = await migrator(database).getMigrations();
  return infos.filter((m) => !m.executedAt).map((m) => m.name);
}
