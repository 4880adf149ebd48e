import type ExcelJS from 'exceljs';

let loading: Promise<typeof ExcelJS> | null = null;

/**
 * exceljs, loaded on first use. It pulls in a zip stack (jszip, archiver, unzipper…)
 * that costs about half a second and several MB at start, and only imports and
 * exports need it, so the server does not load it until one asks.
 */
export function loadExcelJS(): Promise<typeof ExcelJS> {
  return (loading ??= import('exceljs').then((m) => m.default));
}
