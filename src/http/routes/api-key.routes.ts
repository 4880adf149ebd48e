import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../services/index.js';
import { IdParams, withErrors } from '../../shared/contracts/common.contract.js';
import { ApiKey, ApiKeyIssue, ApiKeyIssued, ApiKeyList } from '../../shared/contracts/public.contract.js';

/**
 * Integrators' Open311 API keys (issue 15 point 7). Any signed-in user reaches the routes;
 * the service lets only HQ (case.configure) or the city's system administrator through.
 */
export function apiKeyRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/',
      {
        config: { permission: 'authenticated' },
        schema: { tags: ['api-keys'], summary: 'Open311 API keys (HQ or sysadmin)', response: withErrors({ 200: ApiKeyList }) },
      },
      async (request) => services.apiKeys.list(request.ctx),
    );

    app.post(
      '/',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags: ['api-keys'],
          summary: 'Issue an Open311 API key; the secret is in this reply only',
          body: ApiKeyIssue,
          response: withErrors({ 201: ApiKeyIssued }),
        },
      },
      async (request, reply) => reply.status(201).send(await services.apiKeys.issue(request.ctx, request.body)),
    );

    app.post(
      '/:id/revoke',
      {
        config: { permission: 'authenticated' },
        schema: { tags: ['api-keys'], summary: 'Revoke an Open311 API key', params: IdParams, response: withErrors({ 200: ApiKey }) },
      },
      async (request) => services.apiKeys.revoke(request.ctx, request.params.id),
    );
  };
}
