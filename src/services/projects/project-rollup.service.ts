import type { Database, Executor } from '../../db/database.js';
import { projectBatchRepository } from '../../db/repositories/project-batch.repository.js';
import {
  noInvestmentReports,
  projectRollupRepository,
  type ProjectInvestmentSource,
  type RollupRow,
} from '../../db/repositories/project-rollup.repository.js';
import { unitRepository } from '../../db/repositories/unit.repository.js';
import { chinaDay, chinaMidnight, shiftDay } from '../../domain/calendar/work-calendar.js';
import { completionRate } from '../../domain/projects/investment.js';
import { YI_IN_WAN_CENTS } from '../../domain/projects/rates.js';
import {
  countMatching,
  INDUSTRIAL_UNDER_CONSTRUCTION,
  matchesFilter,
  newlySignedThisYear,
  rollUp,
  type RollupFilter,
  type RollupProject,
} from '../../domain/projects/rollups.js';
import { isUnderConstruction, hasPassed } from '../../domain/projects/stages.js';
import { projectScope } from '../../domain/policies/project-scope.js';
import type {
  ProjectPoints,
  ProjectRollup,
  ProjectRollupQuery,
  ProjectRollupSummary,
  ProjectRollupSummaryQuery,
} from '../../shared/contracts/project-rollups.contract.js';
import { PROJECT_STAGES, type ProjectStage } from '../../shared/project-enums.js';
import { ROLLUP_NONE } from '../../shared/project-rollup-enums.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { invalid } from '../../core/errors.js';
import type { ProjectBatchService } from './project-batch.service.js';
import { actorWith } from './project.service.js';

const toWan = (wanCents: number): number => wanCents / 100;

/** A roll-up's projects: the rows read and their domain view, in the same order. */
interface Loaded {
  asOf: string;
  rows: RollupRow[];
  projects: RollupProject[];
}

/**
 * Roll-ups of the major projects (issue 14 point 7, DOMAIN.md §3.7): the projects the viewer may
 * see, as of a day, grouped by county, chain, work team, level, category, size band, stage or
 * batch, each as count and investment; the headline figures of the projects dashboard and the
 * cockpit tile (今年以来新签约亿元以上, 在建工业项目 and their completion against the annual plan,
 * the latest batch's rates); the projects on the map. Scoped as the register is
 * (domain/policies/project-scope.ts): a projects office its county or the city, a work team its
 * team's projects, leaders the city, a project unit only its own projects. Read-only.
 */
export class ProjectRollupService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly batches: ProjectBatchService,
    private readonly investment: ProjectInvestmentSource = noInvestmentReports,
  ) {}

  /** Projects in the viewer's scope present on the day (see the repository), optionally of a county. */
  private async load(ctx: RequestContext, q: { asOf?: string; county?: number }): Promise<Loaded> {
    const actor = actorWith(ctx, 'project.read');
    const db = this.database.db;
    const asOf = q.asOf ?? chinaDay(this.clock.now());
    let countyPath: string | undefined;
    if (q.county !== undefined) {
      const unit = await unitRepository.byId(db, Number(q.county));
      if (!unit) throw invalid('county', `unit ${q.county} not found`);
      countyPath = unit.path;
    }
    const scope = projectScope(actor, 'project.read');
    const rows = await projectRollupRepository.rows(db, {
      scope: { ...scope, memberUserId: scope.asMember ? actor.userId : null },
      countyPath,
      asOf,
      endOfDay: chinaMidnight(shiftDay(asOf, 1)).toISOString(),
    });
    const projects = rows.map((r): RollupProject => ({
      countyId: r.county_unit_id,
      chain: r.industry_chain,
      teamId: r.work_team_unit_id,
      level: r.level,
      category: r.category,
      investment: r.investment,
      stage: r.stage_rank === null ? null : (PROJECT_STAGES[r.stage_rank] ?? null),
      signedOn: r.signed_on,
      batchIds: [],
    }));
    return { asOf, rows, projects };
  }

  /** Projects grouped on `q.by`, filtered by period, size, industrial and 在建 as asked. */
  async rollup(ctx: RequestContext, q: ProjectRollupQuery): Promise<ProjectRollup> {
    if (q.from !== undefined && q.to !== undefined && q.to < q.from) throw invalid('to', 'must not be before from');
    const db = this.database.db;
    const loaded = await this.load(ctx, { asOf: q.asOf, county: q.county });
    const filter: RollupFilter = {
      signedFrom: q.from,
      signedTo: q.to,
      minInvestment: q.minInvestment === undefined ? undefined : Math.ceil(q.minInvestment * 100 - 1e-6),
      industrial: q.industrial,
      underConstruction: q.underConstruction,
    };
    const keep = loaded.projects.map((p) => matchesFilter(p, filter));
    let projects = loaded.projects.filter((_, i) => keep[i]);
    if (q.by === 'batch') {
      const ids = loaded.rows.filter((_, i) => keep[i]).map((r) => r.id);
      const of = await projectRollupRepository.batchesOf(db, ids);
      projects = projects.map((p, i) => ({ ...p, batchIds: of.get(ids[i] ?? 0) ?? [] }));
    }
    const groups = rollUp(projects, q.by);
    const names = await this.namesOf(
      db,
      q.by,
      groups.map((g) => g.key),
    );
    const total = countMatching(projects, {});
    return {
      asOf: loaded.asOf,
      by: q.by,
      total: { count: total.count, investment: toWan(total.investment) },
      groups: groups.map((g) => ({
        key: g.key,
        name: g.key === ROLLUP_NONE ? null : q.by === 'chain' ? g.key : (names.get(g.key) ?? null),
        count: g.count,
        investment: toWan(g.investment),
        underConstruction: g.underConstruction,
        producing: g.producing,
      })),
    };
  }

  /** Names of county, team and batch keys. */
  private async namesOf(db: Executor, by: ProjectRollupQuery['by'], keys: string[]): Promise<Map<string, string>> {
    const ids = keys.filter((k) => k !== ROLLUP_NONE).map(Number);
    if (by === 'county' || by === 'team') {
      const names = await projectRollupRepository.unitNames(db, ids);
      return new Map([...names].map(([id, name]) => [String(id), name]));
    }
    if (by === 'batch') {
      const info = await projectRollupRepository.batchInfo(db, ids);
      return new Map([...info].map(([id, b]) => [String(id), `${b.county_name} ${b.name}`]));
    }
    return new Map();
  }

  /** Headline figures: totals, 今年以来新签约亿元以上, 在建工业项目 with their investment, the latest batch's rates. */
  async summary(ctx: RequestContext, q: ProjectRollupSummaryQuery = {}): Promise<ProjectRollupSummary> {
    const db = this.database.db;
    const { asOf, rows, projects } = await this.load(ctx, q);
    const total = countMatching(projects, {});
    const signed = newlySignedThisYear(asOf);
    const newly = countMatching(projects, signed);
    const industrialIds = rows
      .filter((_, i) => matchesFilter(projects[i] as RollupProject, INDUSTRIAL_UNDER_CONSTRUCTION))
      .map((r) => r.id);
    const industrial = countMatching(projects, INDUSTRIAL_UNDER_CONSTRUCTION);
    const figures = await this.investment.yearFigures(db, industrialIds, asOf);
    return {
      asOf,
      total: { count: total.count, investment: toWan(total.investment) },
      underConstruction: projects.filter((p) => isUnderConstruction(p.stage)).length,
      producing: projects.filter((p) => hasPassed(p.stage, 'producing')).length,
      newlySigned: {
        from: signed.signedFrom ?? asOf,
        to: asOf,
        minInvestment: toWan(YI_IN_WAN_CENTS),
        count: newly.count,
        investment: toWan(newly.investment),
      },
      industrialUnderConstruction: {
        count: industrial.count,
        investment: toWan(industrial.investment),
        investmentReports: figures !== null,
        completedThisYear: figures ? toWan(figures.completedWanCents) : null,
        annualPlan: figures ? toWan(figures.planWanCents) : null,
        completionRate: figures ? completionRate(figures.completedWanCents, figures.planWanCents) : null,
      },
      latestBatch: await this.latestBatch(ctx, asOf, q.county),
    };
  }

  /** The latest batch held on or before the day in the counties the viewer covers (county viewers only). */
  private async latestBatch(ctx: RequestContext, asOf: string, county?: number): Promise<ProjectRollupSummary['latestBatch']> {
    const actor = actorWith(ctx, 'project.read');
    const scope = projectScope(actor, 'project.read');
    if (!scope.all && !scope.countyPaths.length) return null;
    const db = this.database.db;
    const countyPath = county === undefined ? undefined : (await unitRepository.byId(db, Number(county)))?.path;
    const held = (await projectBatchRepository.list(db, scope.all ? null : scope.countyPaths))
      .filter((b) => b.event_date <= asOf && (countyPath === undefined || b.county_path.startsWith(countyPath)))
      .sort((a, b) => (a.event_date < b.event_date ? 1 : a.event_date > b.event_date ? -1 : b.id - a.id));
    const b = held[0];
    if (!b) return null;
    return {
      batch: {
        id: b.id,
        countyUnitId: b.county_unit_id,
        countyName: b.county_name,
        name: b.name,
        seq: b.seq,
        eventDate: b.event_date,
        projectCount: b.project_count,
        totalInvestment: toWan(b.investment_wan_cents),
        createdAt: b.created_at,
      },
      rates: await this.batches.rates(ctx, b.id, asOf),
    };
  }

  /** The located projects in scope with their stage as of the day, for the map. */
  async points(ctx: RequestContext, q: ProjectRollupSummaryQuery = {}): Promise<ProjectPoints> {
    const { asOf, rows, projects } = await this.load(ctx, q);
    const items: ProjectPoints['items'] = [];
    rows.forEach((r, i) => {
      if (r.lon === null || r.lat === null) return;
      items.push({
        id: r.id,
        name: r.name,
        lon: r.lon,
        lat: r.lat,
        stage: (projects[i]?.stage ?? null) as ProjectStage | null,
        investment: toWan(r.investment),
      });
    });
    return { asOf, items };
  }
}
