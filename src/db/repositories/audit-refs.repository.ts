import type { Executor } from '../database.js';
import { AUDIT_REF_KINDS, auditRefKey, type AuditRefKind } from '../../shared/audit-refs.js';

type Labeler = (db: Executor, ids: number[]) => Promise<{ id: number; label: string }[]>;

/** How each kind of entity is named in the audit log. */
const LABELERS: Record<Exclude<AuditRefKind, 'category'>, Labeler> = {
  unit: async (db, ids) =>
    (await db.selectFrom('units').select(['id', 'name']).where('id', 'in', ids).execute()).map((r) => ({ id: r.id, label: r.name })),
  user: async (db, ids) =>
    (await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute()).map((r) => ({
      id: r.id,
      label: r.display_name,
    })),
  // An issued letter by its number (周创指督〔2026〕3号), a draft by its title.
  letter: async (db, ids) =>
    (await db.selectFrom('letters').select(['id', 'number', 'title']).where('id', 'in', ids).execute()).map((r) => ({
      id: r.id,
      label: r.number ?? r.title,
    })),
  case: async (db, ids) =>
    (await db.selectFrom('cases').select(['id', 'number']).where('id', 'in', ids).execute()).map((r) => ({ id: r.id, label: r.number })),
  campaign: async (db, ids) =>
    (await db.selectFrom('campaigns').select(['id', 'name']).where('id', 'in', ids).execute()).map((r) => ({ id: r.id, label: r.name })),
  framework: async (db, ids) =>
    (await db.selectFrom('frameworks').select(['id', 'name', 'version']).where('id', 'in', ids).execute()).map((r) => ({
      id: r.id,
      label: `${r.name} v${r.version}`,
    })),
  checkpoint: async (db, ids) =>
    (await db.selectFrom('checkpoints').select(['id', 'code', 'name']).where('id', 'in', ids).execute()).map((r) => ({
      id: r.id,
      label: `${r.code} ${r.name}`,
    })),
  plan: async (db, ids) =>
    (await db.selectFrom('inspection_plans').select(['id', 'name']).where('id', 'in', ids).execute()).map((r) => ({
      id: r.id,
      label: r.name,
    })),
  inspection: async (db, ids) =>
    (
      await db
        .selectFrom('inspections')
        .innerJoin('checkpoints', 'checkpoints.id', 'inspections.checkpoint_id')
        .select(['inspections.id as id', 'checkpoints.code', 'checkpoints.name'])
        .where('inspections.id', 'in', ids)
        .execute()
    ).map((r) => ({ id: r.id, label: `${r.code} ${r.name}` })),
  api_token: async (db, ids) =>
    (await db.selectFrom('api_tokens').select(['id', 'name']).where('id', 'in', ids).execute()).map((r) => ({ id: r.id, label: r.name })),
};

/** Names the refs of a page of audit records (`unit:224` → its name); unknown ones are left out. */
export async function resolveAuditRefs(db: Executor, keys: string[]): Promise<Record<string, string>> {
  const byKind = new Map<AuditRefKind, string[]>();
  for (const k of keys) {
    const i = k.indexOf(':');
    const kind = k.slice(0, i) as AuditRefKind;
    if (!(AUDIT_REF_KINDS as readonly string[]).includes(kind)) continue;
    byKind.set(kind, [...(byKind.get(kind) ?? []), k.slice(i + 1)]);
  }
  const out: Record<string, string> = {};
  for (const [kind, raw] of byKind) {
    if (kind === 'category') {
      const rows = await db.selectFrom('categories').select(['code', 'name']).where('code', 'in', raw).execute();
      for (const r of rows) out[auditRefKey('category', r.code)] = r.name;
      continue;
    }
    const ids = [...new Set(raw.map(Number).filter((n) => Number.isSafeInteger(n) && n > 0 && n <= 2_147_483_647))];
    if (!ids.length) continue;
    for (const r of await LABELERS[kind](db, ids)) out[auditRefKey(kind, r.id)] = r.label;
  }
  return out;
}
