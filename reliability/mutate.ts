import type { Rng } from './rng.js';

/** The part of a JSON schema (as `/api/openapi.json` has it) the fuzzer reads. */
export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
}

/** Strings a client can send that have broken servers before. */
export const NASTY_STRINGS = [
  '',
  ' ',
  'a\u0000b',
  '\u0000',
  'x'.repeat(100_000),
  '测试🙂\u202e\u200b',
  '\ud800',
  "'; drop table cases; --",
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '%00',
  '2026-13-45',
  '9999-99-99',
  '2026-02-30',
  '0000-00-00T25:61:00Z',
  'NaN',
  '1e999',
  '{"a":',
] as const;

/** Numbers out of any sensible range. */
export const NASTY_NUMBERS = [-1, 0, 1.5, -2147483649, 2147483648, 99999999999, Number.MAX_SAFE_INTEGER + 2, 1e308, -1e308] as const;

/** Path ids in every non-canonical spelling, plus real small ids. */
export const NASTY_IDS = [
  '01',
  '+1',
  '0x10',
  '-1',
  '99999999999',
  '1.5',
  '1e3',
  '%20',
  'abc',
  '%00',
  '0',
  ' 1',
  '9223372036854775808',
] as const;

/** A value of any JSON type, some of them hostile. */
export function anyValue(rng: Rng): unknown {
  switch (rng.int(8)) {
    case 0:
      return rng.pick(NASTY_STRINGS);
    case 1:
      return rng.pick(NASTY_NUMBERS);
    case 2:
      return null;
    case 3:
      return rng.next() < 0.5;
    case 4:
      return [rng.pick(NASTY_STRINGS), rng.pick(NASTY_NUMBERS)];
    case 5:
      return { x: rng.pick(NASTY_STRINGS) };
    case 6:
      return rng.int(50) + 1;
    default:
      return 'x'.repeat(rng.int(300));
  }
}

function typeOf(s: Schema): string | undefined {
  return Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
}

/** A plausible value for `schema` (the fuzzer's baseline before mutating). */
export function plausible(schema: Schema | undefined, rng: Rng, depth = 0): unknown {
  if (!schema || depth > 6) return null;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return rng.pick(schema.enum);
  const alts = schema.anyOf ?? schema.oneOf;
  if (alts?.length) return plausible(rng.pick(alts), rng, depth + 1);
  switch (typeOf(schema)) {
    case 'string':
      if (schema.format === 'date' || /\\d\{4\}-\\d\{2\}/.test(schema.pattern ?? '')) return '2026-12-01';
      if (schema.format === 'date-time') return '2026-12-01T08:00:00.000Z';
      return 'x'.repeat(Math.max(schema.minLength ?? 0, 3 + rng.int(8)));
    case 'integer':
      return Math.max(schema.minimum ?? 1, 1 + rng.int(20));
    case 'number':
      return Math.max(schema.minimum ?? 0, rng.next() * 10);
    case 'boolean':
      return rng.next() < 0.5;
    case 'array':
      return [plausible(schema.items, rng, depth + 1)];
    case 'object': {
      const o: Record<string, unknown> = {};
      const req = new Set(schema.required ?? []);
      for (const [k, v] of Object.entries(schema.properties ?? {})) if (req.has(k) || rng.next() < 0.5) o[k] = plausible(v, rng, depth + 1);
      return o;
    }
    default:
      return 'x';
  }
}

/** The value with a NUL byte in every string (PostgreSQL refuses NUL in text; the API must say 4xx first). */
function withNul(v: unknown): unknown {
  if (typeof v === 'string') return `${v}\u0000`;
  if (Array.isArray(v)) return v.map(withNul);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withNul(x)]));
  return v;
}

/** One hostile change to a plausible body: a field of the wrong type or range, missing, extra, NUL bytes in every string, or the whole body wrong. */
export function mutateBody(body: unknown, rng: Rng): unknown {
  const r = rng.int(11);
  if (r === 0) return anyValue(rng);
  if (r === 10) return withNul(body);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return rng.next() < 0.5 ? anyValue(rng) : body;
  const o = { ...(body as Record<string, unknown>) };
  const keys = Object.keys(o);
  if (r === 1 || keys.length === 0) o[rng.pick(['__proto__', 'constructor', 'extra', 'id', 'version', 'x'.repeat(200)])] = anyValue(rng);
  else if (r === 2) delete o[rng.pick(keys)];
  else {
    const k = rng.pick(keys);
    const v = o[k];
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && rng.next() < 0.5) o[k] = mutateBody(v, rng);
    else if (Array.isArray(v) && v.length && rng.next() < 0.5)
      o[k] = [mutateBody(v[0] as unknown, rng), ...(rng.next() < 0.3 ? Array.from({ length: 500 }, (): unknown => v[0]) : [])];
    else o[k] = anyValue(rng);
  }
  return o;
}
