import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { permissionsOf } from '../../domain/policies/permissions.js';
import type { Services } from '../../services/index.js';
import { AppError, unauthorized } from '../../core/errors.js';
import { homeFor } from '../../shared/home.js';
import { SESSION_COOKIE } from '../plugins/auth.plugin.js';
import {
  ApiTokenList,
  LoginBody,
  LogoutAllReply,
  Me,
  TokenCreate,
  TokenCreated,
  TokenOptions,
} from '../../shared/contracts/auth.contract.js';
import { IdParams, NoContent, withErrors } from '../../shared/contracts/common.contract.js';
import type { FastifyRequest } from 'fastify';

/** Builds the `/api/auth/me` reply. */
async function presentMe(services: Services, request: FastifyRequest, csrfToken: string): Promise<Me> {
  const actor = request.ctx.actor;
  if (!actor) throw unauthorized();
  const me = await services.users.get(request.ctx, actor.userId);
  return {
    user: { id: me.id, username: me.username, displayName: me.displayName, unitId: me.unitId, unitName: me.unitName },
    roles: me.roles,
    permissions: permissionsOf(actor),
    csrfToken,
    home: homeFor(me.roles.map((r) => r.role)),
  };
}

export function authRoutes(services: Services, opts: { sessionAbsoluteHours: number }): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/login',
      {
        config: { permission: 'public' },
        schema: { tags: ['auth'], summary: 'Log in with username and password', body: LoginBody, response: withErrors({ 200: Me }) },
      },
      async (request, reply) => {
        const { token, session } = await services.auth
          .login(request.ctx, request.body.username, request.body.password, request.headers['user-agent'] ?? null)
          .catch((e: unknown) => {
            // A throttled attempt says when to come back (RFC 9110 Retry-After, seconds).
            const wait = e instanceof AppError ? e.details?.retryAfterSeconds : undefined;
            if (typeof wait === 'number') reply.header('retry-after', String(wait));
            throw e;
          });
        reply.setCookie(SESSION_COOKIE, token, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: request.protocol === 'https',
          maxAge: opts.sessionAbsoluteHours * 3600,
        });
        request.ctx.actor = session.actor;
        return presentMe(services, request, session.csrfToken);
      },
    );

    app.get(
      '/me',
      {
        config: { permission: 'authenticated' },
        schema: { tags: ['auth'], summary: 'The logged-in user', response: withErrors({ 200: Me }) },
      },
      async (request) => presentMe(services, request, request.session?.csrfToken ?? ''),
    );

    app.post(
      '/logout',
      {
        config: { permission: 'authenticated' },
        schema: { tags: ['auth'], summary: 'End this session', response: withErrors({ 204: NoContent }) },
      },
      async (request, reply) => {
        if (request.session) await services.auth.logout(request.ctx, request.session.sessionId);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/logout-all',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags: ['auth'],
          summary: 'End every session and revoke every API token of this user',
          response: withErrors({ 200: LogoutAllReply }),
        },
      },
      async (request, reply) => {
        const ended = await services.auth.logoutEverywhere(request.ctx);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return ended;
      },
    );

    app.get(
      '/tokens',
      {
        config: { permission: 'token.manage' },
        schema: { tags: ['auth'], summary: 'My API tokens', response: withErrors({ 200: ApiTokenList }) },
      },
      async (request) => services.auth.listTokens(request.ctx),
    );

    app.get(
      '/tokens/options',
      {
        config: { permission: 'token.manage' },
        schema: { tags: ['auth'], summary: 'Scopes and lifetimes a new API token may have', response: withErrors({ 200: TokenOptions }) },
      },
      async (request) => services.auth.tokenOptions(request.ctx),
    );

    app.post(
      '/tokens',
      {
        config: { permission: 'token.manage' },
        schema: {
          tags: ['auth'],
          summary: 'Create an API token with scopes and an expiry (secret shown once)',
          body: TokenCreate,
          response: withErrors({ 201: TokenCreated }),
        },
      },
      async (request, reply) => {
        const { token, view } = await services.auth.createToken(request.ctx, request.body);
        return reply.status(201).send({ token, item: view });
      },
    );

    app.delete(
      '/tokens/:id',
      {
        config: { permission: 'token.manage' },
        schema: { tags: ['auth'], summary: 'Revoke an API token', params: IdParams, response: withErrors({ 204: NoContent }) },
      },
      async (request, reply) => {
        await services.auth.revokeToken(request.ctx, request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
