/**
 * A framework as a sheet: rows read into raw nodes (enumerations by key or by label in
 * either language), nodes written as rows, the notes sheet, and a node's problem said as a
 * row of the sheet (column and text in both languages).
 */
import { FRAMEWORK_SHEET } from '../../documents/xlsx/framework.sheet.js';
import { columnHeader } from '../../documents/xlsx/workbook.js';
import type { FrameworkNode, FrameworkProblem, RawFrameworkNode } from '../../domain/evaluation/framework.js';
import type { ImportRowError } from '../../core/errors.js';
import type { Bilingual, ExportLang } from '../../shared/export-lang.js';
import { METHOD_LABELS, METHODS, NODE_LEVEL_LABELS, NODE_LEVELS, POINT_TYPE_LABELS, POINT_TYPES } from '../../shared/evaluation-enums.js';

/** Accepts an enum key or its Chinese / English label. */
function parseLabel<K extends string>(text: string, keys: readonly K[], labels: Record<K, { zh: string; en: string }>): string {
  const t = text.trim();
  if ((keys as readonly string[]).includes(t)) return t;
  for (const k of keys) if (labels[k].zh === t || labels[k].en.toLowerCase() === t.toLowerCase()) return k;
  return t; // unknown: the domain check names it
}

function parseNumber(text: string): number | null {
  if (text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : Number.NaN;
}

const PROBLEM_FIELD: Partial<Record<FrameworkProblem['reason'], string>> = {
  empty_code: 'code',
  duplicate_code: 'code',
  unknown_level: 'level',
  empty_name: 'name',
  missing_parent: 'parentCode',
  bad_nesting: 'parentCode',
  cycle: 'parentCode',
  negative_points: 'points',
  bad_points: 'points',
  missing_method: 'method',
  unknown_method: 'method',
  no_point_types: 'pointTypes',
  unknown_point_type: 'pointTypes',
  bad_pass_rule: 'passRule',
  bad_weight: 'weight',
  weights_sum: 'weight',
};

/** Turns the rows of a framework sheet into raw nodes (enumerations by key or label). */
export function nodesFromSheet(rows: { row: number; values: Record<string, string> }[]): RawFrameworkNode[] {
  return rows.map(({ row, values: v }) => {
    const level = parseLabel(v.level ?? '', NODE_LEVELS, NODE_LEVEL_LABELS);
    const node: RawFrameworkNode = {
      code: (v.code ?? '').trim(),
      parentCode: v.parentCode?.trim() || null,
      level,
      name: v.name ?? '',
      row,
    };
    const weight = parseNumber(v.weight ?? '');
    if (weight !== null) node.weight = weight;
    if (v.method?.trim()) node.method = parseLabel(v.method, METHODS, METHOD_LABELS);
    const points = parseNumber(v.points ?? '');
    if (points !== null) node.points = points;
    const types = (v.pointTypes ?? '')
      .split(/[;；,，、\n]/)
      .map((t) => t.trim())
      .filter(Boolean);
    if (types.length > 0) node.pointTypes = types.map((t) => parseLabel(t, POINT_TYPES, POINT_TYPE_LABELS));
    const rule = (v.passRule ?? '').trim();
    if (rule) {
      const kind = /^(binary|达标制|达标)$/i.test(rule) ? 'binary' : /^(scored|评分制|评分)$/i.test(rule) ? 'scored' : rule;
      node.passRule = kind === 'scored' ? { kind, max: points ?? Number.NaN } : { kind };
    }
    if (level === 'standard' && node.pointTypes === undefined) node.pointTypes = [];
    return node;
  });
}

/** The sheet rows of a framework (the same columns the import reads). */
export function nodesToSheet(nodes: readonly FrameworkNode[], lang: ExportLang = 'zh-CN'): Record<string, string | number | null>[] {
  const en = lang === 'en-US';
  return nodes.map((n) => ({
    code: n.code,
    parentCode: n.parentCode ?? '',
    // English: the keys, which the import reads as well as the Chinese names.
    level: en ? n.level : NODE_LEVEL_LABELS[n.level].zh,
    name: n.name,
    weight: n.weight ?? null,
    method: n.method ? (en ? n.method : METHOD_LABELS[n.method].zh) : '',
    points: n.points ?? null,
    pointTypes: (n.pointTypes ?? []).join('; '),
    passRule: n.passRule ? n.passRule.kind : '',
  }));
}

/** The 说明 sheet of the template and of exports. */
export const NOTES = [
  {
    zh: '第一行为表头（中文或英文），请勿修改；每行一个节点：测评项目 → 指标 → 测评内容 → 测评标准。',
    en: 'The first row is the header (Chinese or English); one node a row: item → indicator → content → standard.',
  },
  {
    zh: '导入是整体性的：任何一行有错（缺少上级、编码重复、分值为负、未知点位类型……），整份文件都不会写入，并报告每个错误的行号和原因。',
    en: 'An import is all or nothing: if any row is wrong (missing parent, repeated code, negative points, unknown point type…) nothing is written, and every problem is reported with its row.',
  },
  {
    zh: '导入会替换草稿版本的全部节点；已发布的版本不可修改。',
    en: 'An import replaces every node of the draft; a published version cannot be changed.',
  },
];

/** A node's problem as a bad row of the imported sheet `sheet`. */
export function sheetProblem(p: FrameworkProblem, sheet: Bilingual): ImportRowError {
  const field = PROBLEM_FIELD[p.reason];
  return {
    sheet: sheet.zh,
    sheetName: sheet,
    row: p.row ?? 0,
    ...(field ? { field, column: columnHeader(FRAMEWORK_SHEET, field) } : {}),
    message: `${p.reason}: ${p.message}`,
    text: p.text,
  };
}
