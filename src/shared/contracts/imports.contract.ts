/**
 * Wire shapes of the all-or-nothing .xlsx imports (units, users; checkpoints and
 * frameworks report bad rows the same way).
 */
import { Type, type Static } from '@sinclair/typebox';

/** What an accepted import wrote. */
export const ImportResult = Type.Object({ created: Type.Integer(), updated: Type.Integer() });
export type ImportResult = Static<typeof ImportResult>;

/** A text in both UI languages (the web shows the one of its language). */
export const BilingualText = Type.Object({ zh: Type.String(), en: Type.String() });

/**
 * One bad row of a refused import (the 422's `details.errors`). `field` and `message` are
 * the column's key and the problem in English, for API clients; `sheetName`, `column` and `text`
 * say the same in both languages for the person who filled the template.
 */
export const ImportRowError = Type.Object({
  /** The sheet's name in the Chinese template (API clients have always read this one). */
  sheet: Type.String(),
  /** The sheet's name in both languages, when the template has one in each. */
  sheetName: Type.Optional(BilingualText),
  row: Type.Integer(),
  field: Type.Optional(Type.String()),
  message: Type.String(),
  column: Type.Optional(BilingualText),
  text: Type.Optional(BilingualText),
});
export type ImportRowError = Static<typeof ImportRowError>;
