import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../domain/policies/permissions.js';
import type { Services } from '../../services/index.js';
import type { RequestContext } from '../../core/context.js';
import type { SessionAuth } from '../../services/accounts/auth.service.js';
import { PERMISSIONS, type Permission } from '../../shared/enums.js';

export const SESSION_COOKIE = 'dudao_sid';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a route needs. Every route must declare one (checked by a test). */
    permission?: Permission;
  }
  interface FastifyRequest {
    ctx: RequestContext;
    session: SessionAuth | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function send(reply: FastifyReply, status: number, error: string, message: string) {
  return reply.status(status).send({ statusCode: status, error, message });
}

/**
 * Resolves the caller (session cookie or bearer API token), enforces the route's
 * declared permission, and checks CSRF on cookie-authenticated writes.
 * Services still check the unit scope; this gate only answers "may this caller
 * use this kind of route at all".
 */
export function registerAuth(app: FastifyInstance, services: Services): void {
  app.decorateRequest('ctx', null as unknown as RequestContext);
  app.decorateRequest('session', null);

  app.addHook('onRoute', (route) => {
    const p = route.config?.permission;
    if (p !== undefined && !(PERMISSIONS as readonly string[]).includes(p)) {
      throw new Error(`route ${String(route.method)} ${route.url} declares unknown permission ${p}`);
    }
  });

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    request.ctx = { actor: null, requestId: request.id, clientIp: request.ip };
    request.session = null;
    const permission = request.routeOptions.config?.permission;
    // Unmatched routes (404) and undeclared ones: never let them through unauthenticated.
    if (permission === 'public') return;
    const authz = request.headers.authorization;
    if (authz?.startsWith('Bearer ')) {
      const actor = await services.auth.authenticateToken(authz.slice(7).trim());
      if (!actor) return send(reply, 401, 'unauthorized', 'invalid, expired or revoked API token');
      request.ctx.actor = actor;
    } else {
      const token = request.cookies[SESSION_COOKIE];
      const session = token ? await services.auth.authenticateSession(token) : null;
      if (session) {
        request.session = session;
        request.ctx.actor = session.actor;
        if (!SAFE_METHODS.has(request.method) && !services.auth.checkCsrf(session, request.headers['x-csrf-token'] as string | undefined)) {
          return send(reply, 403, 'csrf_failed', 'x-csrf-token header missing or wrong; reload the page');
        }
      }
    }
    if (!request.routeOptions.url) return; // 404 handler answers
    if (!request.ctx.actor) return send(reply, 401, 'unauthorized', 'login required');
    if (!permission) return send(reply, 403, 'forbidden', 'route declares no permission');
    if (!can(request.ctx.actor, permission)) {
      const scoped = request.ctx.actor.scopes && !request.ctx.actor.scopes.includes(permission);
      return send(
        reply,
        403,
        'forbidden',
        scoped ? `this needs permission ${permission}, which is not among this API token's scopes` : `this needs permission ${permission}`,
      );
    }
  });
}
