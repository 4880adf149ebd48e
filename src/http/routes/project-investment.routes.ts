import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { commandWithFiles } from '../command-body.js';
import type { Services } from '../../services/index.js';
import { Binary, IdParams, withErrors } from '../../shared/contracts/common.contract.js';
import {
  FileReportBody,
  InvestmentPlan,
  InvestmentQuery,
  PlanParams,
  ProjectInvestment,
  ReportDueList,
  ReportFileParams,
  ReportLapseList,
  ReportLapseQuery,
  SetPlanBody,
} from '../../shared/contracts/project-investment.contract.js';
import { sendFile } from './xlsx.js';

/** The multipart file field of a report's photos. */
const PHOTO_FIELD = 'photos';

const extOf = (mime: string) => (mime === 'image/png' ? 'png' : mime === 'image/webp' ? 'webp' : 'jpg');

/** Investment progress of a project (under /api/projects): annual plans, monthly reports, the light. */
export function projectInvestmentRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    const s = services.projectInvestment;
    const tags = ['projects'];
    app.get(
      '/:id/plans/:year',
      {
        config: { permission: 'project.read' },
        schema: {
          tags,
          summary: "A project's annual planned investment (年度计划投资, 万元); 404 when none is set",
          params: PlanParams,
          response: withErrors({ 200: InvestmentPlan }),
        },
      },
      async (request) => s.plan(request.ctx, request.params.id, request.params.year),
    );
    app.put(
      '/:id/plans/:year',
      {
        config: { permission: 'project.manage' },
        schema: {
          tags,
          summary: 'The projects office sets the annual planned investment (changing one needs the version read)',
          params: PlanParams,
          body: SetPlanBody,
          response: withErrors({ 200: InvestmentPlan }),
        },
      },
      async (request) => s.setPlan(request.ctx, request.params.id, request.params.year, request.body),
    );
    app.get(
      '/:id/investment',
      {
        config: { permission: 'project.read' },
        schema: {
          tags,
          summary:
            'A year of investment progress: plan, 完成率 against 序时进度, the light and its reason, each month, late and missing reports',
          params: IdParams,
          querystring: InvestmentQuery,
          response: withErrors({ 200: ProjectInvestment }),
        },
      },
      async (request) => s.investment(request.ctx, request.params.id, request.query.year),
    );
    app.get(
      '/:id/reports',
      {
        config: { permission: 'project.read' },
        schema: {
          tags,
          summary: 'The monthly reports of a year with every version (the same reply as /investment)',
          params: IdParams,
          querystring: InvestmentQuery,
          response: withErrors({ 200: ProjectInvestment }),
        },
      },
      async (request) => s.investment(request.ctx, request.params.id, request.query.year),
    );
    app.post(
      '/:id/reports',
      {
        config: { permission: 'project.report' },
        schema: {
          tags,
          summary:
            'The project unit files an ended month (JSON, or multipart: field "command" with this JSON + image files "photos"); a filed month is corrected with its version and a reason',
          consumes: ['application/json', 'multipart/form-data'],
          params: IdParams,
          response: withErrors({ 200: ProjectInvestment }),
        },
      },
      async (request) => {
        const { cmd, uploads } = await commandWithFiles<FileReportBody>(request, FileReportBody, [PHOTO_FIELD]);
        return s.file(request.ctx, request.params.id, cmd, uploads);
      },
    );
    app.get(
      '/:id/reports/:reportId/files/:fileId',
      {
        config: { permission: 'project.read' },
        schema: {
          tags,
          summary: 'A photo of a monthly report (without its metadata), for those who see the project',
          params: ReportFileParams,
          response: withErrors({ 200: Binary('application/octet-stream', 'the photo (JPEG, PNG or WebP)') }),
        },
      },
      async (request, reply) => {
        const { id, reportId, fileId } = request.params;
        const { body, size, mime, name } = await s.photo(request.ctx, id, reportId, fileId);
        reply.header('cache-control', 'private, max-age=86400');
        return sendFile(reply, { body, size }, name ?? `项目${id}-月报${reportId}-照片${fileId}.${extOf(mime)}`, mime, 'inline');
      },
    );
  };
}

/** Late and missing monthly reports across projects (/api/project-reports). */
export function projectReportRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    const s = services.projectReportLapses;
    const tags = ['projects'];
    app.get(
      '/lapses',
      {
        config: { permission: 'project.read' },
        schema: {
          tags,
          summary: 'Late and missing monthly reports of the projects the caller sees, newest month first, with the letters about them',
          querystring: ReportLapseQuery,
          response: withErrors({ 200: ReportLapseList }),
        },
      },
      async (request) => s.lapses(request.ctx, request.query),
    );
    app.get(
      '/due',
      {
        config: { permission: 'project.read' },
        schema: {
          tags,
          summary: "The months of the caller's own projects not filed yet (本月待报, and missing ones), oldest first",
          response: withErrors({ 200: ReportDueList }),
        },
      },
      async (request) => s.due(request.ctx),
    );
  };
}
