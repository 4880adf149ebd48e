import { invalidSaid } from '../../core/errors.js';
import { readSheet, SheetFormatError, type SheetRow, type SheetSpec } from '../../documents/xlsx/workbook.js';
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
