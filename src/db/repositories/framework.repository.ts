import type { Selectable } from 'kysely';
import type { FrameworkNode, PassRule } from '../../domain/evaluation/framework.js';
import type { Method, NodeLevel } from '../../shared/evaluation-enums.js';
import type { Executor } from '../database.js';
import type { FrameworksTable } from '../schema.js';

export type FrameworkRow = Selectable<FrameworksTable>;

/** Queries of framework versions and their nodes. */
export const frameworkRepository = {
  async list(db: Executor): Promise<FrameworkRow[]> {
    return db.selectFrom('frameworks').selectAll().orderBy('name').orderBy('version').execute();
  },

  async byId(db: Executor, id: number): Promise<FrameworkRow | undefined> {
    return db.selectFrom('frameworks').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async maxVersion(db: Executor, name: string): Promise<number> {
    const r = await db
      .selectFrom('frameworks')
      .select((eb) => eb.fn.max<number>('version').as('v'))
      .where('name', '=', name)
      .executeTakeFirst();
    return Number(r?.v ?? 0);
  },

  async insert(db: Executor, row: Omit<FrameworkRow, 'id'>): Promise<number> {
    const r = await db.insertInto('frameworks').values(row).returning('id').executeTakeFirstOrThrow();
    return r.id;
  },

  async setStatus(
    db: Executor,
    id: number,
    fields: { status: string; published_at?: string | null; digest?: string | null },
  ): Promise<void> {
    await db.updateTable('frameworks').set(fields).where('id', '=', id).execute();
  },

  async nodes(db: Executor, frameworkId: number): Promise<FrameworkNode[]> {
    const rows = await db.selectFrom('framework_nodes').selectAll().where('framework_id', '=', frameworkId).orderBy('sort_order').execute();
    return rows.map((r) => {
      const base: FrameworkNode = { code: r.code, parentCode: r.parent_code, level: r.level as NodeLevel, name: r.name };
      if (r.level === 'item' || r.level === 'indicator') return { ...base, weight: r.weight };
      if (r.level !== 'standard') return base;
      return {
        ...base,
        method: r.method as Method,
        points: r.points ?? 0,
        pointTypes: JSON.parse(r.point_types ?? '[]') as string[],
        passRule: JSON.parse(r.pass_rule ?? '{"kind":"binary"}') as PassRule,
      };
    });
  },

  /** Replaces every node of a (draft) version. */
  async replaceNodes(db: Executor, frameworkId: number, nodes: readonly FrameworkNode[]): Promise<void> {
    await db.deleteFrom('framework_nodes').where('framework_id', '=', frameworkId).execute();
    const rows = nodes.map((n, i) => ({
      framework_id: frameworkId,
      code: n.code,
      parent_code: n.parentCode,
      level: n.level,
      name: n.name,
      weight: n.weight ?? null,
      method: n.method ?? null,
      points: n.points ?? null,
      point_types: n.pointTypes ? JSON.stringify(n.pointTypes) : null,
      pass_rule: n.passRule ? JSON.stringify(n.passRule) : null,
      sort_order: i,
    }));
    // Chunks keep PostgreSQL and SQLite under their bound-parameter limits.
    for (let i = 0; i < rows.length; i += 200)
      await db
        .insertInto('framework_nodes')
        .values(rows.slice(i, i + 200))
        .execute();
  },
};
