import { invalidSaid, rowProblem, type ImportRowError } from '../../core/errors.js';
import { columnHeader, readSheet, SheetFormatError, type SheetRow, type SheetSpec } from '../../documents/xlsx/workbook.js';
import type { Bilingual } from '../../shared/export-lang.js';
import { FILE_PROBLEM } from '../../shared/import-problems.js';

/**
 * The data rows of an uploaded import sheet. 422 naming `file`, with the reason in both
 * languages, when the file is not a readable workbook of the template, has no data rows, or
 * has more than `maxRows` (one import is one transaction).
 */
export async function readImportSheet(buffer: Buffer, spec: SheetSpec, maxRows: number): Promise<SheetRow[]> {
  let rows: SheetRow[];
  try {
    rows = await readSheet(buffer, spec);
  } catch (e) {
    if (e instanceof SheetFormatError) throw invalidSaid('file', e.text);
    throw e;
  }
  if (rows.length === 0) throw invalidSaid('file', FILE_PROBLEM.noRows(spec.name));
  if (rows.length > maxRows) throw invalidSaid('file', FILE_PROBLEM.tooManyRows(maxRows));
  return rows;
}

/** Collects the problems of a sheet's rows into `errors`, each with its column's header from `spec`. */
export function rowProblems(spec: SheetSpec, errors: ImportRowError[]): (row: number, field: string, text: Bilingual) => void {
  return (row, field, text) => {
    errors.push(rowProblem(spec.name, row, field, text, columnHeader(spec, field)));
  };
}
