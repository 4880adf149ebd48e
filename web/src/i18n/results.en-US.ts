import type { resultsZhCN } from './results.zh-CN.js';

/** English text of the results page's index, trend and export; the type makes a missing key a compile error. */
export const resultsEnUS: Record<keyof typeof resultsZhCN, string> = {
  'eval.res.export': 'Export to Excel',
  'eval.res.ranking': 'District ranking (simulated index)',
  'eval.res.rank': 'Rank',
  'eval.res.district': 'District',
  'eval.res.index': 'Simulated index',
  'eval.res.coverage': 'covers weight {w}',
  'eval.res.missingItems': 'Not measured: {items}',
  'eval.res.annual': 'Annual score',
  'eval.res.city': 'Whole city',
  'eval.res.weights.framework': 'Item weights from the framework',
  'eval.res.weights.campaign': 'Item weights from the campaign settings',
  'eval.res.annualRule':
    'Annual score = online material {online} + field evaluation {field} + survey {survey} (online submissions and material reviews count as online material); parts without data are left out and the other weights rescaled to 100.',
  'eval.res.itemRates': 'Score rate by item',
  'eval.res.trend': 'Score rate trend',
  'eval.res.bucket.week': 'Weekly',
  'eval.res.bucket.month': 'Monthly',
  'eval.res.trendBy.district': 'By district',
  'eval.res.trendBy.item': 'By item',
  'eval.res.trendBy.all': 'Whole city',
  'eval.res.weekNote': 'Weeks start on Monday 00:00 China time; weeks without inspections are left blank.',
  'eval.res.rates': 'Score rate details',
};
