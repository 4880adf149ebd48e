import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../services/index.js';
import { Binary, IdParams, NoContent, withErrors } from '../../shared/contracts/common.contract.js';
import { ImportResult } from '../../shared/contracts/imports.contract.js';
import { UnitCreate, UnitList, UnitPatch, UnitRef as Unit } from '../../shared/contracts/units.contract.js';
import { exportLang, exportName, LangQuery, sendExport, sendXlsx, XLSX_TYPE, xlsxBody } from './xlsx.js';

export function unitRoutes(services: Services, opts: { importLimitBytes: number }): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/',
      {
        config: { permission: 'unit.read' },
        schema: { tags: ['units'], summary: 'The whole unit tree, parents first', response: withErrors({ 200: UnitList }) },
      },
      async (request) => ({
        items: await services.units.list(request.ctx),
      }),
    );

    app.get(
      '/export',
      {
        config: { permission: 'unit.read' },
        schema: {
          tags: ['units'],
          summary: 'Export units as .xlsx (importable), in Chinese or English (lang / Accept-Language)',
          querystring: LangQuery,
          response: withErrors({ 200: Binary(XLSX_TYPE, 'the unit tree, importable') }),
        },
      },
      async (request, reply) => {
        const lang = exportLang(request);
        return sendExport(
          reply,
          services.audit,
          await services.directory.exportUnits(request.ctx, lang),
          exportName(lang, { zh: '单位', en: 'units' }),
          'units',
        );
      },
    );

    app.get(
      '/template',
      {
        config: { permission: 'unit.read' },
        schema: {
          tags: ['units'],
          summary: 'Empty .xlsx template for unit import, in Chinese or English (lang / Accept-Language)',
          querystring: LangQuery,
          response: withErrors({ 200: Binary(XLSX_TYPE, 'an empty unit import template') }),
        },
      },
      async (request, reply) => {
        const lang = exportLang(request);
        return sendXlsx(
          reply,
          await services.directory.template('units', lang),
          exportName(lang, { zh: '单位导入模板', en: 'units-template' }),
        );
      },
    );

    app.post(
      '/import',
      {
        config: { permission: 'unit.write' },
        bodyLimit: opts.importLimitBytes,
        schema: {
          tags: ['units'],
          summary: 'Import units from .xlsx (all or nothing)',
          consumes: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
          response: withErrors({ 200: ImportResult }),
        },
      },
      async (request) => services.directory.importUnits(request.ctx, xlsxBody(request.body)),
    );

    app.get(
      '/:id',
      {
        config: { permission: 'unit.read' },
        schema: { tags: ['units'], summary: 'One unit', params: IdParams, response: withErrors({ 200: Unit }) },
      },
      async (request) => services.units.get(request.ctx, request.params.id),
    );

    app.post(
      '/',
      {
        config: { permission: 'unit.write' },
        schema: { tags: ['units'], summary: 'Create a unit', body: UnitCreate, response: withErrors({ 201: Unit }) },
      },
      async (request, reply) => reply.status(201).send(await services.units.create(request.ctx, request.body)),
    );

    app.patch(
      '/:id',
      {
        config: { permission: 'unit.write' },
        schema: {
          tags: ['units'],
          summary: 'Edit or move a unit',
          params: IdParams,
          body: UnitPatch,
          response: withErrors({ 200: Unit }),
        },
      },
      async (request) => services.units.update(request.ctx, request.params.id, request.body),
    );

    app.delete(
      '/:id',
      {
        config: { permission: 'unit.write' },
        schema: { tags: ['units'], summary: 'Delete an empty leaf unit', params: IdParams, response: withErrors({ 204: NoContent }) },
      },
      async (request, reply) => {
        await services.units.remove(request.ctx, request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
