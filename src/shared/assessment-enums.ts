/**
 * Enumerations of the assessment (考核奖惩, DOMAIN.md §3.5), shared by server and web.
 * Plain values without TypeBox (the web bundle imports them); the wire shapes are in
 * src/shared/contracts/assessment.contract.ts, the rules in src/domain/assessment.
 */

/** Assessment periods on the China calendar. */
export const PERIOD_KINDS = ['week', 'month', 'quarter', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export const PERIOD_KIND_LABELS: Record<PeriodKind, { zh: string; en: string }> = {
  week: { zh: '周', en: 'Week' },
  month: { zh: '月', en: 'Month' },
  quarter: { zh: '季度', en: 'Quarter' },
  year: { zh: '年度', en: 'Year' },
};

/**
 * Components of a group's score. `evaluation`, `cases` and `satisfaction` carry weights that
 * sum to 100; `letters` deducts points and `bonus` adds points, each within its own cap.
 */
export const COMPONENT_KINDS = ['evaluation', 'cases', 'satisfaction', 'letters', 'bonus'] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

/** The components whose weights share out the 100 base points. */
export const WEIGHTED_COMPONENT_KINDS = ['evaluation', 'cases', 'satisfaction'] as const;
export type WeightedComponentKind = (typeof WEIGHTED_COMPONENT_KINDS)[number];

/**
 * The parts a score opens into: the model's components, then HQ's manual adjustments
 * (加减分) and the total's cap or floor, each shown as its own part so the parts add up.
 */
export const SCORE_PART_KINDS = [...COMPONENT_KINDS, 'adjustments', 'limit'] as const;
export type ScorePartKind = (typeof SCORE_PART_KINDS)[number];

export const SCORE_PART_LABELS: Record<ScorePartKind, { zh: string; en: string }> = {
  evaluation: { zh: '测评得分率', en: 'Evaluation score rate' },
  cases: { zh: '案件处置', en: 'Case handling' },
  satisfaction: { zh: '群众满意率', en: 'Citizen satisfaction' },
  letters: { zh: '督办函件扣分', en: 'Letter deductions' },
  bonus: { zh: '按期结案加分', en: 'On-time closure bonus' },
  adjustments: { zh: '加减分', en: 'Manual adjustments' },
  limit: { zh: '封顶/保底', en: 'Cap / floor' },
};

/** What one explanation line stands for. */
export const EXPLANATION_LINE_KINDS = ['inspection', 'case', 'letter', 'adjustment', 'rate', 'cap', 'floor', 'note'] as const;
export type ExplanationLineKind = (typeof EXPLANATION_LINE_KINDS)[number];

/** How a group's red list (红榜) and black list (黑榜) are drawn. */
export const LIST_RULE_KINDS = ['rank', 'threshold'] as const;
export type ListRuleKind = (typeof LIST_RULE_KINDS)[number];

export const LIST_RULE_KIND_LABELS: Record<ListRuleKind, { zh: string; en: string }> = {
  rank: { zh: '按名次（前N名/后N名）', en: 'By rank (top / bottom N)' },
  threshold: { zh: '按分数线', en: 'By score threshold' },
};

/** The two lists. */
export const LIST_KINDS = ['red', 'black'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

export const LIST_KIND_LABELS: Record<ListKind, { zh: string; en: string }> = {
  red: { zh: '红榜', en: 'Red list' },
  black: { zh: '黑榜', en: 'Black list' },
};

/** A unit's move in the ranking against the previous period. */
export const RANK_MOVES = ['up', 'down', 'same', 'new', 'unranked'] as const;
export type RankMove = (typeof RANK_MOVES)[number];

export const RANK_MOVE_LABELS: Record<RankMove, { zh: string; en: string }> = {
  up: { zh: '上升', en: 'Up' },
  down: { zh: '下降', en: 'Down' },
  same: { zh: '持平', en: 'Same' },
  new: { zh: '新上榜', en: 'New' },
  unranked: { zh: '无排名', en: 'Not ranked' },
};

/** States of an assessment model version: edited as a draft, frozen once published. */
export const MODEL_STATUSES = ['draft', 'published'] as const;
export type ModelStatus = (typeof MODEL_STATUSES)[number];

export const MODEL_STATUS_LABELS: Record<ModelStatus, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'Draft' },
  published: { zh: '已发布', en: 'Published' },
};

/** States of a results run: computed as a draft, published (frozen), superseded by a corrected version. */
export const RUN_STATUSES = ['draft', 'published', 'superseded'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const RUN_STATUS_LABELS: Record<RunStatus, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'Draft' },
  published: { zh: '已发布', en: 'Published' },
  superseded: { zh: '已更正', en: 'Superseded' },
};

/** States of HQ's manual adjustment (加减分): proposed by HQ, decided by a leader. */
export const ADJUSTMENT_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type AdjustmentStatus = (typeof ADJUSTMENT_STATUSES)[number];

export const ADJUSTMENT_STATUS_LABELS: Record<AdjustmentStatus, { zh: string; en: string }> = {
  pending: { zh: '待审批', en: 'Pending' },
  approved: { zh: '已批准', en: 'Approved' },
  rejected: { zh: '已驳回', en: 'Rejected' },
};

/** States of a unit's appeal (申诉) against a published result. */
export const APPEAL_STATUSES = ['pending', 'accepted', 'rejected'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

export const APPEAL_STATUS_LABELS: Record<AppealStatus, { zh: string; en: string }> = {
  pending: { zh: '待处理', en: 'Pending' },
  accepted: { zh: '已采纳', en: 'Accepted' },
  rejected: { zh: '已驳回', en: 'Rejected' },
};

/** Working days after publication within which a unit may appeal, unless the model says otherwise. */
export const DEFAULT_APPEAL_WORKING_DAYS = 3;

/**
 * What can be wrong with an assessment model (the 422 `details.problems[].code`), stable for
 * clients: the web shows each in the UI's language from the code and its `params`, while
 * the English `message` stays for integrators. Params by code (indexes are 0-based, as in
 * the field paths):
 * - numbers: `not_a_number` {value (as JSON)}, `not_whole` {value}, `negative` {value},
 *   `below_min` {min, value}, `above_max` {max, value}; `too_long` {max} (characters);
 * - the model: `model_not_object`, `name_missing`, `groups_missing`, `groups_too_many` {max};
 * - a group: `group_not_object`, `key_invalid`, `duplicate_key` {key, group},
 *   `group_name_missing`;
 * - members: `members_not_object`, `unit_kinds_not_list`, `unit_kind_unknown` {kind (as JSON)},
 *   `unit_kind_taken` {kind, group}, `unit_ids_not_list`, `unit_id_invalid` {value (as JSON)},
 *   `unit_taken` {unit (id), group}, `members_empty`;
 * - components: `components_missing`, `component_not_object`, `component_kind_unknown`
 *   {kind (as JSON)}, `duplicate_component` {kind, other (its index)}, `weight_zero`,
 *   `cases_weights_sum` {sum}, `deductions_not_object`, `rung_key_invalid` {key},
 *   `weighted_missing`, `weights_sum` {sum};
 * - total and lists: `total_not_object`, `cap_below_floor` {floor, cap}, `lists_not_object`,
 *   `list_kind_unknown` {kind (as JSON)}, `black_above_red` {redMin, blackBelow}.
 */
export const MODEL_PROBLEM_CODES = [
  'not_a_number',
  'not_whole',
  'negative',
  'below_min',
  'above_max',
  'too_long',
  'model_not_object',
  'name_missing',
  'groups_missing',
  'groups_too_many',
  'group_not_object',
  'key_invalid',
  'duplicate_key',
  'group_name_missing',
  'members_not_object',
  'unit_kinds_not_list',
  'unit_kind_unknown',
  'unit_kind_taken',
  'unit_ids_not_list',
  'unit_id_invalid',
  'unit_taken',
  'members_empty',
  'components_missing',
  'component_not_object',
  'component_kind_unknown',
  'duplicate_component',
  'weight_zero',
  'cases_weights_sum',
  'deductions_not_object',
  'rung_key_invalid',
  'weighted_missing',
  'weights_sum',
  'total_not_object',
  'cap_below_floor',
  'lists_not_object',
  'list_kind_unknown',
  'black_above_red',
] as const;
export type ModelProblemCode = (typeof MODEL_PROBLEM_CODES)[number];
