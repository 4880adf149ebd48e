import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { chinaDay } from '../../domain/calendar/work-calendar.js';
import { commandWithFiles } from '../command-body.js';
import { AppError } from '../../core/errors.js';
import type { Services } from '../../services/index.js';
import { CASE_STATES } from '../../shared/case-enums.js';
import {
  ActBody,
  ActReply,
  CaseDetail,
  CaseList,
  CaseMapReply,
  CaseQuery,
  Categories,
  Category,
  CategoryCreate,
  CategoryParams,
  CategoryPatch,
  DayBody,
  DayParams,
  IndicatorQuery,
  IndicatorsReply,
  ReportBody,
  ReportReply,
  Suggestion,
  WorkCalendarView,
} from '../../shared/contracts/cases.contract.js';
import { FileParams } from '../../shared/contracts/files.contract.js';
import { Binary, IdParams, NoContent, withErrors } from '../../shared/contracts/common.contract.js';
import { renderCaseList } from '../../documents/xlsx/case-list.sheet.js';
import { Type } from '@sinclair/typebox';
import { exportLang, exportName, LangQuery, sendExport, sendFile, XLSX_TYPE } from './xlsx.js';

/** The file fields of a case's report or action: its photos and, for a rectification, the before photos. */
const CASE_FILE_FIELDS = ['photos', 'before'] as const;

function filtersOf(q: CaseQuery, actorId: number) {
  const states = q.state
    ? q.state
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;
  for (const s of states ?? [])
    if (!(CASE_STATES as readonly string[]).includes(s))
      throw new AppError(400, 'invalid_input', `querystring.state: unknown state "${s}"`, { field: 'querystring.state' });
  return {
    states,
    pendingExtension: q.pendingExtension,
    unitId: q.unitId,
    areaUnitId: q.areaUnitId,
    categoryCode: q.categoryCode,
    severity: q.severity,
    source: q.source,
    overdue: q.overdue,
    reporterId: q.mine ? actorId : undefined,
    createdFrom: q.from ? new Date(q.from).toISOString() : undefined,
    createdTo: q.to ? new Date(q.to).toISOString() : undefined,
    dispatchedFrom: q.dispatchedFrom ? new Date(q.dispatchedFrom).toISOString() : undefined,
    dispatchedTo: q.dispatchedTo ? new Date(q.dispatchedTo).toISOString() : undefined,
    q: q.q,
    orderBy: q.orderBy,
  };
}

export function caseRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/categories',
      {
        config: { permission: 'authenticated' },
        schema: { tags: ['cases'], summary: 'Case categories in force', response: withErrors({ 200: Categories }) },
      },
      async () => {
        const p = await services.casePolicy.policy();
        return { items: p.categories, severityRules: p.severityRules };
      },
    );

    app.post(
      '/categories',
      {
        config: { permission: 'case.configure' },
        schema: {
          tags: ['cases'],
          summary: 'Add a case category (e.g. for a campaign)',
          body: CategoryCreate,
          response: withErrors({ 201: Category }),
        },
      },
      async (request, reply) => reply.status(201).send(await services.caseConfig.createCategory(request.ctx, request.body)),
    );

    app.patch(
      '/categories/:code',
      {
        config: { permission: 'case.configure' },
        schema: {
          tags: ['cases'],
          summary: 'Change a category (rules, name, active)',
          params: CategoryParams,
          body: CategoryPatch,
          response: withErrors({ 204: NoContent }),
        },
      },
      async (request, reply) => {
        await services.caseConfig.updateCategory(request.ctx, request.params.code, request.body);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/calendar',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags: ['cases'],
          summary: 'Working-day calendar: holidays and make-up working days',
          response: withErrors({ 200: WorkCalendarView }),
        },
      },
      async (request) => services.caseConfig.calendar(request.ctx),
    );

    app.put(
      '/calendar/:day',
      {
        config: { permission: 'case.configure' },
        schema: {
          tags: ['cases'],
          summary: 'Mark a day as holiday, make-up working day (调休) or normal',
          params: DayParams,
          body: DayBody,
          response: withErrors({ 204: NoContent }),
        },
      },
      async (request, reply) => {
        await services.caseConfig.setDay(request.ctx, request.params.day, request.body.kind, request.body.note ?? null);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/',
      {
        config: { permission: 'case.report' },
        schema: {
          tags: ['cases'],
          summary: 'Report a problem (JSON, or multipart: field "command" with this JSON + files "photos")',
          consumes: ['application/json', 'multipart/form-data'],
          response: withErrors({ 201: ReportReply }),
        },
      },
      async (request, reply) => {
        const { cmd, uploads } = await commandWithFiles<ReportBody>(request, ReportBody, CASE_FILE_FIELDS);
        return reply.status(201).send(await services.cases.report(request.ctx, cmd, uploads));
      },
    );

    app.get(
      '/',
      {
        config: { permission: 'authenticated' },
        schema: { tags: ['cases'], summary: 'Search cases', querystring: CaseQuery, response: withErrors({ 200: CaseList }) },
      },
      async (request) => {
        const q = request.query;
        const page = q.page ?? 1;
        const pageSize = q.pageSize ?? 20;
        return services.caseQuery.list(request.ctx, {
          ...filtersOf(q, request.ctx.actor!.userId),
          offset: (page - 1) * pageSize,
          limit: pageSize,
        });
      },
    );

    app.get(
      '/export',
      {
        config: { permission: 'case.read' },
        schema: {
          tags: ['cases'],
          summary: 'Export the filtered cases as .xlsx, in Chinese or English (lang / Accept-Language)',
          querystring: Type.Composite([CaseQuery, LangQuery], { additionalProperties: false }),
          response: withErrors({ 200: Binary(XLSX_TYPE, 'the cases as an .xlsx workbook') }),
        },
      },
      async (request, reply) => {
        const { lang: _lang, ...q } = request.query;
        const lang = exportLang(request);
        const { items } = await services.caseQuery.list(request.ctx, {
          ...filtersOf(q, request.ctx.actor!.userId),
          offset: 0,
          limit: 20000,
        });
        const names = new Map((await services.casePolicy.policy()).categories.map((c) => [c.code, c.name]));
        return sendExport(
          reply,
          services.audit,
          await renderCaseList(items, (code) => names.get(code), lang),
          exportName(lang, { zh: '案卷', en: 'cases' }, `-${chinaDay(services.clock.now())}`),
          'cases',
          // The filters as given (the export ignores paging: it takes every match, up to 20 000).
          { query: withoutPaging(q), rows: items.length },
        );
      },
    );

    app.get(
      '/map',
      {
        config: { permission: 'case.read' },
        schema: {
          tags: ['cases'],
          summary: 'Located cases for the map (at most 5000)',
          querystring: CaseQuery,
          response: withErrors({ 200: CaseMapReply }),
        },
      },
      async (request) => {
        const q = request.query;
        const { items } = await services.caseQuery.list(request.ctx, {
          ...filtersOf(q, request.ctx.actor!.userId),
          offset: 0,
          limit: 5000,
        });
        return {
          items: items
            .filter((c) => c.lon !== null && c.lat !== null)
            .map((c) => ({
              id: c.id,
              number: c.number,
              state: c.state,
              overdue: c.overdue,
              lon: c.lon!,
              lat: c.lat!,
              categoryCode: c.categoryCode,
            })),
        };
      },
    );

    app.get(
      '/indicators',
      {
        config: { permission: 'case.read' },
        schema: {
          tags: ['cases'],
          summary: 'Standard indicators for a unit and cohort period',
          querystring: IndicatorQuery,
          response: withErrors({ 200: IndicatorsReply }),
        },
      },
      async (request) => {
        // from/to are CalendarDate: days that exist (2026-13-45 is a 400 before this runs).
        return services.caseQuery.indicators(request.ctx, request.query);
      },
    );

    app.get(
      '/:id',
      {
        config: { permission: 'authenticated' },
        schema: { tags: ['cases'], summary: 'A case with its timeline', params: IdParams, response: withErrors({ 200: CaseDetail }) },
      },
      async (request) => services.caseQuery.get(request.ctx, request.params.id),
    );

    app.get(
      '/:id/suggestion',
      {
        config: { permission: 'case.act' },
        schema: {
          tags: ['cases'],
          summary: 'Suggested responsible unit and deadline',
          params: IdParams,
          response: withErrors({ 200: Suggestion }),
        },
      },
      async (request) => {
        await services.caseQuery.assertCanSee(request.ctx, request.params.id);
        return services.cases.suggestDispatch(request.ctx, request.params.id);
      },
    );

    app.post(
      '/:id/actions',
      {
        config: { permission: 'case.act' },
        schema: {
          tags: ['cases'],
          summary: 'Act on a case (JSON, or multipart with "command" + "photos"/"before")',
          params: IdParams,
          consumes: ['application/json', 'multipart/form-data'],
          response: withErrors({ 200: ActReply }),
        },
      },
      async (request) => {
        await services.caseQuery.assertCanSee(request.ctx, request.params.id);
        const { cmd, uploads } = await commandWithFiles<ActBody>(request, ActBody, CASE_FILE_FIELDS);
        return services.cases.act(request.ctx, request.params.id, cmd, uploads);
      },
    );
  };
}

const VARIANT_NAMES: Record<string, string> = { original: '原图', public: '照片', thumb: '缩略图' };
const EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

/** A photo's file name when saved: 案卷12-照片34-原图.jpg. */
function photoFileName(caseId: number, fileId: number, variant: string, mime: string): string {
  return `案卷${caseId}-照片${fileId}-${VARIANT_NAMES[variant] ?? variant}.${EXTENSIONS[mime] ?? 'bin'}`;
}

/** Photos of cases, by id and variant. */
export function fileRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/:id/:variant',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags: ['cases'],
          summary: 'A photo: original (officials), public (metadata stripped) or thumb',
          params: FileParams,
          response: withErrors({ 200: Binary('image/*', 'the photo (JPEG, PNG or WebP)') }),
        },
      },
      async (request, reply) => {
        const row = await services.files.get(request.params.id);
        if (row.case_id === null) throw new AppError(404, 'not_found', `file ${request.params.id} not found`);
        await services.caseQuery.assertCanSee(request.ctx, row.case_id);
        // Originals keep EXIF (GPS, device): only people who work cases see them.
        const variant =
          request.params.variant === 'original' && !request.ctx.actor!.grants.some((g) => g.role !== 'citizen')
            ? 'public'
            : request.params.variant;
        const { body, size, mime } = await services.files.read(request.params.id, variant);
        // The original (EXIF, GPS) is saved, never shown in a tab where it is one click from being shared;
        // the stripped copies are what pages show.
        reply.header('cache-control', 'private, max-age=86400');
        return sendFile(
          reply,
          { body, size },
          photoFileName(row.case_id, request.params.id, variant, mime),
          mime,
          variant === 'original' ? 'attachment' : 'inline',
        );
      },
    );
  };
}

/** A query without its page and page size. */
function withoutPaging<Q extends { page?: unknown; pageSize?: unknown }>(q: Q): Omit<Q, 'page' | 'pageSize'> {
  const { page: _page, pageSize: _pageSize, ...rest } = q;
  return rest;
}
