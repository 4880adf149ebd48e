/**
 * Roll-ups of major projects (issue 14 point 7, DOMAIN.md §3.7): the dimensions a roll-up groups
 * by and the fixed size bands of total investment, with their zh/en labels. Plain values without
 * TypeBox (the web bundle imports them); the rules are in src/domain/projects/rollups.ts.
 */

type Label = { zh: string; en: string };

/** What a roll-up groups projects by. */
export const ROLLUP_DIMENSIONS = ['county', 'chain', 'team', 'level', 'category', 'size', 'stage', 'batch'] as const;
export type RollupDimension = (typeof ROLLUP_DIMENSIONS)[number];

export const ROLLUP_DIMENSION_LABELS: Record<RollupDimension, Label> = {
  county: { zh: '县（市、区）', en: 'County / district' },
  chain: { zh: '产业链', en: 'Industry chain' },
  team: { zh: '工作专班', en: 'Work team' },
  level: { zh: '项目级别', en: 'Level' },
  category: { zh: '项目类别', en: 'Category' },
  size: { zh: '投资规模', en: 'Size band' },
  stage: { zh: '所处阶段', en: 'Stage' },
  batch: { zh: '"三个一批"批次', en: 'Batch' },
};

/**
 * Size bands of total investment, `[min, below)` in 万元 (a fixed, documented list): under 1亿,
 * 1–5亿, 5–10亿, 10亿 and more. "亿元以上" is the last three together (≥ 10 000万元).
 */
export const SIZE_BANDS = ['under_1yi', 'yi_1_5', 'yi_5_10', 'yi_10_plus'] as const;
export type SizeBandKey = (typeof SIZE_BANDS)[number];

/** Lower bound (inclusive) of each band in 万元; the next band's bound is its upper bound (exclusive). */
export const SIZE_BAND_MIN_WAN: Record<SizeBandKey, number> = {
  under_1yi: 0,
  yi_1_5: 10_000,
  yi_5_10: 50_000,
  yi_10_plus: 100_000,
};

export const SIZE_BAND_LABELS: Record<SizeBandKey, Label> = {
  under_1yi: { zh: '1亿元以下', en: 'Under ¥100 m' },
  yi_1_5: { zh: '1亿–5亿元', en: '¥100–500 m' },
  yi_5_10: { zh: '5亿–10亿元', en: '¥500 m–1 bn' },
  yi_10_plus: { zh: '10亿元以上', en: '¥1 bn and more' },
};

/** The key of projects without a value on the dimension (no chain, no work team, no stage yet, in no batch). */
export const ROLLUP_NONE = 'none';
