import type { Executor } from '../../db/database.js';
import { checkpointRepository, type CheckpointRow } from '../../db/repositories/checkpoint.repository.js';
import { frameworkRepository } from '../../db/repositories/framework.repository.js';
import { inspectionRepository } from '../../db/repositories/inspection.repository.js';
import { unitRepository } from '../../db/repositories/unit.repository.js';
import type { UnitRow } from '../../db/schema.js';
import { chinaMidnight, isValidDay } from '../../domain/calendar/work-calendar.js';
import { annualEstimate, annualPartOf } from '../../domain/evaluation/annual.js';
import type { Framework } from '../../domain/evaluation/framework.js';
import {
  checkItemWeights,
  GROUP_BY,
  itemWeights,
  rateOf,
  rollUp,
  simulatedIndex,
  type AnnualParts,
  type RateCell,
  type ScoredAnswer,
} from '../../domain/evaluation/scoring.js';
import { bucketsBetween, trend, type TimedResult } from '../../domain/evaluation/trend.js';
import { inReadScope } from '../../domain/policies/permissions.js';
import {
  ANNUAL_PARTS,
  POINT_TYPE_LABELS,
  type AnnualPart,
  type PointType,
  type ResultGroup,
  type TrendBucket,
  type TrendGroup,
} from '../../shared/evaluation-enums.js';
import type {
  DistrictIndexRow,
  FrameworkRef,
  IndexView,
  NamedRateCell,
  PartCell,
  TrendView,
} from '../../shared/contracts/results.contract.js';
import { AppError, invalid } from '../../core/errors.js';
import { loadFramework } from './framework.service.js';

/*
 * The figures of 测评结果 (DOMAIN.md §3.1) over one load of a period's inspections: the
 * load itself, the 得分率 roll-ups by grouping, the simulated index per district and the
 * trend. EvaluationResultsService authorizes, picks the campaign and framework, and calls
 * these; they hold no state.
 */

/** Unit kinds that count as a district (区县) for results. */
export const DISTRICT_KINDS = new Set(['district', 'county', 'county_city', 'dev_zone']);

export interface LoadedResult extends TimedResult {
  pointId: number;
  unitId: number | null;
  districtId: number | null;
}

/** One period's inspections with what names and groups them. */
export interface Loaded {
  framework: Framework;
  ref: FrameworkRef;
  from: Date;
  to: Date;
  results: LoadedResult[];
  units: UnitRow[];
  unitById: Map<number, UnitRow>;
  /** Limited to an actor's units (readScope), not the whole city. */
  scoped: boolean;
  points: Map<number, CheckpointRow>;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** A period bound: a China date (its 00:00 China time) or an ISO instant with a zone; 422 naming the field otherwise. */
export function parseBound(field: 'from' | 'to', value: string): Date {
  if (isValidDay(value)) return chinaMidnight(value);
  const t = ISO_INSTANT.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(t)) throw invalid(field, 'must be a date YYYY-MM-DD (China time) or an ISO-8601 instant with a zone');
  return new Date(t);
}

/** Whether the period has few enough buckets for a trend. */
export function bucketsFit(from: Date, to: Date, bucket: TrendBucket): boolean {
  try {
    bucketsBetween(from, to, bucket);
    return true;
  } catch {
    return false;
  }
}

export const cell = (c: PartCell | undefined): PartCell =>
  c ? { earned: c.earned, possible: c.possible, rate: c.rate } : { earned: 0, possible: 0, rate: null };

/**
 * Loads the inspections of [from, to) against one framework version, with their points
 * and units. With a scope (an actor below the city), only points whose responsible unit
 * (else area) lies in it count, and only units in it are named: a district outside it
 * is no row of the index, its points' results count for the actor's own total only.
 */
export async function loadResults(
  db: Executor,
  frameworkId: number,
  fromText: string,
  toText: string,
  scope: string[] | null = null,
): Promise<Loaded> {
  const from = parseBound('from', fromText);
  const to = parseBound('to', toText);
  if (from.getTime() >= to.getTime()) throw invalid('to', 'must be after from');
  const row = await frameworkRepository.byId(db, frameworkId);
  if (!row)
    throw new AppError(404, 'not_found', `frameworkId: framework ${frameworkId} not found`, {
      field: 'frameworkId',
      resource: 'framework',
      id: frameworkId,
    });
  const framework = await loadFramework(db, frameworkId);
  const inspections = await inspectionRepository.inPeriod(db, from.toISOString(), to.toISOString(), frameworkId);
  const answers = await inspectionRepository.answers(
    db,
    inspections.map((i) => i.id),
  );
  const byInspection = new Map<number, typeof answers>();
  for (const a of answers) {
    const list = byInspection.get(a.inspection_id);
    if (list) list.push(a);
    else byInspection.set(a.inspection_id, [a]);
  }
  const points = new Map(
    (await checkpointRepository.list(db, { ids: [...new Set(inspections.map((i) => i.checkpoint_id))] })).map((p) => [p.id, p]),
  );
  const allUnits = await unitRepository.list(db);
  const allById = new Map(allUnits.map((u) => [u.id, u]));
  const units = allUnits.filter((u) => inReadScope(scope, u.path));
  const unitById = new Map(units.map((u) => [u.id, u]));
  const pointInScope = (p: CheckpointRow | undefined): boolean => {
    if (scope === null) return true;
    const owner = allById.get(p?.responsible_unit_id ?? p?.area_unit_id ?? -1);
    return owner !== undefined && inReadScope(scope, owner.path);
  };
  const districtOf = (unitId: number | null): number | null => {
    const u = unitId === null ? undefined : unitById.get(unitId);
    if (!u) return null;
    return (
      u.path
        .split('/')
        .filter(Boolean)
        .map(Number)
        .find((id) => DISTRICT_KINDS.has(unitById.get(id)?.kind ?? '')) ?? null
    );
  };
  const inScope = inspections.filter((i) => pointInScope(points.get(i.checkpoint_id)));
  for (const id of points.keys()) if (!pointInScope(points.get(id))) points.delete(id);
  const results = inScope.map((i): LoadedResult => {
    const p = points.get(i.checkpoint_id);
    const unitId = p?.responsible_unit_id ?? null;
    return {
      pointId: i.checkpoint_id,
      pointType: p?.type ?? '',
      unitId: unitId !== null && unitById.has(unitId) ? unitId : null,
      districtId: districtOf(p?.area_unit_id ?? p?.responsible_unit_id ?? null),
      startedAt: i.started_at,
      answers: (byInspection.get(i.id) ?? []).map((a) => ({ standardCode: a.standard_code, answer: a.answer, score: a.score })),
    };
  });
  return {
    framework,
    ref: { id: row.id, name: row.name, version: row.version },
    from,
    to,
    results,
    units,
    unitById,
    points,
    scoped: scope !== null,
  };
}

/** What a key of a grouping stands for. */
export function named(l: Loaded, groupBy: ResultGroup, key: string): { code: string; name: string } {
  switch (groupBy) {
    case 'unit':
    case 'district': {
      const u = l.unitById.get(Number(key));
      return { code: u?.code ?? key, name: u?.name ?? `#${key}` };
    }
    case 'point': {
      const p = l.points.get(Number(key));
      return { code: p?.code ?? key, name: p?.name ?? `#${key}` };
    }
    case 'pointType':
      return { code: key, name: POINT_TYPE_LABELS[key as PointType]?.zh ?? key };
    case 'all':
      return { code: 'all', name: '全市' };
    default:
      return { code: key, name: l.framework.byCode.get(key)?.name ?? key };
  }
}

export function ratesOf(l: Loaded, groupBy: ResultGroup): { cells: NamedRateCell[]; rejected: number } {
  const r = rollUp(l.results, l.framework, GROUP_BY[groupBy] as (a: ScoredAnswer<LoadedResult>) => string | null);
  return { cells: [...r.cells.values()].map((c) => ({ ...c, ...named(l, groupBy, c.key) })), rejected: r.rejected.length };
}

/** The item weights in use: the campaign's when they fit this framework, else the framework's. */
export function weightsFor(
  l: Loaded,
  settingsWeights: Record<string, number> | null,
  named: boolean,
): { weights: Record<string, number>; source: 'campaign' | 'framework' } {
  if (settingsWeights) {
    const bad = checkItemWeights(l.framework, settingsWeights);
    if (bad.length === 0) return { weights: settingsWeights, source: 'campaign' };
    // A named campaign whose weights belong to another version is a mistake in the request;
    // the current campaign's simply do not apply to an older version.
    if (named) throw invalid('campaignId', `the campaign's item weights do not fit framework ${l.ref.id}: ${bad[0]}`);
  }
  return { weights: itemWeights(l.framework), source: 'framework' };
}

export function indexOf(
  l: Loaded,
  settings: { weights: Record<string, number>; source: 'campaign' | 'framework'; annualWeights: AnnualParts },
  campaignId: number | null,
): IndexView {
  const items = l.framework.children.get(null) ?? [];
  // One roll-up at the finest grain (district × item × annual part), summed up from there:
  // Σ 实得分 / Σ 应得分 at every level, as rollUp itself does.
  const fine = rollUp(l.results, l.framework, (a) =>
    JSON.stringify([a.result.districtId, a.lineage.item, annualPartOf(a.standard.method)]),
  );
  const cells = new Map<string, PartCell>();
  const add = (key: string, c: RateCell) => {
    const s = cells.get(key) ?? { earned: 0, possible: 0, rate: null };
    s.earned += c.earned;
    s.possible += c.possible;
    cells.set(key, s);
  };
  for (const c of fine.cells.values()) {
    const [d, item, part] = JSON.parse(c.key) as [number | null, string, AnnualPart];
    for (const prefix of [String(d), '*']) {
      add(`${prefix}|`, c);
      add(`${prefix}|item:${item}`, c);
      add(`${prefix}|part:${part}`, c);
    }
  }
  for (const c of cells.values()) c.rate = rateOf(c.earned, c.possible);
  const row = (districtId: number | null, prefix: string, code: string, name: string): DistrictIndexRow => {
    const itemCells = Object.fromEntries(items.map((n) => [n.code, cell(cells.get(`${prefix}|item:${n.code}`))]));
    const idx = items.length
      ? simulatedIndex(l.framework, Object.fromEntries(items.map((n) => [n.code, itemCells[n.code]!.rate])), settings.weights)
      : { index: null, coveredWeight: 0, missingItems: [] };
    const parts = Object.fromEntries(ANNUAL_PARTS.map((p) => [p, cell(cells.get(`${prefix}|part:${p}`))])) as Record<AnnualPart, PartCell>;
    const annual = annualEstimate(
      Object.fromEntries(ANNUAL_PARTS.map((p) => [p, parts[p].rate])) as Record<AnnualPart, number | null>,
      settings.annualWeights,
    );
    return {
      districtId,
      code,
      name,
      rank: null,
      ...idx,
      ...cell(cells.get(`${prefix}|`)),
      items: itemCells,
      annual: { parts, ...annual },
    };
  };
  const ids = new Set(l.units.filter((u) => DISTRICT_KINDS.has(u.kind)).map((u) => u.id));
  for (const r of l.results) if (r.districtId !== null) ids.add(r.districtId);
  const order = l.units.map((u) => u.id).filter((id) => ids.has(id));
  const districts = order.map((id) => row(id, String(id), l.unitById.get(id)?.code ?? String(id), l.unitById.get(id)?.name ?? `#${id}`));
  districts.sort((a, b) => (b.index ?? -1) - (a.index ?? -1));
  districts.forEach((d, i) => {
    const prev = districts[i - 1];
    d.rank = d.index === null ? null : prev && prev.index === d.index ? prev.rank : i + 1;
  });
  const root = l.units.find((u) => u.parent_id === null);
  return {
    framework: l.ref,
    campaignId,
    from: l.from.toISOString(),
    to: l.to.toISOString(),
    items: items.map((n) => ({ code: n.code, name: n.name, weight: settings.weights[n.code] ?? 0 })),
    weightsSource: settings.source,
    annualWeights: { ...settings.annualWeights },
    districts,
    // Below the city (a scoped actor) the total is of the units covered, not of the city.
    city: row(null, '*', root?.code ?? (l.scoped ? 'coverage' : 'city'), root?.name ?? (l.scoped ? '所辖范围' : '全市')),
    rejected: fine.rejected.length,
  };
}

export function trendOf(l: Loaded, bucket: TrendBucket, groupBy: TrendGroup): TrendView {
  const seriesOrder =
    groupBy === 'district'
      ? l.units.filter((u) => DISTRICT_KINDS.has(u.kind)).map((u) => String(u.id))
      : groupBy === 'item'
        ? (l.framework.children.get(null) ?? []).map((n) => n.code)
        : ['all'];
  let t;
  try {
    t = trend(l.results, l.framework, {
      from: l.from,
      to: l.to,
      bucket,
      seriesOf: GROUP_BY[groupBy],
      seriesOrder,
    });
  } catch (e) {
    if (e instanceof RangeError) throw invalid('bucket', `${e.message}; choose a shorter period or a longer bucket`);
    throw e;
  }
  return {
    framework: l.ref,
    from: l.from.toISOString(),
    to: l.to.toISOString(),
    bucket,
    groupBy,
    buckets: t.buckets,
    series: t.series.map((s) => ({ key: s.key, ...named(l, groupBy, s.key), cells: s.cells })),
    rejected: t.rejected.length,
  };
}
