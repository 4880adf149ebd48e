import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../services/index.js';
import { CampaignCreate, CampaignPatch } from '../schemas/campaign.schema.js';
import { IdParams } from '../../shared/contracts/common.contract.js';

/** Campaigns: the pinned framework version and the evaluation settings HQ tunes. */
export function campaignRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/',
      { config: { permission: 'evaluation.read' }, schema: { tags: ['evaluation'], summary: 'Campaigns, newest (current) first' } },
      async (request) => ({
        items: await services.campaigns.list(request.ctx),
      }),
    );
    app.post(
      '/',
      {
        config: { permission: 'evaluation.manage' },
        schema: { tags: ['evaluation'], summary: 'Create a campaign pinned to a published framework version', body: CampaignCreate },
      },
      async (request, reply) => reply.status(201).send(await services.campaigns.create(request.ctx, request.body)),
    );
    app.get(
      '/:id',
      {
        config: { permission: 'evaluation.read' },
        schema: { tags: ['evaluation'], summary: 'A campaign with its settings', params: IdParams },
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
        },
      },
      async (request) => services.campaigns.update(request.ctx, request.params.id, request.body),
    );
  };
}
