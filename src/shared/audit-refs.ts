/**
 * What an audit record points at, so the API can name it (units, people, letters…)
 * when the log is read rather than showing ids. Shared by the server (which
 * resolves the refs) and the web app (which formats summaries with them).
 */

/** Entities an audit target or summary field can refer to. */
export const AUDIT_REF_KINDS = [
  'unit',
  'user',
  'letter',
  'case',
  'campaign',
  'framework',
  'checkpoint',
  'plan',
  'inspection',
  'api_token',
  'category',
] as const;
export type AuditRefKind = (typeof AUDIT_REF_KINDS)[number];

/** Summary fields that hold an entity id, by field name (at any depth). */
export const AUDIT_REF_FIELDS: Record<string, AuditRefKind> = {
  unitId: 'unit',
  parentId: 'unit',
  userId: 'user',
  leaderUserId: 'user',
  requestedBy: 'user',
  targetUserId: 'user',
  letterId: 'letter',
  caseId: 'case',
  campaignId: 'campaign',
  frameworkId: 'framework',
  pinned: 'framework',
  checkpointId: 'checkpoint',
  planId: 'plan',
};

/** Fields whose meaning depends on the action (top level of the summary only). */
export const AUDIT_ACTION_REF_FIELDS: Partial<Record<string, Record<string, AuditRefKind>>> = {
  'framework.create': { from: 'framework' },
};

/** The key a ref is known by in `refs`: `unit:224`. */
export function auditRefKey(kind: AuditRefKind, id: string | number): string {
  return `${kind}:${id}`;
}

/** The entity kind of a field of `action`'s summary, or null. */
export function auditRefKindOf(action: string, field: string, topLevel: boolean): AuditRefKind | null {
  return (topLevel ? AUDIT_ACTION_REF_FIELDS[action]?.[field] : undefined) ?? AUDIT_REF_FIELDS[field] ?? null;
}

function isId(v: unknown): v is number | string {
  return (typeof v === 'number' && Number.isInteger(v) && v > 0) || (typeof v === 'string' && /^[1-9]\d{0,15}$/.test(v));
}

/** Every ref of one record: its target and the ids in its summary (also `{ from, to }` changes). */
export function collectAuditRefs(r: { action: string; targetType: string | null; targetId: string | null; summary: unknown }): string[] {
  const out = new Set<string>();
  if (r.targetType && r.targetId && (AUDIT_REF_KINDS as readonly string[]).includes(r.targetType))
    out.add(auditRefKey(r.targetType as AuditRefKind, r.targetId));
  const walk = (v: unknown, top: boolean) => {
    if (Array.isArray(v)) return v.forEach((x) => walk(x, false));
    if (v === null || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const kind = auditRefKindOf(r.action, k, top);
      if (kind && isId(x)) out.add(auditRefKey(kind, x));
      else if (kind && x && typeof x === 'object' && !Array.isArray(x)) {
        const ft = x as { from?: unknown; to?: unknown };
        for (const y of [ft.from, ft.to]) if (isId(y)) out.add(auditRefKey(kind, y));
      } else walk(x, false);
    }
  };
  walk(r.summary, true);
  return [...out];
}
