import type ExcelJS from 'exceljs';
import { inLang, type Bilingual, type ExportLang } from '../../shared/export-lang.js';
import { loadExcelJS } from './exceljs.js';
import { textOf } from '../../shared/text.js';
import { FILE_PROBLEM } from '../../shared/import-problems.js';

/**
 * A column of a tabular sheet: the key used in code, and the header and help in each
 * export language. A workbook is written in one language; reading accepts either.
 */
export interface SheetColumn {
  key: string;
  header: Bilingual;
  width?: number;
  /** Explanation written into the instructions sheet. */
  help: Bilingual;
  required?: boolean;
}

export interface SheetSpec {
  name: Bilingual;
  columns: SheetColumn[];
}

/** The instructions sheet: its name and header in each language. */
const NOTES_SHEET = {
  name: { zh: '说明', en: 'Notes' },
  column: { zh: '列', en: 'Column' },
  required: { zh: '必填', en: 'Required' },
  meaning: { zh: '说明', en: 'Meaning' },
  yes: { zh: '是', en: 'yes' },
  no: { zh: '否', en: 'no' },
};

/** One data row read from a sheet, with its Excel row number for error messages. */
export interface SheetRow {
  row: number;
  values: Record<string, string>;
}

/** Turns any cell value exceljs hands back (numbers, rich text, formulas, links) into trimmed text. */
export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText))
      return v.richText
        .map((t) => t.text)
        .join('')
        .trim();
    if ('text' in v && typeof v.text === 'string') return v.text.trim();
    if ('result' in v) return cellText(v.result);
  }
  return textOf(v).trim();
}

/** Writes a workbook in `lang` with one data sheet and an instructions sheet (说明 / Notes). */
export async function writeSheet(
  spec: SheetSpec,
  rows: Record<string, string | number | null>[],
  notes: Bilingual[],
  lang: ExportLang = 'zh-CN',
): Promise<Buffer> {
  const { Workbook } = await loadExcelJS();
  const wb = new Workbook();
  wb.creator = 'Dudao';
  const t = (b: Bilingual) => inLang(b, lang);
  const ws = wb.addWorksheet(t(spec.name));
  ws.columns = spec.columns.map((c) => ({ header: t(c.header), key: c.key, width: c.width ?? 18 }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const c of spec.columns) ws.getColumn(c.key).numFmt = '@';
  for (const r of rows) ws.addRow(r);
  const help = wb.addWorksheet(t(NOTES_SHEET.name));
  help.columns = [
    { header: t(NOTES_SHEET.column), key: 'h', width: 22 },
    { header: t(NOTES_SHEET.required), key: 'r', width: 14 },
    { header: t(NOTES_SHEET.meaning), key: 'm', width: 90 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of spec.columns) help.addRow({ h: t(c.header), r: t(c.required ? NOTES_SHEET.yes : NOTES_SHEET.no), m: t(c.help) });
  help.addRow({});
  for (const n of notes) help.addRow({ h: '', r: '', m: t(n) });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Problems with the file as a whole (not a row): wrong format, missing sheet or columns. */
/** The header of the column `key` of `spec`, in both languages (undefined for a key not in the sheet). */
export function columnHeader(spec: SheetSpec, key: string): Bilingual | undefined {
  return spec.columns.find((c) => c.key === key)?.header;
}

/** A workbook that cannot be read as the template: says why in both languages. */
export class SheetFormatError extends Error {
  constructor(readonly text: Bilingual) {
    super(text.en);
  }
}

/** Whether a header cell names column `c`: its Chinese or English header, its key, or the older "中文 key" form. */
function names(c: SheetColumn, text: string): boolean {
  const t = text.replace(/\s+/g, ' ').trim().toLowerCase();
  return [c.header.zh, c.header.en, c.key, `${c.header.zh} ${c.key}`].some((h) => h.toLowerCase() === t) || t.split(' ')[0] === c.header.zh;
}

/**
 * Reads the named sheet (in either language, else the first that is not the notes)
 * and maps its columns by header text: Chinese or English header, or the key, so
 * exports in either language, older bilingual files and files written by hand work.
 */
export async function readSheet(buffer: Buffer, spec: SheetSpec): Promise<SheetRow[]> {
  const { Workbook } = await loadExcelJS();
  const wb = new Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch (e) {
    throw new SheetFormatError(FILE_PROBLEM.unreadable((e as Error).message));
  }
  const ws =
    wb.getWorksheet(spec.name.zh) ??
    wb.getWorksheet(spec.name.en) ??
    wb.worksheets.find((w) => w.name !== NOTES_SHEET.name.zh && w.name !== NOTES_SHEET.name.en);
  if (!ws) throw new SheetFormatError(FILE_PROBLEM.noSheet(spec.name));
  const headerRow = ws.getRow(1);
  const colByKey = new Map<string, number>();
  headerRow.eachCell((cell, col) => {
    const text = cellText(cell.value);
    const c = spec.columns.find((c) => names(c, text));
    if (c) colByKey.set(c.key, col);
  });
  const missing = spec.columns.filter((c) => c.required && !colByKey.has(c.key)).map((c) => ({ zh: c.header.zh, key: c.key }));
  if (missing.length) throw new SheetFormatError(FILE_PROBLEM.missingColumns(ws.name, missing));
  const rows: SheetRow[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const values: Record<string, string> = {};
    let any = false;
    for (const c of spec.columns) {
      const col = colByKey.get(c.key);
      const v = col ? cellText(row.getCell(col).value) : '';
      values[c.key] = v;
      if (v) any = true;
    }
    if (any) rows.push({ row: n, values });
  });
  return rows;
}
