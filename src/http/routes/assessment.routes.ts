import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../services/index.js';
import { IdParams, withErrors } from '../../shared/contracts/common.contract.js';
import {
  AssessmentModelCreate,
  AssessmentModelList,
  AssessmentModelQuery,
  AssessmentModelUpdate,
  AssessmentModelVersion,
} from '../../shared/contracts/assessment.contract.js';

/** The 考核 model versions of campaigns (issue 13), under /api/assessment/models. */
export function assessmentModelRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/',
      {
        config: { permission: 'assessment.read' },
        schema: {
          tags: ['assessment'],
          summary: "Every version of a campaign's assessment model, newest first",
          querystring: AssessmentModelQuery,
          response: withErrors({ 200: AssessmentModelList }),
        },
      },
      async (request) => ({ items: await services.assessmentModels.list(request.ctx, request.query.campaignId) }),
    );
    app.get(
      '/in-force',
      {
        config: { permission: 'assessment.read' },
        schema: {
          tags: ['assessment'],
          summary: "The campaign's model in force: its latest published version (404 while none is)",
          querystring: AssessmentModelQuery,
          response: withErrors({ 200: AssessmentModelVersion }),
        },
      },
      async (request) => services.assessmentModels.inForce(request.ctx, request.query.campaignId),
    );
    app.post(
      '/',
      {
        config: { permission: 'assessment.manage' },
        schema: {
          tags: ['assessment'],
          summary: 'Create a draft version (422 naming the first problem, all in details.problems)',
          body: AssessmentModelCreate,
          response: withErrors({ 201: AssessmentModelVersion }),
        },
      },
      async (request, reply) => reply.status(201).send(await services.assessmentModels.create(request.ctx, request.body)),
    );
    app.get(
      '/:id',
      {
        config: { permission: 'assessment.read' },
        schema: { tags: ['assessment'], summary: 'A version', params: IdParams, response: withErrors({ 200: AssessmentModelVersion }) },
      },
      async (request) => services.assessmentModels.get(request.ctx, request.params.id),
    );
    app.put(
      '/:id',
      {
        config: { permission: 'assessment.manage' },
        schema: {
          tags: ['assessment'],
          summary: 'Replace the model of a draft (409 once published or when the revision is stale)',
          params: IdParams,
          body: AssessmentModelUpdate,
          response: withErrors({ 200: AssessmentModelVersion }),
        },
      },
      async (request) => services.assessmentModels.update(request.ctx, request.params.id, request.body),
    );
    app.post(
      '/:id/publish',
      {
        config: { permission: 'assessment.manage' },
        schema: {
          tags: ['assessment'],
          summary: 'Publish a draft: frozen afterwards, in force for its campaign',
          params: IdParams,
          response: withErrors({ 200: AssessmentModelVersion }),
        },
      },
      async (request) => services.assessmentModels.publish(request.ctx, request.params.id),
    );
    app.post(
      '/:id/drafts',
      {
        config: { permission: 'assessment.manage' },
        schema: {
          tags: ['assessment'],
          summary: 'Start a new draft from a published version',
          params: IdParams,
          response: withErrors({ 201: AssessmentModelVersion }),
        },
      },
      async (request, reply) => reply.status(201).send(await services.assessmentModels.newDraft(request.ctx, request.params.id)),
    );
  };
}
