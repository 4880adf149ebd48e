import type { Database, Executor } from '../../db/database.js';
import { projectBatchRepository } from '../../db/repositories/project-batch.repository.js';
import {
  noInvestmentReports,
  projectRollupRepository,
  type ProjectInvestmentSource,
  type RollupQuery,
} from '../../db/repositories/project-rollup.repository.js';
import { unitRepository } from '../../db/repositories/unit.repository.js';
import { chinaDay, chinaMidnight, shiftDay } from '../../domain/calendar/work-calendar.js';
import { completionRate } from '../../domain/projects/investment.js';
import { YI_IN_WAN_CENTS } from '../../domain/projects/rates.js';
import { INDUSTRIAL_UNDER_CONSTRUCTION, newlySignedThisYear, type RollupFilter } from '../../domain/projects/rollups.js';
import { projectScope } from '../../domain/policies/project-scope.js';
import type {
  ProjectPoints,
  ProjectRollup,
  ProjectRollupQuery,
  ProjectRollupSummary,
  ProjectRollupSummaryQuery,
} from '../../shared/contracts/project-rollups.contract.js';
import { PROJECT_STAGES } from '../../shared/project-enums.js';
import { batchTitle } from '../../shared/project-names.js';
import { ROLLUP_NONE, type RollupDimension } from '../../shared/project-rollup-enums.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { invalid } from '../../core/errors.js';
import type { ProjectBatchService } from './project-batch.service.js';
import { actorWith } from './project.service.js';

const toWan = (wanCents: number): number => wanCents / 100;
const MEMO_SIZE = 256;

/** A roll-up group's key on the wire: ids and stage indexes as text, none as ROLLUP_NONE. */
function wireKey(by: RollupDimension, k: string | number | null): string {
  if (k === null || k === '') return ROLLUP_NONE;
  if (by === 'stage') return PROJECT_STAGES[Number(k)] ?? ROLLUP_NONE;
  return String(k);
}

/** Largest investment first, then by key (the domain's rollUp order). */
const byInvestment = (a: { investment: number; key: string }, b: { investment: number; key: string }) =>
  b.investment - a.investment || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * Roll-ups of the major projects (issue 14 point 7, DOMAIN.md §3.7): the projects the viewer may
 * see, as of a day, grouped by county, chain, work team, level, category, size band, stage or
 * batch, each as count and investment; the headline figures of the projects dashboard and the
 * cockpit tile (今年以来新签约亿元以上, 在建工业项目 and their completion against the annual plan,
 * the latest batch's rates); the projects on the map. Scoped as the register is
 * (domain/policies/project-scope.ts): a projects office its county or the city, a work team its
 * team's projects, leaders the city, a project unit only its own projects. Read-only.
 *
 * The rules are src/domain/projects/rollups.ts; the repository sums them in SQL from the same
 * constants (10 000 projects are not sent to Node to be added up), and
 * test/services/projects/project-rollup.service.test.ts checks the two agree on random registers.
 */
export class ProjectRollupService {
  /** Answers by request (scope, day, filters) with the data fingerprint they were computed at; oldest dropped first. */
  private readonly memo = new Map<string, { version: string; value: unknown }>();

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly batches: ProjectBatchService,
    private readonly investment: ProjectInvestmentSource = noInvestmentReports,
  ) {}

  /**
   * `compute()` or the answer given to the same request while the data's fingerprint has not
   * changed (projectRollupRepository.dataVersion): a leader's landing asks the same sums again
   * and again, and 10 000 projects cost tens of milliseconds to sum each time.
   */
  private async memoized<T>(key: unknown, compute: () => Promise<T>): Promise<T> {
    const k = JSON.stringify(key);
    const version = await projectRollupRepository.dataVersion(this.database.db);
    const hit = this.memo.get(k);
    if (hit && hit.version === version) return hit.value as T;
    const value = await compute();
    this.memo.delete(k);
    this.memo.set(k, { version, value });
    if (this.memo.size > MEMO_SIZE) this.memo.delete(this.memo.keys().next().value!);
    return value;
  }

  /** The viewer's scope, the county asked for and the day, as the repository takes them. */
  private async query(ctx: RequestContext, q: { asOf?: string; county?: number }): Promise<RollupQuery> {
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
    return {
      scope: { ...scope, memberUserId: scope.asMember ? actor.userId : null },
      countyPath,
      asOf,
      endOfDay: chinaMidnight(shiftDay(asOf, 1)).toISOString(),
    };
  }

  /** Projects grouped on `q.by`, filtered by period, size, industrial and 在建 as asked. */
  async rollup(ctx: RequestContext, q: ProjectRollupQuery): Promise<ProjectRollup> {
    if (q.from !== undefined && q.to !== undefined && q.to < q.from) throw invalid('to', 'must not be before from');
    const db = this.database.db;
    const rq = await this.query(ctx, { asOf: q.asOf, county: q.county });
    return this.memoized(['rollup', rq, q], () => this.computeRollup(db, rq, q));
  }

  private async computeRollup(db: Executor, rq: RollupQuery, q: ProjectRollupQuery): Promise<ProjectRollup> {
    const filter: RollupFilter = {
      signedFrom: q.from,
      signedTo: q.to,
      minInvestment: q.minInvestment === undefined ? undefined : Math.ceil(q.minInvestment * 100 - 1e-6),
      industrial: q.industrial,
      underConstruction: q.underConstruction,
    };
    const rows = await projectRollupRepository.groups(db, rq, q.by, filter);
    const groups = rows
      .map((r) => ({
        key: wireKey(q.by, r.key),
        count: r.count,
        investment: r.investment,
        underConstruction: r.under_construction,
        producing: r.producing,
      }))
      .sort(byInvestment);
    // On batch a project may be in two groups: the total counts it once.
    const total =
      q.by === 'batch'
        ? ((await projectRollupRepository.groups(db, rq, null, filter))[0] ?? { count: 0, investment: 0 })
        : { count: groups.reduce((a, g) => a + g.count, 0), investment: groups.reduce((a, g) => a + g.investment, 0) };
    const names = await this.namesOf(
      db,
      q.by,
      groups.map((g) => g.key),
    );
    return {
      asOf: rq.asOf,
      by: q.by,
      total: { count: total.count, investment: toWan(total.investment) },
      groups: groups.map((g) => ({
        ...g,
        name: g.key === ROLLUP_NONE ? null : q.by === 'chain' ? g.key : (names.get(g.key) ?? null),
        investment: toWan(g.investment),
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
      return new Map([...info].map(([id, b]) => [String(id), batchTitle(b.county_name, b.name, ' ')]));
    }
    return new Map();
  }

  /** Headline figures: totals, 今年以来新签约亿元以上, 在建工业项目 with their investment, the latest batch's rates. */
  async summary(ctx: RequestContext, q: ProjectRollupSummaryQuery = {}): Promise<ProjectRollupSummary> {
    const db = this.database.db;
    const rq = await this.query(ctx, q);
    return this.memoized(['summary', rq, q.county ?? null], () => this.computeSummary(ctx, db, rq, q.county));
  }

  private async computeSummary(ctx: RequestContext, db: Executor, rq: RollupQuery, county?: number): Promise<ProjectRollupSummary> {
    const signed = newlySignedThisYear(rq.asOf);
    const none = { count: 0, investment: 0, under_construction: 0, producing: 0 };
    const [all, newly, industrial] = await Promise.all([
      projectRollupRepository.groups(db, rq, null),
      projectRollupRepository.groups(db, rq, null, signed),
      projectRollupRepository.groups(db, rq, null, INDUSTRIAL_UNDER_CONSTRUCTION),
    ]);
    const total = all[0] ?? none;
    const n = newly[0] ?? none;
    const iuc = industrial[0] ?? none;
    // The monthly reports' figures of 在建工业项目 (null while the investment module is absent).
    // The projects go as a subquery: thousands of ids would travel to Node and back as `in` lists.
    const ids = this.investment === noInvestmentReports ? null : projectRollupRepository.idsQuery(db, rq, INDUSTRIAL_UNDER_CONSTRUCTION);
    const figures = ids === null ? null : await this.investment.yearFigures(db, ids, rq.asOf);
    return {
      asOf: rq.asOf,
      total: { count: total.count, investment: toWan(total.investment) },
      underConstruction: total.under_construction,
      producing: total.producing,
      newlySigned: {
        from: signed.signedFrom ?? rq.asOf,
        to: rq.asOf,
        minInvestment: toWan(YI_IN_WAN_CENTS),
        count: n.count,
        investment: toWan(n.investment),
      },
      industrialUnderConstruction: {
        count: iuc.count,
        investment: toWan(iuc.investment),
        investmentReports: figures !== null,
        completedThisYear: figures ? toWan(figures.completedWanCents) : null,
        annualPlan: figures ? toWan(figures.planWanCents) : null,
        completionRate: figures ? completionRate(figures.completedWanCents, figures.planWanCents) : null,
      },
      latestBatch: await this.latestBatch(ctx, rq.asOf, county),
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
    const rq = await this.query(ctx, q);
    const rows = await projectRollupRepository.points(this.database.db, rq);
    return {
      asOf: rq.asOf,
      items: rows.map((r) => ({
        id: r.id,
        name: r.name,
        lon: r.lon,
        lat: r.lat,
        stage: r.stage_rank === null ? null : (PROJECT_STAGES[r.stage_rank] ?? null),
        investment: toWan(r.investment),
      })),
    };
  }
}
