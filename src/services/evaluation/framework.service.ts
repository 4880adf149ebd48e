import type { Database, Executor } from '../../db/database.js';
import type { Bilingual, ExportLang } from '../../shared/export-lang.js';
import { frameworkRepository, type FrameworkRow } from '../../db/repositories/framework.repository.js';
import {
  buildFramework,
  checkFramework,
  standardsFor,
  type Framework,
  type FrameworkNode,
  type RawFrameworkNode,
  type StandardNode,
} from '../../domain/evaluation/framework.js';
import {
  assertEditable,
  draftFrom,
  FrameworkRuleError,
  frameworkDigest,
  publish,
  type FrameworkVersion,
} from '../../domain/evaluation/framework-versions.js';
import { can, type Actor } from '../../domain/policies/permissions.js';
import { FRAMEWORK_SHEET } from '../../documents/xlsx/framework.sheet.js';
import { writeSheet } from '../../documents/xlsx/workbook.js';
import { readImportSheet } from '../imports/import-sheet.js';
import { NOTES, nodesFromSheet, nodesToSheet, sheetProblem } from './framework-sheet.js';
import type { FrameworkStatus } from '../../shared/evaluation-enums.js';
import type { Permission } from '../../shared/enums.js';
import type {
  FrameworkDetail,
  FrameworkNode as FrameworkNodeView,
  FrameworkView,
  StandardNode as StandardNodeView,
} from '../../shared/contracts/evaluation.contract.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { AppError, forbidden, importRejected, invalid, notFound, unauthorized } from '../../core/errors.js';

/** A node as the API shows it (a copy: the domain's arrays are read-only, and `row` stays inside). */
export function nodeView(n: FrameworkNode): FrameworkNodeView {
  return {
    code: n.code,
    parentCode: n.parentCode,
    level: n.level,
    name: n.name,
    ...(n.weight !== undefined ? { weight: n.weight } : {}),
    ...(n.method !== undefined ? { method: n.method } : {}),
    ...(n.points !== undefined ? { points: n.points } : {}),
    ...(n.pointTypes !== undefined ? { pointTypes: [...n.pointTypes] } : {}),
    ...(n.passRule !== undefined ? { passRule: { ...n.passRule } } : {}),
  };
}

/** A standard of a checklist as the API shows it. */
export function standardView(s: StandardNode): StandardNodeView {
  return {
    code: s.code,
    parentCode: s.parentCode,
    level: s.level,
    name: s.name,
    ...(s.weight !== undefined ? { weight: s.weight } : {}),
    method: s.method,
    points: s.points,
    pointTypes: [...s.pointTypes],
    passRule: { ...s.passRule },
  };
}

/** A domain version refusal as an HTTP error. */
export function ruleError(e: unknown): never {
  if (e instanceof FrameworkRuleError)
    throw new AppError(e.status, e.code, e.message, e.problems.length ? { problems: e.problems } : undefined);
  throw e;
}

/** Frameworks (测评体系): versions, nodes, Excel import/export, publication, checklists. */
export class FrameworkService {
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

  private view(row: FrameworkRow, nodes: readonly FrameworkNode[]): FrameworkView {
    return {
      id: row.id,
      name: row.name,
      version: row.version,
      status: row.status as FrameworkStatus,
      publishedAt: row.published_at,
      digest: row.digest ?? frameworkDigest(nodes),
      createdAt: row.created_at,
    };
  }

  private async row(db: Executor, id: number): Promise<FrameworkRow> {
    const row = await frameworkRepository.byId(db, id);
    if (!row) throw notFound('framework', id);
    return row;
  }

  private async version(db: Executor, id: number): Promise<FrameworkVersion & { row: FrameworkRow }> {
    const row = await this.row(db, id);
    return {
      id: row.id,
      version: row.version,
      status: row.status as FrameworkStatus,
      publishedAt: row.published_at,
      nodes: await frameworkRepository.nodes(db, id),
      row,
    };
  }

  async list(ctx: RequestContext): Promise<FrameworkView[]> {
    this.actorWith(ctx, 'evaluation.read');
    const db = this.database.db;
    const out: FrameworkView[] = [];
    for (const r of await frameworkRepository.list(db)) out.push(this.view(r, r.digest ? [] : await frameworkRepository.nodes(db, r.id)));
    return out;
  }

  async get(ctx: RequestContext, id: number): Promise<FrameworkDetail> {
    this.actorWith(ctx, 'evaluation.read');
    const v = await this.version(this.database.db, id);
    return { ...this.view(v.row, v.nodes), nodes: v.nodes.map(nodeView) };
  }

  /** Checks nodes; 422 listing every problem. An empty list is a valid (empty) draft. */
  private checked(nodes: readonly RawFrameworkNode[], sheet?: Bilingual): FrameworkNode[] {
    if (nodes.length === 0) return [];
    const problems = checkFramework(nodes);
    if (problems.length > 0) {
      if (sheet) {
        throw importRejected(problems.map((p) => sheetProblem(p, sheet)));
      }
      throw new AppError(
        422,
        'invalid_framework',
        `the framework has ${problems.length} problem(s); first: ${problems[0]?.code} ${problems[0]?.message}`,
        { problems },
      );
    }
    const built = buildFramework(nodes);
    if (!built.ok) throw new AppError(422, 'invalid_framework', 'the framework has problems', { problems: built.problems });
    return [...built.framework.nodes];
  }

  /** Creates a new draft version (version = last of that name + 1), optionally with nodes. */
  async create(ctx: RequestContext, input: { name: string; nodes?: RawFrameworkNode[] }): Promise<FrameworkDetail> {
    this.actorWith(ctx, 'evaluation.manage');
    const name = input.name?.trim() ?? '';
    if (!name) throw invalid('name', 'is required');
    const nodes = this.checked(input.nodes ?? []);
    const now = this.clock.now().toISOString();
    const id = await this.database.db.transaction().execute(async (trx) => {
      const version = (await frameworkRepository.maxVersion(trx, name)) + 1;
      const id = await frameworkRepository.insert(trx, {
        name,
        version,
        status: 'draft',
        published_at: null,
        digest: null,
        created_at: now,
      });
      await frameworkRepository.replaceNodes(trx, id, nodes);
      await this.audit.record(trx, ctx, {
        action: 'framework.create',
        targetType: 'framework',
        targetId: id,
        summary: { name, version, nodes: nodes.length },
      });
      return id;
    });
    return this.get(ctx, id);
  }

  /** A new draft copied from any version (the way to "edit" a published one). */
  async newDraft(ctx: RequestContext, sourceId: number): Promise<FrameworkDetail> {
    this.actorWith(ctx, 'evaluation.manage');
    const now = this.clock.now().toISOString();
    const id = await this.database.db.transaction().execute(async (trx) => {
      const source = await this.version(trx, sourceId);
      const version = (await frameworkRepository.maxVersion(trx, source.row.name)) + 1;
      const id = await frameworkRepository.insert(trx, {
        name: source.row.name,
        version,
        status: 'draft',
        published_at: null,
        digest: null,
        created_at: now,
      });
      const draft = draftFrom(source, { id, version });
      await frameworkRepository.replaceNodes(trx, id, draft.nodes);
      await this.audit.record(trx, ctx, {
        action: 'framework.create',
        targetType: 'framework',
        targetId: id,
        summary: { name: source.row.name, version, from: sourceId },
      });
      return id;
    });
    return this.get(ctx, id);
  }

  private async replace(ctx: RequestContext, id: number, nodes: FrameworkNode[], via: string): Promise<FrameworkDetail> {
    await this.database.db.transaction().execute(async (trx) => {
      const v = await this.version(trx, id);
      try {
        assertEditable(v);
      } catch (e) {
        ruleError(e);
      }
      await frameworkRepository.replaceNodes(trx, id, nodes);
      await this.audit.record(trx, ctx, {
        action: 'framework.update',
        targetType: 'framework',
        targetId: id,
        summary: { via, nodes: nodes.length, digest: frameworkDigest(nodes) },
      });
    });
    return this.get(ctx, id);
  }

  /** Replaces the nodes of a draft; 409 for a published version, 422 listing problems. */
  async replaceNodes(ctx: RequestContext, id: number, nodes: RawFrameworkNode[]): Promise<FrameworkDetail> {
    this.actorWith(ctx, 'evaluation.manage');
    await this.assertDraft(id);
    return this.replace(ctx, id, this.checked(nodes), 'edit');
  }

  private async assertDraft(id: number): Promise<void> {
    try {
      const row = await this.row(this.database.db, id);
      assertEditable({ id: row.id, status: row.status as FrameworkStatus });
    } catch (e) {
      ruleError(e);
    }
  }

  /** Imports a sheet into a draft: every bad row reported with its row number, nothing written. */
  async importXlsx(ctx: RequestContext, id: number, buffer: Buffer): Promise<FrameworkDetail> {
    this.actorWith(ctx, 'evaluation.manage');
    await this.assertDraft(id);
    const rows = await readImportSheet(buffer, FRAMEWORK_SHEET, 20000);
    return this.replace(ctx, id, this.checked(nodesFromSheet(rows), FRAMEWORK_SHEET.name), 'import');
  }

  /** A version as an importable workbook in `lang`, with its file name in that language. */
  async exportXlsx(ctx: RequestContext, id: number, lang: ExportLang = 'zh-CN'): Promise<{ buffer: Buffer; filename: string }> {
    this.actorWith(ctx, 'evaluation.read');
    const v = await this.version(this.database.db, id);
    const filename = lang === 'en-US' ? `framework-${v.row.name}-v${v.row.version}.xlsx` : `测评体系-${v.row.name}-v${v.row.version}.xlsx`;
    return { buffer: await writeSheet(FRAMEWORK_SHEET, nodesToSheet(v.nodes, lang), NOTES, lang), filename };
  }

  async template(lang: ExportLang = 'zh-CN'): Promise<Buffer> {
    return writeSheet(
      FRAMEWORK_SHEET,
      nodesToSheet(
        [
          { code: 'A01', parentCode: null, level: 'item', name: '公共环境', weight: null },
          { code: 'A01.01', parentCode: 'A01', level: 'indicator', name: '市容市貌', weight: null },
          { code: 'A01.01.01', parentCode: 'A01.01', level: 'content', name: '环境卫生' },
          {
            code: 'A01.01.01.1',
            parentCode: 'A01.01.01',
            level: 'standard',
            name: '地面无垃圾杂物',
            method: 'field',
            points: 2,
            pointTypes: ['park', 'public_square'],
            passRule: { kind: 'binary' },
          },
        ],
        lang,
      ),
      NOTES,
      lang,
    );
  }

  /** Publishes a draft: frozen afterwards (409 on any change), digest stored. */
  async publish(ctx: RequestContext, id: number): Promise<FrameworkDetail> {
    this.actorWith(ctx, 'evaluation.manage');
    const now = this.clock.now();
    await this.database.db.transaction().execute(async (trx) => {
      const v = await this.version(trx, id);
      let published: FrameworkVersion;
      try {
        published = publish(v, now);
      } catch (e) {
        ruleError(e);
      }
      const digest = frameworkDigest(published.nodes);
      await frameworkRepository.replaceNodes(trx, id, published.nodes);
      await frameworkRepository.setStatus(trx, id, { status: 'published', published_at: published.publishedAt, digest });
      await this.audit.record(trx, ctx, {
        action: 'framework.publish',
        targetType: 'framework',
        targetId: id,
        summary: { name: v.row.name, version: v.version, digest },
      });
    });
    return this.get(ctx, id);
  }

  /** The checklist of a point type: its standards in tree order. */
  async checklist(ctx: RequestContext, id: number, pointType: string): Promise<StandardNodeView[]> {
    this.actorWith(ctx, 'evaluation.read');
    return standardsFor(await loadFramework(this.database.db, id), pointType).map(standardView);
  }
}

/** A stored version as a built domain framework (for checklists, scoring, roll-ups). */
export async function loadFramework(db: Executor, id: number): Promise<Framework> {
  const nodes = await frameworkRepository.nodes(db, id);
  if (nodes.length === 0) {
    if (!(await frameworkRepository.byId(db, id))) throw notFound('framework', id);
    return { nodes: [], standards: [], byCode: new Map(), children: new Map(), lineage: new Map() };
  }
  const built = buildFramework(nodes);
  if (!built.ok) throw new AppError(500, 'framework_corrupt', `stored framework ${id} does not check`);
  return built.framework;
}
