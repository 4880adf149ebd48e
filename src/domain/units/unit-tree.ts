import type { UnitKind } from '../../shared/enums.js';
import type { Bilingual } from '../../shared/export-lang.js';
import { UNIT_KIND_LABELS } from '../../shared/labels.js';

/** Which kinds of unit may sit directly under which. `null` means a root. */
export const ALLOWED_PARENT_KINDS: Record<UnitKind, readonly (UnitKind | null)[]> = {
  city: [null],
  district: ['city'],
  county: ['city'],
  county_city: ['city'],
  dev_zone: ['city'],
  street: ['district', 'county', 'county_city', 'dev_zone'],
  town: ['district', 'county', 'county_city', 'dev_zone'],
  township: ['district', 'county', 'county_city', 'dev_zone'],
  farm: ['district', 'county', 'county_city', 'dev_zone'],
  department: ['city', 'district', 'county', 'county_city', 'dev_zone'],
  hq: ['city', 'district', 'county', 'county_city'],
  work_team: ['city', 'hq', 'department', 'district', 'county', 'county_city'],
};

/** Reason a placement is refused (in both languages), or null when it is fine. */
export function checkParentKind(kind: UnitKind, parentKind: UnitKind | null): Bilingual | null {
  const allowed = ALLOWED_PARENT_KINDS[kind];
  if (allowed.includes(parentKind)) return null;
  const name = UNIT_KIND_LABELS[kind].zh;
  if (parentKind === null) return { zh: `${name}须有上级单位`, en: `a unit of kind ${kind} needs a parent` };
  return {
    zh: `${name}不能设在${UNIT_KIND_LABELS[parentKind].zh}之下`,
    en: `a unit of kind ${kind} cannot be placed under a unit of kind ${parentKind}`,
  };
}

/**
 * True when moving `unitPath` under `newParentPath` would create a cycle,
 * i.e. the new parent is the unit itself or one of its descendants.
 */
export function wouldCreateCycle(unitPath: string, newParentPath: string): boolean {
  return newParentPath.startsWith(unitPath);
}

/** Unit codes: administrative codes are digits; others letters, digits, `-` and `_`. */
export const UNIT_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

/** Reason a unit code is refused (in both languages), or null. */
export function checkUnitCode(code: string): Bilingual | null {
  return UNIT_CODE_PATTERN.test(code)
    ? null
    : {
        zh: '编码须为 1–32 位字母、数字、“-”或“_”，以字母或数字开头',
        en: 'code must be 1–32 letters, digits, "-" or "_", starting with a letter or digit',
      };
}

/**
 * Orders rows so that every parent comes before its children (for imports, where
 * a file may list a child above its parent). Returns null when the rows reference
 * each other in a cycle; the caller reports which.
 */
export function orderParentsFirst<T extends { code: string; parentCode: string | null }>(
  rows: readonly T[],
): { ordered: T[]; cyclic: T[] } {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const ordered: T[] = [];
  const cyclic: T[] = [];
  const visit = (r: T): boolean => {
    if (done.has(r.code)) return true;
    if (visiting.has(r.code)) return false;
    visiting.add(r.code);
    const parent = r.parentCode ? byCode.get(r.parentCode) : undefined;
    const ok = parent ? visit(parent) : true;
    visiting.delete(r.code);
    if (!ok) return false;
    done.add(r.code);
    ordered.push(r);
    return true;
  };
  for (const r of rows) if (!visit(r)) cyclic.push(r);
  return { ordered, cyclic };
}
