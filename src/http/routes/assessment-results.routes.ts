import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../services/index.js';
import { Binary, IdParams, withErrors } from '../../shared/contracts/common.contract.js';
import {
  AssessmentRun,
  AssessmentRunCompute,
  AssessmentRunLatestQuery,
  AssessmentRunList,
  AssessmentRunQuery,
} from '../../shared/contracts/assessment.contract.js';
import {
  AssessmentAdjustment,
  AssessmentAdjustmentCreate,
  AssessmentAdjustmentList,
  AssessmentAdjustmentQuery,
  AssessmentDecision,
} from '../../shared/contracts/assessment-adjustments.contract.js';
import {
  AppealFileParams,
  AssessmentAppeal,
  AssessmentAppealAccept,
  AssessmentAppealCreate,
  AssessmentAppealList,
  AssessmentAppealQuery,
  AssessmentAppealReject,
} from '../../shared/contracts/assessment-appeals.contract.js';
import { renderAssessmentWorkbook } from '../../documents/xlsx/assessment.sheets.js';
import { sendExport, sendFile, XLSX_TYPE } from './xlsx.js';
import { commandWithFiles } from '../command-body.js';

const tags = ['assessment'];

/** The multipart file field of an appeal's evidence. */
const APPEAL_FILE_FIELD = 'files';

/**
 * 考核 results, 加减分 and appeals (issue 13), under /api/assessment: runs (compute, review,
 * publish, Excel), adjustments (HQ proposes, a leader decides) and appeals (a unit appeals, HQ decides).
 */
export function assessmentResultsRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    const runs = services.assessmentResults;
    app.get(
      '/runs',
      {
        config: { permission: 'assessment.results' },
        schema: {
          tags,
          summary: 'Runs of a campaign the caller may read (drafts: HQ), newest period first',
          querystring: AssessmentRunQuery,
          response: withErrors({ 200: AssessmentRunList }),
        },
      },
      async (request) => ({ items: await runs.list(request.ctx, request.query) }),
    );
    app.get(
      '/runs/latest',
      {
        config: { permission: 'assessment.results' },
        schema: {
          tags,
          summary: 'The latest published run of a kind of period (404 when none)',
          querystring: AssessmentRunLatestQuery,
          response: withErrors({ 200: AssessmentRun }),
        },
      },
      async (request) => runs.latest(request.ctx, request.query.campaignId, request.query.periodKind),
    );
    app.post(
      '/runs',
      {
        config: { permission: 'assessment.manage' },
        schema: {
          tags,
          summary: "Compute a period's results as a draft with the model in force (replaces the period's draft)",
          body: AssessmentRunCompute,
          response: withErrors({ 201: AssessmentRun }),
        },
      },
      async (request, reply) => reply.status(201).send(await runs.compute(request.ctx, request.body)),
    );
    app.get(
      '/runs/:id',
      {
        config: { permission: 'assessment.results' },
        schema: {
          tags,
          summary: "A run: every group's ranks, changes and lists; explanations as the caller may see them",
          params: IdParams,
          response: withErrors({ 200: AssessmentRun }),
        },
      },
      async (request) => runs.get(request.ctx, request.params.id),
    );
    app.post(
      '/runs/:id/publish',
      {
        config: { permission: 'assessment.manage' },
        schema: {
          tags,
          summary: 'Publish a draft: frozen snapshot, hash audited, units notified',
          params: IdParams,
          response: withErrors({ 200: AssessmentRun }),
        },
      },
      async (request) => runs.publish(request.ctx, request.params.id),
    );
    app.get(
      '/runs/:id/results.xlsx',
      {
        config: { permission: 'assessment.results' },
        schema: {
          tags,
          summary: 'The run as an Excel workbook (results per group, 红黑榜), in Chinese',
          params: IdParams,
          response: withErrors({ 200: Binary(XLSX_TYPE, 'The results workbook') }),
        },
      },
      async (request, reply) => {
        const run = await runs.get(request.ctx, request.params.id);
        const stem = `${run.period.key}-v${run.version}`;
        const file = { name: `考核结果-${run.period.label}-第${run.version}版.xlsx`, ascii: `assessment-${stem}.xlsx` };
        return sendExport(reply, services.audit, await renderAssessmentWorkbook(run), file, 'assessment_results', {
          query: { id: run.id },
        });
      },
    );

    const adjustments = services.assessmentAdjustments;
    app.get(
      '/adjustments',
      {
        config: { permission: 'assessment.read' },
        schema: {
          tags,
          summary: "A campaign's 加减分, newest first",
          querystring: AssessmentAdjustmentQuery,
          response: withErrors({ 200: AssessmentAdjustmentList }),
        },
      },
      async (request) => ({ items: await adjustments.list(request.ctx, request.query) }),
    );
    app.post(
      '/adjustments',
      {
        config: { permission: 'assessment.manage' },
        schema: {
          tags,
          summary: 'Propose a 加减分 (pending until a leader decides)',
          body: AssessmentAdjustmentCreate,
          response: withErrors({ 201: AssessmentAdjustment }),
        },
      },
      async (request, reply) => reply.status(201).send(await adjustments.propose(request.ctx, request.body)),
    );
    for (const verb of ['approve', 'reject'] as const)
      app.post(
        `/adjustments/:id/${verb}`,
        {
          config: { permission: 'assessment.approve' },
          schema: {
            tags,
            summary: verb === 'approve' ? 'Approve a 加减分 (not one’s own)' : 'Reject a 加减分 with a reason',
            params: IdParams,
            body: AssessmentDecision,
            response: withErrors({ 200: AssessmentAdjustment }),
          },
        },
        async (request) => adjustments.decide(request.ctx, request.params.id, verb === 'approve', request.body?.reason),
      );

    const appeals = services.assessmentAppeals;
    app.get(
      '/appeals',
      {
        config: { permission: 'assessment.results' },
        schema: {
          tags,
          summary: 'Appeals the caller may see (a unit: its own), newest first',
          querystring: AssessmentAppealQuery,
          response: withErrors({ 200: AssessmentAppealList }),
        },
      },
      async (request) => ({ items: await appeals.list(request.ctx, request.query) }),
    );
    app.post(
      '/appeals',
      {
        config: { permission: 'assessment.appeal' },
        schema: {
          tags,
          summary:
            'Appeal a published result of one’s unit within the appeal deadline (JSON, or multipart: field "command" with this JSON + evidence files "files": JPEG, PNG, WebP or PDF)',
          consumes: ['application/json', 'multipart/form-data'],
          response: withErrors({ 201: AssessmentAppeal }),
        },
      },
      async (request, reply) => {
        const { cmd, uploads } = await commandWithFiles<AssessmentAppealCreate>(request, AssessmentAppealCreate, [APPEAL_FILE_FIELD]);
        return reply.status(201).send(await appeals.create(request.ctx, cmd, uploads));
      },
    );
    app.get(
      '/appeals/:id/files/:fileId',
      {
        config: { permission: 'assessment.results' },
        schema: {
          tags,
          summary: 'An evidence file of an appeal, as uploaded (HQ and leaders; a unit: its own appeals)',
          params: AppealFileParams,
          response: withErrors({ 200: Binary('application/octet-stream', 'the file (JPEG, PNG, WebP or PDF)') }),
        },
      },
      async (request, reply) => {
        const { body, size, mime, name } = await appeals.file(request.ctx, request.params.id, request.params.fileId);
        reply.header('cache-control', 'private, max-age=86400');
        const ext = mime === 'application/pdf' ? 'pdf' : mime === 'image/png' ? 'png' : mime === 'image/webp' ? 'webp' : 'jpg';
        return sendFile(reply, { body, size }, name ?? `申诉${request.params.id}-附件${request.params.fileId}.${ext}`, mime, 'inline');
      },
    );
    app.post(
      '/appeals/:id/accept',
      {
        config: { permission: 'assessment.manage' },
        schema: {
          tags,
          summary: 'Accept: an approved 加减分 and a corrected version published (the first kept)',
          params: IdParams,
          body: AssessmentAppealAccept,
          response: withErrors({ 200: AssessmentAppeal }),
        },
      },
      async (request) => appeals.accept(request.ctx, request.params.id, request.body),
    );
    app.post(
      '/appeals/:id/reject',
      {
        config: { permission: 'assessment.manage' },
        schema: {
          tags,
          summary: 'Reject an appeal with a reason',
          params: IdParams,
          body: AssessmentAppealReject,
          response: withErrors({ 200: AssessmentAppeal }),
        },
      },
      async (request) => appeals.reject(request.ctx, request.params.id, request.body),
    );
  };
}
