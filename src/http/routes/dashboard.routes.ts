import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../services/index.js';
import { withErrors } from '../../shared/contracts/common.contract.js';
import { CockpitQuery, CockpitView, HeadlineView, RankingQuery, RankingView } from '../../shared/contracts/dashboard.contract.js';

const TAGS = ['cases'];

/** Dashboards: headline figures and unit rankings of the current week and month, from the maintained aggregates. */
export function dashboardRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/headline',
      {
        config: { permission: 'case.read' },
        schema: {
          tags: TAGS,
          summary: 'Headline figures of the current week and month (cohorts of first dispatch) and the cases overdue now',
          response: withErrors({ 200: HeadlineView }),
        },
      },
      async (request) => services.dashboard.headline(request.ctx),
    );
    app.get(
      '/ranking',
      {
        config: { permission: 'case.read' },
        schema: {
          tags: TAGS,
          summary: 'Units with cases in the current week or month, ranked by the composite of the standard indicators',
          querystring: RankingQuery,
          response: withErrors({ 200: RankingView }),
        },
      },
      async (request) =>
        services.dashboard.ranking(request.ctx, request.query.period ?? 'week', {
          limit: request.query.limit,
          offset: request.query.offset,
        }),
    );
    app.get(
      '/cockpit',
      {
        config: { permission: 'case.read' },
        schema: {
          tags: TAGS,
          summary: "The leader's cockpit: this week or month against the one before, the weekly trend, overdue units, weak check points",
          querystring: CockpitQuery,
          response: withErrors({ 200: CockpitView }),
        },
      },
      async (request) => services.cockpit.cockpit(request.ctx, request.query.period ?? 'week', request.query.weeks),
    );
  };
}
