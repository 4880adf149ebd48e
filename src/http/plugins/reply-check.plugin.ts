import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import { textOf } from '../../shared/text.js';

const require = createRequire(import.meta.url);

type Schema = Record<string, unknown>;
type Check = ((data: unknown) => boolean) & {
  errors?: { instancePath: string; message?: string; params?: Record<string, unknown> }[] | null;
};

/**
 * A copy of a reply schema in which every object without its own rule for extra
 * properties refuses them. fast-json-stringify silently drops a property the schema does
 * not name; the check makes such a property (a field the service returns that the
 * contract forgot) an error instead. Objects inside `allOf` keep their rule: closing
 * them would refuse the other branches' properties.
 */
function closed(schema: unknown, keepIds: boolean, inAllOf = false): unknown {
  if (Array.isArray(schema)) return schema.map((s) => closed(s, keepIds, inAllOf));
  if (!schema || typeof schema !== 'object') return schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema as Schema)) {
    // A route's copy drops `$id`s: the shared schemas they name are registered once already.
    if (k === '$id' && !keepIds) continue;
    out[k] = closed(v, keepIds, k === 'allOf');
  }
  const s = out;
  if (!inAllOf && s.type === 'object' && s.properties && s.additionalProperties === undefined && s.patternProperties === undefined) {
    s.additionalProperties = false;
  }
  return s;
}

/**
 * Checks, before serialization, that every reply of a route with a response schema
 * matches that schema exactly: nothing missing, nothing of the wrong type, nothing the
 * schema does not name. A mismatch is a 500 naming the route and the field, so tests and
 * the reliability suite catch a contract that drifted from what the service returns.
 * On in tests (config `checkReplies`); off in production, where the serializer alone runs.
 */
export function registerReplyCheck(app: FastifyInstance): void {
  type Ajv = { addSchema(s: object): void; compile(s: object): Check };
  let ajv: Ajv | undefined;
  const compiler = (): Ajv => {
    if (ajv) return ajv;
    const AjvClass = (require('ajv') as { default: new (o: object) => Ajv }).default;
    ajv = new AjvClass({ allErrors: false, strict: false, validateFormats: false });
    for (const s of Object.values(app.getSchemas())) ajv.addSchema(closed(s, true) as object);
    return ajv;
  };
  const cache = new WeakMap<object, Check>();
  app.addHook('preSerialization', async (request, reply, payload) => {
    const responses = request.routeOptions.schema?.response as Record<string, unknown> | undefined;
    if (!responses || payload === null || typeof payload !== 'object' || Buffer.isBuffer(payload)) return payload;
    const code = String(reply.statusCode);
    const schema = (responses[code] ?? responses[`${code[0]}xx`] ?? responses.default) as Schema | undefined;
    if (!schema) return payload;
    const body = (schema.content as Record<string, { schema: unknown }> | undefined)?.['application/json']?.schema ?? schema;
    let check = cache.get(body);
    if (!check) {
      check = compiler().compile(closed(body, false) as object);
      cache.set(body, check);
    }
    // The serializer sees JSON: compare against what JSON.stringify makes of the payload (Dates → strings).
    const data = JSON.parse(JSON.stringify(payload)) as unknown;
    if (!check(data)) {
      const e = check.errors?.[0];
      const where = `${e?.instancePath || '(root)'}${e?.params?.additionalProperty ? `.${textOf(e.params.additionalProperty)}` : ''}`;
      const message = `reply of ${request.method} ${request.routeOptions.url} (${code}) does not match its schema at ${where}: ${e?.message ?? 'invalid'}`;
      request.log.error(message);
      reply.status(500);
      return { statusCode: 500, error: 'reply_mismatch', message };
    }
    return payload;
  });
}
