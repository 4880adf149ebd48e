import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { checkBody } from '../command-body.js';
import type { Services } from '../../services/index.js';
import type { Upload } from '../../services/files/file.service.js';
import { jsonField, readMultipart } from '../multipart.js';
import { IdParams, withErrors } from '../../shared/contracts/common.contract.js';
import {
  InspectionView,
  MyPointsQuery,
  PlanBody,
  PlanList,
  PlanView,
  PointChecklist,
  SubmitBody,
  TodayRoute,
} from '../../shared/contracts/inspections.contract.js';
import { InspectionResultsQuery, RatesView } from '../../shared/contracts/results.contract.js';

export function inspectionRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/plans',
      {
        config: { permission: 'evaluation.read' },
        schema: { tags: ['evaluation'], summary: 'Inspection plans', response: withErrors({ 200: PlanList }) },
      },
      async (request) => ({ items: await services.inspectionPlans.plans(request.ctx) }),
    );
    app.post(
      '/plans',
      {
        config: { permission: 'evaluation.manage' },
        schema: {
          tags: ['evaluation'],
          summary: 'Create a plan (seeded stratified sample, assigned to inspectors)',
          body: PlanBody,
          response: withErrors({ 201: PlanView }),
        },
      },
      async (request, reply) => reply.status(201).send(await services.inspectionPlans.createPlan(request.ctx, request.body)),
    );
    app.get(
      '/plans/:id',
      {
        config: { permission: 'evaluation.read' },
        schema: { tags: ['evaluation'], summary: 'A plan with its points', params: IdParams, response: withErrors({ 200: PlanView }) },
      },
      async (request) => services.inspectionPlans.plan(request.ctx, request.params.id),
    );
    app.get(
      '/mine',
      {
        config: { permission: 'inspection.perform' },
        schema: {
          tags: ['evaluation'],
          summary:
            "Today's route: this day's part of the inspector's plan share (at most the campaign's maxPointsPerDay), with done flags and the plan's size; nearest first when lon/lat are given",
          querystring: MyPointsQuery,
          response: withErrors({ 200: TodayRoute }),
        },
      },
      async (request) => services.inspections.myPoints(request.ctx, request.query),
    );
    app.get(
      '/mine/:id/checklist',
      {
        config: { permission: 'inspection.perform' },
        schema: {
          tags: ['evaluation'],
          summary: 'Checklist of an assigned point',
          params: IdParams,
          response: withErrors({ 200: PointChecklist }),
        },
      },
      async (request) => services.inspections.checklist(request.ctx, request.params.id),
    );
    // Kept for existing clients; the same as GET /api/results/rates with a required frameworkId.
    app.get(
      '/results',
      {
        config: { permission: 'evaluation.read' },
        schema: {
          tags: ['evaluation'],
          summary: '得分率 roll-up for a period (see /api/results/rates)',
          querystring: InspectionResultsQuery,
          response: withErrors({ 200: RatesView }),
        },
      },
      async (request) => services.results.rates(request.ctx, request.query),
    );
    app.post(
      '/',
      {
        config: { permission: 'inspection.perform' },
        schema: {
          tags: ['evaluation'],
          summary: 'Submit an inspection (JSON, or multipart: "command" + files "photos_<standardCode>"); 201 new, 200 replay',
          consumes: ['application/json', 'multipart/form-data'],
          response: withErrors({ 200: InspectionView, 201: InspectionView }),
        },
      },
      async (request, reply) => {
        let cmd: SubmitBody;
        let uploads: Upload[] = [];
        if (request.isMultipart()) {
          const body = await readMultipart(request);
          cmd = checkBody<SubmitBody>(SubmitBody, jsonField(body));
          uploads = body.files;
        } else cmd = checkBody<SubmitBody>(SubmitBody, request.body);
        const r = await services.inspections.submit(request.ctx, cmd, uploads);
        return reply.status(r.replay ? 200 : 201).send(r.inspection);
      },
    );
    app.get(
      '/:id',
      {
        config: { permission: 'evaluation.read' },
        schema: { tags: ['evaluation'], summary: 'An inspection', params: IdParams, response: withErrors({ 200: InspectionView }) },
      },
      async (request) => services.inspections.get(request.ctx, request.params.id),
    );
  };
}
