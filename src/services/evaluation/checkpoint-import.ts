/**
 * Reading check points from the Excel template or a GeoJSON FeatureCollection into rows
 * the service checks and writes; what is wrong with a row's form is reported here, what
 * is wrong against the registry and the units by the service.
 */
import { invalidSaid, rowProblem, type ImportRowError } from '../../core/errors.js';
import { CHECKPOINT_SHEET } from '../../documents/xlsx/framework.sheet.js';
import type { SheetRow } from '../../documents/xlsx/workbook.js';
import { rowProblems } from '../imports/import-sheet.js';
import type { Bilingual } from '../../shared/export-lang.js';
import { ROW_PROBLEM } from '../../shared/import-problems.js';
import { textOf } from '../../shared/text.js';

/** What the rows of a GeoJSON import are called in its errors (their index in `features`). */
export const GEOJSON_SHEET = 'features';

/** 是/否, yes/no, true/false, 1/0, y/n; empty is no; anything else null. */
export function parseFlag(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  if (t === '' || ['0', 'false', 'no', '否', 'n'].includes(t)) return false;
  if (['1', 'true', 'yes', '是', 'y'].includes(t)) return true;
  return null;
}

/** One parsed row of an import, units still as codes. */
export interface ImportItem {
  row: number;
  code: string;
  name: string;
  type: string;
  address: string | null;
  lon: number | null;
  lat: number | null;
  unitCode: string | null;
  areaCode: string | null;
  mustCheck: boolean;
  isNew: boolean;
}

/** The template's rows as items, with the problems of their form. */
export function itemsFromSheet(rows: SheetRow[]): { items: ImportItem[]; errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  const add = rowProblems(CHECKPOINT_SHEET, errors);
  const items: ImportItem[] = [];
  for (const { row, values: v } of rows) {
    const err = (field: string, text: Bilingual) => add(row, field, text);
    const num = (t: string | undefined, field: string): number | null => {
      if (!t?.trim()) return null;
      const n = Number(t);
      if (!Number.isFinite(n)) err(field, ROW_PROBLEM.notANumber(t));
      return Number.isFinite(n) ? n : null;
    };
    const mustCheck = parseFlag(v.mustCheck ?? '');
    const isNew = parseFlag(v.isNew ?? '');
    if (mustCheck === null) err('mustCheck', ROW_PROBLEM.notYesNo(v.mustCheck ?? ''));
    if (isNew === null) err('isNew', ROW_PROBLEM.notYesNo(v.isNew ?? ''));
    items.push({
      row,
      code: v.code ?? '',
      name: v.name ?? '',
      type: v.type ?? '',
      address: v.address || null,
      lon: num(v.lon, 'lon'),
      lat: num(v.lat, 'lat'),
      unitCode: v.unitCode || null,
      areaCode: v.areaCode || null,
      mustCheck: mustCheck ?? false,
      isNew: isNew ?? false,
    });
  }
  return { items, errors };
}

/**
 * A FeatureCollection of Points (properties code, name, type, address, unitCode, areaCode,
 * mustCheck, isNew) as items; a bad feature is reported by its index in `features`. 422
 * when the document is not a FeatureCollection or has no features.
 */
export function itemsFromGeoJson(doc: unknown): { items: ImportItem[]; errors: ImportRowError[] } {
  const fc = doc as { type?: unknown; features?: unknown };
  if (!fc || typeof fc !== 'object' || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features))
    throw invalidSaid('file', { zh: '文件不是 GeoJSON 要素集合（FeatureCollection）', en: 'not a GeoJSON FeatureCollection' });
  if (fc.features.length === 0) throw invalidSaid('file', { zh: '要素集合中没有要素', en: 'the FeatureCollection has no features' });
  const errors: ImportRowError[] = [];
  const items: ImportItem[] = [];
  fc.features.forEach((f: unknown, index: number) => {
    const feature = f as {
      type?: unknown;
      geometry?: { type?: unknown; coordinates?: unknown } | null;
      properties?: Record<string, unknown> | null;
    };
    const err = (field: string, text: Bilingual): void => {
      errors.push(rowProblem(GEOJSON_SHEET, index, field, text));
    };
    if (!feature || feature.type !== 'Feature') {
      err('type', { zh: '不是 GeoJSON 要素（Feature）', en: 'not a GeoJSON Feature' });
      return;
    }
    const g = feature.geometry;
    const coords = g && g.type === 'Point' && Array.isArray(g.coordinates) ? g.coordinates : null;
    if (!coords || coords.length < 2 || typeof coords[0] !== 'number' || typeof coords[1] !== 'number') {
      err('geometry', { zh: '几何须为点（Point），坐标为 [经度, 纬度]', en: 'geometry must be a Point with [lon, lat]' });
      return;
    }
    const p = feature.properties ?? {};
    const str = (k: string): string => (typeof p[k] === 'string' ? p[k].trim() : typeof p[k] === 'number' ? String(p[k]) : '');
    const flag = (k: string): boolean => {
      const v = p[k];
      if (v === undefined || v === null) return false;
      if (typeof v === 'boolean') return v;
      const parsed = parseFlag(textOf(v));
      if (parsed === null) err(k, { zh: `“${textOf(v)}”须为 是/否 或 true/false`, en: `"${textOf(v)}" is not a boolean` });
      return parsed ?? false;
    };
    items.push({
      row: index,
      code: str('code'),
      name: str('name'),
      type: str('type'),
      address: str('address') || null,
      lon: coords[0],
      lat: coords[1],
      unitCode: str('unitCode') || null,
      areaCode: str('areaCode') || null,
      mustCheck: flag('mustCheck'),
      isNew: flag('isNew'),
    });
  });
  return { items, errors };
}
