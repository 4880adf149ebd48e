import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../services/index.js';
import { Binary, IdParams, withErrors } from '../../shared/contracts/common.contract.js';
import {
  ChecklistParams,
  FrameworkChecklist,
  FrameworkCreate,
  FrameworkDetail,
  FrameworkList,
  FrameworkNodesBody,
} from '../../shared/contracts/evaluation.contract.js';
import { exportLang, exportName, LangQuery, sendExport, sendXlsx, XLSX_TYPE, xlsxBody } from './xlsx.js';

export function frameworkRoutes(services: Services, opts: { importLimitBytes: number }): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/',
      {
        config: { permission: 'evaluation.read' },
        schema: { tags: ['evaluation'], summary: 'Framework versions', response: withErrors({ 200: FrameworkList }) },
      },
      async (request) => ({ items: await services.frameworks.list(request.ctx) }),
    );
    app.get(
      '/template',
      {
        config: { permission: 'evaluation.read' },
        schema: {
          tags: ['evaluation'],
          summary: 'Framework import template (.xlsx), in Chinese or English (lang / Accept-Language)',
          querystring: LangQuery,
          response: withErrors({ 200: Binary(XLSX_TYPE, 'The import template') }),
        },
      },
      async (request, reply) => {
        const lang = exportLang(request);
        return sendXlsx(
          reply,
          await services.frameworks.template(lang),
          exportName(lang, { zh: '测评体系模板', en: 'framework-template' }),
        );
      },
    );
    app.post(
      '/',
      {
        config: { permission: 'evaluation.manage' },
        schema: {
          tags: ['evaluation'],
          summary: 'Create a draft version',
          body: FrameworkCreate,
          response: withErrors({ 201: FrameworkDetail }),
        },
      },
      async (request, reply) => reply.status(201).send(await services.frameworks.create(request.ctx, request.body)),
    );
    app.get(
      '/:id',
      {
        config: { permission: 'evaluation.read' },
        schema: {
          tags: ['evaluation'],
          summary: 'A version with its nodes',
          params: IdParams,
          response: withErrors({ 200: FrameworkDetail }),
        },
      },
      async (request) => services.frameworks.get(request.ctx, request.params.id),
    );
    app.put(
      '/:id/nodes',
      {
        config: { permission: 'evaluation.manage' },
        schema: {
          tags: ['evaluation'],
          summary: 'Replace the nodes of a draft (409 once published)',
          params: IdParams,
          body: FrameworkNodesBody,
          response: withErrors({ 200: FrameworkDetail }),
        },
      },
      async (request) => services.frameworks.replaceNodes(request.ctx, request.params.id, request.body.nodes),
    );
    app.post(
      '/:id/import',
      {
        config: { permission: 'evaluation.manage' },
        bodyLimit: opts.importLimitBytes,
        schema: {
          tags: ['evaluation'],
          summary: 'Import a draft from .xlsx (all or nothing)',
          params: IdParams,
          consumes: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
          response: withErrors({ 200: FrameworkDetail }),
        },
      },
      async (request) => services.frameworks.importXlsx(request.ctx, request.params.id, xlsxBody(request.body)),
    );
    app.get(
      '/:id/export',
      {
        config: { permission: 'evaluation.read' },
        schema: {
          tags: ['evaluation'],
          summary: 'Export a version as .xlsx (importable), in Chinese or English (lang / Accept-Language)',
          params: IdParams,
          querystring: LangQuery,
          response: withErrors({ 200: Binary(XLSX_TYPE, 'The version as an importable workbook') }),
        },
      },
      async (request, reply) => {
        const { buffer, filename } = await services.frameworks.exportXlsx(request.ctx, request.params.id, exportLang(request));
        return sendExport(reply, services.audit, buffer, filename, 'framework', { query: { id: request.params.id } });
      },
    );
    app.post(
      '/:id/publish',
      {
        config: { permission: 'evaluation.manage' },
        schema: {
          tags: ['evaluation'],
          summary: 'Publish a draft (frozen afterwards)',
          params: IdParams,
          response: withErrors({ 200: FrameworkDetail }),
        },
      },
      async (request) => services.frameworks.publish(request.ctx, request.params.id),
    );
    app.post(
      '/:id/drafts',
      {
        config: { permission: 'evaluation.manage' },
        schema: {
          tags: ['evaluation'],
          summary: 'New draft copied from this version',
          params: IdParams,
          response: withErrors({ 201: FrameworkDetail }),
        },
      },
      async (request, reply) => reply.status(201).send(await services.frameworks.newDraft(request.ctx, request.params.id)),
    );
    app.get(
      '/:id/checklists/:pointType',
      {
        config: { permission: 'evaluation.read' },
        schema: {
          tags: ['evaluation'],
          summary: 'Standards of a point type',
          params: ChecklistParams,
          response: withErrors({ 200: FrameworkChecklist }),
        },
      },
      async (request) => ({
        items: await services.frameworks.checklist(request.ctx, request.params.id, request.params.pointType),
      }),
    );
  };
}
