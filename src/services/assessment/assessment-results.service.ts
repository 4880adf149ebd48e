import { createHash } from 'node:crypto';
import type { Database, Executor } from '../../db/database.js';
import { inTransaction } from '../../db/transactions.js';
import { isUniqueViolation } from '../../db/db-errors.js';
import { campaignRepository } from '../../db/repositories/campaign.repository.js';
import { unitRepository } from '../../db/repositories/unit.repository.js';
import { assessmentModelRepository } from '../../db/repositories/assessment-model.repository.js';
import { assessmentFactsRepository } from '../../db/repositories/assessment-facts.repository.js';
import { assessmentResultsRepository, type AssessmentRunRowWithNames } from '../../db/repositories/assessment-results.repository.js';
import { computeRunGroups, type RunUnit } from '../../domain/assessment/run.js';
import { periodFromKey, periodKeyProblem, previousPeriod } from '../../domain/assessment/periods.js';
import { groupOfUnit } from '../../domain/assessment/model-check.js';
import { appealDeadline, appealWorkingDaysOf } from '../../domain/assessment/appeals.js';
import { can, type Actor } from '../../domain/policies/permissions.js';
import type { Adjustment } from '../../domain/assessment/inputs.js';
import type { PeriodKind, RunStatus } from '../../shared/assessment-enums.js';
import type { Permission, UnitKind } from '../../shared/enums.js';
import type {
  AssessmentModel,
  AssessmentPeriod,
  AssessmentRun,
  AssessmentRunGroup,
  AssessmentRunSummary,
} from '../../shared/contracts/assessment.contract.js';
import type { AuditService } from '../audit/audit.service.js';
import type { NotificationService } from '../../notify/notification.service.js';
import type { CasePolicyService } from '../cases/case-policy.service.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { AppError, conflict, forbidden, invalid, invalidSaid, notFound, unauthorized } from '../../core/errors.js';

/** The roles of a unit told that results were published (and that may appeal). */
export const UNIT_RESULT_ROLES = ['unit_head', 'unit_handler'] as const;

/** sha256 of a run's stored snapshot: what the audit record and the run keep. */
export function snapshotHash(snapshot: string): string {
  return createHash('sha256').update(snapshot).digest('hex');
}

/** The period a key names, or 422 naming `field`. */
export function periodOrInvalid(key: string, field = 'periodKey'): AssessmentPeriod {
  const p = periodFromKey(key);
  if (!p) throw invalidSaid(field, periodKeyProblem(key));
  return p;
}

type RunRow = AssessmentRunRowWithNames & { snapshot?: string };

/**
 * 考核 results (issue 13 point 3, DOMAIN.md §3.5): HQ computes a period's results as a draft
 * with the campaign's model in force, reviews them, and publishes them frozen (the snapshot's
 * sha256 in the audit record; units notified). Leaders read published runs; a unit reads the
 * published runs of its group and the explanation of its own score only.
 */
export class AssessmentResultsService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly notifications: NotificationService,
    private readonly casePolicy: CasePolicyService,
  ) {}

  actorWith(ctx: RequestContext, permission: Permission): Actor {
    if (!ctx.actor) throw unauthorized();
    if (!can(ctx.actor, permission)) throw forbidden();
    return ctx.actor;
  }

  /**
   * Scores every group of the campaign's model in force for `period` as at its end, with the
   * approved 加减分 and the changes against the previous period's published run.
   */
  async computeGroups(
    db: Executor,
    campaignId: number,
    period: AssessmentPeriod,
  ): Promise<{ modelId: number; groups: AssessmentRunGroup[]; unitCount: number }> {
    const campaign = await campaignRepository.byId(db, campaignId);
    if (!campaign) throw notFound('campaign', campaignId);
    const modelRow = await assessmentModelRepository.inForce(db, campaignId);
    if (!modelRow)
      throw new AppError(422, 'no_model_in_force', `campaignId: campaign ${campaignId} has no published assessment model`, {
        field: 'campaignId',
      });
    const model = JSON.parse(modelRow.model) as AssessmentModel;
    const units: RunUnit[] = (await unitRepository.list(db))
      .map((u) => ({ id: u.id, name: u.name, kind: u.kind as UnitKind }))
      .filter((u) => groupOfUnit(model, u) !== null);
    const [inputs, approved, prev] = await Promise.all([
      assessmentFactsRepository.read(db, {
        start: period.start,
        end: period.end,
        unitIds: units.map((u) => u.id),
        frameworkId: campaign.framework_id,
        campaignId,
      }),
      assessmentResultsRepository.approvedFor(db, campaignId, period.key),
      assessmentResultsRepository.publishedOf(db, campaignId, previousPeriod(period).key),
    ]);
    const adjustments: Adjustment[] = approved.map((a) => ({
      id: a.id,
      unitId: a.unit_id,
      points: a.points_cents / 100,
      reason: a.reason,
      approverId: a.decided_by ?? 0,
    }));
    const previous = prev ? (JSON.parse(prev.snapshot) as AssessmentRunGroup[]) : [];
    const groups = computeRunGroups(model, units, inputs, adjustments, previous);
    return { modelId: modelRow.id, groups, unitCount: units.length };
  }

  /**
   * Computes a period's results as a draft (201 with the run); an existing draft of the same
   * campaign and period is replaced. 422 naming `periodKey` / `campaignId` when the period is
   * malformed or the campaign has no model in force.
   */
  async compute(ctx: RequestContext, input: { campaignId: number; periodKey: string }): Promise<AssessmentRun> {
    const actor = this.actorWith(ctx, 'assessment.manage');
    const period = periodOrInvalid(input.periodKey);
    const now = this.clock.now().toISOString();
    if (period.start > now) throw invalid('periodKey', `${period.label} has not begun`);
    let id = 0;
    try {
      await inTransaction(this.database.db, async (trx) => {
        const { modelId, groups, unitCount } = await this.computeGroups(trx, input.campaignId, period);
        const snapshot = JSON.stringify(groups);
        const draft = await assessmentResultsRepository.draftOf(trx, input.campaignId, period.key);
        let version: number;
        if (draft) {
          id = draft.id;
          const values = { model_id: modelId, snapshot, unit_count: unitCount, computed_by: actor.userId, computed_at: now };
          if (!(await assessmentResultsRepository.replaceDraft(trx, id, values)))
            throw conflict('status', 'the draft was published meanwhile');
          version = (await assessmentResultsRepository.maxVersion(trx, input.campaignId, period.key)) || 1;
        } else {
          version = (await assessmentResultsRepository.maxVersion(trx, input.campaignId, period.key)) + 1;
          id = await this.insertDraft(trx, {
            campaignId: input.campaignId,
            modelId,
            period,
            version,
            snapshot,
            unitCount,
            by: actor.userId,
            at: now,
          });
        }
        await this.audit.record(trx, ctx, {
          action: 'assessment_run.compute',
          targetType: 'assessment_run',
          targetId: id,
          summary: { campaignId: input.campaignId, periodKey: period.key, version, modelId, units: unitCount, replaced: !!draft },
        });
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('periodKey', 'another computation of this period ran at the same time; try again');
      throw e;
    }
    return this.get(ctx, id);
  }

  /** Inserts a draft run (also the corrected version of an accepted appeal). */
  async insertDraft(
    trx: Executor,
    r: {
      campaignId: number;
      modelId: number;
      period: AssessmentPeriod;
      version: number;
      snapshot: string;
      unitCount: number;
      by: number;
      at: string;
    },
    correction?: { runId: number; reason: string },
  ): Promise<number> {
    return assessmentResultsRepository.insertRun(trx, {
      campaign_id: r.campaignId,
      model_id: r.modelId,
      period_kind: r.period.kind,
      period_key: r.period.key,
      version: r.version,
      status: 'draft',
      snapshot: r.snapshot,
      hash: null,
      unit_count: r.unitCount,
      computed_by: r.by,
      computed_at: r.at,
      published_by: null,
      published_at: null,
      appeal_deadline: null,
      corrects_run_id: correction?.runId ?? null,
      correction_reason: correction?.reason ?? null,
      superseded_by: null,
    });
  }

  /**
   * Freezes a draft inside `trx`: hash of the stored snapshot, appeal deadline (N working days,
   * the campaign's setting), audit record with the hash, the units' people notified.
   */
  async publishIn(trx: Executor, ctx: RequestContext, actor: Actor, id: number): Promise<string> {
    const row = await assessmentResultsRepository.runById(trx, id);
    if (!row) throw notFound('assessment run', id);
    if (row.status !== 'draft') throw conflict('status', `run ${id} is ${row.status}: only a draft is published`);
    const snapshot = row.snapshot;
    const hash = snapshotHash(snapshot);
    const at = this.clock.now();
    const campaign = await campaignRepository.byId(trx, row.campaign_id);
    const calendar = (await this.casePolicy.policy(at.getTime(), trx)).calendar;
    const deadline = appealDeadline(at, appealWorkingDaysOf(safeJson(campaign?.settings)), calendar).toISOString();
    // A period republished after recomputing: the earlier version is kept, superseded by this one.
    const earlierFirst = await assessmentResultsRepository.publishedOf(trx, row.campaign_id, row.period_key);
    if (earlierFirst && earlierFirst.id !== id) {
      await assessmentResultsRepository.supersede(trx, earlierFirst.id, id);
      await assessmentResultsRepository.setCorrects(trx, id, earlierFirst.id, '重新计算');
    }
    if (
      !(await assessmentResultsRepository.publish(trx, id, {
        hash,
        published_by: actor.userId,
        published_at: at.toISOString(),
        appeal_deadline: deadline,
      }))
    )
      throw conflict('status', `run ${id} was published meanwhile`);
    const period = periodOrInvalid(row.period_key);
    await this.audit.record(trx, ctx, {
      action: 'assessment_run.publish',
      targetType: 'assessment_run',
      targetId: id,
      summary: {
        campaignId: row.campaign_id,
        periodKey: row.period_key,
        version: row.version,
        snapshotHash: hash,
        appealDeadline: deadline,
      },
    });
    const groups = JSON.parse(snapshot) as AssessmentRunGroup[];
    const unitIds = groups.flatMap((g) => g.items.map((i) => i.unitId));
    await this.notifications.notify(trx, {
      userIds: await assessmentResultsRepository.usersOfUnits(trx, unitIds, UNIT_RESULT_ROLES),
      caseId: null,
      kind: 'assessment.published',
      title: `${period.label}考核结果${row.version > 1 ? `（更正第${row.version}版）` : ''}已发布`,
      body: `${row.campaign_name}${period.label}考核结果及红黑榜已发布，请查阅本单位得分及明细；如有异议，请在申诉期限内提出申诉。`,
    });
    return hash;
  }

  /** Publishes a reviewed draft (409 when it is not a draft). */
  async publish(ctx: RequestContext, id: number): Promise<AssessmentRun> {
    const actor = this.actorWith(ctx, 'assessment.manage');
    await inTransaction(this.database.db, (trx) => this.publishIn(trx, ctx, actor, id));
    return this.get(ctx, id);
  }

  /** Which units' explanations (and groups) the actor sees: null = all (HQ, leaders). */
  private async visibleUnits(db: Executor, actor: Actor): Promise<Set<number> | null> {
    if (can(actor, 'assessment.read')) return null;
    const units = await unitRepository.list(db);
    return new Set(units.filter((u) => can(actor, 'assessment.results', u.path)).map((u) => u.id));
  }

  private mayRead(actor: Actor, status: string): boolean {
    return status === 'draft' ? can(actor, 'assessment.manage') : can(actor, 'assessment.results') || can(actor, 'assessment.read');
  }

  summary(row: Omit<RunRow, 'snapshot'>): AssessmentRunSummary {
    return {
      id: row.id,
      campaignId: row.campaign_id,
      campaignName: row.campaign_name,
      modelId: row.model_id,
      modelVersion: row.model_version,
      modelName: (safeJson(row.model_name_json) as { name?: string } | null)?.name ?? '',
      period: periodOrInvalid(row.period_key),
      version: row.version,
      status: row.status as RunStatus,
      unitCount: row.unit_count,
      hash: row.hash,
      computedByName: row.computed_by_name,
      computedAt: row.computed_at,
      publishedByName: row.published_by_name,
      publishedAt: row.published_at,
      correctsRunId: row.corrects_run_id,
      correctionReason: row.correction_reason,
      supersededByRunId: row.superseded_by,
      appealDeadline: row.appeal_deadline,
    };
  }

  /** A run with what the actor may see of it: every group and explanation, or a unit's view. */
  async get(ctx: RequestContext, id: number): Promise<AssessmentRun> {
    if (!ctx.actor) throw unauthorized();
    const actor = ctx.actor;
    if (!can(actor, 'assessment.results') && !can(actor, 'assessment.read')) throw forbidden();
    const db = this.database.db;
    const row = await assessmentResultsRepository.runById(db, id);
    // A draft is HQ's: to anyone else it does not exist.
    if (!row || !this.mayRead(actor, row.status)) throw notFound('assessment run', id);
    const all = JSON.parse(row.snapshot) as AssessmentRunGroup[];
    const visible = await this.visibleUnits(db, actor);
    const groups =
      visible === null
        ? all
        : all
            .filter((g) => g.items.some((i) => visible.has(i.unitId)))
            .map((g) => ({
              ...g,
              items: g.items.map((i) => (visible.has(i.unitId) ? i : { ...i, explained: false, parts: [] })),
            }));
    return { ...this.summary(row), groups };
  }

  /** Runs of a campaign the actor may read (drafts for HQ only), newest period first. */
  async list(
    ctx: RequestContext,
    q: { campaignId: number; periodKind?: PeriodKind; periodKey?: string; status?: RunStatus },
  ): Promise<AssessmentRunSummary[]> {
    if (!ctx.actor) throw unauthorized();
    const actor = ctx.actor;
    if (!can(actor, 'assessment.results') && !can(actor, 'assessment.read')) throw forbidden();
    const rows = await assessmentResultsRepository.listRuns(this.database.db, q);
    return rows.filter((r) => this.mayRead(actor, r.status)).map((r) => this.summary(r));
  }

  /** The latest published run of a kind of period (cockpit card, briefing); 404 when none. */
  async latest(ctx: RequestContext, campaignId: number, periodKind: PeriodKind): Promise<AssessmentRun> {
    if (!ctx.actor) throw unauthorized();
    const id = await assessmentResultsRepository.latestPublishedId(this.database.db, campaignId, periodKind);
    if (id === undefined) throw notFound(`published ${periodKind} assessment run of campaign`, campaignId);
    return this.get(ctx, id);
  }
}

function safeJson(s: string | null | undefined): unknown {
  if (!s) return null;
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}
