import type { Database, Executor } from '../../db/database.js';
import { isUniqueViolation } from '../../db/db-errors.js';
import { projectBatchRepository, type BatchItemRead, type ProjectBatchRead } from '../../db/repositories/project-batch.repository.js';
import { projectRepository } from '../../db/repositories/project.repository.js';
import { unitRepository } from '../../db/repositories/unit.repository.js';
import { inTransaction } from '../../db/transactions.js';
import { chinaDay } from '../../domain/calendar/work-calendar.js';
import { coversUnit, type Actor } from '../../domain/policies/permissions.js';
import { canOnProject, COUNTY_LEVEL_KINDS, projectScope } from '../../domain/policies/project-scope.js';
import type {
  AddBatchProjectBody,
  CreateProjectBatchBody,
  ProjectBatch,
  ProjectBatchDetail,
  ProjectBatchList,
  ProjectBatchQuery,
  ProjectRates,
  RangeRatesQuery,
} from '../../shared/contracts/projects.contract.js';
import type { Permission, UnitKind } from '../../shared/enums.js';
import { PROJECT_RATES, type BatchRole, type ProjectStage, type ProjectStatus } from '../../shared/project-enums.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { conflictSaid, forbidden, invalid, invalidSaid, notFound } from '../../core/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { actorWith, forbiddenField } from './project.service.js';
import { ratesAsOf, type RecordedProject } from '../../domain/projects/rates.js';
import { fromHundredths } from './money.js';

/** Whether the actor holds `permission` over a county (by a county-based grant: leaders, projects offices). */
function onCounty(actor: Actor, permission: Permission, countyPath: string): boolean {
  return canOnProject(actor, permission, { countyPath, workTeamPath: null, memberUserIds: [] });
}

/**
 * The "三个一批" batches (issue 14 point 3): a county's numbered event (e.g. 西华县第五期) with a
 * day and its projects, each in a role (签约 / 开工 / 投产), and the rates of a batch — or of
 * several periods of a county together ("前四期") — as of any day. The projects office of the
 * county manages them; leaders and projects offices covering the county read them (work teams
 * and project units see their projects, not the county's batches).
 */
export class ProjectBatchService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** Batch `id` if the actor may read it (404 otherwise). */
  private async visible(db: Executor, ctx: RequestContext, id: number, permission: Permission = 'project.read') {
    const actor = actorWith(ctx, 'project.read');
    const row = await projectBatchRepository.byId(db, id);
    if (!row || !onCounty(actor, 'project.read', row.county_path)) throw notFound('project batch', id);
    if (permission !== 'project.read' && !onCounty(actor, permission, row.county_path)) throw forbidden();
    return { row, actor };
  }

  /** Batches of the counties the actor covers (of one county if asked), by county and 期数. */
  async list(ctx: RequestContext, q: ProjectBatchQuery = {}): Promise<ProjectBatchList> {
    const actor = actorWith(ctx, 'project.read');
    const db = this.database.db;
    if (q.countyUnitId !== undefined && !(await unitRepository.byId(db, Number(q.countyUnitId))))
      throw invalid('countyUnitId', `unit ${q.countyUnitId} not found`);
    const scope = projectScope(actor, 'project.read');
    const rows = await projectBatchRepository.list(
      db,
      scope.all ? null : scope.countyPaths,
      q.countyUnitId === undefined ? undefined : Number(q.countyUnitId),
    );
    return { items: rows.map(batchView) };
  }

  /** One batch with its projects and their confirmed stages. */
  async get(ctx: RequestContext, id: number): Promise<ProjectBatchDetail> {
    const db = this.database.db;
    const { row } = await this.visible(db, ctx, id);
    return this.detail(db, row);
  }

  /** The projects office numbers a new batch of its county (期数 unique per county). */
  async create(ctx: RequestContext, body: CreateProjectBatchBody): Promise<ProjectBatchDetail> {
    const actor = actorWith(ctx, 'project.manage');
    const db = this.database.db;
    const county = await unitRepository.byId(db, body.countyUnitId);
    if (!county) throw invalid('countyUnitId', `unit ${body.countyUnitId} not found`);
    if (!COUNTY_LEVEL_KINDS.includes(county.kind as UnitKind))
      throw invalidSaid('countyUnitId', { zh: `${county.name}不是县（市、区）`, en: `${county.name} is not a county or district` });
    if (!onCounty(actor, 'project.manage', county.path)) throw forbiddenField('countyUnitId', 'the county is outside the area you manage');
    const name = body.name.trim();
    if (!name) throw invalidSaid('name', { zh: '请填写批次名称', en: 'must not be blank' });
    if (await projectBatchRepository.seqTaken(db, county.id, body.seq))
      throw conflictSaid('seq', { zh: `${county.name}已有第${body.seq}批`, en: `${county.name} already has batch ${body.seq}` });
    const at = this.clock.now().toISOString();
    const id = await inTransaction(db, async (trx) => {
      const newId = await projectBatchRepository
        .insert(trx, {
          county_unit_id: county.id,
          name,
          seq: body.seq,
          event_date: body.eventDate,
          created_by: actor.userId,
          created_at: at,
        })
        .catch((e: unknown) => {
          throw isUniqueViolation(e)
            ? conflictSaid('seq', { zh: `${county.name}已有第${body.seq}批`, en: `${county.name} already has batch ${body.seq}` })
            : e;
        });
      await this.audit.record(trx, ctx, {
        action: 'project_batch.create',
        targetType: 'project_batch',
        targetId: newId,
        summary: { countyUnitId: county.id, name, seq: body.seq, eventDate: body.eventDate },
      });
      return newId;
    });
    return this.get(ctx, id);
  }

  /** Adds a project of the batch's county in a role (409 when it is in the batch already). */
  async addProject(ctx: RequestContext, id: number, body: AddBatchProjectBody): Promise<ProjectBatchDetail> {
    const db = this.database.db;
    const { row } = await this.visible(db, ctx, id, 'project.manage');
    const project = await projectRepository.byId(db, body.projectId);
    if (!project || !coversUnit(row.county_path, project.county_path))
      throw invalid('projectId', `project ${body.projectId} is not a project of ${row.county_name}`);
    if (await projectBatchRepository.hasItem(db, id, body.projectId))
      throw conflictSaid('projectId', { zh: `${project.name}已在本批次中`, en: `${project.name} is in this batch already` });
    await inTransaction(db, async (trx) => {
      await projectBatchRepository
        .addItem(trx, { batch_id: id, project_id: body.projectId, role: body.role, added_at: this.clock.now().toISOString() })
        .catch((e: unknown) => {
          throw isUniqueViolation(e)
            ? conflictSaid('projectId', { zh: `${project.name}已在本批次中`, en: `${project.name} is in this batch already` })
            : e;
        });
      await this.audit.record(trx, ctx, {
        action: 'project_batch.add',
        targetType: 'project_batch',
        targetId: id,
        summary: { projectId: body.projectId, code: project.code, role: body.role },
      });
    });
    return this.get(ctx, id);
  }

  /** Takes a project out of a batch (404 when it is not in it). */
  async removeProject(ctx: RequestContext, id: number, projectId: number): Promise<ProjectBatchDetail> {
    const db = this.database.db;
    await this.visible(db, ctx, id, 'project.manage');
    await inTransaction(db, async (trx) => {
      if (!(await projectBatchRepository.removeItem(trx, id, projectId))) throw notFound('project of the batch', projectId);
      await this.audit.record(trx, ctx, {
        action: 'project_batch.remove',
        targetType: 'project_batch',
        targetId: id,
        summary: { projectId },
      });
    });
    return this.get(ctx, id);
  }

  /** The batch's rates as of `asOf` (today, China time, when absent). */
  async rates(ctx: RequestContext, id: number, asOf?: string): Promise<ProjectRates> {
    const db = this.database.db;
    await this.visible(db, ctx, id);
    return this.ratesOf(db, await projectBatchRepository.items(db, [id]), asOf ?? chinaDay(this.clock.now()));
  }

  /** The rates of periods `fromSeq`–`toSeq` of a county together, each project counted once ("前四期"). */
  async rangeRates(ctx: RequestContext, q: RangeRatesQuery): Promise<ProjectRates> {
    const actor = actorWith(ctx, 'project.read');
    const db = this.database.db;
    const county = await unitRepository.byId(db, Number(q.countyUnitId));
    if (!county) throw invalid('countyUnitId', `unit ${q.countyUnitId} not found`);
    if (!onCounty(actor, 'project.read', county.path)) throw forbiddenField('countyUnitId', 'the county is outside the area you see');
    if (q.toSeq < q.fromSeq) throw invalid('toSeq', 'must not be before fromSeq');
    const ids = await projectBatchRepository.idsInRange(db, county.id, q.fromSeq, q.toSeq);
    return this.ratesOf(db, await projectBatchRepository.items(db, ids), q.asOf ?? chinaDay(this.clock.now()));
  }

  private async ratesOf(db: Executor, items: BatchItemRead[], asOf: string): Promise<ProjectRates> {
    const byProject = new Map(items.map((i) => [i.project_id, i]));
    const stages = await projectRepository.confirmedStagesOf(db, [...byProject.keys()]);
    const projects: RecordedProject[] = [...byProject.values()].map((i) => ({
      investment: Number(i.total_investment_wan_cents),
      records: (stages.get(i.project_id) ?? []).map((s) => ({
        stage: s.stage as ProjectStage,
        actualDate: s.actual_date,
        status: 'confirmed' as const,
      })),
    }));
    const rates = ratesAsOf(projects, asOf);
    return {
      asOf,
      projects: projects.length,
      totalInvestment: fromHundredths(rates.total.investment),
      rates: PROJECT_RATES.map((rate) => {
        const f = rates[rate];
        return {
          rate,
          count: f.numerator.count,
          of: f.denominator.count,
          value: f.byCount,
          investment: fromHundredths(f.numerator.investment),
          investmentOf: fromHundredths(f.denominator.investment),
          investmentValue: f.byInvestment,
        };
      }),
    };
  }

  private async detail(db: Executor, row: ProjectBatchRead): Promise<ProjectBatchDetail> {
    const items = await projectBatchRepository.items(db, [row.id]);
    const stages = await projectRepository.confirmedStagesOf(
      db,
      items.map((i) => i.project_id),
    );
    return {
      ...batchView(row),
      items: items.map((i) => ({
        projectId: i.project_id,
        code: i.code,
        name: i.name,
        role: i.role as BatchRole,
        totalInvestment: fromHundredths(Number(i.total_investment_wan_cents)),
        currentStage: i.current_stage as ProjectStage,
        currentStageDate: i.current_stage_date,
        status: i.status as ProjectStatus,
        stages: (stages.get(i.project_id) ?? []).map((s) => ({ stage: s.stage as ProjectStage, actualDate: s.actual_date })),
      })),
    };
  }
}

function batchView(r: ProjectBatchRead): ProjectBatch {
  return {
    id: r.id,
    countyUnitId: r.county_unit_id,
    countyName: r.county_name,
    name: r.name,
    seq: r.seq,
    eventDate: r.event_date,
    projectCount: r.project_count,
    totalInvestment: fromHundredths(r.investment_wan_cents),
    createdAt: r.created_at,
  };
}
