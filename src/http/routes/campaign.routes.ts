import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../services/index.js';
import { CampaignCreate, CampaignList, CampaignPatch, CampaignView } from '../../shared/contracts/campaigns.contract.js';
import { IdParams, withErrors } from '../../shared/contracts/common.contract.js';

/** Campaigns: the pinned framework version and the evaluation settings HQ tunes. */
export function campaignRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/',
      {
        config: { permission: 'evaluation.read' },
        schema: { tags: ['evaluation'], summary: 'Campaigns, newest (current) first', response: withErrors({ 200: CampaignList }) },
      },
      async (request) => ({
        items: await services.campaigns.list(request.ctx),
      }),
    );
    app.post(
      '/',
      {
        config: { permission: 'evaluation.manage' },
        schema: {
          tags: ['evaluation'],
          summary: 'Create a campaign pinned to a published framework version',
          body: CampaignCreate,
          response: withErrors({ 201: CampaignView }),
        },
      },
      async (request, reply) => reply.status(201).send(await services.campaigns.create(request.ctx, request.body)),
    );
    app.get(
      '/:id',
      {
        config: { permission: 'evaluation.read' },
        schema: {
          tags: ['evaluation'],
          summary: 'A campaign with its settings',
          params: IdParams,
          response: withErrors({ 200: CampaignView }),
        },
      },
      async (request) => services.campaigns.get(request.ctx, request.params.id),
    );
    app.patch(
      '/:id',
      {
        config: { permission: 'evaluation.manage' },
        schema: {
          tags: ['evaluation'],
          summary: 'Rename, re-pin, or change settings (weak-point rule, position limit, weights)',
          params: IdParams,
          body: CampaignPatch,
          response: withErrors({ 200: CampaignView }),
        },
      },
      async (request) => services.campaigns.update(request.ctx, request.params.id, request.body),
    );
  };
}
