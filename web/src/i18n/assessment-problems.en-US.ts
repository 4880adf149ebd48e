import type { ModelProblemCode } from '../../../src/shared/assessment-enums.js';

/**
 * English text of each problem the server finds in an assessment model, merged into
 * assessment.en-US.ts (see assessment-problems.zh-CN.ts). Worded for HQ's editor, not for
 * integrators (the server's `message` is theirs).
 */
export const assessmentProblemsEnUS: Record<`assess.problem.${ModelProblemCode}`, string> = {
  'assess.problem.not_a_number': 'Must be a number (got {value})',
  'assess.problem.not_whole': 'Must be a whole number (got {value})',
  'assess.problem.negative': 'Must not be negative (got {value})',
  'assess.problem.below_min': 'Must be at least {min} (got {value})',
  'assess.problem.above_max': 'Must be at most {max} (got {value})',
  'assess.problem.too_long': 'At most {max} characters',
  'assess.problem.model_not_object': 'The model is malformed',
  'assess.problem.name_missing': 'The model needs a name',
  'assess.problem.groups_missing': 'The model needs at least one group',
  'assess.problem.groups_too_many': 'At most {max} groups',
  'assess.problem.group_not_object': 'The group is malformed',
  'assess.problem.key_invalid': 'The key must be 1–40 lower-case letters, digits, _ or -, starting with a letter',
  'assess.problem.duplicate_key': 'The key {key} is already used by group “{group}”',
  'assess.problem.group_name_missing': 'The group needs a name (e.g. Counties)',
  'assess.problem.members_not_object': 'The members are malformed',
  'assess.problem.unit_kinds_not_list': 'Unit kinds must be a list (may be empty)',
  'assess.problem.unit_kind_unknown': 'Unknown unit kind {kind}',
  'assess.problem.unit_kind_taken': '“{kind}” is already ranked in group “{group}”; a unit is ranked in one group',
  'assess.problem.unit_ids_not_list': 'Units must be a list (may be empty)',
  'assess.problem.unit_id_invalid': 'Not a unit ({value})',
  'assess.problem.unit_taken': '“{unit}” is already ranked in group “{group}”; a unit is ranked in one group',
  'assess.problem.members_empty': 'Choose the members: unit kinds, units or both',
  'assess.problem.components_missing': 'Add components, at least one weighted (evaluation, case handling or citizen satisfaction)',
  'assess.problem.component_not_object': 'The component is malformed',
  'assess.problem.component_kind_unknown': 'Unknown component {kind}',
  'assess.problem.duplicate_component': 'Component “{kind}” appears twice (also item {other})',
  'assess.problem.weight_zero': 'The weight must be more than 0; untick the component instead',
  'assess.problem.cases_weights_sum': 'The on-time, closure and rework shares must sum to 100, got {sum}',
  'assess.problem.deductions_not_object': 'The deductions are malformed',
  'assess.problem.rung_key_invalid': 'The letter type key {key} is invalid (lower-case letters, digits, _ or -)',
  'assess.problem.weighted_missing': 'At least one weighted component is needed (evaluation, case handling or citizen satisfaction)',
  'assess.problem.weights_sum': 'The weights of evaluation, case handling and citizen satisfaction must sum to 100, got {sum}',
  'assess.problem.total_not_object': 'The total range is malformed',
  'assess.problem.cap_below_floor': 'The cap must be above the floor ({floor}), got {cap}',
  'assess.problem.lists_not_object': 'Choose a red/black list rule',
  'assess.problem.list_kind_unknown': 'Unknown red/black list rule {kind}',
  'assess.problem.black_above_red': 'The black-list line must not be above the red-list line ({redMin}), got {blackBelow}',
};
