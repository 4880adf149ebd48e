import type { Unit } from '../api/units.js';

export interface UnitNode {
  unit: Unit;
  children: UnitNode[];
}

const byOrder = (a: UnitNode, b: UnitNode) => a.unit.sortOrder - b.unit.sortOrder || a.unit.code.localeCompare(b.unit.code);

/** Builds the forest from the flat list; a unit whose parent is missing becomes a root. */
export function buildUnitTree(units: readonly Unit[]): UnitNode[] {
  const nodes = new Map<number, UnitNode>();
  for (const u of units) nodes.set(u.id, { unit: u, children: [] });
  const roots: UnitNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.unit.parentId === null ? undefined : nodes.get(n.unit.parentId);
    (parent ? parent.children : roots).push(n);
  }
  const sort = (list: UnitNode[]) => {
    list.sort(byOrder);
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

/** Ids of a unit and everything below it (a unit cannot move under its own subtree). */
export function subtreeIds(units: readonly Unit[], rootId: number): Set<number> {
  const root = units.find((u) => u.id === rootId);
  if (!root) return new Set();
  return new Set(units.filter((u) => u.path.startsWith(root.path)).map((u) => u.id));
}
