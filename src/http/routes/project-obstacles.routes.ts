import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { commandWithFiles } from '../command-body.js';
import type { Services } from '../../services/index.js';
import { IdParams, withErrors } from '../../shared/contracts/common.contract.js';
import {
  ProjectObstacle,
  ProjectObstacleList,
  ProjectObstacleQuery,
  ProjectObstaclesQuery,
  ProjectObstaclesReply,
  RaiseObstacleBody,
} from '../../shared/contracts/project-obstacles.contract.js';

/** The multipart file field of an obstacle's photos (as a case report's). */
const PHOTOS_FIELD = 'photos';

/**
 * A project's obstacles (要素保障, issue 14 point 6), under /api/projects: raising one reports a
 * case (hence `case.report`; the service also requires the project's unit, work team or office).
 */
export function projectObstacleRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    const s = services.projectObstacles;
    const tags = ['projects'];
    app.post(
      '/:id/obstacles',
      {
        config: { permission: 'case.report' },
        schema: {
          tags,
          summary:
            'Raise an obstacle (要素保障) of a project: it becomes a case (source project_obstacle) for HQ to dispatch (JSON, or multipart: field "command" with this JSON + files "photos")',
          consumes: ['application/json', 'multipart/form-data'],
          params: IdParams,
          response: withErrors({ 201: ProjectObstacle }),
        },
      },
      async (request, reply) => {
        const { cmd, uploads } = await commandWithFiles<RaiseObstacleBody>(request, RaiseObstacleBody, [PHOTOS_FIELD]);
        return reply.status(201).send(await s.raise(request.ctx, request.params.id, cmd, uploads));
      },
    );
    app.get(
      '/:id/obstacles',
      {
        config: { permission: 'project.read' },
        schema: {
          tags,
          summary: "A project's obstacles with kind, responsible unit, deadline, state and overdue flag",
          params: IdParams,
          querystring: ProjectObstaclesQuery,
          response: withErrors({ 200: ProjectObstaclesReply }),
        },
      },
      async (request) => s.forProject(request.ctx, request.params.id, request.query),
    );
  };
}

/** Obstacles of every project the caller may see (/api/project-obstacles): the office's and work team's lists. */
export function projectObstacleListRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/',
      {
        config: { permission: 'project.read' },
        schema: {
          tags: ['projects'],
          summary: 'Obstacles of the projects the caller may see, newest first: county, state (or "open"), kind, overdue',
          querystring: ProjectObstacleQuery,
          response: withErrors({ 200: ProjectObstacleList }),
        },
      },
      async (request) => services.projectObstacles.list(request.ctx, request.query),
    );
  };
}
