/**
 * Wire shapes of the all-or-nothing .xlsx imports (units, users; checkpoints and
 * frameworks report bad rows the same way).
 */
import { Type, type Static } from '@sinclair/typebox';

/** What an accepted import wrote. */
export const ImportResult = Type.Object({ created: Type.Integer(), updated: Type.Integer() });
export type ImportResult = Static<typeof ImportResult>;

/** One bad row of a refused import (the 422's `details.errors`). */
export const ImportRowError = Type.Object({
  sheet: Type.String(),
  row: Type.Integer(),
  field: Type.Optional(Type.String()),
  message: Type.String(),
});
export type ImportRowError = Static<typeof ImportRowError>;
