import { Type, type TSchema } from '@sinclair/typebox';
import { ROLES, UNIT_KINDS } from '../enums.js';

/** A string literal union from one of the shared enum arrays. */
export function StringEnum<T extends readonly string[]>(values: T, description?: string) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], description });
}

/**
 * One problem of a document the server refused whole (an assessment model, an escalation
 * ladder): a 422's `details.problems` are a list of these. `code` and `params` are for
 * clients showing the problem in their own language (the web does); `message` is the same
 * problem as an English sentence.
 */
export function ProblemSchema<T extends readonly string[]>(codes: T, doc: { field: string; codes: string; paramsExample: string }) {
  return Type.Object({
    field: Type.String({ description: doc.field }),
    code: StringEnum(codes, `what is wrong, stable (${doc.codes})`),
    params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), {
      description: `the values the message quotes, by name (e.g. ${doc.paramsExample})`,
    }),
    message: Type.String({ description: 'the problem in English' }),
  });
}

export const ErrorReply = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String({ description: 'stable error code' }),
    message: Type.String(),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { $id: 'Error' },
);

/** Largest id a column holds on PostgreSQL (int4); larger ones are 400, not a database error. */
export const MAX_ID = 2147483647;

/** The ajv keyword that checks an id given as text and turns it into a number (input-guards.ts). */
export const ID_KEYWORD = 'x-dudao-id';

/**
 * An id in a path or query string: canonical decimal only (`16`, never `016`, `+16`, ` 16`
 * or `0x10`), 1 … 2147483647; the route receives it as a number. Anything else is a 400
 * naming the field. JSON bodies carry ids as integers (Type.Integer with MAX_ID).
 */
export const IdString = (opts: { description?: string } = {}) =>
  Type.Unsafe<number>({ type: 'string', pattern: '^[1-9][0-9]{0,9}$', [ID_KEYWORD]: true, ...opts });

/** The ajv keyword that checks a date names a day that exists, within DATE_RANGE (input-guards.ts). */
export const DATE_KEYWORD = 'x-dudao-date';
/** Dates the API accepts: the first and last day, inclusive. */
export const DATE_RANGE = { min: '2000-01-01', max: '2099-12-31' } as const;

/**
 * A calendar day `YYYY-MM-DD` that exists (no 2026-02-30, 2026-13-45) and lies within
 * DATE_RANGE; anything else is a 400 naming the field. Every date the API accepts uses it.
 */
export const CalendarDate = (opts: { description?: string } = {}) =>
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', [DATE_KEYWORD]: true, ...opts });

export const IdParams = Type.Object({ id: IdString() }, { additionalProperties: false });

export const RoleEnum = StringEnum(ROLES);
export const UnitKindEnum = StringEnum(UNIT_KINDS);

export const Paging = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 20 })),
};

/** Standard error replies every route may give. */
export function withErrors<T extends Record<number, TSchema>>(ok: T): T & Record<number, TSchema> {
  return {
    ...ok,
    400: ErrorReply,
    401: ErrorReply,
    403: ErrorReply,
    404: ErrorReply,
    409: ErrorReply,
    413: ErrorReply,
    415: ErrorReply,
    422: ErrorReply,
    429: ErrorReply,
  };
}

export const NullableString = (opts: { maxLength?: number } = {}) => Type.Union([Type.String(opts), Type.Null()]);
/**
 * A positive integer a database integer column holds (ids, optimistic versions) in a request
 * body: larger values are refused with 400 naming the field instead of reaching PostgreSQL,
 * which answers them with an out-of-range error.
 */
export const PositiveInt = () => Type.Integer({ minimum: 1, maximum: MAX_ID });
export const NullableInt = () => Type.Union([Type.Integer({ minimum: 1, maximum: MAX_ID }), Type.Null()]);

/**
 * A reply that is a file (xlsx, pdf, docx, a photo): documented with its media type;
 * the body is sent as bytes, not serialized, and the reply check leaves it alone.
 * Typed as Uint8Array (a Buffer is one): the web compiles the contracts without Node's types.
 */
export const Binary = (mediaType: string, description: string) =>
  Type.Unsafe<Uint8Array>({ description, content: { [mediaType]: { schema: { type: 'string', format: 'binary' } } } });

/** A reply with no body (204). */
export const NoContent = Type.Null({ description: 'no content' });
