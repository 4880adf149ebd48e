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
 * the column's key and the problem in English, for API clients; `column` and `text` say the
 * same in both languages for the person who filled the template.
 */
export const ImportRowError = Type.Object({
  sheet: Type.String(),
  row: Type.Integer(),
  field: Type.Optional(Type.String()),
  message: Type.String(),
  column: Type.Optional(BilingualText),
  text: Type.Optional(BilingualText),
});
export type ImportRowError = Static<typeof ImportRowError>;
