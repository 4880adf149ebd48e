import type { Database } from '../db/database.js';
import { metaRepository } from '../db/repositories/meta.repository.js';
import { unitRepository } from '../db/repositories/unit.repository.js';
import { userRepository } from '../db/repositories/user.repository.js';
import { DEMO_CASE_ACCOUNTS, loadDemoCases, type DemoCaseServices } from './demo-cases.js';
import { loadDemoEvaluation } from './demo-evaluation.js';
import { loadDemoLetters, type DemoLetterServices } from './demo-letters.js';
import { loadDemoLeadership, type DemoLeadershipServices } from './demo-leadership.js';
import { DEMO_PROJECT_ACCOUNTS, DEMO_PROJECT_LEADERS, loadDemoProjects, type DemoProjectServices } from './demo-projects.js';
import { loadDemoPublic, type DemoPublicServices } from './demo-public.js';
import { DEMO_ACCOUNTS, DEMO_LEADERS, DEMO_PASSWORD, demoUnits } from './demo-city.js';
import type { AuditService } from '../services/audit/audit.service.js';
import { ManualClock, type Clock } from '../core/clock.js';
import { systemContext } from '../core/context.js';
import type { PasswordHasher } from '../services/accounts/crypto.js';
import { AppError } from '../core/errors.js';

/** Tables in an order that respects foreign keys when emptied. */
const RESET_ORDER = [
  // The public side (issue 15): +1s and ratings point at cases, files and users; keys at users.
  'case_plus_ones',
  'case_satisfaction',
  'api_keys',
  'rate_limit_hits',
  'pow_spent',
  // Investment progress of projects (issue 14 point 4): links to letters and files go first.
  'letter_report_lapses',
  'project_report_files',
  'project_investment_reports',
  'project_investment_plans',
  // Major projects (issue 14): before files (stage evidence), cases (obstacles), users and units.
  'project_visit_files',
  'project_visits',
  'project_meeting_actions',
  'project_meeting_projects',
  'project_meeting_attendees',
  'project_meetings',
  'project_obstacles',
  'project_stage_spans',
  'project_batch_items',
  'project_batches',
  'project_stage_files',
  'project_stage_records',
  'project_milestones',
  'project_members',
  'projects',
  'letter_action_items',
  'action_item_files',
  'action_items',
  'briefings',
  'sanction_letters',
  'sanctions',
  'assessment_appeals',
  'assessment_adjustments',
  'assessment_runs',
  'assessment_models',
  'letter_cases',
  'letters',
  'inspection_answers',
  'inspections',
  'plan_points',
  'inspection_plans',
  'checkpoints',
  'campaigns',
  'framework_nodes',
  'frameworks',
  'sessions',
  'login_attempts',
  'api_tokens',
  'notifications',
  'outbox',
  'files',
  'case_events',
  'case_aggregates',
  'cases',
  'counters',
  'role_grants',
  'job_runs',
  'job_leases',
  'meta',
] as const;

/** Loads and resets the demo city (周口市). Never in production mode. */
export class DemoService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly mode: 'demo' | 'production',
    /** The case services on a given clock, to play the demo's past weeks of cases; without it no cases are loaded. */
    private readonly caseServicesAt?: (
      clock: Clock,
    ) => DemoCaseServices & DemoLetterServices & DemoLeadershipServices & DemoProjectServices & DemoPublicServices,
  ) {}

  private refuseInProduction(): void {
    if (this.mode === 'production') {
      throw new AppError(403, 'production_mode', 'demo data and demo accounts are refused in production mode (DUDAO_MODE=production)');
    }
  }

  /** True when the database has no units yet (a new installation). */
  async isEmpty(): Promise<boolean> {
    return (await unitRepository.count(this.database.db)) === 0 && (await userRepository.count(this.database.db)) === 0;
  }

  /** Loads the demo city into an empty database. */
  async load(opts: { reset?: boolean } = {}): Promise<{ units: number; users: number }> {
    this.refuseInProduction();
    if (!(await this.isEmpty()))
      throw new AppError(409, 'not_empty', 'the database already has data; use `dudao demo --reset` to replace it');
    const units = demoUnits();
    // The documented accounts, then the handlers the demo cases are dispatched to, then the people of the demo's projects.
    const accounts = [...DEMO_ACCOUNTS, ...(this.caseServicesAt ? [...DEMO_CASE_ACCOUNTS, ...DEMO_PROJECT_ACCOUNTS] : [])];
    const leaders = [...DEMO_LEADERS, ...(this.caseServicesAt ? DEMO_PROJECT_LEADERS : [])];
    const hashes = await Promise.all(accounts.map(() => this.hasher.hash(DEMO_PASSWORD)));
    const nowIso = this.clock.now().toISOString();
    await this.database.db.transaction().execute(async (trx) => {
      const byCode = new Map<string, { id: number; path: string }>();
      for (const [i, u] of units.entries()) {
        const parent = u.parentCode ? byCode.get(u.parentCode)! : null;
        const row = await unitRepository.insert(
          trx,
          {
            code: u.code,
            name: u.name,
            kind: u.kind,
            parent_id: parent?.id ?? null,
            leader_user_id: null,
            sort_order: i,
            created_at: nowIso,
            updated_at: nowIso,
          },
          parent?.path ?? null,
        );
        byCode.set(u.code, { id: row.id, path: row.path });
      }
      const userIds = new Map<string, number>();
      for (const [i, a] of accounts.entries()) {
        const id = await userRepository.insert(trx, {
          username: a.username,
          display_name: a.displayName,
          password_hash: hashes[i]!,
          unit_id: byCode.get(a.unitCode)!.id,
          phone: null,
          email: null,
          is_active: 1,
          locked_at: null,
          password_changed_at: nowIso,
          created_at: nowIso,
          updated_at: nowIso,
        });
        userIds.set(a.username, id);
        await userRepository.replaceGrants(
          trx,
          id,
          a.roles.map((r) => ({ role: r.role, unitId: byCode.get(r.unitCode)!.id })),
          nowIso,
        );
      }
      for (const l of leaders) {
        await unitRepository.update(trx, byCode.get(l.unitCode)!.id, { leader_user_id: userIds.get(l.username)! });
      }
      await metaRepository.set(trx, 'demo_loaded_at', nowIso);
      await this.audit.record(trx, systemContext('demo'), {
        action: 'demo.load',
        summary: { units: units.length, users: accounts.length, reset: opts.reset === true },
      });
    });
    if (this.caseServicesAt) {
      // A few weeks of cases, played through the real case service on a clock of their own.
      const now = this.clock.now();
      const clock = new ManualClock(now);
      await loadDemoCases({ database: this.database, clock, ...this.caseServicesAt(clock) }, { now });
      // The evaluation framework, ~300 check points and a few weeks of inspections (failed standards become cases).
      await loadDemoEvaluation({ database: this.database, clock, audit: this.audit, ...this.caseServicesAt(clock) }, { now });
      // Two weeks of the escalation ladder over those cases: 提醒函, some signed, some climbing to 督办函.
      await loadDemoLetters({ database: this.database, clock, ...this.caseServicesAt(clock) }, { now });
      // The leadership loop over those weeks: 考核 results published week by week and month by month
      // (with 加减分, an appeal accepted and one rejected), 奖惩 records, and the 周例会 briefings 第1–4期
      // with their action items. It leaves the letters as they are: the 问责函 still waits for the leader.
      await loadDemoLeadership({ database: this.database, clock, ...this.caseServicesAt(clock) }, { now });
      // The major projects (issue 14): 西华县's register, stages and "三个一批" batches as the seed
      // page describes them, and the work teams' projects (src/demo/demo-projects-data.ts).
      await loadDemoProjects({ database: this.database, clock, audit: this.audit, ...this.caseServicesAt(clock) }, { now });
      // The public side (issue 15): categories open to citizens, their reports, "我也遇到" and 回访 ratings.
      await loadDemoPublic({ database: this.database, clock, ...this.caseServicesAt(clock) }, { now });
    }
    return { units: units.length, users: accounts.length };
  }

  /**
   * Empties every business table and loads the demo again. The audit log is kept:
   * it is append-only, and the reset itself is recorded in it.
   */
  async reset(): Promise<{ units: number; users: number }> {
    this.refuseInProduction();
    await this.database.db.transaction().execute(async (trx) => {
      for (const t of RESET_ORDER) await trx.deleteFrom(t).execute();
      await trx.updateTable('units').set({ leader_user_id: null }).execute();
      await trx.updateTable('public_settings').set({ settings: '{}', updated_at: null, updated_by: null }).execute();
      await trx.deleteFrom('users').execute();
      // Children before parents: deepest first.
      const depths = await trx.selectFrom('units').select('depth').distinct().orderBy('depth', 'desc').execute();
      for (const d of depths) await trx.deleteFrom('units').where('depth', '=', d.depth).execute();
    });
    return this.load({ reset: true });
  }
}
