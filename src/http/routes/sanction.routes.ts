import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../services/index.js';
import { IdParams, withErrors } from '../../shared/contracts/common.contract.js';
import { Sanction, SanctionCreate, SanctionList, SanctionQuery } from '../../shared/contracts/sanctions.contract.js';

/** 奖惩记录: HQ records decisions about units; leaders read all, units their own. */
export function sanctionRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    const s = services.sanctions;
    const TAGS = ['sanctions'];
    app.get(
      '/',
      {
        config: { permission: 'sanction.read' },
        schema: {
          tags: TAGS,
          summary: 'The 奖惩 records the caller may read (a unit: its own), newest decision first; by unit, campaign, period or kind',
          querystring: SanctionQuery,
          response: withErrors({ 200: SanctionList }),
        },
      },
      async (request) => s.list(request.ctx, request.query),
    );
    app.post(
      '/',
      {
        config: { permission: 'sanction.manage' },
        schema: {
          tags: TAGS,
          summary: 'Record a decision (通报表扬, 通报批评, 约谈, 问责 …) about a unit for a period, with its letters and 红黑榜 entry',
          body: SanctionCreate,
          response: withErrors({ 200: Sanction }),
        },
      },
      async (request) => s.record(request.ctx, request.body),
    );
    app.get(
      '/:id',
      {
        config: { permission: 'sanction.read' },
        schema: { tags: TAGS, summary: 'One 奖惩 record', params: IdParams, response: withErrors({ 200: Sanction }) },
      },
      async (request) => s.get(request.ctx, request.params.id),
    );
  };
}
