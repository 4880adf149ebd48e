import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../services/index.js';
import { IdParams, withErrors } from '../../shared/contracts/common.contract.js';
import {
  CheckpointBody,
  CheckpointDetail,
  CheckpointImportResult,
  CheckpointList,
  CheckpointMap,
  CheckpointPatch,
  CheckpointQuery,
} from '../../shared/contracts/checkpoints.contract.js';
import { xlsxBody } from './xlsx.js';

export function checkpointRoutes(services: Services, opts: { importLimitBytes: number }): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/',
      {
        config: { permission: 'evaluation.read' },
        schema: {
          tags: ['evaluation'],
          summary: 'Check points with computed weakness',
          querystring: CheckpointQuery,
          response: withErrors({ 200: CheckpointList }),
        },
      },
      async (request) => ({
        items: await services.checkpoints.list(request.ctx, request.query),
      }),
    );
    app.get(
      '/map',
      {
        config: { permission: 'evaluation.read' },
        schema: {
          tags: ['evaluation'],
          summary: 'Located check points',
          querystring: CheckpointQuery,
          response: withErrors({ 200: CheckpointMap }),
        },
      },
      async (request) => ({
        items: await services.checkpoints.map(request.ctx, request.query),
      }),
    );
    app.post(
      '/',
      {
        config: { permission: 'evaluation.manage' },
        schema: {
          tags: ['evaluation'],
          summary: 'Create a check point',
          body: CheckpointBody,
          response: withErrors({ 201: CheckpointDetail }),
        },
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
          response: withErrors({ 200: CheckpointImportResult }),
        },
      },
      async (request) => services.checkpoints.importXlsx(request.ctx, xlsxBody(request.body)),
    );
    app.post(
      '/import-geojson',
      {
        config: { permission: 'evaluation.manage' },
        bodyLimit: opts.importLimitBytes,
        schema: {
          tags: ['evaluation'],
          summary: 'Import check points from a GeoJSON FeatureCollection',
          response: withErrors({ 200: CheckpointImportResult }),
        },
      },
      async (request) => services.checkpoints.importGeoJson(request.ctx, request.body),
    );
    app.get(
      '/:id',
      {
        config: { permission: 'evaluation.read' },
        schema: {
          tags: ['evaluation'],
          summary: 'A check point and why it is weak',
          params: IdParams,
          response: withErrors({ 200: CheckpointDetail }),
        },
      },
      async (request) => services.checkpoints.get(request.ctx, request.params.id),
    );
    app.patch(
      '/:id',
      {
        config: { permission: 'evaluation.manage' },
        schema: {
          tags: ['evaluation'],
          summary: 'Edit a check point',
          params: IdParams,
          body: CheckpointPatch,
          response: withErrors({ 200: CheckpointDetail }),
        },
      },
      async (request) => services.checkpoints.update(request.ctx, request.params.id, request.body),
    );
  };
}
