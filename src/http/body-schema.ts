import { createRequire } from 'node:module';
import type AjvCompiler from '@fastify/ajv-compiler';
import type { TSchema } from '@sinclair/typebox';
import { dateKeywordPlugin, idKeywordPlugin } from './input-guards.js';

const require = createRequire(import.meta.url);

/** A compiled ajv check: true when the value is valid, else `errors` says why. */
export type BodyCheck = ReturnType<ReturnType<AjvCompiler.ValidatorFactory>>;

let compiler: ReturnType<AjvCompiler.ValidatorFactory> | undefined;

/**
 * Compiles a schema for a body the route reads itself (a command inside multipart),
 * with ajv configured as Fastify validates JSON bodies (no coercion, nothing removed).
 * TypeBox's own compiler throws on StringEnum (a Type.Unsafe). ajv is loaded on the
 * first call, not when the server starts.
 */
export function compileBodySchema(schema: TSchema): BodyCheck {
  compiler ??= (require('@fastify/ajv-compiler') as typeof AjvCompiler)()(
    {},
    {
      customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false },
      // The same keywords as Fastify's own validators (app.ts), so shared schemas compile here too.
      plugins: [idKeywordPlugin, dateKeywordPlugin],
    },
  );
  return compiler({ schema, httpPart: 'body' });
}
