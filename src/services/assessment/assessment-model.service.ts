import type { Database, Executor } from '../../db/database.js';
import { inTransaction } from '../../db/transactions.js';
import { isUniqueViolation } from '../../db/db-errors.js';
import { campaignRepository } from '../../db/repositories/campaign.repository.js';
import { assessmentModelRepository, type AssessmentModelRowWithNames } from '../../db/repositories/assessment-model.repository.js';
import { checkAssessmentModel, problem, type AssessmentProblem } from '../../domain/assessment/model-check.js';
import { can, type Actor } from '../../domain/policies/permissions.js';
import type { ModelStatus } from '../../shared/assessment-enums.js';
import type { Permission } from '../../shared/enums.js';
import type { AssessmentModel, AssessmentModelVersion } from '../../shared/contracts/assessment.contract.js';
import { MAX_ID } from '../../shared/contracts/common.contract.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { AppError, conflict, forbidden, notFound, unauthorized } from '../../core/errors.js';

const MAX_NAME = 100;

/**
 * Bounds of the wire shape (AssessmentModel) that the domain check leaves open: a stored model
 * must fit the schema of the replies that show it. Run on a model the domain check accepted.
 */
function boundProblems(model: AssessmentModel): AssessmentProblem[] {
  const out: AssessmentProblem[] = [];
  const tooLong = () => problem('too_long', `must be at most ${MAX_NAME} characters`, { max: MAX_NAME });
  if (model.name.length > MAX_NAME) out.push({ field: 'name', ...tooLong() });
  model.groups.forEach((g, i) => {
    if (g.name.length > MAX_NAME) out.push({ field: `groups[${i}].name`, ...tooLong() });
    g.members.unitIds.forEach((id, j) => {
      // Beyond an id column: the same problem (and params) as the domain's for an id of 0.
      if (id > MAX_ID)
        out.push({
          field: `groups[${i}].members.unitIds[${j}]`,
          ...problem('unit_id_invalid', `must be a unit id, got ${id}`, { value: String(id) }),
        });
    });
  });
  return out;
}

/**
 * The 考核 model of each campaign (issue 13, DOMAIN.md §3.5), versioned like frameworks: a
 * version is edited as a draft (optimistic `revision`: a stale edit is refused, not lost),
 * published once and frozen afterwards (edits → 409); a change to a published model is a
 * new draft copied from it. The campaign's model in force is its latest published version,
 * so results computed under an earlier version keep the rules they were computed with.
 */
export class AssessmentModelService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  private actorWith(ctx: RequestContext, permission: Permission): Actor {
    if (!ctx.actor) throw unauthorized();
    if (!can(ctx.actor, permission)) throw forbidden();
    return ctx.actor;
  }

  private view(row: AssessmentModelRowWithNames): AssessmentModelVersion {
    return {
      id: row.id,
      campaignId: row.campaign_id,
      version: row.version,
      status: row.status as ModelStatus,
      revision: row.revision,
      model: JSON.parse(row.model) as AssessmentModel,
      createdByName: row.created_by_name,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      publishedByName: row.published_by_name,
      publishedAt: row.published_at,
    };
  }

  private async row(db: Executor, id: number): Promise<AssessmentModelRowWithNames> {
    const row = await assessmentModelRepository.byId(db, id);
    if (!row) throw notFound('assessment model', id);
    return row;
  }

  /**
   * The model with the server's version number, checked whole: 422 naming the first
   * problem's field, every problem in `details.problems`.
   */
  private checked(input: unknown, version: number): AssessmentModel {
    const model = typeof input === 'object' && input !== null && !Array.isArray(input) ? { ...input, version } : input;
    const problems = checkAssessmentModel(model);
    if (problems.length === 0) problems.push(...boundProblems(model as AssessmentModel));
    const first = problems[0];
    if (first) {
      const field = first.field === '' ? 'model' : `model.${first.field}`;
      throw new AppError(422, 'invalid_assessment_model', `${field}: ${first.message} (${problems.length} problem(s))`, {
        field,
        problems,
      });
    }
    return model as AssessmentModel;
  }

  private async assertCampaign(db: Executor, campaignId: number): Promise<void> {
    if (!(await campaignRepository.byId(db, campaignId))) throw notFound('campaign', campaignId);
  }

  private static frozen(row: AssessmentModelRowWithNames): AppError {
    return new AppError(409, 'model_published', `version ${row.version} is published and cannot change; start a new draft from it`, {
      field: 'status',
    });
  }

  /** Every version of a campaign's model, newest first. */
  async list(ctx: RequestContext, campaignId: number): Promise<AssessmentModelVersion[]> {
    this.actorWith(ctx, 'assessment.read');
    const db = this.database.db;
    await this.assertCampaign(db, campaignId);
    return (await assessmentModelRepository.listByCampaign(db, campaignId)).map((r) => this.view(r));
  }

  async get(ctx: RequestContext, id: number): Promise<AssessmentModelVersion> {
    this.actorWith(ctx, 'assessment.read');
    return this.view(await this.row(this.database.db, id));
  }

  /** The campaign's model in force (its latest published version); 404 while none is published. */
  async inForce(ctx: RequestContext, campaignId: number): Promise<AssessmentModelVersion> {
    this.actorWith(ctx, 'assessment.read');
    const db = this.database.db;
    await this.assertCampaign(db, campaignId);
    const row = await assessmentModelRepository.inForce(db, campaignId);
    if (!row) throw notFound('published assessment model of campaign', campaignId);
    return this.view(row);
  }

  /** Inserts a draft as the campaign's next version; a concurrent insert of the same number is a 409. */
  private async insertDraft(ctx: RequestContext, actor: Actor, campaignId: number, input: unknown, from: number | null): Promise<number> {
    const now = this.clock.now().toISOString();
    try {
      return await inTransaction(this.database.db, async (trx) => {
        await this.assertCampaign(trx, campaignId);
        const version = (await assessmentModelRepository.maxVersion(trx, campaignId)) + 1;
        const model = this.checked(input, version);
        const id = await assessmentModelRepository.insert(trx, {
          campaign_id: campaignId,
          version,
          model: JSON.stringify(model),
          created_by: actor.userId,
          created_at: now,
        });
        await this.audit.record(trx, ctx, {
          action: 'assessment_model.create',
          targetType: 'assessment_model',
          targetId: id,
          summary: { campaignId, version, name: model.name, groups: model.groups.length, ...(from !== null ? { from } : {}) },
        });
        return id;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('version', 'another version was created at the same time; try again');
      throw e;
    }
  }

  /** Creates a draft version of a campaign's model (the next version number); 422 when the model is unsound. */
  async create(ctx: RequestContext, input: { campaignId: number; model: unknown }): Promise<AssessmentModelVersion> {
    const actor = this.actorWith(ctx, 'assessment.manage');
    const id = await this.insertDraft(ctx, actor, input.campaignId, input.model, null);
    return this.view(await this.row(this.database.db, id));
  }

  /** A new draft copied from a published version (the way to change a model in force). */
  async newDraft(ctx: RequestContext, sourceId: number): Promise<AssessmentModelVersion> {
    const actor = this.actorWith(ctx, 'assessment.manage');
    const source = await this.row(this.database.db, sourceId);
    if (source.status !== 'published')
      throw new AppError(409, 'model_not_published', `version ${source.version} is still a draft: edit it instead`, { field: 'status' });
    const id = await this.insertDraft(ctx, actor, source.campaign_id, JSON.parse(source.model), sourceId);
    return this.view(await this.row(this.database.db, id));
  }

  /**
   * Replaces the model of a draft. 409 when it is published, or when `revision` is not the
   * stored one (someone saved in between: reload rather than overwrite their work).
   */
  async update(ctx: RequestContext, id: number, input: { revision: number; model: unknown }): Promise<AssessmentModelVersion> {
    this.actorWith(ctx, 'assessment.manage');
    const now = this.clock.now().toISOString();
    await inTransaction(this.database.db, async (trx) => {
      const row = await this.row(trx, id);
      if (row.status !== 'draft') throw AssessmentModelService.frozen(row);
      const model = this.checked(input.model, row.version);
      if (!(await assessmentModelRepository.updateDraft(trx, id, input.revision, JSON.stringify(model), now)))
        throw new AppError(409, 'stale_revision', `revision: the draft is at revision ${row.revision}, not ${input.revision}; reload it`, {
          field: 'revision',
          current: row.revision,
        });
      await this.audit.record(trx, ctx, {
        action: 'assessment_model.update',
        targetType: 'assessment_model',
        targetId: id,
        summary: { campaignId: row.campaign_id, version: row.version, revision: input.revision + 1 },
      });
    });
    return this.view(await this.row(this.database.db, id));
  }

  /** Publishes a draft whose model still checks; frozen afterwards and in force for its campaign. */
  async publish(ctx: RequestContext, id: number): Promise<AssessmentModelVersion> {
    const actor = this.actorWith(ctx, 'assessment.manage');
    const now = this.clock.now().toISOString();
    await inTransaction(this.database.db, async (trx) => {
      const row = await this.row(trx, id);
      if (row.status !== 'draft') throw AssessmentModelService.frozen(row);
      // Stored drafts were checked when saved; checking again guards against rules tightened since.
      const model = this.checked(JSON.parse(row.model), row.version);
      if (!(await assessmentModelRepository.publish(trx, id, actor.userId, now))) throw AssessmentModelService.frozen(row);
      await this.audit.record(trx, ctx, {
        action: 'assessment_model.publish',
        targetType: 'assessment_model',
        targetId: id,
        summary: { campaignId: row.campaign_id, version: row.version, name: model.name },
      });
    });
    return this.view(await this.row(this.database.db, id));
  }
}
