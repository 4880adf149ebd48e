import type { Ajv, FuncKeywordDefinition } from 'ajv';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../core/errors.js';
import { DATE_KEYWORD, DATE_RANGE, ID_KEYWORD, MAX_ID } from '../shared/contracts/common.contract.js';

/**
 * Guards every route gets, whatever its own schema says.
 *
 * Ids: a path or query id is text, and ajv's coercion reads any text JavaScript reads as
 * a number (`01`, `+1`, ` 1`, `0x10`, `1e1`), so `/api/users/0x10` was user 16. The shared
 * id schema (`IdString`, common.schema.ts) is a string in canonical decimal; the keyword
 * below checks it and then hands the route a number.
 *
 * NUL: PostgreSQL refuses U+0000 in text, so a string holding it reached the database
 * as a 500; SQLite would store it and truncate it in C string APIs. Every string a
 * client sends (body, query, path; multipart fields in multipart.ts) is checked before
 * validation and refused with a 400 naming the field.
 */

const CANONICAL_ID = /^[1-9][0-9]{0,9}$/;

/** Whether `s` is an id as the API writes it: decimal, no sign, no leading zero, no spaces, 1 … 2147483647. */
export function isCanonicalId(s: string): boolean {
  return CANONICAL_ID.test(s) && Number(s) <= MAX_ID;
}

/** An ajv plugin (Fastify `ajv.plugins`): the id keyword, which checks a canonical id and turns it into a number. */
export function idKeywordPlugin(ajv: Ajv): Ajv {
  const validate: FuncKeywordDefinition['validate'] & { errors?: unknown[] } = (
    _schema: unknown,
    data: unknown,
    _parent?: unknown,
    cxt?: { parentData?: unknown; parentDataProperty?: string | number },
  ) => {
    if (typeof data !== 'string' || !isCanonicalId(data)) {
      validate.errors = [
        {
          keyword: ID_KEYWORD,
          message: `must be an id: a decimal integer from 1 to ${MAX_ID}, without sign, spaces or leading zeros`,
          params: {},
        },
      ];
      return false;
    }
    if (cxt?.parentData && cxt.parentDataProperty !== undefined)
      (cxt.parentData as Record<string | number, unknown>)[cxt.parentDataProperty] = Number(data);
    return true;
  };
  return ajv.addKeyword({ keyword: ID_KEYWORD, type: 'string', modifying: true, errors: true, validate });
}

/** Whether `s` is `YYYY-MM-DD` naming a day that exists, within DATE_RANGE. */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  // Date.UTC rolls 2026-02-30 over into March; a real day survives the round trip.
  const real = date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
  return real && s >= DATE_RANGE.min && s <= DATE_RANGE.max;
}

/** An ajv plugin (Fastify `ajv.plugins`): the date keyword of CalendarDate. */
export function dateKeywordPlugin(ajv: Ajv): Ajv {
  const validate: FuncKeywordDefinition['validate'] & { errors?: unknown[] } = (_schema: unknown, data: unknown) => {
    if (typeof data === 'string' && isCalendarDate(data)) return true;
    validate.errors = [
      { keyword: DATE_KEYWORD, message: `must be a date that exists, YYYY-MM-DD, from ${DATE_RANGE.min} to ${DATE_RANGE.max}`, params: {} },
    ];
    return false;
  };
  return ajv.addKeyword({ keyword: DATE_KEYWORD, type: 'string', errors: true, validate });
}

/** The path (`body.items.2.name`) of the first string, or object key, holding U+0000; null when none does. */
export function findNul(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  if (Buffer.isBuffer(value)) return null;
  for (const [k, v] of Object.entries(value)) {
    const at = `${path}.${k}`;
    if (k.includes('\u0000')) return at;
    const found = findNul(v, at, depth + 1);
    if (found) return found;
  }
  return null;
}

/** 400 naming the field that holds U+0000. */
export function nulRefused(field: string): AppError {
  return new AppError(400, 'invalid_input', `${field}: must not contain the NUL character (U+0000)`, { field });
}

/** Refuses any request whose path, query or parsed body holds U+0000 in a string (before schema validation). */
export function registerNulGuard(app: Pick<FastifyInstance, 'addHook'>): void {
  app.addHook('preValidation', async (request) => {
    const field = findNul(request.params, 'params') ?? findNul(request.query, 'query') ?? findNul(request.body, 'body');
    if (field) throw nulRefused(field);
  });
}

/** The path of the first number that is not finite (`?page=1e999` coerces to Infinity; so does JSON's 1e999); null when none is. */
export function findNonFinite(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : path;
  if (value === null || typeof value !== 'object' || depth > 64 || Buffer.isBuffer(value)) return null;
  for (const [k, v] of Object.entries(value)) {
    const found = findNonFinite(v, `${path}.${k}`, depth + 1);
    if (found) return found;
  }
  return null;
}

/** 400 naming the field that holds an infinite number. */
export function nonFiniteRefused(field: string): AppError {
  return new AppError(400, 'invalid_input', `${field}: must be a finite number`, { field });
}

/**
 * Refuses numbers that are not finite after validation: ajv's integer check lets Infinity
 * through (`Infinity % 1` is NaN), and a schema without a maximum then hands it to SQL.
 */
export function registerFiniteGuard(app: Pick<FastifyInstance, 'addHook'>): void {
  app.addHook('preHandler', async (request) => {
    const field = findNonFinite(request.params, 'params') ?? findNonFinite(request.query, 'query') ?? findNonFinite(request.body, 'body');
    if (field) throw nonFiniteRefused(field);
  });
}
