/**
 * Typed client of /api/results (测评结果): 得分率 roll-ups, the simulated index, the
 * trend and the Excel export. The shapes are src/shared/contracts/results.contract.ts.
 */
import type {
  IndexQuery,
  IndexView,
  RatesQuery,
  RatesView,
  TrendQuery,
  TrendView,
} from '../../../src/shared/contracts/results.contract.js';
import { api, download, withQuery } from './client.js';

export const resultsApi = {
  rates: (query: RatesQuery) => api<RatesView>('/api/results/rates', { query }),
  index: (query: IndexQuery) => api<IndexView>('/api/results/index', { query }),
  trend: (query: TrendQuery) => api<TrendView>('/api/results/trend', { query }),
  /** Downloads the index, every roll-up and the trend as one workbook in the UI's language. */
  downloadExport: (query: IndexQuery, fallbackName: string) => download(withQuery('/api/results/export.xlsx', query), fallbackName),
};
