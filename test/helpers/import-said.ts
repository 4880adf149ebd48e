import { expect } from 'vitest';
import type { ImportRowError } from '../../src/shared/contracts/imports.contract.js';
import type { SheetSpec } from '../../src/documents/xlsx/workbook.js';
import type { Bilingual } from '../../src/shared/export-lang.js';

/** Words a Chinese text may keep: file formats and GeoJSON's own names. */
const KEPT = /\b(?:GeoJSON|FeatureCollection|Feature|Point|Excel|xlsx|true|false|YYYY-MM-DD)\b/g;

/**
 * Asserts a Chinese text has no English in it: what the user typed (quoted “…”) and codes
 * (tokens with a digit, "-" or "_", such as BAD-D1 or 411600) are the user's and may stay.
 */
export function expectChinese(zh: string, where = zh): void {
  const bare = zh
    .replace(/“[^”]*”/g, '')
    .replace(KEPT, '')
    .replace(/[A-Za-z0-9_.-]*[\d_-][A-Za-z0-9_.-]*/g, '');
  expect(bare, where).not.toMatch(/[A-Za-z]/);
  expect(zh, where).toMatch(/[\u4e00-\u9fff]/);
}

/** A bilingual text: English as given, Chinese with no English in it. */
export function expectBilingual(text: unknown, where: string): asserts text is Bilingual {
  expect(text, where).toEqual({ zh: expect.any(String), en: expect.any(String) });
  expectChinese((text as Bilingual).zh, where);
}

/**
 * Every bad row of a refused import says its problem and its sheet in both languages, and names its
 * column by the template's header when the problem is in one of the sheet's columns.
 */
export function expectRowsSaidInBoth(errors: readonly ImportRowError[], spec?: SheetSpec): void {
  expect(errors.length).toBeGreaterThan(0);
  for (const e of errors) {
    const where = JSON.stringify(e);
    expectBilingual(e.text, where);
    expect(e.message, where).toContain(e.text.en);
    // The sheet in both languages too: the English UI must not show only the Chinese name.
    if (spec) expect(e.sheetName, where).toEqual(spec.name);
    const header = spec?.columns.find((c) => c.key === e.field)?.header;
    if (header) expect(e.column, where).toEqual(header);
  }
}
