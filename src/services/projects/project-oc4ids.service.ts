import type { Database } from '../../db/database.js';
import { unitRepository } from '../../db/repositories/unit.repository.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import { chinaDay } from '../../domain/calendar/work-calendar.js';
import {
  oc4idsPackage,
  oc4idsProject,
  type Oc4idsPackage,
  type Oc4idsProject,
  type Oc4idsProjectInput,
  type Oc4idsProjectOptions,
} from '../../documents/oc4ids/oc4ids.js';
import type { Project, ProjectQuery } from '../../shared/contracts/projects.contract.js';
import { PROJECT_STAGE_LABELS, PROJECT_STAGES } from '../../shared/project-enums.js';
import type { ProjectService } from './project.service.js';

/**
 * The prefix demo mode exports with when none is configured: unregistered (the tests' own,
 * docs/OC4IDS.md), so demo data never passes for a real publisher's.
 */
export const DEMO_OC4IDS_PREFIX = 'oc4ids-zk2022';

/** Text of the documents' accessDetails: evidence files need a Dudao session. */
const ACCESS_DETAILS = '登录督导平台后可查看';

/** A division code (统计用区划代码): 6 or 12 digits; other unit codes are not handed over as one. */
const DIVISION_CODE = /^\d{6}(\d{6})?$/;

/** Most projects one package reads (pages of the list). */
const PAGE = 500;

export interface Oc4idsSettings {
  /** The registered prefix; null = not configured (409). */
  idPrefix: string | null;
  /** Public origin; null = the request's origin (given per call). */
  publicUrl: string | null;
}

/**
 * The register as OC4IDS (issue 14 point 8): reads projects through ProjectService (so the caller
 * sees exactly what the register shows them, 404 for a project outside their scope) and hands
 * them to the pure mapping in src/documents/oc4ids. docs/OC4IDS.md, "Endpoints".
 */
export class ProjectOc4idsService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly projects: ProjectService,
    private readonly settings: Oc4idsSettings,
  ) {}

  /** One visible project as an OC4IDS project. `origin`: the request's, used when no public URL is configured. */
  async project(ctx: RequestContext, id: number, origin: string): Promise<Oc4idsProject> {
    const project = await this.projects.get(ctx, id);
    const opts = this.options(origin);
    return oc4idsProject(await this.inputOf(project), opts);
  }

  /** The visible projects matching the list's filters as one package; 404 when none match. */
  async package(ctx: RequestContext, q: ProjectQuery, origin: string): Promise<Oc4idsPackage> {
    const opts = this.options(origin);
    const ids: number[] = [];
    for (let page = 1; ; page++) {
      const list = await this.projects.list(ctx, { ...q, page, pageSize: PAGE });
      ids.push(...list.items.map((p) => p.id));
      if (list.items.length < PAGE || ids.length >= list.total) break;
    }
    if (!ids.length) throw new AppError(404, 'not_found', 'projects: no project you may see matches these filters', { field: 'projects' });
    const inputs: Oc4idsProjectInput[] = [];
    for (const id of ids) inputs.push(await this.inputOf(await this.projects.get(ctx, id)));
    const units = await unitRepository.list(this.database.db);
    const root = units.find((u) => u.parent_id === null);
    return oc4idsPackage(inputs, {
      ...opts,
      asOf: undefined,
      uri: `${opts.baseUrl}/api/projects/oc4ids`,
      publisher: { name: root?.name ?? '督导平台' },
      publishedDate: opts.asOf,
      version: '0.9',
    });
  }

  private options(origin: string): Oc4idsProjectOptions {
    const idPrefix = this.settings.idPrefix;
    if (!idPrefix)
      throw new AppError(
        409,
        'not_configured',
        'oc4ids: no OC4IDS identifier prefix is configured (DUDAO_OC4IDS_PREFIX, assigned by the OC4IDS Helpdesk)',
        { field: 'oc4ids' },
      );
    return {
      idPrefix,
      baseUrl: (this.settings.publicUrl ?? origin).replace(/\/+$/, ''),
      asOf: this.clock.now().toISOString(),
      documentAccessDetails: ACCESS_DETAILS,
    };
  }

  /** A project as the register shows it → the mapping's input. */
  private async inputOf(p: Project): Promise<Oc4idsProjectInput> {
    const county = await unitRepository.byId(this.database.db, p.countyUnitId);
    const reached = PROJECT_STAGES.indexOf(p.currentStage);
    const confirmed = p.stages.filter((s) => s.status === 'confirmed');
    const stages = PROJECT_STAGES.map((stage, i) => ({
      stage,
      planned: p.milestones.find((m) => m.stage === stage)?.plannedDate ?? null,
      // Records are newest first: the latest confirmed date of a stage the project has reached.
      actual: i <= reached ? (confirmed.find((s) => s.stage === stage)?.actualDate ?? null) : null,
    }));
    return {
      code: p.code,
      name: p.name,
      countyName: p.countyName,
      divisionCode: county && DIVISION_CODE.test(county.code) ? county.code : null,
      industryChain: p.industryChain,
      level: p.level,
      category: p.category,
      investorName: p.investor,
      totalInvestmentWan: p.totalInvestment,
      landMu: p.landMu,
      floorAreaM2: p.floorAreaM2,
      expectedAnnualOutputWan: p.expectedAnnualOutput,
      expectedAnnualTaxWan: p.expectedAnnualTax,
      expectedJobs: p.jobs,
      location: p.lon !== null && p.lat !== null ? { lon: p.lon, lat: p.lat } : null,
      workTeamName: p.workTeamName,
      leaderName: p.leader?.name ?? null,
      stage: p.currentStage,
      stages,
      planSteps: p.milestones.filter((m) => m.stage === null).map((m) => ({ name: m.name, planned: m.plannedDate })),
      status: p.status,
      terminationReason: p.terminationReason,
      terminatedOn: p.terminatedAt ? chinaDay(new Date(p.terminatedAt)) : null,
      documents: confirmed.flatMap((s) =>
        s.files.map((f) => ({
          id: f.id,
          title: f.name ?? `${PROJECT_STAGE_LABELS[s.stage].zh}佐证材料`,
          mime: f.mime,
          urlPath: `/api/projects/${p.id}/stages/${s.id}/files/${f.id}`,
          kind: 'stage_evidence' as const,
          stage: s.stage,
          uploadedAt: f.createdAt,
        })),
      ),
      batches: p.batches.map((b) => ({ name: b.name, role: b.role })),
      updatedAt: p.updatedAt,
    };
  }
}
