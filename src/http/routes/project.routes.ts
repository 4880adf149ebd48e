import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { commandWithFiles } from '../command-body.js';
import type { Services } from '../../services/index.js';
import { Binary, IdParams, withErrors } from '../../shared/contracts/common.contract.js';
import {
  AddBatchProjectBody,
  BatchProjectParams,
  ConfirmStageBody,
  CreateProjectBatchBody,
  Project,
  ProjectBatchDetail,
  ProjectBatchList,
  ProjectBatchQuery,
  ProjectCreate,
  ProjectList,
  ProjectPatch,
  ProjectQuery,
  ProjectRates,
  RangeRatesQuery,
  RatesQuery,
  RecordStageBody,
  RejectStageBody,
  StageFileParams,
  StageRecordParams,
  TerminateProjectBody,
} from '../../shared/contracts/projects.contract.js';
import { sendFile } from './xlsx.js';

/** The multipart file field of a stage's evidence. */
const EVIDENCE_FIELD = 'evidence';

const extOf = (mime: string) =>
  mime === 'application/pdf' ? 'pdf' : mime === 'image/png' ? 'png' : mime === 'image/webp' ? 'webp' : 'jpg';

/** 重大项目: the register, its stages (recorded with evidence, confirmed or sent back), 终止. */
export function projectRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    const s = services.projects;
    const stages = services.projectStages;
    const tags = ['projects'];
    app.get(
      '/',
      {
        config: { permission: 'project.read' },
        schema: {
          tags,
          summary: 'Projects the caller may see, by code: search (code or name), filters, paging',
          querystring: ProjectQuery,
          response: withErrors({ 200: ProjectList }),
        },
      },
      async (request) => s.list(request.ctx, request.query),
    );
    app.post(
      '/',
      {
        config: { permission: 'project.manage' },
        schema: {
          tags,
          summary: 'The projects office registers a project of its county (stage 谋划); amounts in 万元',
          body: ProjectCreate,
          response: withErrors({ 200: Project }),
        },
      },
      async (request) => s.create(request.ctx, request.body),
    );
    app.get(
      '/:id',
      {
        config: { permission: 'project.read' },
        schema: {
          tags,
          summary: 'One project with its people, plan, recorded stages and batches',
          params: IdParams,
          response: withErrors({ 200: Project }),
        },
      },
      async (request) => s.get(request.ctx, request.params.id),
    );
    app.patch(
      '/:id',
      {
        config: { permission: 'project.edit' },
        schema: {
          tags,
          summary: 'Edit a project at the version read (the project unit: its own projects, not code, county, work team, leader or people)',
          params: IdParams,
          body: ProjectPatch,
          response: withErrors({ 200: Project }),
        },
      },
      async (request) => s.update(request.ctx, request.params.id, request.body),
    );
    app.post(
      '/:id/terminate',
      {
        config: { permission: 'project.manage' },
        schema: {
          tags,
          summary: '终止: stop a project with a reason',
          params: IdParams,
          body: TerminateProjectBody,
          response: withErrors({ 200: Project }),
        },
      },
      async (request) => s.terminate(request.ctx, request.params.id, request.body),
    );
    app.post(
      '/:id/stages',
      {
        config: { permission: 'project.report' },
        schema: {
          tags,
          summary:
            'The project unit records a stage reached (JSON, or multipart: field "command" with this JSON + files "evidence": images or PDF); going back or skipping needs a reason',
          consumes: ['application/json', 'multipart/form-data'],
          params: IdParams,
          response: withErrors({ 200: Project }),
        },
      },
      async (request) => {
        const { cmd, uploads } = await commandWithFiles<RecordStageBody>(request, RecordStageBody, [EVIDENCE_FIELD]);
        return stages.record(request.ctx, request.params.id, cmd, uploads);
      },
    );
    app.post(
      '/:id/stages/:recordId/confirm',
      {
        config: { permission: 'project.confirm' },
        schema: {
          tags,
          summary: 'The work team or the projects office confirms a recorded stage: the project moves to it',
          params: StageRecordParams,
          body: ConfirmStageBody,
          response: withErrors({ 200: Project }),
        },
      },
      async (request) => stages.confirm(request.ctx, request.params.id, request.params.recordId),
    );
    app.post(
      '/:id/stages/:recordId/reject',
      {
        config: { permission: 'project.confirm' },
        schema: {
          tags,
          summary: 'The work team or the projects office sends a recorded stage back with a reason',
          params: StageRecordParams,
          body: RejectStageBody,
          response: withErrors({ 200: Project }),
        },
      },
      async (request) => stages.reject(request.ctx, request.params.id, request.params.recordId, request.body.reason),
    );
    app.get(
      '/:id/stages/:recordId/files/:fileId',
      {
        config: { permission: 'project.read' },
        schema: {
          tags,
          summary: 'An evidence file of a recorded stage (photos without metadata, or the PDF), for those who see the project',
          params: StageFileParams,
          response: withErrors({ 200: Binary('application/octet-stream', 'the file (JPEG, PNG, WebP or PDF)') }),
        },
      },
      async (request, reply) => {
        const { id, recordId, fileId } = request.params;
        const { body, size, mime, name } = await stages.evidence(request.ctx, id, recordId, fileId);
        reply.header('cache-control', 'private, max-age=86400');
        return sendFile(reply, { body, size }, name ?? `项目${id}-阶段${recordId}-附件${fileId}.${extOf(mime)}`, mime, 'inline');
      },
    );
  };
}

/** "三个一批" batches: a county's numbered events with their projects in roles, and the rates as of a day. */
export function projectBatchRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    const s = services.projectBatches;
    const tags = ['projects'];
    app.get(
      '/',
      {
        config: { permission: 'project.read' },
        schema: {
          tags,
          summary: 'Batches of the counties the caller covers, by county and 期数',
          querystring: ProjectBatchQuery,
          response: withErrors({ 200: ProjectBatchList }),
        },
      },
      async (request) => s.list(request.ctx, request.query),
    );
    app.post(
      '/',
      {
        config: { permission: 'project.manage' },
        schema: {
          tags,
          summary: 'The projects office numbers a new batch of its county',
          body: CreateProjectBatchBody,
          response: withErrors({ 200: ProjectBatchDetail }),
        },
      },
      async (request) => s.create(request.ctx, request.body),
    );
    app.get(
      '/rates',
      {
        config: { permission: 'project.read' },
        schema: {
          tags,
          summary: 'The rates of periods fromSeq–toSeq of a county together ("前四期"), as of a day (today when absent)',
          querystring: RangeRatesQuery,
          response: withErrors({ 200: ProjectRates }),
        },
      },
      async (request) => s.rangeRates(request.ctx, request.query),
    );
    app.get(
      '/:id',
      {
        config: { permission: 'project.read' },
        schema: {
          tags,
          summary: 'A batch with its projects, their roles and confirmed stages',
          params: IdParams,
          response: withErrors({ 200: ProjectBatchDetail }),
        },
      },
      async (request) => s.get(request.ctx, request.params.id),
    );
    app.get(
      '/:id/rates',
      {
        config: { permission: 'project.read' },
        schema: {
          tags,
          summary: '履约率, 开工率, 投产率, 达产率 of a batch, count-based and investment-weighted, as of a day (today when absent)',
          params: IdParams,
          querystring: RatesQuery,
          response: withErrors({ 200: ProjectRates }),
        },
      },
      async (request) => s.rates(request.ctx, request.params.id, request.query.asOf),
    );
    app.post(
      '/:id/projects',
      {
        config: { permission: 'project.manage' },
        schema: {
          tags,
          summary: 'Add a project of the county to the batch in a role (签约 / 开工 / 投产)',
          params: IdParams,
          body: AddBatchProjectBody,
          response: withErrors({ 200: ProjectBatchDetail }),
        },
      },
      async (request) => s.addProject(request.ctx, request.params.id, request.body),
    );
    app.delete(
      '/:id/projects/:projectId',
      {
        config: { permission: 'project.manage' },
        schema: {
          tags,
          summary: 'Take a project out of the batch',
          params: BatchProjectParams,
          response: withErrors({ 200: ProjectBatchDetail }),
        },
      },
      async (request) => s.removeProject(request.ctx, request.params.id, request.params.projectId),
    );
  };
}
