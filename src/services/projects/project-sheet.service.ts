import type { Database } from '../../db/database.js';
import { projectRepository } from '../../db/repositories/project.repository.js';
import { unitRepository } from '../../db/repositories/unit.repository.js';
import type { UnitRow } from '../../db/schema.js';
import { inTransaction } from '../../db/transactions.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { AppError, importRejected, type ImportRowError } from '../../core/errors.js';
import { canOnProject, COUNTY_LEVEL_KINDS } from '../../domain/policies/project-scope.js';
import {
  PLANNED_COLUMNS,
  PROJECT_EXAMPLE_ROW,
  PROJECT_EXPORT_SHEET,
  PROJECT_IMPORT_NOTES,
  PROJECT_IMPORT_SHEET,
} from '../../documents/xlsx/project.sheets.js';
import { writeSheet, type SheetRow } from '../../documents/xlsx/workbook.js';
import { readImportSheet, rowProblems } from '../imports/import-sheet.js';
import type { ProjectCreate, ProjectImportResult, ProjectQuery, ProjectSummary } from '../../shared/contracts/projects.contract.js';
import type { UnitKind } from '../../shared/enums.js';
import { inLang, type Bilingual, type ExportLang } from '../../shared/export-lang.js';
import { isBilingual, ROW_PROBLEM } from '../../shared/import-problems.js';
import {
  PROJECT_CATEGORIES,
  PROJECT_CATEGORY_LABELS,
  PROJECT_LEVEL_LABELS,
  PROJECT_LEVELS,
  PROJECT_STAGE_LABELS,
  PROJECT_STATUS_LABELS,
} from '../../shared/project-enums.js';
import { checkProjectFields } from './project-fields.js';
import { actorWith, type ProjectService } from './project.service.js';

/** Most rows one import takes. */
const MAX_ROWS = 5000;
const PAGE = 500;
/** A decimal ≥ 0 with at most 2 places; a whole number ≥ 0. */
const DECIMAL = /^\d{1,12}(\.\d{1,2})?$/;
const WHOLE = /^\d{1,12}$/;

/** Which sheet column a field of the create body came from (to name the column of a refused row). */
const COLUMN_OF_FIELD: Record<string, string> = { countyUnitId: 'county', workTeamUnitId: 'workTeam' };

/** “must be one of …” for an enumeration's labels. */
const oneOf = (labels: Bilingual[]): Bilingual => ({
  zh: `须为 ${labels.map((l) => l.zh).join('、')} 之一`,
  en: `must be one of ${labels.map((l) => l.en).join(', ')}`,
});

/** An enum value from its Chinese or English label or its key (case-insensitive). */
function byLabel<T extends string>(values: readonly T[], labels: Record<T, { zh: string; en: string }>, text: string): T | undefined {
  const t = text.trim().toLowerCase();
  return values.find((v) => v === t || labels[v].zh === text.trim() || labels[v].en.toLowerCase() === t);
}

/** A calendar day from a cell: YYYY-MM-DD, YYYY/MM/DD or an Excel date (read as an ISO instant). */
function dayOf(text: string): string | undefined {
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(T00:00:00(\.000)?Z)?$/.exec(text.trim());
  if (!m) return undefined;
  const day = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const d = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== day ? undefined : day;
}

/**
 * The register in Excel (issue 14 point 1): the filtered list as a workbook, the import template
 * (headers, an example row, a 说明 sheet) and the all-or-nothing import of new projects
 * (docs/IMPORT-TEMPLATES.md). Reading goes through ProjectService, so a caller exports only what
 * they may see; an import creates projects at 谋划 in the counties the caller manages.
 */
export class ProjectSheetService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly projects: ProjectService,
    private readonly cityBbox: [number, number, number, number],
  ) {}

  /** The visible projects matching the list's filters, as .xlsx in `lang`. */
  async exportSheet(ctx: RequestContext, q: ProjectQuery, lang: ExportLang = 'zh-CN'): Promise<Buffer> {
    const items: ProjectSummary[] = [];
    for (let page = 1; ; page++) {
      const list = await this.projects.list(ctx, { ...q, page, pageSize: PAGE });
      items.push(...list.items);
      if (list.items.length < PAGE || items.length >= list.total) break;
    }
    const rows = items.map((p) => ({
      code: p.code,
      name: p.name,
      countyName: p.countyName,
      industryChain: p.industryChain,
      level: inLang(PROJECT_LEVEL_LABELS[p.level], lang),
      category: inLang(PROJECT_CATEGORY_LABELS[p.category], lang),
      investor: p.investor,
      totalInvestment: p.totalInvestment.toFixed(2),
      workTeamName: p.workTeamName,
      leaderName: p.leader?.name ?? null,
      stage: inLang(PROJECT_STAGE_LABELS[p.currentStage], lang),
      stageDate: p.currentStageDate,
      pendingStage: p.pendingStage ? inLang(PROJECT_STAGE_LABELS[p.pendingStage], lang) : null,
      status: inLang(PROJECT_STATUS_LABELS[p.status], lang),
    }));
    return writeSheet(PROJECT_EXPORT_SHEET, rows, [], lang);
  }

  /** The import template: headers, the example row, the 说明 sheet. */
  async template(ctx: RequestContext, lang: ExportLang = 'zh-CN'): Promise<Buffer> {
    actorWith(ctx, 'project.manage');
    return writeSheet(PROJECT_IMPORT_SHEET, [PROJECT_EXAMPLE_ROW], PROJECT_IMPORT_NOTES, lang);
  }

  /**
   * Creates every row of the sheet as a project at 谋划, in one transaction with an audit record
   * each — or, when any row is wrong, nothing: 422 listing each bad row with its column.
   */
  async importSheet(ctx: RequestContext, buffer: Buffer): Promise<ProjectImportResult> {
    const actor = actorWith(ctx, 'project.manage');
    const db = this.database.db;
    const rows = await readImportSheet(buffer, PROJECT_IMPORT_SHEET, MAX_ROWS);

    const units = await unitRepository.list(db);
    const counties = units.filter((u) => COUNTY_LEVEL_KINDS.includes(u.kind as UnitKind));
    const teams = units.filter((u) => u.kind === 'work_team');
    const errors: ImportRowError[] = [];
    const add = rowProblems(PROJECT_IMPORT_SHEET, errors);
    const bodies: { row: number; body: ProjectCreate }[] = [];
    const codes = new Map<string, number>();
    for (const r of rows) {
      const before = errors.length;
      const err = (key: string, text: Bilingual) => add(r.row, key, text);
      const body = this.bodyOf(r, { counties, teams }, err);
      const code = r.values.code ?? '';
      const first = codes.get(code);
      if (code && first !== undefined) err('code', ROW_PROBLEM.duplicate(code, first));
      else if (code) codes.set(code, r.row);
      if (code && (await projectRepository.idOfCode(db, code)) !== undefined) {
        err('code', { zh: `项目代码 ${code} 已存在`, en: `project code ${code} already exists` });
      }
      if (!body || errors.length > before) continue;
      try {
        const f = await checkProjectFields(db, this.cityBbox, body);
        if (!canOnProject(actor, 'project.manage', { countyPath: f.countyPath, workTeamPath: null, memberUserIds: [] }))
          err('county', { zh: '不在您管理的范围内', en: 'is outside the area you manage' });
        else bodies.push({ row: r.row, body });
      } catch (e) {
        if (!(e instanceof AppError) || e.status !== 422) throw e;
        const raw = e.details?.field;
        const field = (typeof raw === 'string' ? raw : 'code').split(/[.[]/)[0]!;
        const key = field.startsWith('milestones') ? 'plannedSigned' : (COLUMN_OF_FIELD[field] ?? field);
        err(key, isBilingual(e.details?.text) ? e.details.text : { zh: e.message, en: e.message });
      }
    }
    if (errors.length) throw importRejected(errors.sort((a, b) => a.row - b.row));

    const at = this.clock.now().toISOString();
    await inTransaction(db, async (trx) => {
      for (const { body } of bodies) {
        const f = await checkProjectFields(trx, this.cityBbox, body);
        await this.projects.insertChecked(trx, ctx, actor, f, at, 'xlsx import');
      }
    });
    return { created: bodies.length };
  }

  /** A row's values as a create body; problems reported through `err` (undefined when a required value is unusable). */
  private bodyOf(
    r: SheetRow,
    units: { counties: UnitRow[]; teams: UnitRow[] },
    err: (key: string, text: Bilingual) => void,
  ): ProjectCreate | undefined {
    const v = (key: string) => (r.values[key] ?? '').trim();
    for (const c of PROJECT_IMPORT_SHEET.columns) if (c.required && !v(c.key)) err(c.key, ROW_PROBLEM.required);
    const countyText = v('county');
    let countyUnitId: number | undefined;
    if (countyText) {
      const found = units.counties.filter((u) => u.code === countyText || u.name === countyText);
      if (found.length === 1) countyUnitId = found[0]!.id;
      else {
        err(
          'county',
          found.length
            ? { zh: `“${countyText}”对应多个县区，请填区划代码`, en: `"${countyText}" names several counties: give the division code` }
            : { zh: `找不到县区“${countyText}”`, en: `no county or district "${countyText}"` },
        );
      }
    }
    const level = v('level') ? byLabel(PROJECT_LEVELS, PROJECT_LEVEL_LABELS, v('level')) : undefined;
    if (v('level') && !level) err('level', oneOf(PROJECT_LEVELS.map((l) => PROJECT_LEVEL_LABELS[l])));
    const category = v('category') ? byLabel(PROJECT_CATEGORIES, PROJECT_CATEGORY_LABELS, v('category')) : undefined;
    if (v('category') && !category) err('category', oneOf(PROJECT_CATEGORIES.map((c) => PROJECT_CATEGORY_LABELS[c])));
    const decimal = (key: string): number | null => {
      const t = v(key).replace(/,/g, '');
      if (!t) return null;
      if (!DECIMAL.test(t)) {
        err(key, { zh: '须为不小于 0 的数，最多两位小数', en: 'must be a number ≥ 0 with at most two decimals' });
        return null;
      }
      return Number(t);
    };
    const whole = (key: string): number | null => {
      const t = v(key).replace(/,/g, '');
      if (!t) return null;
      if (!WHOLE.test(t)) {
        err(key, { zh: '须为不小于 0 的整数', en: 'must be a whole number ≥ 0' });
        return null;
      }
      return Number(t);
    };
    const coordinate = (key: string): number | null => {
      const t = v(key);
      if (!t) return null;
      const n = Number(t);
      if (!Number.isFinite(n)) err(key, { zh: '须为数字（度）', en: 'must be a number (degrees)' });
      return Number.isFinite(n) ? n : null;
    };
    let workTeamUnitId: number | null = null;
    if (v('workTeam')) {
      const team = units.teams.find((u) => u.name === v('workTeam') || u.code === v('workTeam'));
      if (team) workTeamUnitId = team.id;
      else err('workTeam', { zh: `找不到工作专班“${v('workTeam')}”`, en: `no work team "${v('workTeam')}"` });
    }
    const milestones: ProjectCreate['milestones'] = [];
    for (const [key, stage] of PLANNED_COLUMNS) {
      if (!v(key)) continue;
      const day = dayOf(v(key));
      if (!day) err(key, { zh: '日期格式须为 YYYY-MM-DD', en: 'must be a date as YYYY-MM-DD' });
      else milestones.push({ stage, name: PROJECT_STAGE_LABELS[stage].zh, plannedDate: day });
    }
    const total = decimal('totalInvestment');
    const body: ProjectCreate = {
      code: v('code'),
      name: v('name'),
      countyUnitId: countyUnitId ?? 0,
      industryChain: v('industryChain') || null,
      level: level ?? 'county',
      category: category ?? 'other',
      investor: v('investor') || null,
      totalInvestment: total ?? 0,
      landMu: decimal('landMu'),
      floorAreaM2: whole('floorAreaM2'),
      expectedAnnualOutput: decimal('expectedAnnualOutput'),
      expectedAnnualTax: decimal('expectedAnnualTax'),
      jobs: whole('jobs'),
      lon: coordinate('lon'),
      lat: coordinate('lat'),
      workTeamUnitId,
      leaderUserId: null,
      members: [],
      milestones,
    };
    return countyUnitId !== undefined && level && category && total !== null ? body : undefined;
  }
}
