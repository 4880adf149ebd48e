import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { invalid } from '../../core/errors.js';
import { chinaDay } from '../../domain/calendar/work-calendar.js';
import type { Services } from '../../services/index.js';
import { Binary, IdParams, withErrors } from '../../shared/contracts/common.contract.js';
import { ProjectImportResult, ProjectQuery } from '../../shared/contracts/projects.contract.js';
import { readMultipart } from '../multipart.js';
import { exportLang, exportName, LangQuery, sendExport, sendXlsx, XLSX_TYPE } from './xlsx.js';

/**
 * OC4IDS JSON, declared loosely: Fastify's ajv cannot load the draft-04 OC4IDS schemas, so the
 * replies are checked against the shipped schemas by the tests (test/http/project-oc4ids.routes.test.ts).
 */
const Oc4idsJson = (description: string) => Type.Object({}, { additionalProperties: true, description });

/** The multipart file field of an import. */
const IMPORT_FIELD = 'file';

/** This server's origin as the client reached it (for document links when DUDAO_PUBLIC_URL is unset). */
const originOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

/** The register's exchange formats: OC4IDS (point 8) and Excel export / import (point 1). Under /api/projects. */
export function projectIoRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['projects'];
    app.get(
      '/oc4ids',
      {
        config: { permission: 'project.read' },
        schema: {
          tags,
          summary: 'The projects the caller may see (list filters) as one OC4IDS 0.9 project package; 404 when none match',
          querystring: ProjectQuery,
          response: withErrors({ 200: Oc4idsJson('an OC4IDS project package (project-package-schema.json)') }),
        },
      },
      async (request) => {
        const pkg = await services.projectOc4ids.package(request.ctx, request.query, originOf(request));
        // A bulk export of the register like its .xlsx, so audited the same way (docs/SECURITY.md,
        // "Exports are audited"); one project's OC4IDS is a read of one record, like its page.
        // The package holds every match: the list's paging (filled in by the schema's defaults) is no filter.
        const { page: _page, pageSize: _size, ...filters } = request.query;
        const query = Object.keys(filters).length > 0 ? { query: filters } : {};
        await services.audit.recordExport(request.ctx, {
          what: 'projects.oc4ids',
          file: 'oc4ids.json',
          ...query,
          rows: pkg.projects.length,
        });
        return pkg;
      },
    );
    app.get(
      '/:id/oc4ids',
      {
        config: { permission: 'project.read' },
        schema: {
          tags,
          summary: 'One project as an OC4IDS 0.9 project',
          params: IdParams,
          response: withErrors({ 200: Oc4idsJson('an OC4IDS project (project-schema.json)') }),
        },
      },
      async (request) => services.projectOc4ids.project(request.ctx, request.params.id, originOf(request)),
    );
    app.get(
      '/export.xlsx',
      {
        config: { permission: 'project.read' },
        schema: {
          tags,
          summary: 'The filtered projects as .xlsx (names, labels, amounts in 万元), in Chinese or English',
          querystring: Type.Composite([ProjectQuery, LangQuery], { additionalProperties: false }),
          response: withErrors({ 200: Binary(XLSX_TYPE, 'the projects as an .xlsx workbook') }),
        },
      },
      async (request, reply) => {
        const { lang: _lang, ...q } = request.query;
        const lang = exportLang(request);
        return sendExport(
          reply,
          services.audit,
          await services.projectSheets.exportSheet(request.ctx, q, lang),
          exportName(lang, { zh: '重大项目', en: 'projects' }, `-${chinaDay(services.clock.now())}`),
          'projects',
          { query: q },
        );
      },
    );
    app.get(
      '/import-template.xlsx',
      {
        config: { permission: 'project.manage' },
        schema: {
          tags,
          summary: 'The project import template: headers, an example row, a 说明 sheet (docs/IMPORT-TEMPLATES.md)',
          querystring: LangQuery,
          response: withErrors({ 200: Binary(XLSX_TYPE, 'the project import template') }),
        },
      },
      async (request, reply) => {
        const lang = exportLang(request);
        return sendXlsx(
          reply,
          await services.projectSheets.template(request.ctx, lang),
          exportName(lang, { zh: '重大项目导入模板', en: 'project-import-template' }),
        );
      },
    );
    app.post(
      '/import',
      {
        config: { permission: 'project.manage' },
        schema: {
          tags,
          summary: 'Import projects (multipart, one .xlsx in field "file"): all rows or none; 422 lists each bad row and column',
          consumes: ['multipart/form-data'],
          response: withErrors({ 200: ProjectImportResult }),
        },
      },
      async (request) => {
        const body = await readMultipart(request);
        const files = body.files.filter((f) => f.field === IMPORT_FIELD);
        if (files.length !== 1 || body.files.length !== 1)
          throw invalid(IMPORT_FIELD, 'send exactly one .xlsx file in the multipart field "file"');
        // A workbook is parsed whole anyway: read the temporary file back into memory.
        const sheet = files[0]!.source;
        return services.projectSheets.importSheet(request.ctx, await sheet.head(sheet.size));
      },
    );
  };
}
