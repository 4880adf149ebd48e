import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../services/index.js';
import { IdParams } from '../../shared/contracts/common.contract.js';
import { CheckpointBody, CheckpointPatch, CheckpointQuery } from '../schemas/evaluation.schema.js';
import { xlsxBody } from './xlsx.js';

export function checkpointRoutes(services: Services, opts: { importLimitBytes: number }): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/',
      {
        config: { permission: 'evaluation.read' },
        schema: { tags: ['evaluation'], summary: 'Check points with computed weakness', querystring: CheckpointQuery },
      },
      async (request) => ({
        items: await services.checkpoints.list(request.ctx, request.query),
      }),
    );
    app.get(
      '/map',
      {
        config: { permission: 'evaluation.read' },
        schema: { tags: ['evaluation'], summary: 'Located check points', querystring: CheckpointQuery },
      },
      async (request) => ({
        items: await services.checkpoints.map(request.ctx, request.query),
      }),
    );
    app.post(
      '/',
      {
        config: { permission: 'evaluation.manage' },
        schema: { tags: ['evaluation'], summary: 'Create a check point', body: CheckpointBody },
      },
      async (request, reply) => reply.status(201).send(await services.checkpoints.create(request.ctx, request.body)),
    );
    app.post(
      '/import',
      {
        config: { permission: 'evaluation.manage' },
        bodyLimit: opts.importLimitBytes,
        schema: {
          tags: ['evaluation'],
          summary: 'Import check points from .xlsx (all or nothing)',
          consumes: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        },
      },
      async (request) => services.checkpoints.importXlsx(request.ctx, xlsxBody(request.body)),
    );
    app.post(
      '/import-geojson',
      {
        config: { permission: 'evaluation.manage' },
        bodyLimit: opts.importLimitBytes,
        schema: { tags: ['evaluation'], summary: 'Import check points from a GeoJSON FeatureCollection' },
      },
      async (request) => services.checkpoints.importGeoJson(request.ctx, request.body),
    );
    app.get(
      '/:id',
      {
        config: { permission: 'evaluation.read' },
        schema: { tags: ['evaluation'], summary: 'A check point and why it is weak', params: IdParams },
      },
      async (request) => services.checkpoints.get(request.ctx, request.params.id),
    );
    app.patch(
      '/:id',
      {
        config: { permission: 'evaluation.manage' },
        schema: { tags: ['evaluation'], summary: 'Edit a check point', params: IdParams, body: CheckpointPatch },
      },
      async (request) => services.checkpoints.update(request.ctx, request.params.id, request.body),
    );
  };
}
