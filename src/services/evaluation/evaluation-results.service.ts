import type { Database, Executor } from '../../db/database.js';
import { inspectionRepository } from '../../db/repositories/inspection.repository.js';
import { can, readScope } from '../../domain/policies/permissions.js';
import {
  RESULT_GROUPS,
  TREND_BUCKETS,
  TREND_GROUPS,
  type ResultGroup,
  type TrendBucket,
  type TrendGroup,
} from '../../shared/evaluation-enums.js';
import type {
  DistrictIndexRow,
  IndexQuery,
  IndexView,
  NamedRateCell,
  RatesView,
  ResultsExport,
  TrendView,
} from '../../shared/contracts/results.contract.js';
import type { CampaignService } from './campaign.service.js';
import type { RequestContext } from '../../core/context.js';
import { AppError, forbidden, invalid, unauthorized } from '../../core/errors.js';
import { bucketsFit, indexOf, loadResults, parseBound, ratesOf, trendOf, weightsFor, type Loaded } from './evaluation-figures.js';
import { MarkedCache } from './marked-cache.js';

/** The cockpit's spans, China dates with `to` exclusive. */
export type CockpitSpans = {
  current: { from: string; to: string };
  previous: { from: string; to: string };
  weeks: { from: string; to: string };
};

/** The cockpit's evaluation figures: the index of both periods, the current point 得分率, the weekly trend. */
export type CockpitFigures = { current: DistrictIndexRow; previous: DistrictIndexRow; points: NamedRateCell[]; trend: TrendView };

/**
 * 测评结果 (DOMAIN.md §3.1): 得分率 = 实得分 / 应得分 rolled up by standard, point,
 * type, indicator, item, responsible unit and district for a period; the simulated
 * evaluation index and the annual scheme per district with the campaign's weights;
 * the trend by week or month; and all of it as one Excel workbook.
 */
export class EvaluationResultsService {
  private readonly cockpitCache = new MarkedCache<CockpitFigures>();

  constructor(
    private readonly database: Database,
    private readonly campaigns: CampaignService,
  ) {}

  /** The units whose results the actor may read (readScope; null = all). */
  private check(ctx: RequestContext): string[] | null {
    if (!ctx.actor) throw unauthorized();
    if (!can(ctx.actor, 'evaluation.read')) throw forbidden();
    return readScope(ctx.actor, 'evaluation.read');
  }

  /**
   * The campaign a request means (named, else current) and the framework (named, else the
   * campaign's). `from`/`to` are ISO instants with a zone (`2026-03-01T00:00:00Z`, `…+08:00`)
   * or China dates (`2026-03-01` = 00:00 China time); `to` is exclusive.
   */
  private async scope(ctx: RequestContext, db: Executor, q: IndexQuery): Promise<{ frameworkId: number; campaignId: number | null }> {
    let campaign: { id: number; frameworkId: number | null } | null;
    if (q.campaignId !== undefined) {
      campaign = await this.campaigns.get(ctx, q.campaignId).catch((e: unknown) => {
        if (e instanceof AppError && e.status === 404)
          throw new AppError(404, 'not_found', `campaignId: campaign ${q.campaignId} not found`, {
            field: 'campaignId',
            resource: 'campaign',
            id: q.campaignId,
          });
        throw e;
      });
    } else campaign = await this.campaigns.current(db);
    const frameworkId = q.frameworkId ?? campaign?.frameworkId ?? null;
    if (frameworkId === null) throw invalid('frameworkId', 'is required: no campaign pins a framework version');
    return { frameworkId, campaignId: campaign?.id ?? null };
  }

  private async indexSettings(db: Executor, campaignId: number | null, named: boolean, l: Loaded) {
    const s = await this.campaigns.evaluationSettings(db, campaignId ?? undefined);
    return { ...weightsFor(l, s.itemWeights, named), annualWeights: s.annualWeights };
  }

  /** 得分率 of the period grouped by standard, point, type, indicator, item, unit, district or all (domain rollUp). */
  async rates(ctx: RequestContext, q: IndexQuery & { groupBy: ResultGroup }): Promise<RatesView> {
    const scope = this.check(ctx);
    if (!(RESULT_GROUPS as readonly string[]).includes(q.groupBy)) throw invalid('groupBy', `one of ${RESULT_GROUPS.join(', ')}`);
    const db = this.database.db;
    const { frameworkId } = await this.scope(ctx, db, q);
    const l = await loadResults(db, frameworkId, q.from, q.to, scope);
    return { framework: l.ref, groupBy: q.groupBy, ...ratesOf(l, q.groupBy) };
  }

  /** Simulated index and annual scheme per district, ranked, plus the whole city. */
  async index(ctx: RequestContext, q: IndexQuery): Promise<IndexView> {
    const scope = this.check(ctx);
    const db = this.database.db;
    const { frameworkId, campaignId } = await this.scope(ctx, db, q);
    const l = await loadResults(db, frameworkId, q.from, q.to, scope);
    return indexOf(l, await this.indexSettings(db, campaignId, q.campaignId !== undefined, l), campaignId);
  }

  /** 得分率 per week (Monday, China time) or month, per district, item or for the whole city. */
  async trend(ctx: RequestContext, q: IndexQuery & { bucket: TrendBucket; groupBy: TrendGroup }): Promise<TrendView> {
    const scope = this.check(ctx);
    if (!(TREND_BUCKETS as readonly string[]).includes(q.bucket)) throw invalid('bucket', `one of ${TREND_BUCKETS.join(', ')}`);
    if (!(TREND_GROUPS as readonly string[]).includes(q.groupBy)) throw invalid('groupBy', `one of ${TREND_GROUPS.join(', ')}`);
    const db = this.database.db;
    const { frameworkId } = await this.scope(ctx, db, q);
    return trendOf(await loadResults(db, frameworkId, q.from, q.to, scope), q.bucket, q.groupBy);
  }

  /** Index, every roll-up and the weekly trend by district, for the Excel export. */
  async exportData(ctx: RequestContext, q: IndexQuery): Promise<ResultsExport> {
    const scope = this.check(ctx);
    const db = this.database.db;
    const { frameworkId, campaignId } = await this.scope(ctx, db, q);
    const l = await loadResults(db, frameworkId, q.from, q.to, scope);
    // Weekly, unless the period is too long for weekly columns (then monthly).
    const bucket: TrendBucket = bucketsFit(l.from, l.to, 'week') ? 'week' : 'month';
    const groups = RESULT_GROUPS.filter((g): g is Exclude<ResultGroup, 'all'> => g !== 'all');
    return {
      index: indexOf(l, await this.indexSettings(db, campaignId, q.campaignId !== undefined, l), campaignId),
      rates: Object.fromEntries(groups.map((g) => [g, ratesOf(l, g).cells])) as ResultsExport['rates'],
      trend: trendOf(l, bucket, 'district'),
      trendCity: trendOf(l, bucket, 'all'),
    };
  }

  /**
   * The cockpit's evaluation figures with ONE load of the inspections (the index of two
   * periods, the current one's point 得分率, the weekly trend), each computed over the
   * results of its own span exactly as {@link index}, {@link rates} and {@link trend} do.
   * Spans are China dates, `to` exclusive. Throws like them (422 frameworkId without one).
   */
  async cockpitFigures(ctx: RequestContext, spans: CockpitSpans): Promise<CockpitFigures> {
    const scope = this.check(ctx);
    const db = this.database.db;
    const all = Object.values(spans);
    const from = all.map((s) => s.from).sort()[0]!;
    const to = all.map((s) => s.to).sort()[all.length - 1]!;
    const { frameworkId, campaignId } = await this.scope(ctx, db, { from, to });
    // The leader's landing asks the same figures on every visit: computed once per scope and
    // period until an inspection, a point, a unit or the campaign's settings change.
    const marker = await inspectionRepository.figuresMarker(db, campaignId);
    const key = JSON.stringify([scope, spans, frameworkId, campaignId]);
    return this.cockpitCache.get(key, marker, () => this.computeCockpitFigures(db, spans, scope, frameworkId, campaignId, from, to));
  }

  private async computeCockpitFigures(
    db: Executor,
    spans: CockpitSpans,
    scope: string[] | null,
    frameworkId: number,
    campaignId: number | null,
    from: string,
    to: string,
  ): Promise<CockpitFigures> {
    const l = await loadResults(db, frameworkId, from, to, scope);
    const sub = (s: { from: string; to: string }): Loaded => {
      const a = parseBound('from', s.from);
      const b = parseBound('to', s.to);
      const results = l.results.filter((r) => {
        const t = Date.parse(r.startedAt);
        return t >= a.getTime() && t < b.getTime();
      });
      return { ...l, from: a, to: b, results };
    };
    const settings = await this.indexSettings(db, campaignId, false, l);
    const current = sub(spans.current);
    return {
      current: indexOf(current, settings, campaignId).city,
      previous: indexOf(sub(spans.previous), settings, campaignId).city,
      points: ratesOf(current, 'point').cells,
      trend: trendOf(sub(spans.weeks), 'week', 'all'),
    };
  }
}
