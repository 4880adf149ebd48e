import { createRequire } from 'node:module';
import type AjvCompiler from '@fastify/ajv-compiler';
import type SerializerSelector from '@fastify/fast-json-stringify-compiler';

type ValidatorCompiler = ReturnType<AjvCompiler.ValidatorFactory>;
type ValidateFunction = ReturnType<ValidatorCompiler>;

const require = createRequire(import.meta.url);

/*
 * Fastify compiles every route's schemas (ajv validators, fast-json-stringify
 * serializers) while the server starts: for this API that was about a second of the
 * start and tens of MB, though a running server only ever uses a fraction of them.
 * The factories here hand Fastify functions that compile their schema on first use
 * instead, with the same compilers and options, so a request is validated and a reply
 * serialized exactly as before; only the first call of each route part pays the few
 * milliseconds of compiling (and the very first one loads ajv or fast-json-stringify).
 *
 * A schema that does not compile therefore fails its first request (a 500) rather than
 * the start; `compilePending()` compiles everything at once for those who want that
 * check up front (buildApp's `compileSchemasAtStart`).
 */

/** Schema compiles not done yet, each naming its route for the error it may throw. */
type Pending = Set<() => void>;

/** Runs `compile` once, on first need; until then it sits in `pending`. */
function once<T>(pending: Pending, what: string, compile: () => T): () => T {
  let done: { value: T } | undefined;
  const run = (): T => {
    if (!done) {
      try {
        done = { value: compile() };
      } catch (e) {
        throw new Error(`Failed building the ${what}, due to error ${(e as Error).message}`, { cause: e });
      } finally {
        pending.delete(run);
      }
    }
    return done.value;
  };
  pending.add(run);
  return run;
}

/**
 * A validator that compiles on its first call. It forwards the arguments (Fastify
 * passes `{parentData, parentDataProperty}` to ajv functions so coercion can replace a
 * root value) and shows the compiled function's `errors` and `schemaEnv`, the two
 * properties Fastify reads.
 */
function lazyValidator(get: () => ValidateFunction): ValidateFunction {
  let compiled: ValidateFunction | undefined;
  const validate = function (this: unknown, ...args: unknown[]) {
    return ((compiled ??= get()) as (...a: unknown[]) => unknown).apply(this, args);
  };
  Object.defineProperties(validate, {
    errors: {
      get: () => compiled?.errors ?? null,
      set: (v: ValidateFunction['errors']) => {
        (compiled ??= get()).errors = v;
      },
    },
    schemaEnv: { get: () => (compiled ??= get()).schemaEnv },
    schema: { get: () => (compiled ??= get()).schema },
  });
  return validate as unknown as ValidateFunction;
}

const routeName = (route: { method?: string; url?: string }) => `${route.method ?? ''}: ${route.url ?? ''}`;

/**
 * Fastify's own validator factory (`@fastify/ajv-compiler`, installed with fastify),
 * split by request part: query strings and path params are coerced (`?page=2` → 2),
 * JSON bodies are taken as sent, so `{"code": 123}` is refused instead of becoming "123".
 * Schemas compile on first use (see above); ajv is loaded and its instances made then too.
 */
export function partAwareValidatorFactory(pending: Pending = new Set()): AjvCompiler.ValidatorFactory {
  let factory: AjvCompiler.ValidatorFactory | undefined;
  const load = () => (require('@fastify/ajv-compiler') as typeof AjvCompiler)();
  return (externalSchemas, options) => {
    let coercing: ValidatorCompiler | undefined;
    let exact: ValidatorCompiler | undefined;
    const compilerFor = (httpPart: string | undefined): ValidatorCompiler => {
      factory ??= load();
      return httpPart === 'body'
        ? (exact ??= factory(externalSchemas, {
            ...options,
            customOptions: { ...options?.customOptions, coerceTypes: false },
          } as typeof options))
        : (coercing ??= factory(externalSchemas, options));
    };
    return (route) => lazyValidator(once(pending, `validation schema for ${routeName(route)}`, () => compilerFor(route.httpPart)(route)));
  };
}

/**
 * Fastify's default serializer factory (`@fastify/fast-json-stringify-compiler`,
 * resolved from fastify itself, so it is the very one Fastify would use), with each
 * reply schema compiled on first use. Every compile gets a factory of its own: the
 * default one drops a schema's own `$id` from the shared list of external schemas
 * when it compiles it, which in request order (rather than registration order) could
 * hide that schema from a route compiled after it.
 */
export function lazySerializerFactory(pending: Pending = new Set()): SerializerSelector.SerializerFactory {
  let factory: SerializerSelector.SerializerFactory | undefined;
  // fast-json-stringify itself is loaded with the first compile too.
  const load = (): SerializerSelector.SerializerFactory => {
    const requireFromFastify = createRequire(require.resolve('fastify'));
    return (requireFromFastify('@fastify/fast-json-stringify-compiler') as typeof SerializerSelector)();
  };
  return (externalSchemas, options) => (route) => {
    const get = once(pending, `serialization schema for ${routeName(route)} (${route.httpStatus})`, () =>
      (factory ??= load())(externalSchemas, options)(route),
    );
    let compiled: SerializerSelector.Serializer | undefined;
    return (doc) => (compiled ??= get())(doc);
  };
}

/** Both factories for one app, and a way to compile whatever they have not compiled yet. */
export function lazySchemaCompilers(): {
  buildValidator: AjvCompiler.ValidatorFactory;
  buildSerializer: SerializerSelector.SerializerFactory;
  /** Compiles every schema handed out and not used yet; throws on the first that fails. */
  compilePending(): void;
} {
  const pending: Pending = new Set();
  return {
    buildValidator: partAwareValidatorFactory(pending),
    buildSerializer: lazySerializerFactory(pending),
    compilePending: () => {
      for (const compile of [...pending]) compile();
    },
  };
}
