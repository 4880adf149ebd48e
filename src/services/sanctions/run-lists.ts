import type { ListKind } from '../../shared/assessment-enums.js';

/**
 * The 红黑榜 list a unit is on in a published run's frozen snapshot (the JSON array of its
 * groups; see migration 0015), or null. Read defensively: a group names its list entries
 * in `lists` ({ unitId, list }) and/or on each item (`items[].list`).
 */
export function unitOnList(snapshot: string, unitId: number): ListKind | null {
  let groups: unknown;
  try {
    groups = JSON.parse(snapshot);
  } catch {
    return null;
  }
  if (!Array.isArray(groups)) return null;
  for (const g of groups as { lists?: unknown; items?: unknown }[]) {
    for (const key of ['lists', 'items'] as const) {
      const entries = g?.[key];
      if (!Array.isArray(entries)) continue;
      for (const e of entries as { unitId?: unknown; list?: unknown }[])
        if (e?.unitId === unitId && (e.list === 'red' || e.list === 'black')) return e.list;
    }
  }
  return null;
}
