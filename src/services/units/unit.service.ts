import type { Database, Executor } from '../../db/database.js';
import { unitRepository, type UnitReferenceKind } from '../../db/repositories/unit.repository.js';
import { userRepository } from '../../db/repositories/user.repository.js';
import type { UnitRow } from '../../db/schema.js';
import { can, canAtRoot } from '../../domain/policies/permissions.js';
import { checkParentKind, checkUnitCode, wouldCreateCycle } from '../../domain/units/unit-tree.js';
import type { Unit, UnitCreate, UnitPatch } from '../../shared/contracts/units.contract.js';
import { UNIT_KINDS, type UnitKind } from '../../shared/enums.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { AppError, conflictSaid, forbidden, invalid, invalidSaid, notFound, unauthorized } from '../../core/errors.js';

/** Presents unit rows; leader names are looked up in one query. */
export async function presentUnits(db: Executor, rows: UnitRow[]): Promise<Unit[]> {
  const leaderIds = [...new Set(rows.map((r) => r.leader_user_id).filter((x): x is number => x !== null))];
  const leaders = new Map((await userRepository.byIds(db, leaderIds)).map((u) => [u.id, u.display_name]));
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind as UnitKind,
    parentId: r.parent_id,
    path: r.path,
    depth: r.depth,
    leaderUserId: r.leader_user_id,
    leaderName: r.leader_user_id ? (leaders.get(r.leader_user_id) ?? null) : null,
    sortOrder: r.sort_order,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

/** How a 409 names each kind of row that still refers to a unit. */
const REFERENCE_LABELS: Record<UnitReferenceKind, string> = {
  childUnits: 'child unit(s)',
  users: 'user(s)',
  roleGrants: 'role grant(s)',
  cases: 'case(s)',
  checkPoints: 'check point(s)',
  inspectionPlans: 'inspection plan(s)',
  letters: 'letter(s)',
};

/** The unit tree: browse, create, edit, move, delete. */
export class UnitService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  private requireActor(ctx: RequestContext) {
    if (!ctx.actor) throw unauthorized();
    return ctx.actor;
  }

  /** Whole tree, parents first. Anyone with unit.read sees the directory. */
  async list(ctx: RequestContext): Promise<Unit[]> {
    const actor = this.requireActor(ctx);
    if (!can(actor, 'unit.read')) throw forbidden();
    return presentUnits(this.database.db, await unitRepository.list(this.database.db));
  }

  async get(ctx: RequestContext, id: number): Promise<Unit> {
    const actor = this.requireActor(ctx);
    if (!can(actor, 'unit.read')) throw forbidden();
    const row = await unitRepository.byId(this.database.db, id);
    if (!row) throw notFound('unit', id);
    return (await presentUnits(this.database.db, [row]))[0]!;
  }

  /** Validates a unit's fields against the tree as it stands inside `trx`. */
  async validate(trx: Executor, input: UnitCreate, self: UnitRow | null): Promise<{ parent: UnitRow | null }> {
    const codeProblem = checkUnitCode(input.code);
    if (codeProblem) throw invalidSaid('code', codeProblem);
    if (!input.name.trim() || input.name.length > 100)
      throw invalidSaid('name', { zh: '单位名称须为 1–100 个字', en: 'must be 1–100 characters' });
    if (!(UNIT_KINDS as readonly string[]).includes(input.kind)) throw invalid('kind', `unknown kind "${input.kind}"`);
    const sameCode = await unitRepository.byCode(trx, input.code);
    if (sameCode && sameCode.id !== self?.id)
      throw conflictSaid('code', { zh: `单位编码“${input.code}”已被${sameCode.name}使用`, en: `unit code "${input.code}" already exists` });
    let parent: UnitRow | null = null;
    if (input.parentId !== null) {
      parent = (await unitRepository.byId(trx, input.parentId)) ?? null;
      if (!parent) throw invalid('parentId', `parent unit ${input.parentId} not found`);
      if (self && wouldCreateCycle(self.path, parent.path)) {
        throw invalidSaid('parentId', {
          zh: `不能把${self.name}移到它自己或它的下级单位（${parent.name}）之下`,
          en: 'a unit cannot be moved under itself or one of its descendants',
        });
      }
    }
    const kindProblem = checkParentKind(input.kind, (parent?.kind as UnitKind | undefined) ?? null);
    if (kindProblem) throw invalidSaid('parentId', kindProblem);
    if (input.leaderUserId != null && !(await userRepository.byId(trx, input.leaderUserId))) {
      throw invalid('leaderUserId', `user ${input.leaderUserId} not found`);
    }
    return { parent };
  }

  /** Creates a unit inside a transaction the caller may share (imports). */
  async createIn(trx: Executor, input: UnitCreate): Promise<UnitRow> {
    const { parent } = await this.validate(trx, input, null);
    const nowIso = this.clock.now().toISOString();
    return unitRepository.insert(
      trx,
      {
        code: input.code,
        name: input.name.trim(),
        kind: input.kind,
        parent_id: input.parentId,
        leader_user_id: input.leaderUserId ?? null,
        sort_order: input.sortOrder ?? 0,
        created_at: nowIso,
        updated_at: nowIso,
      },
      parent?.path ?? null,
    );
  }

  /** Applies a patch inside a transaction; returns the fields that changed. */
  async updateIn(trx: Executor, row: UnitRow, patch: UnitPatch): Promise<Record<string, { from: unknown; to: unknown }>> {
    const next: UnitCreate = {
      code: patch.code ?? row.code,
      name: patch.name ?? row.name,
      kind: (patch.kind ?? row.kind) as UnitKind,
      parentId: patch.parentId !== undefined ? patch.parentId : row.parent_id,
      leaderUserId: patch.leaderUserId !== undefined ? patch.leaderUserId : row.leader_user_id,
      sortOrder: patch.sortOrder ?? row.sort_order,
    };
    const { parent } = await this.validate(trx, next, row);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    const cmp = (k: string, a: unknown, b: unknown) => {
      if (a !== b) changes[k] = { from: a, to: b };
    };
    cmp('code', row.code, next.code);
    cmp('name', row.name, next.name.trim());
    cmp('kind', row.kind, next.kind);
    cmp('parentId', row.parent_id, next.parentId);
    cmp('leaderUserId', row.leader_user_id, next.leaderUserId ?? null);
    cmp('sortOrder', row.sort_order, next.sortOrder);
    if (Object.keys(changes).length === 0) return changes;
    // Kind changes must still fit the children already placed below.
    if (changes.kind) {
      const children = (await unitRepository.list(trx)).filter((u) => u.parent_id === row.id);
      for (const c of children) {
        const p = checkParentKind(c.kind as UnitKind, next.kind);
        if (p) throw invalidSaid('kind', { zh: `下级单位 ${c.code}：${p.zh}`, en: `child ${c.code}: ${p.en}` });
      }
    }
    await unitRepository.update(trx, row.id, {
      code: next.code,
      name: next.name.trim(),
      kind: next.kind,
      parent_id: next.parentId,
      leader_user_id: next.leaderUserId ?? null,
      sort_order: next.sortOrder ?? 0,
      updated_at: this.clock.now().toISOString(),
    });
    if (changes.parentId) await unitRepository.movePaths(trx, row.path, `${parent?.path ?? '/'}${row.id}/`);
    return changes;
  }

  private assertWrite(ctx: RequestContext, unitPath: string | null) {
    const actor = this.requireActor(ctx);
    const ok = unitPath === null ? canAtRoot(actor, 'unit.write') : can(actor, 'unit.write', unitPath);
    if (!ok) throw forbidden('you may only change units within the subtree you administer');
  }

  async create(ctx: RequestContext, input: UnitCreate): Promise<Unit> {
    const db = this.database.db;
    const row = await db.transaction().execute(async (trx) => {
      const parent = input.parentId !== null ? await unitRepository.byId(trx, input.parentId) : undefined;
      this.assertWrite(ctx, parent ? parent.path : null);
      const row = await this.createIn(trx, input);
      await this.audit.record(trx, ctx, {
        action: 'unit.create',
        targetType: 'unit',
        targetId: row.id,
        summary: { code: row.code, name: row.name, kind: row.kind, parentId: row.parent_id },
      });
      return row;
    });
    return (await presentUnits(db, [row]))[0]!;
  }

  async update(ctx: RequestContext, id: number, patch: UnitPatch): Promise<Unit> {
    const db = this.database.db;
    await db.transaction().execute(async (trx) => {
      const row = await unitRepository.byId(trx, id);
      if (!row) throw notFound('unit', id);
      this.assertWrite(ctx, row.path);
      if (patch.parentId !== undefined && patch.parentId !== row.parent_id) {
        const np = patch.parentId === null ? null : await unitRepository.byId(trx, patch.parentId);
        if (np) this.assertWrite(ctx, np.path);
      }
      const changes = await this.updateIn(trx, row, patch);
      if (Object.keys(changes).length) {
        await this.audit.record(trx, ctx, {
          action: 'unit.update',
          targetType: 'unit',
          targetId: id,
          summary: { code: row.code, changes },
        });
      }
    });
    return this.get(ctx, id);
  }

  /** Deletes a leaf unit that no person or grant refers to. */
  async remove(ctx: RequestContext, id: number): Promise<void> {
    await this.database.db.transaction().execute(async (trx) => {
      const row = await unitRepository.byId(trx, id);
      if (!row) throw notFound('unit', id);
      this.assertWrite(ctx, row.path);
      const refs = await unitRepository.referencesByKind(trx, id);
      if (Object.keys(refs).length > 0) {
        const what = Object.entries(refs)
          .map(([kind, n]) => `${n} ${REFERENCE_LABELS[kind as UnitReferenceKind]}`)
          .join(', ');
        throw new AppError(409, 'conflict', `id: unit ${row.code} is still referred to by ${what}; nothing was deleted`, {
          field: 'id',
          references: refs,
        });
      }
      await unitRepository.delete(trx, id);
      await this.audit.record(trx, ctx, {
        action: 'unit.delete',
        targetType: 'unit',
        targetId: id,
        summary: { code: row.code, name: row.name },
      });
    });
  }
}
