import { randomInt } from 'node:crypto';
import type { Database, Executor } from '../../db/database.js';
import { checkpointRepository } from '../../db/repositories/checkpoint.repository.js';
import { frameworkRepository } from '../../db/repositories/framework.repository.js';
import { inspectionRepository, type PlanRow } from '../../db/repositories/inspection.repository.js';
import { unitRepository } from '../../db/repositories/unit.repository.js';
import { userRepository } from '../../db/repositories/user.repository.js';
import { pinVersion } from '../../domain/evaluation/framework-versions.js';
import { assignToInspectors, planSample } from '../../domain/evaluation/sampling.js';
import { can, type Actor } from '../../domain/policies/permissions.js';
import type { FrameworkStatus, PlanReason } from '../../shared/evaluation-enums.js';
import type { Permission } from '../../shared/enums.js';
import type { PlanBody, PlanHead, PlanView } from '../../shared/contracts/inspections.contract.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CheckpointService } from './checkpoint.service.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { forbidden, invalid, invalidSaid, notFound, unauthorized } from '../../core/errors.js';
import { ruleError } from './framework.service.js';

/** Inspection plans (督查计划): which points are checked in a period, and by whom. */
export class InspectionPlanService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly checkpoints: CheckpointService,
  ) {}

  private actorWith(ctx: RequestContext, permission: Permission): Actor {
    if (!ctx.actor) throw unauthorized();
    if (!can(ctx.actor, permission)) throw forbidden();
    return ctx.actor;
  }

  /**
   * Creates a plan: every must-check, new and weak point, then a stratified sample of
   * the others by type up to the target (domain planSample, reproducible from the seed),
   * shared among the inspectors (domain assignToInspectors, by district).
   */
  async createPlan(ctx: RequestContext, input: PlanBody): Promise<PlanView> {
    const actor = this.actorWith(ctx, 'evaluation.manage');
    const db = this.database.db;
    const name = input.name?.trim() ?? '';
    if (!name) throw invalidSaid('name', { zh: '请填写计划名称', en: 'is required' });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.periodFrom)) throw invalid('periodFrom', 'must be YYYY-MM-DD');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.periodTo) || input.periodTo < input.periodFrom)
      throw invalidSaid('periodTo', { zh: '结束日期不能早于开始日期', en: 'must be YYYY-MM-DD, not before periodFrom' });
    if (!Number.isInteger(input.targetCount) || input.targetCount < 0) throw invalid('targetCount', 'must be an integer ≥ 0');
    const seed = input.seed ?? randomInt(0, 2 ** 32 - 1);
    if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) throw invalid('seed', 'must be an integer within 0..4294967295');
    const fw = await frameworkRepository.byId(db, input.frameworkId);
    if (!fw) throw invalid('frameworkId', `framework ${input.frameworkId} not found`);
    try {
      pinVersion({ frameworkVersionId: null, inspectionCount: 0 }, { id: fw.id, status: fw.status as FrameworkStatus });
    } catch (e) {
      ruleError(e);
    }
    if (input.unitId != null && !(await unitRepository.byId(db, input.unitId))) throw invalid('unitId', `unit ${input.unitId} not found`);
    const inspectorIds = [...new Set(input.inspectorIds)];
    if (inspectorIds.length === 0) throw invalidSaid('inspectorIds', { zh: '请至少选择一名督导员', en: 'name at least one inspector' });
    const grants = await userRepository.grantsOf(db, inspectorIds);
    for (const id of inspectorIds)
      if (!grants.some((g) => g.user_id === id && g.role === 'inspector')) throw invalid('inspectorIds', `user ${id} is not an inspector`);

    const rows = await checkpointRepository.list(db, { active: true });
    const weak = new Map(
      (
        await this.checkpoints.assess(
          db,
          rows.map((r) => r.id),
        )
      ).map((w) => [w.pointId, w.weak]),
    );
    const points = rows.map((r) => ({
      id: r.id,
      pointType: r.type,
      mustCheck: r.must_check === 1,
      isNew: r.is_new === 1,
      weak: weak.get(r.id) ?? false,
      districtId: r.area_unit_id ?? r.responsible_unit_id,
    }));
    const sample = planSample(points, { targetCount: input.targetCount, seed });
    const assignment = assignToInspectors(
      sample.points.map((p) => ({ id: p.point.id, districtId: p.point.districtId })),
      inspectorIds,
    );
    const inspectorOf = new Map(assignment.flatMap((a) => a.points.map((p) => [Number(p.id), a.inspectorId] as const)));
    const now = this.clock.now().toISOString();
    const id = await db.transaction().execute(async (trx) => {
      const id = await inspectionRepository.insertPlan(trx, {
        name,
        period_from: input.periodFrom,
        period_to: input.periodTo,
        unit_id: input.unitId ?? null,
        seed,
        target_count: input.targetCount,
        framework_id: fw.id,
        created_by: actor.userId,
        created_at: now,
      });
      await inspectionRepository.insertPlanPoints(
        trx,
        sample.points.map((p) => ({
          plan_id: id,
          checkpoint_id: Number(p.point.id),
          reasons: JSON.stringify(p.reasons),
          inspector_id: inspectorOf.get(Number(p.point.id)) ?? null,
        })),
      );
      await this.audit.record(trx, ctx, {
        action: 'plan.create',
        targetType: 'plan',
        targetId: id,
        summary: { name, seed, targetCount: input.targetCount, points: sample.points.length, forced: sample.forcedCount },
      });
      return id;
    });
    return this.plan(ctx, id);
  }

  async plan(ctx: RequestContext, id: number): Promise<PlanView> {
    this.actorWith(ctx, 'evaluation.read');
    const db = this.database.db;
    const p = await inspectionRepository.plan(db, id);
    if (!p) throw notFound('plan', id);
    return this.planView(db, p);
  }

  async plans(ctx: RequestContext): Promise<PlanHead[]> {
    this.actorWith(ctx, 'evaluation.read');
    return (await inspectionRepository.plans(this.database.db)).map((p) => planHead(p));
  }

  private async planView(db: Executor, p: PlanRow): Promise<PlanView> {
    const pts = await inspectionRepository.planPoints(db, p.id);
    const rows = new Map((await checkpointRepository.list(db, { ids: pts.map((x) => x.checkpoint_id) })).map((r) => [r.id, r]));
    return {
      ...planHead(p),
      points: pts.map((x) => {
        const r = rows.get(x.checkpoint_id);
        return {
          checkpointId: x.checkpoint_id,
          code: r?.code ?? '',
          name: r?.name ?? '',
          type: r?.type ?? '',
          reasons: JSON.parse(x.reasons) as PlanReason[],
          inspectorId: x.inspector_id,
        };
      }),
    };
  }
}

function planHead(p: PlanRow): PlanHead {
  return {
    id: p.id,
    name: p.name,
    periodFrom: p.period_from,
    periodTo: p.period_to,
    unitId: p.unit_id,
    seed: Number(p.seed),
    targetCount: p.target_count,
    frameworkId: p.framework_id,
    createdAt: p.created_at,
  };
}
