import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../services/index.js';
import { withErrors } from '../../shared/contracts/common.contract.js';
import {
  ProjectPoints,
  ProjectRollup,
  ProjectRollupQuery,
  ProjectRollupSummary,
  ProjectRollupSummaryQuery,
} from '../../shared/contracts/project-rollups.contract.js';

/** Roll-ups of the major projects the caller may see, as of a day (issue 14 point 7). */
export function projectRollupRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    const s = services.projectRollups;
    const tags = ['projects'];
    app.get(
      '/',
      {
        config: { permission: 'project.read' },
        schema: {
          tags,
          summary:
            'Projects grouped by county, chain, work team, level, category, size band, stage or batch: count and investment as of a day',
          querystring: ProjectRollupQuery,
          response: withErrors({ 200: ProjectRollup }),
        },
      },
      async (request) => s.rollup(request.ctx, request.query),
    );
    app.get(
      '/summary',
      {
        config: { permission: 'project.read' },
        schema: {
          tags,
          summary: 'Headline figures: totals, 今年以来新签约亿元以上, 在建工业项目 and their investment, the latest batch and its rates',
          querystring: ProjectRollupSummaryQuery,
          response: withErrors({ 200: ProjectRollupSummary }),
        },
      },
      async (request) => s.summary(request.ctx, request.query),
    );
    app.get(
      '/points',
      {
        config: { permission: 'project.read' },
        schema: {
          tags,
          summary: 'Located projects with their stage as of a day, for the map',
          querystring: ProjectRollupSummaryQuery,
          response: withErrors({ 200: ProjectPoints }),
        },
      },
      async (request) => s.points(request.ctx, request.query),
    );
  };
}
