import type { Database, Executor } from '../../db/database.js';
import { dataVersionRepository } from '../../db/repositories/data-version.repository.js';
import { policyRepository, policyWriteRepository } from '../../db/repositories/policy.repository.js';
import { DEFAULT_WORK_CALENDAR, type WorkCalendar } from '../../domain/calendar/work-calendar.js';
import { DEFAULT_CASE_POLICY, type CasePolicy } from '../../domain/cases/case-types.js';
import { DEFAULT_CATEGORIES, type CaseCategory } from '../../domain/cases/categories.js';
import type { DeadlineRule } from '../../domain/cases/deadline-rules.js';
import { OBSTACLE_CATEGORIES } from '../../domain/projects/obstacles.js';
import type { CategoryClass, Severity } from '../../shared/case-enums.js';

/** How long a cached policy is used before its version is read again (see {@link CasePolicyService.policy}). */
export const POLICY_RECHECK_MS = 1_000;

/**
 * The case policy (categories, calendar, severity rules) as configured in the
 * database. Seeded with the shipped defaults on first use; cached in memory
 * because every transition needs it and it changes rarely.
 */
export class CasePolicyService {
  private cached: { policy: CasePolicy; at: number; version: number; checkedAt: number } | null = null;

  constructor(
    private readonly database: Database,
    private readonly ttlMs = 60_000,
  ) {}

  /**
   * Inserts the default categories and calendar into an installation that has none.
   * The shipped routing names the demo city's departments (411600-ZJJ …); with
   `demoUnits: false` (production mode) the categories come without a responsible unit,
   * for HQ to set (see {@link unroutedCategories}), so no suggestion points at a unit the
   * city does not have.
   */
  async ensureDefaults(opts: { demoUnits?: boolean } = {}): Promise<void> {
    const demoUnits = opts.demoUnits ?? true;
    const db = this.database.db;
    await db.transaction().execute(async (trx) => {
      if ((await policyRepository.countCategories(trx)) === 0) {
        await policyRepository.insertCategories(
          trx,
          DEFAULT_CATEGORIES.map((c, i) => ({
            code: c.code,
            name: c.name,
            class: c.class,
            parent_code: c.parentCode,
            default_severity: c.defaultSeverity,
            deadline_rule: c.deadlineRule ? JSON.stringify(c.deadlineRule) : null,
            default_unit_code: demoUnits ? c.responsibleUnitRule.defaultUnitCode : null,
            area_rules: demoUnits ? JSON.stringify(c.responsibleUnitRule.byArea ?? {}) : '{}',
            campaign: c.campaign ?? null,
            active: 1,
            sort_order: i,
          })),
        );
      }
      // The project-obstacle categories (issue 14) join every installation, old or new, once;
      // after that they are HQ's to configure like the others.
      const present = new Set((await policyRepository.categories(trx)).map((c) => c.code));
      const missing = OBSTACLE_CATEGORIES.filter((c) => !present.has(c.code));
      if (missing.length) {
        const base = (await policyWriteRepository.maxSortOrder(trx)) + 1;
        await policyRepository.insertCategories(
          trx,
          missing.map((c, i) => ({
            code: c.code,
            name: c.name,
            class: c.class,
            parent_code: c.parentCode,
            default_severity: c.defaultSeverity,
            deadline_rule: c.deadlineRule ? JSON.stringify(c.deadlineRule) : null,
            default_unit_code: demoUnits ? c.responsibleUnitRule.defaultUnitCode : null,
            area_rules: '{}',
            campaign: c.campaign ?? null,
            active: 1,
            sort_order: base + i,
          })),
        );
      }
      if ((await policyRepository.countCalendarDays(trx)) === 0) {
        await policyRepository.insertCalendarDays(trx, [
          ...DEFAULT_WORK_CALENDAR.holidays.map((day) => ({ day, kind: 'holiday', note: null })),
          ...DEFAULT_WORK_CALENDAR.makeUpWorkdays.map((day) => ({ day, kind: 'workday', note: '调休' })),
        ]);
      }
    });
    this.cached = null;
  }

  /**
   * The policy in force. Inside a transaction pass its executor: on SQLite's single
   * connection a read through the pool would wait for the transaction to end, forever.
   */
  async policy(now = Date.now(), executor?: Executor): Promise<CasePolicy> {
    const db = executor ?? this.database.db;
    const c = this.cached;
    if (c && now - c.at < this.ttlMs) {
      // (A `now` before the last check, from a clock set back, counts as within it, as for the TTL.)
      if (now - c.checkedAt < POLICY_RECHECK_MS) return c.policy;
      // Another instance may have changed the configuration: one key lookup, at most once a second.
      if ((await dataVersionRepository.get(db, 'case_policy')) === c.version) {
        c.checkedAt = now;
        return c.policy;
      }
    }
    // The version is read before the rows: a write landing in between makes the next check reload.
    const version = await dataVersionRepository.get(db, 'case_policy');
    const [cats, days] = await Promise.all([policyRepository.categories(db), policyRepository.calendarDays(db)]);
    const categories: CaseCategory[] = cats
      .filter((c) => c.active === 1)
      .map((c) => ({
        code: c.code,
        class: c.class as CategoryClass,
        name: c.name,
        parentCode: c.parent_code,
        defaultSeverity: c.default_severity as Severity,
        ...(c.deadline_rule ? { deadlineRule: JSON.parse(c.deadline_rule) as DeadlineRule } : {}),
        responsibleUnitRule: { defaultUnitCode: c.default_unit_code ?? '', byArea: JSON.parse(c.area_rules) as Record<string, string> },
        ...(c.campaign ? { campaign: c.campaign } : {}),
      }));
    const calendar: WorkCalendar = {
      name: 'configured',
      holidays: days.filter((d) => d.kind === 'holiday').map((d) => d.day),
      makeUpWorkdays: days.filter((d) => d.kind === 'workday').map((d) => d.day),
    };
    const policy: CasePolicy = {
      ...DEFAULT_CASE_POLICY,
      categories: categories.length ? categories : DEFAULT_CASE_POLICY.categories,
      calendar,
    };
    this.cached = { policy, at: now, version, checkedAt: now };
    return policy;
  }

  /**
   * Active categories whose responsible unit is unset or names no unit of the directory
   * (e.g. the demo's 411600-ZJJ in a city without it), with what they name: the start
   * warns about them in production mode until HQ sets them.
   */
  async unroutedCategories(): Promise<{ code: string; name: string; unitCode: string | null }[]> {
    const db = this.database.db;
    const cats = (await policyRepository.categories(db)).filter((c) => c.active === 1);
    const named = [...new Set(cats.map((c) => c.default_unit_code).filter((c): c is string => !!c))];
    const present = new Set(
      named.length ? (await db.selectFrom('units').select('code').where('code', 'in', named).execute()).map((u) => u.code) : [],
    );
    return cats
      .filter((c) => !c.default_unit_code || !present.has(c.default_unit_code))
      .map((c) => ({ code: c.code, name: c.name, unitCode: c.default_unit_code }));
  }

  /** Forgets the cache after a configuration change. */
  invalidate(): void {
    this.cached = null;
  }
}
