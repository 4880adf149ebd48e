import type { Database } from '../../db/database.js';
import { policyRepository, policyWriteRepository } from '../../db/repositories/policy.repository.js';
import { unitRepository } from '../../db/repositories/unit.repository.js';
import { checkWorkCalendar, isValidDay } from '../../domain/calendar/work-calendar.js';
import { checkCategories, type CaseCategory } from '../../domain/cases/categories.js';
import { checkDeadlineRule } from '../../domain/cases/deadline-rules.js';
import { can } from '../../domain/policies/permissions.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CasePolicyService } from './case-policy.service.js';
import type { Category, CategoryCreate, CategoryPatch, WorkCalendarView } from '../../shared/contracts/cases.contract.js';
import type { RequestContext } from '../../core/context.js';
import { conflictSaid, forbidden, invalid, notFound, unauthorized } from '../../core/errors.js';

/**
 * HQ's configuration of the case workflow: categories (extensible per campaign)
 * with their severity, deadline and responsible-unit rules, and the working-day
 * calendar (holidays and 调休 make-up days). Every change is validated by the
 * domain against the whole configuration, audited, and takes effect at once.
 */
export class CaseConfigService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
    private readonly policies: CasePolicyService,
  ) {}

  private assert(ctx: RequestContext): void {
    if (!ctx.actor) throw unauthorized();
    if (!can(ctx.actor, 'case.configure')) throw forbidden('only HQ configures categories and the calendar');
  }

  /** Unit codes named by rules must exist, so a suggestion never points nowhere. */
  private async checkUnits(codes: string[], field: string): Promise<void> {
    const found = new Set((await unitRepository.byCodes(this.database.db, codes)).map((u) => u.code));
    for (const c of codes) if (!found.has(c)) throw invalid(field, `unit ${c} not found`);
  }

  /** Adds a category (e.g. one a campaign needs). */
  async createCategory(ctx: RequestContext, input: CategoryCreate): Promise<Category> {
    this.assert(ctx);
    this.policies.invalidate();
    const policy = await this.policies.policy();
    if (
      policy.categories.some((c) => c.code === input.code) ||
      (await policyWriteRepository.categoryByCode(this.database.db, input.code))
    ) {
      throw conflictSaid('code', { zh: `类别编码“${input.code}”已存在`, en: `category ${input.code} already exists` });
    }
    const category: CaseCategory = {
      code: input.code,
      class: input.class,
      name: input.name,
      parentCode: input.parentCode,
      defaultSeverity: input.defaultSeverity,
      ...(input.deadlineRule ? { deadlineRule: input.deadlineRule } : {}),
      responsibleUnitRule: { defaultUnitCode: input.defaultUnitCode, byArea: input.areaRules ?? {} },
      ...(input.campaign ? { campaign: input.campaign } : {}),
    };
    const problems = checkCategories([...policy.categories, category]).filter(
      (p) => p.startsWith(`${input.code}:`) || p.includes(input.code),
    );
    if (problems.length) throw invalid('category', problems.join('; '));
    await this.checkUnits(
      [input.defaultUnitCode, ...Object.keys(input.areaRules ?? {}), ...Object.values(input.areaRules ?? {})],
      'defaultUnitCode',
    );
    await this.database.db.transaction().execute(async (trx) => {
      await policyRepository.insertCategories(trx, [
        {
          code: category.code,
          name: category.name,
          class: category.class,
          parent_code: category.parentCode,
          default_severity: category.defaultSeverity,
          deadline_rule: category.deadlineRule ? JSON.stringify(category.deadlineRule) : null,
          default_unit_code: input.defaultUnitCode,
          area_rules: JSON.stringify(input.areaRules ?? {}),
          campaign: input.campaign ?? null,
          active: 1,
          sort_order: (await policyWriteRepository.maxSortOrder(trx)) + 1,
        },
      ]);
      await this.audit.record(trx, ctx, {
        action: 'case.configure',
        targetType: 'category',
        targetId: input.code,
        summary: { created: input },
      });
    });
    this.policies.invalidate();
    return category;
  }

  /** Changes a category's name, rules or active flag. */
  async updateCategory(ctx: RequestContext, code: string, patch: CategoryPatch): Promise<void> {
    this.assert(ctx);
    const row = await policyWriteRepository.categoryByCode(this.database.db, code);
    if (!row) throw notFound('category', code);
    if (patch.deadlineRule) {
      const why = checkDeadlineRule(patch.deadlineRule);
      if (why) throw invalid('deadlineRule', why);
    }
    if (patch.name !== undefined && !patch.name.trim()) throw invalid('name', 'must not be empty');
    const units = [
      ...(patch.defaultUnitCode ? [patch.defaultUnitCode] : []),
      ...Object.keys(patch.areaRules ?? {}),
      ...Object.values(patch.areaRules ?? {}),
    ];
    await this.checkUnits(units, patch.defaultUnitCode ? 'defaultUnitCode' : 'areaRules');
    await this.database.db.transaction().execute(async (trx) => {
      await policyWriteRepository.updateCategory(trx, code, {
        ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
        ...(patch.defaultSeverity !== undefined ? { default_severity: patch.defaultSeverity } : {}),
        ...(patch.deadlineRule !== undefined ? { deadline_rule: patch.deadlineRule ? JSON.stringify(patch.deadlineRule) : null } : {}),
        ...(patch.defaultUnitCode !== undefined ? { default_unit_code: patch.defaultUnitCode } : {}),
        ...(patch.areaRules !== undefined ? { area_rules: JSON.stringify(patch.areaRules) } : {}),
        ...(patch.campaign !== undefined ? { campaign: patch.campaign } : {}),
        ...(patch.active !== undefined ? { active: patch.active ? 1 : 0 } : {}),
      });
      await this.audit.record(trx, ctx, { action: 'case.configure', targetType: 'category', targetId: code, summary: { changed: patch } });
    });
    this.policies.invalidate();
  }

  /** The configured calendar. */
  async calendar(ctx: RequestContext): Promise<WorkCalendarView> {
    if (!ctx.actor) throw unauthorized();
    this.policies.invalidate();
    const p = await this.policies.policy();
    return { holidays: [...p.calendar.holidays], makeUpWorkdays: [...p.calendar.makeUpWorkdays] };
  }

  /** Marks a day as a holiday, a make-up working day, or an ordinary day again. */
  async setDay(ctx: RequestContext, day: string, kind: 'holiday' | 'workday' | 'normal', note: string | null): Promise<void> {
    this.assert(ctx);
    if (!isValidDay(day)) throw invalid('day', `${day} is not a YYYY-MM-DD date`);
    const cur = await this.calendar(ctx);
    const next = {
      holidays: cur.holidays.filter((d) => d !== day).concat(kind === 'holiday' ? [day] : []),
      makeUpWorkdays: cur.makeUpWorkdays.filter((d) => d !== day).concat(kind === 'workday' ? [day] : []),
    };
    const problems = checkWorkCalendar(next);
    if (problems.length) throw invalid('day', problems.join('; '));
    await this.database.db.transaction().execute(async (trx) => {
      if (kind === 'normal') await policyWriteRepository.clearDay(trx, day);
      else await policyWriteRepository.setDay(trx, day, kind, note);
      await this.audit.record(trx, ctx, { action: 'case.configure', targetType: 'calendar_day', targetId: day, summary: { kind, note } });
    });
    this.policies.invalidate();
  }
}
