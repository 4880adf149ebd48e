import type ExcelJS from 'exceljs';
import { loadExcelJS } from './exceljs.js';

/** A column of a tabular sheet: the key used in code and the header shown in Excel. */
export interface SheetColumn {
  key: string;
  header: string;
  width?: number;
  /** Explanation written into the template's instructions sheet. */
  help: string;
  required?: boolean;
}

export interface SheetSpec {
  name: string;
  columns: SheetColumn[];
}

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
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((t) => t.text).join('').trim();
    if ('text' in v && typeof v.text === 'string') return v.text.trim();
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
  }
  return String(v).trim();
}

/** Writes a workbook with one data sheet and an instructions sheet (说明). */
export async function writeSheet(spec: SheetSpec, rows: Record<string, string | number | null>[], notes: string[]): Promise<Buffer> {
  const { Workbook } = await loadExcelJS();
  const wb = new Workbook();
  wb.creator = 'Dudao';
  const ws = wb.addWorksheet(spec.name);
  ws.columns = spec.columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? 18 }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const c of spec.columns) ws.getColumn(c.key).numFmt = '@';
  for (const r of rows) ws.addRow(r);
  const help = wb.addWorksheet('说明');
  help.columns = [
    { header: '列 Column', key: 'h', width: 22 },
    { header: '必填 Required', key: 'r', width: 14 },
    { header: '说明 Meaning', key: 'm', width: 90 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of spec.columns) help.addRow({ h: c.header, r: c.required ? '是 yes' : '否 no', m: c.help });
  help.addRow({});
  for (const n of notes) help.addRow({ h: '', r: '', m: n });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Problems with the file as a whole (not a row): wrong format, missing sheet or columns. */
export class SheetFormatError extends Error {}

/**
 * Reads the named sheet (or the first one) and maps its columns by header text.
 * Headers match either the full header or its key, so files written by hand work too.
 */
export async function readSheet(buffer: Buffer, spec: SheetSpec): Promise<SheetRow[]> {
  const { Workbook } = await loadExcelJS();
  const wb = new Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch (e) {
    throw new SheetFormatError(`file is not a readable .xlsx workbook (${(e as Error).message})`);
  }
  const ws = wb.getWorksheet(spec.name) ?? wb.worksheets.find((w) => w.name !== '说明');
  if (!ws) throw new SheetFormatError(`workbook has no sheet named "${spec.name}"`);
  const headerRow = ws.getRow(1);
  const colByKey = new Map<string, number>();
  headerRow.eachCell((cell, col) => {
    const text = cellText(cell.value);
    const c = spec.columns.find((c) => c.header === text || c.key === text || c.header.split(' ')[0] === text);
    if (c) colByKey.set(c.key, col);
  });
  const missing = spec.columns.filter((c) => c.required && !colByKey.has(c.key)).map((c) => c.header);
  if (missing.length) throw new SheetFormatError(`sheet "${ws.name}" is missing column(s): ${missing.join(', ')}`);
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
