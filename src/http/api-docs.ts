import { createRequire } from 'node:module';
import type { SwaggerOptions } from '@fastify/swagger';
import type { FastifySwaggerUiOptions } from '@fastify/swagger-ui';
import Fastify, {
  type FastifyInstance,
  type FastifyPluginCallback,
  type FastifyReply,
  type FastifyRequest,
  type RouteOptions,
} from 'fastify';

/*
 * The OpenAPI document and its UI, loaded on first use.
 *
 * @fastify/swagger and @fastify/swagger-ui load the `yaml` package, a JSON-schema
 * resolver, a second copy of @fastify/static and glob: about a tenth of the server's
 * start and several MB that most runs never use. Here the server only records what
 * @fastify/swagger would record while it starts (every route, every plugin instance);
 * the first `app.swagger()` call loads the plugin, replays the record into it and
 * returns the same document it would have built. The UI under `/api/docs` is served by
 * a private Fastify instance with @fastify/swagger-ui, built on the first request there.
 */

const require = createRequire(import.meta.url);

type SwaggerFn = FastifyInstance['swagger'];
type Hook = (...args: unknown[]) => unknown;

/** Fastify's plugin protocol (what fastify-plugin sets): not encapsulated, with a name other plugins may depend on. */
function asNamedPlugin<T extends FastifyPluginCallback>(fn: T, name: string): T {
  Object.assign(fn, {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: name,
    [Symbol.for('plugin-meta')]: { name, fastify: '5.x' },
  });
  return fn;
}

/**
 * Decorates `app.swagger()` as @fastify/swagger (dynamic mode) does, with the plugin
 * itself loaded on the first call. Call it where the plugin would be registered: before
 * the routes it documents.
 */
export function registerLazySwagger(app: FastifyInstance, opts: SwaggerOptions): void {
  // What @fastify/swagger's own hooks would have seen, in order.
  const routes: RouteOptions[] = [];
  const instances: FastifyInstance[] = [];
  let ready = false;
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  app.addHook('onRegister', (instance) => {
    instances.push(instance);
  });
  app.addHook('onReady', async () => {
    ready = true;
  });

  let swagger: SwaggerFn | undefined;
  const load = (): SwaggerFn => {
    const plugin = (
      require('@fastify/swagger') as { fastifySwagger: (host: unknown, opts: SwaggerOptions, done: (err?: Error) => void) => void }
    ).fastifySwagger;
    const hooks: Record<string, Hook[]> = {};
    let decorated: SwaggerFn | undefined;
    // The plugin only adds hooks, reads the shared schemas and decorates the instance.
    const host = {
      addHook: (name: string, fn: Hook) => (hooks[name] ??= []).push(fn),
      decorate: (name: string, value: SwaggerFn) => {
        if (name === 'swagger') decorated = value;
      },
      getSchemas: () => app.getSchemas(),
    };
    plugin(host, { ...opts }, (err) => {
      if (err) throw err;
    });
    for (const route of routes) for (const h of hooks.onRoute ?? []) h.call(app, route);
    for (const instance of instances) for (const h of hooks.onRegister ?? []) void h.call(app, instance);
    for (const h of hooks.onReady ?? []) {
      h.call(app, (err?: Error) => {
        if (err) throw err;
      });
    }
    if (!decorated) throw new Error('@fastify/swagger did not decorate the instance');
    return decorated;
  };
  app.decorate('swagger', ((o?: { yaml?: boolean }) => {
    if (!ready) throw new Error('.swagger() must be called after .ready()');
    return (swagger ??= load())(o as { yaml: boolean });
  }) as SwaggerFn);
}

/** Response headers Fastify sets itself when the proxied reply is sent. */
const HOP_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'date']);

/**
 * Serves @fastify/swagger-ui at `routePrefix`, the UI being built on the first request:
 * the routes here hand each GET (and HEAD) under the prefix to a private instance
 * holding the real plugin and send back its answer; paths it has no route for get this
 * app's own 404. Register it in a scope whose routes are public.
 */
export function lazySwaggerUi(app: FastifyInstance, opts: FastifySwaggerUiOptions & { routePrefix: string }): FastifyPluginCallback {
  let docs: Promise<FastifyInstance> | undefined;
  const NOT_FOUND = 'x-dudao-docs-not-found';
  const build = async (): Promise<FastifyInstance> => {
    const ui = Fastify({ logger: false });
    // swagger-ui depends on a plugin named @fastify/swagger giving `swagger()`: this app's.
    ui.register(
      asNamedPlugin((instance, _o, done) => {
        instance.decorate('swagger', ((o?: { yaml?: boolean }) => app.swagger(o as { yaml: boolean })) as SwaggerFn);
        done();
      }, '@fastify/swagger'),
    );
    ui.register(require('@fastify/swagger-ui') as FastifyPluginCallback<FastifySwaggerUiOptions>, opts);
    ui.setNotFoundHandler((_request, reply) => reply.header(NOT_FOUND, '1').status(404).send());
    await ui.ready();
    return ui;
  };
  app.addHook('onClose', async () => {
    const ui = await docs?.catch(() => undefined);
    await ui?.close();
  });
  return (scope, _o, done) => {
    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const ui = await (docs ??= build().catch((e: unknown) => {
        docs = undefined;
        throw e;
      }));
      const res = await ui.inject({ method: 'GET', url: request.url, headers: request.headers });
      if (res.headers[NOT_FOUND]) return reply.callNotFound();
      for (const [name, value] of Object.entries(res.headers)) {
        if (value !== undefined && !HOP_HEADERS.has(name)) reply.header(name, value);
      }
      // An empty answer (a redirect, 304) goes out as one: a Buffer would add a content type.
      return reply.status(res.statusCode).send(res.rawPayload.length > 0 ? res.rawPayload : undefined);
    };
    scope.get('/', { schema: { hide: true } }, handler);
    scope.get('/*', { schema: { hide: true } }, handler);
    done();
  };
}
