import type { ImportRowError } from '../shared/contracts/imports.contract.js';
import type { Bilingual } from '../shared/export-lang.js';

/** Error a client can cause; carries the HTTP status and a stable code. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** 400/422: input that names a field. */
export function invalid(field: string, message: string, details?: Record<string, unknown>): AppError {
  return new AppError(422, 'invalid_input', `${field}: ${message}`, { field, ...details });
}

/**
 * 422 naming a field, with the problem in both languages: `details.text`, which the web
 * shows in its language instead of the code's general text; the message stays English.
 */
export function invalidSaid(field: string, text: Bilingual): AppError {
  return invalid(field, text.en, { text });
}

export function notFound(what: string, id: string | number): AppError {
  return new AppError(404, 'not_found', `${what} ${id} not found`, { resource: what, id });
}

export function forbidden(message = 'you do not have permission for this action'): AppError {
  return new AppError(403, 'forbidden', message);
}

/** 403 with the reason in both languages (`details.text`, shown by the web in its language). */
export function forbiddenSaid(text: Bilingual): AppError {
  return new AppError(403, 'forbidden', text.en, { text });
}

export function conflict(field: string, message: string, details?: Record<string, unknown>): AppError {
  return new AppError(409, 'conflict', `${field}: ${message}`, { field, ...details });
}

/** 409 naming a field, with the clash in both languages (`details.text`, as {@link invalidSaid}). */
export function conflictSaid(field: string, text: Bilingual): AppError {
  return conflict(field, text.en, { text });
}

export function unauthorized(message = 'login required'): AppError {
  return new AppError(401, 'unauthorized', message);
}

/** One bad row of an imported file (the wire shape of an import's 422 details). */
export type { ImportRowError };

/**
 * One bad row: the problem in both languages (`text`, English also as `message`) and the
 * column it is in, by key (`field`) and by its template header (`column`).
 */
export function rowProblem(
  sheet: string | Bilingual,
  row: number,
  field: string | undefined,
  text: Bilingual,
  column?: Bilingual,
): ImportRowError {
  const named = typeof sheet === 'string' ? { sheet } : { sheet: sheet.zh, sheetName: sheet };
  return { ...named, row, ...(field !== undefined ? { field } : {}), message: text.en, ...(column ? { column } : {}), text };
}

/** An import refused as a whole; lists every bad row found. */
export function importRejected(errors: ImportRowError[]): AppError {
  const first = errors[0];
  const where = first ? `${first.sheet} row ${first.row}${first.field ? ` (${first.field})` : ''}: ${first.message}` : '';
  return new AppError(422, 'import_invalid', `import rejected, nothing was written: ${errors.length} problem(s); first: ${where}`, {
    errors,
  });
}
