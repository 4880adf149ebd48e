import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { chinaDay } from '../../domain/calendar/work-calendar.js';
import { renderResultsWorkbook } from '../../documents/xlsx/results.sheets.js';
import type { Services } from '../../services/index.js';
import { Binary, withErrors } from '../../shared/contracts/common.contract.js';
import { IndexQuery, IndexView, RatesQuery, RatesView, TrendQuery, TrendView } from '../../shared/contracts/results.contract.js';
import { Type } from '@sinclair/typebox';
import { exportLang, exportName, LangQuery, sendExport, XLSX_TYPE } from './xlsx.js';

const TAGS = ['evaluation'];

/** 测评结果: 得分率 roll-ups, the simulated index with the annual scheme, the trend, and the Excel export. */
export function resultsRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/rates',
      {
        config: { permission: 'evaluation.read' },
        schema: {
          tags: TAGS,
          summary: '得分率 for a period, grouped by standard, point, type, indicator, item, unit, district or all',
          querystring: RatesQuery,
          response: withErrors({ 200: RatesView }),
        },
      },
      async (request) => services.results.rates(request.ctx, request.query),
    );
    app.get(
      '/index',
      {
        config: { permission: 'evaluation.read' },
        schema: {
          tags: TAGS,
          summary: 'Simulated evaluation index and annual score per district, ranked, plus the whole city',
          querystring: IndexQuery,
          response: withErrors({ 200: IndexView }),
        },
      },
      async (request) => services.results.index(request.ctx, request.query),
    );
    app.get(
      '/trend',
      {
        config: { permission: 'evaluation.read' },
        schema: {
          tags: TAGS,
          summary: '得分率 per week (Monday, China time) or month, per district, item or all',
          querystring: TrendQuery,
          response: withErrors({ 200: TrendView }),
        },
      },
      async (request) =>
        services.results.trend(request.ctx, {
          ...request.query,
          bucket: request.query.bucket ?? 'week',
          groupBy: request.query.groupBy ?? 'district',
        }),
    );
    app.get(
      '/export.xlsx',
      {
        config: { permission: 'evaluation.read' },
        schema: {
          tags: TAGS,
          summary: 'The index, every roll-up and the weekly trend as an Excel workbook',
          querystring: Type.Composite([IndexQuery, LangQuery], { additionalProperties: false }),
          response: withErrors({ 200: Binary(XLSX_TYPE, 'The results workbook') }),
        },
      },
      async (request, reply) => {
        const { lang: _lang, ...q } = request.query;
        const lang = exportLang(request);
        const data = await services.results.exportData(request.ctx, q);
        // The file names the period by China dates, last day inclusive.
        const first = chinaDay(new Date(data.index.from));
        const last = chinaDay(new Date(Date.parse(data.index.to) - 1));
        return sendExport(
          reply,
          services.audit,
          await renderResultsWorkbook(data, lang),
          exportName(lang, { zh: '测评结果', en: 'results' }, `-${first}-${last}`),
          'evaluation_results',
          { query: q },
        );
      },
    );
  };
}
