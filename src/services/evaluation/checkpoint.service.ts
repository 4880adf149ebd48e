import type { Database, Executor } from '../../db/database.js';
import {
  checkpointRepository,
  type CheckpointFields,
  type CheckpointFilter,
  type CheckpointRow,
} from '../../db/repositories/checkpoint.repository.js';
import { unitRepository } from '../../db/repositories/unit.repository.js';
import { assessWeakness, checkWeaknessRule, type WeaknessRule } from '../../domain/evaluation/weak-points.js';
import { rateOf } from '../../domain/evaluation/scoring.js';
import { locationProblem } from '../../domain/geo/city-area.js';
import { GEOJSON_SHEET, itemsFromGeoJson, itemsFromSheet, type ImportItem } from './checkpoint-import.js';
import { can, inReadScope, readScope, type Actor } from '../../domain/policies/permissions.js';
import { CHECKPOINT_SHEET } from '../../documents/xlsx/framework.sheet.js';
import { columnHeader } from '../../documents/xlsx/workbook.js';
import { readImportSheet } from '../imports/import-sheet.js';
import type { Bilingual } from '../../shared/export-lang.js';
import { FILE_PROBLEM, ROW_PROBLEM } from '../../shared/import-problems.js';
import { POINT_TYPE_LABELS, POINT_TYPES } from '../../shared/evaluation-enums.js';
import type { Permission } from '../../shared/enums.js';
import type {
  CheckpointBody,
  CheckpointDetail,
  CheckpointImportResult,
  CheckpointListItem,
  CheckpointMapItem,
  CheckpointPatch,
  CheckpointView,
  WeaknessView,
} from '../../shared/contracts/checkpoints.contract.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CampaignService } from './campaign.service.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import {
  AppError,
  conflictSaid,
  forbidden,
  importRejected,
  invalid,
  invalidSaid,
  notFound,
  rowProblem,
  unauthorized,
  type ImportRowError,
} from '../../core/errors.js';

export interface CheckpointListFilter extends Omit<CheckpointFilter, 'ids'> {
  weak?: boolean;
}

const CODE = /^[A-Za-z0-9_.-]{1,64}$/;

export function viewOf(r: CheckpointRow): CheckpointView {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    type: r.type,
    address: r.address,
    lon: r.lon,
    lat: r.lat,
    responsibleUnitId: r.responsible_unit_id,
    areaUnitId: r.area_unit_id,
    mustCheck: r.must_check === 1,
    isNew: r.is_new === 1,
    active: r.active === 1,
    createdAt: r.created_at,
  };
}

/** A point type by code or Chinese / English label, or null. */
export function parsePointType(text: string): string | null {
  const t = text.trim();
  if ((POINT_TYPES as readonly string[]).includes(t)) return t;
  for (const k of POINT_TYPES) if (POINT_TYPE_LABELS[k].zh === t || POINT_TYPE_LABELS[k].en.toLowerCase() === t.toLowerCase()) return k;
  return null;
}

/** Points per import (a sheet's rows or a FeatureCollection's features): one import is one transaction. */
const MAX_POINTS = 20000;

/** The check point registry: CRUD, Excel / GeoJSON import, computed weakness, map. */
export class CheckpointService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly cityBbox: [number, number, number, number],
    private readonly campaigns: CampaignService,
  ) {}

  private actorWith(ctx: RequestContext, permission: Permission): Actor {
    if (!ctx.actor) throw unauthorized();
    if (!can(ctx.actor, permission)) throw forbidden();
    return ctx.actor;
  }

  private async fields(db: Executor, input: CheckpointBody): Promise<CheckpointFields> {
    const code = input.code?.trim() ?? '';
    if (!CODE.test(code)) throw invalid('code', '1–64 letters, digits, ".", "_" or "-"');
    const name = input.name?.trim() ?? '';
    if (!name) throw invalid('name', 'is required');
    const type = parsePointType(input.type ?? '');
    if (!type) throw invalid('type', `unknown check point type "${input.type}"`);
    const loc = locationProblem(input.lon, input.lat, this.cityBbox);
    if (loc) throw invalidSaid(loc.field, loc.text);
    for (const f of ['responsibleUnitId', 'areaUnitId'] as const) {
      const id = input[f];
      if (id != null && !(await unitRepository.byId(db, id))) throw invalid(f, `unit ${id} not found`);
    }
    return {
      code,
      name,
      type,
      address: input.address?.trim() || null,
      lon: input.lon ?? null,
      lat: input.lat ?? null,
      responsible_unit_id: input.responsibleUnitId ?? null,
      area_unit_id: input.areaUnitId ?? null,
      must_check: input.mustCheck ? 1 : 0,
      is_new: input.isNew ? 1 : 0,
      active: input.active === false ? 0 : 1,
    };
  }

  async create(ctx: RequestContext, input: CheckpointBody): Promise<CheckpointDetail> {
    this.actorWith(ctx, 'evaluation.manage');
    const db = this.database.db;
    const fields = await this.fields(db, input);
    if ((await checkpointRepository.byCodes(db, [fields.code])).length)
      throw conflictSaid('code', { zh: `点位编码“${fields.code}”已存在`, en: `check point ${fields.code} already exists` });
    const id = await db.transaction().execute(async (trx) => {
      const id = await checkpointRepository.insert(trx, fields, this.clock.now().toISOString());
      await this.audit.record(trx, ctx, {
        action: 'checkpoint.create',
        targetType: 'checkpoint',
        targetId: id,
        summary: { code: fields.code, type: fields.type },
      });
      return id;
    });
    return this.get(ctx, id);
  }

  async update(ctx: RequestContext, id: number, patch: CheckpointPatch): Promise<CheckpointDetail> {
    this.actorWith(ctx, 'evaluation.manage');
    const db = this.database.db;
    const current = viewOf(await this.row(db, id));
    const fields = await this.fields(db, { ...current, ...patch });
    if (fields.code !== current.code && (await checkpointRepository.byCodes(db, [fields.code])).length)
      throw conflictSaid('code', { zh: `点位编码“${fields.code}”已存在`, en: `check point ${fields.code} already exists` });
    await db.transaction().execute(async (trx) => {
      await checkpointRepository.update(trx, id, fields, this.clock.now().toISOString());
      await this.audit.record(trx, ctx, {
        action: 'checkpoint.update',
        targetType: 'checkpoint',
        targetId: id,
        summary: { fields: Object.keys(patch).sort() },
      });
    });
    return this.get(ctx, id);
  }

  private async row(db: Executor, id: number): Promise<CheckpointRow> {
    const r = await checkpointRepository.byId(db, id);
    if (!r) throw notFound('checkpoint', id);
    return r;
  }

  async get(ctx: RequestContext, id: number): Promise<CheckpointDetail> {
    this.actorWith(ctx, 'evaluation.read');
    const row = await this.row(this.database.db, id);
    const [weakness] = await this.assess(this.database.db, [row.id]);
    return { ...viewOf(row), weakness: weakness! };
  }

  /** Points matching the filter, each with its computed weakness. */
  async list(ctx: RequestContext, filter: CheckpointListFilter = {}, rule?: WeaknessRule): Promise<CheckpointListItem[]> {
    const actor = this.actorWith(ctx, 'evaluation.read');
    const { weak, ...f } = filter;
    // Points (and their weakness) of the actor's units only, as results are: by the responsible unit, else the area.
    const scope = readScope(actor, 'evaluation.read');
    const paths = scope === null ? null : new Map((await unitRepository.list(this.database.db)).map((u) => [u.id, u.path]));
    const unitPath = f.unitId === undefined ? undefined : paths?.get(f.unitId);
    if (unitPath !== undefined && !inReadScope(scope, unitPath)) throw forbidden(`unitId: unit ${f.unitId} is outside the units you cover`);
    const covered = (r: CheckpointRow) => {
      const path = paths?.get(r.responsible_unit_id ?? r.area_unit_id ?? -1);
      return paths === null || (path !== undefined && inReadScope(scope, path));
    };
    const rows = (await checkpointRepository.list(this.database.db, f)).filter(covered);
    const assessed = new Map(
      (
        await this.assess(
          this.database.db,
          rows.map((r) => r.id),
          rule,
        )
      ).map((w) => [w.pointId, w]),
    );
    return rows
      .map((r) => ({ ...viewOf(r), weak: assessed.get(r.id)?.weak ?? false, weakReasons: assessed.get(r.id)?.reasons ?? [] }))
      .filter((p) => weak === undefined || p.weak === weak);
  }

  /** Located points for the map. */
  async map(ctx: RequestContext, filter: CheckpointListFilter = {}): Promise<CheckpointMapItem[]> {
    const items = await this.list(ctx, filter);
    return items
      .filter((p) => p.lon !== null && p.lat !== null)
      .map((p) => ({
        id: p.id,
        code: p.code,
        name: p.name,
        type: p.type,
        lon: p.lon!,
        lat: p.lat!,
        mustCheck: p.mustCheck,
        isNew: p.isNew,
        weak: p.weak,
      }));
  }

  /**
   * Weakness of points by the domain rule: 得分率 of their last N inspections and the
   * cases raised at them in the last M days (cases.check_point_id). The rule is the
   * current campaign's unless one is given.
   */
  async assess(db: Executor, pointIds: number[], given?: WeaknessRule): Promise<WeaknessView[]> {
    const rule = given ?? (await this.campaigns.evaluationSettings(db)).weakness;
    const bad = checkWeaknessRule(rule);
    if (bad.length) throw new AppError(422, 'invalid_input', `weakness rule: ${bad.join('; ')}`, { field: 'rule' });
    const now = this.clock.now();
    const rates = new Map<number, (number | null)[]>();
    for (const r of await checkpointRepository.recentInspections(db, pointIds)) {
      const list = rates.get(r.checkpoint_id) ?? [];
      if (list.length < rule.lastN) list.push(rateOf(r.earned, r.possible));
      rates.set(r.checkpoint_id, list);
    }
    const from = new Date(now.getTime() - rule.caseWindowDays * 86_400_000).toISOString();
    const cases = new Map<number, string[]>();
    for (const c of await checkpointRepository.caseTimes(db, pointIds, from))
      cases.set(c.check_point_id, [...(cases.get(c.check_point_id) ?? []), c.created_at]);
    return pointIds.map((id) => {
      const a = assessWeakness(id, { recentRates: rates.get(id) ?? [], caseTimes: cases.get(id) ?? [], now }, rule);
      return { pointId: id, weak: a.weak, reasons: a.reasons };
    });
  }

  /** Imports points from the Excel template: all or nothing, every bad row reported. */
  async importXlsx(ctx: RequestContext, buffer: Buffer): Promise<CheckpointImportResult> {
    this.actorWith(ctx, 'evaluation.manage');
    const rows = await readImportSheet(buffer, CHECKPOINT_SHEET, MAX_POINTS);
    const { items, errors } = itemsFromSheet(rows);
    return this.importItems(ctx, items, CHECKPOINT_SHEET.name.zh, errors);
  }

  /**
   * Imports a GeoJSON FeatureCollection of Points (properties code, name, type,
   * address, unitCode, areaCode, mustCheck, isNew). Bad features are reported by
   * their index in `features` (the `row` of each error); nothing is written then.
   */
  async importGeoJson(ctx: RequestContext, doc: unknown): Promise<CheckpointImportResult> {
    this.actorWith(ctx, 'evaluation.manage');
    const { items, errors } = itemsFromGeoJson(doc);
    return this.importItems(ctx, items, GEOJSON_SHEET, errors);
  }

  private async importItems(
    ctx: RequestContext,
    items: ImportItem[],
    sheet: string,
    errors: ImportRowError[],
  ): Promise<CheckpointImportResult> {
    const db = this.database.db;
    const unitCodes = [...new Set(items.flatMap((i) => [i.unitCode, i.areaCode]).filter((c): c is string => c !== null))];
    const units = new Map((await unitRepository.byCodes(db, unitCodes)).map((u) => [u.code, u.id]));
    // GeoJSON features have properties, not the template's columns.
    const fromSheet = sheet === CHECKPOINT_SHEET.name.zh;
    const seen = new Map<string, number>();
    const fields: CheckpointFields[] = [];
    for (const it of items) {
      const err = (field: string, text: Bilingual) =>
        errors.push(
          rowProblem(
            fromSheet ? CHECKPOINT_SHEET.name : sheet,
            it.row,
            field,
            text,
            fromSheet ? columnHeader(CHECKPOINT_SHEET, field) : undefined,
          ),
        );
      if (!CODE.test(it.code))
        err('code', { zh: '编码须为 1–64 位字母、数字、“.”、“_”或“-”', en: 'code must be 1–64 letters, digits, ".", "_" or "-"' });
      else if (seen.has(it.code)) err('code', ROW_PROBLEM.duplicate(it.code, seen.get(it.code)!));
      else seen.set(it.code, it.row);
      if (!it.name) err('name', ROW_PROBLEM.required);
      const type = parsePointType(it.type);
      if (!type) err('type', { zh: `未知点位类型“${it.type}”`, en: `unknown check point type "${it.type}"` });
      const loc = locationProblem(it.lon, it.lat, this.cityBbox);
      if (loc) err(loc.field, loc.text);
      if (it.unitCode && !units.has(it.unitCode)) err('unitCode', ROW_PROBLEM.unitMissing(it.unitCode));
      if (it.areaCode && !units.has(it.areaCode)) err('areaCode', ROW_PROBLEM.unitMissing(it.areaCode));
      fields.push({
        code: it.code,
        name: it.name,
        type: type ?? '',
        address: it.address,
        lon: it.lon,
        lat: it.lat,
        responsible_unit_id: it.unitCode ? (units.get(it.unitCode) ?? null) : null,
        area_unit_id: it.areaCode ? (units.get(it.areaCode) ?? null) : null,
        must_check: it.mustCheck ? 1 : 0,
        is_new: it.isNew ? 1 : 0,
        active: 1,
      });
    }
    if (errors.length) throw importRejected(errors.sort((a, b) => a.row - b.row));
    if (fields.length > MAX_POINTS) throw invalidSaid('file', FILE_PROBLEM.tooManyRows(MAX_POINTS));
    const now = this.clock.now().toISOString();
    return db.transaction().execute(async (trx) => {
      const existing = new Map(
        (
          await checkpointRepository.byCodes(
            trx,
            fields.map((f) => f.code),
          )
        ).map((r) => [r.code, r.id]),
      );
      let created = 0;
      let updated = 0;
      for (const f of fields) {
        const id = existing.get(f.code);
        if (id === undefined) {
          await checkpointRepository.insert(trx, f, now);
          created += 1;
        } else {
          await checkpointRepository.update(trx, id, f, now);
          updated += 1;
        }
      }
      await this.audit.record(trx, ctx, {
        action: 'checkpoint.import',
        targetType: 'checkpoint',
        summary: { via: sheet, created, updated },
      });
      return { created, updated };
    });
  }
}
