import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Services } from '../../services/index.js';
import { DASHBOARD_PERIODS } from '../../shared/dashboard-views.js';

const TAGS = ['cases'];

const RankingQuery = Type.Object(
  {
    period: Type.Optional(
      Type.Union(
        DASHBOARD_PERIODS.map((p) => Type.Literal(p)),
        { description: 'week (Monday–Sunday, China time, the default) or month' },
      ),
    ),
  },
  { additionalProperties: false },
);

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
        },
      },
      async (request) => services.dashboard.ranking(request.ctx, request.query.period ?? 'week'),
    );
  };
}
