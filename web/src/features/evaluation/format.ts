/** Display helpers of the evaluation pages (no wire shapes: those are src/shared/contracts/). */
import type { ResultGroup } from '../../../../src/shared/evaluation-enums.js';

/** The groupings of src/shared/evaluation-enums.ts in the order the results page offers them. */
export const RESULT_GROUPS: readonly ResultGroup[] = ['district', 'unit', 'pointType', 'item', 'indicator', 'standard', 'point', 'all'];

/** 得分率 as a percentage with one decimal, or a dash. */
export function pct(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** A score on 0–100 with one decimal, or a dash. */
export function score(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : v.toFixed(1);
}
