/**
 * What a refused spreadsheet or GeoJSON import says about a row, in both languages.
 * The person who filled a Chinese template reads the problem in the UI's language; the
 * English text stays the API's `message`. Problems said by more than one import live
 * here; a problem only one importer has is written beside it in the same shape.
 */

import type { Bilingual } from './export-lang.js';

/** The problems several imports share. Values typed by the user are quoted as given. */
export const ROW_PROBLEM = {
  required: { zh: '必填', en: 'is required' },
  tooLong: (max: number): Bilingual => ({ zh: `不能超过 ${max} 个字符`, en: `must be at most ${max} characters` }),
  notANumber: (value: string): Bilingual => ({ zh: `“${value}”不是数字`, en: `"${value}" is not a number` }),
  notAnInteger: (value: string): Bilingual => ({ zh: `须为整数，填的是“${value}”`, en: `must be an integer, got "${value}"` }),
  notYesNo: (value: string): Bilingual => ({ zh: `“${value}”须为 是 或 否`, en: `"${value}" is not 是/否` }),
  duplicate: (value: string, firstRow: number): Bilingual => ({
    zh: `“${value}”与第 ${firstRow} 行重复`,
    en: `duplicate "${value}" (also on row ${firstRow})`,
  }),
  unitMissing: (code: string): Bilingual => ({ zh: `单位“${code}”不存在`, en: `unit "${code}" does not exist` }),
  userMissing: (username: string): Bilingual => ({ zh: `账号“${username}”不存在`, en: `user "${username}" does not exist` }),
} as const;

/** The file-level problems of a workbook (not readable, no such sheet, columns missing, empty). */
export const FILE_PROBLEM = {
  unreadable: (detail: string): Bilingual => ({
    zh: '无法读取文件：请上传 .xlsx 格式的 Excel 工作簿（可先下载模板）',
    en: `file is not a readable .xlsx workbook (${detail})`,
  }),
  noSheet: (sheet: Bilingual): Bilingual => ({
    zh: `工作簿中没有名为“${sheet.zh}”的工作表`,
    en: `workbook has no sheet named "${sheet.zh}"`,
  }),
  missingColumns: (sheetName: string, columns: { zh: string; key: string }[]): Bilingual => ({
    zh: `工作表“${sheetName}”缺少必填列：${columns.map((c) => c.zh).join('、')}`,
    en: `sheet "${sheetName}" is missing column(s): ${columns.map((c) => `${c.zh} (${c.key})`).join(', ')}`,
  }),
  noRows: (sheet: Bilingual): Bilingual => ({ zh: `工作表“${sheet.zh}”没有数据行`, en: `sheet "${sheet.zh}" has no data rows` }),
  tooManyRows: (max: number): Bilingual => ({ zh: `每次最多导入 ${max} 行`, en: `at most ${max} rows per import` }),
} as const;

/** True for a value shaped like a {@link Bilingual} (as read back from JSON). */
export function isBilingual(x: unknown): x is Bilingual {
  return typeof x === 'object' && x !== null && typeof (x as Bilingual).zh === 'string' && typeof (x as Bilingual).en === 'string';
}
