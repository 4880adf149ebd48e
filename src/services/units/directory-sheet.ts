/**
 * The rows of the directory's sheets: how a kind, a role and a role list are read, the
 * templates' notes, and how a bad row is said (in both languages, with its column).
 */
import { AppError, importRejected, rowProblem } from '../../core/errors.js';
import { columnHeader, type SheetSpec } from '../../documents/xlsx/workbook.js';
import { ROLES, UNIT_KINDS, type Role, type UnitKind } from '../../shared/enums.js';
import type { Bilingual } from '../../shared/export-lang.js';
import { isBilingual } from '../../shared/import-problems.js';
import { ROLE_LABELS, UNIT_KIND_LABELS } from '../../shared/labels.js';

/** Accepts a kind's key or its Chinese / English label. */
export function parseUnitKind(text: string): UnitKind | null {
  const t = text.trim();
  if ((UNIT_KINDS as readonly string[]).includes(t)) return t as UnitKind;
  for (const k of UNIT_KINDS) if (UNIT_KIND_LABELS[k].zh === t || UNIT_KIND_LABELS[k].en.toLowerCase() === t.toLowerCase()) return k;
  return null;
}

/** Accepts a role's key or its Chinese / English label. */
export function parseRole(text: string): Role | null {
  const t = text.trim();
  if ((ROLES as readonly string[]).includes(t)) return t as Role;
  for (const r of ROLES) if (ROLE_LABELS[r].zh === t || ROLE_LABELS[r].en.toLowerCase() === t.toLowerCase()) return r;
  return null;
}

/** Parses "role@unitCode; role@unitCode". */
export function parseRoleList(text: string): { grants: { role: Role; unitCode: string }[]; error: Bilingual | null } {
  const grants: { role: Role; unitCode: string }[] = [];
  for (const part of text
    .split(/[;；,，\n]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const at = part.lastIndexOf('@');
    if (at <= 0 || at === part.length - 1) {
      return { grants, error: { zh: `“${part}”不是“角色@单位编码”的格式`, en: `"${part}" is not role@unitCode` } };
    }
    const role = parseRole(part.slice(0, at));
    if (!role) return { grants, error: { zh: `未知角色“${part.slice(0, at)}”`, en: `unknown role "${part.slice(0, at)}"` } };
    grants.push({ role, unitCode: part.slice(at + 1).trim() });
  }
  return { grants, error: null };
}

export const XLSX_NOTES = [
  {
    zh: '第一行为表头，请勿修改；数据从第二行开始。表头可用中文或英文。',
    en: 'The first row is the header (Chinese or English); data starts on row 2.',
  },
  {
    zh: '导入是整体性的：任何一行有错，整份文件都不会写入，并报告每个错误的行号和原因。',
    en: 'An import is all or nothing: if any row is wrong nothing is written, and every problem is reported with its row.',
  },
  { zh: '已存在的编码/账号会被更新，不存在的会被创建。', en: 'Existing codes / usernames are updated, others created.' },
];

/** The templates' example rows, on the notes sheet only (never read as data). */
export const UNIT_EXAMPLE = {
  zh: '示例（只在说明页，不会导入）：编码 411602，名称 川汇区，类型 区，上级编码 411600，分管领导账号 留空，排序 1',
  en: 'Example (on this notes sheet only, never imported): code 411602, name 川汇区, kind district, parentCode 411600, leaderUsername empty, sortOrder 1',
};
export const USER_EXAMPLE = {
  zh: '示例（只在说明页，不会导入）：账号 zhangsan，姓名 张三，单位编码 411602，角色 unit_handler@411602，初始密码 留空',
  en: 'Example (on this notes sheet only, never imported): username zhangsan, displayName 张三, unitCode 411602, roles unit_handler@411602, password empty',
};

/** Re-raises a failure met while writing a row as an import error naming that row. */
export function rowFailure(e: unknown, spec: SheetSpec, row: number): AppError {
  if (!(e instanceof AppError)) return e as AppError;
  if (e.code === 'import_invalid') return e;
  const field = typeof e.details?.field === 'string' ? e.details.field : undefined;
  // A refusal without its own Chinese (one of the services' English 4xx) is shown as sent.
  const said = isBilingual(e.details?.text) ? e.details.text : { zh: e.message, en: e.message };
  return importRejected([rowProblem(spec.name, row, field, said, field ? columnHeader(spec, field) : undefined)]);
}

/** A unit the actor does not administer. */
export const outsideUnits = (code: string): Bilingual => ({
  zh: `单位“${code}”不在您管理的范围内`,
  en: `unit "${code}" is outside the units you administer`,
});
