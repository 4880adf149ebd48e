import type { ImportRowError } from '../shared/contracts/imports.contract.js';

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

export function notFound(what: string, id: string | number): AppError {
  return new AppError(404, 'not_found', `${what} ${id} not found`, { resource: what, id });
}

export function forbidden(message = 'you do not have permission for this action'): AppError {
  return new AppError(403, 'forbidden', message);
}

export function conflict(field: string, message: string): AppError {
  return new AppError(409, 'conflict', `${field}: ${message}`, { field });
}

export function unauthorized(message = 'login required'): AppError {
  return new AppError(401, 'unauthorized', message);
}

/** One bad row of an imported file (the wire shape of an import's 422 details). */
export type { ImportRowError };

/** An import refused as a whole; lists every bad row found. */
export function importRejected(errors: ImportRowError[]): AppError {
  const first = errors[0];
  const where = first ? `${first.sheet} row ${first.row}${first.field ? ` (${first.field})` : ''}: ${first.message}` : '';
  return new AppError(422, 'import_invalid', `import rejected, nothing was written: ${errors.length} problem(s); first: ${where}`, {
    errors,
  });
}
