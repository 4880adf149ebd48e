import type { ModelProblemCode } from '../../../src/shared/assessment-enums.js';

/**
 * Chinese text of each problem the server finds in an assessment model (422
 * `details.problems[].code`, MODEL_PROBLEM_CODES), merged into assessment.zh-CN.ts. The type
 * makes a missing code a compile error. `{kind}`, `{group}` and `{unit}` arrive as labels and
 * names (features/assessment/problemText.ts), `{other}` counted from 1.
 */
export const assessmentProblemsZhCN: Record<`assess.problem.${ModelProblemCode}`, string> = {
  'assess.problem.not_a_number': '须填写数字（现为 {value}）',
  'assess.problem.not_whole': '须为整数（现为 {value}）',
  'assess.problem.negative': '不能为负数（现为 {value}）',
  'assess.problem.below_min': '不能小于 {min}（现为 {value}）',
  'assess.problem.above_max': '不能大于 {max}（现为 {value}）',
  'assess.problem.too_long': '不能超过 {max} 个字',
  'assess.problem.model_not_object': '考核办法格式有误',
  'assess.problem.name_missing': '请填写考核办法名称',
  'assess.problem.groups_missing': '至少需要一个分组',
  'assess.problem.groups_too_many': '分组最多 {max} 个',
  'assess.problem.group_not_object': '分组格式有误',
  'assess.problem.key_invalid': '分组代码须为 1–40 位小写字母、数字、_ 或 -，以字母开头',
  'assess.problem.duplicate_key': '分组代码 {key} 与分组「{group}」重复',
  'assess.problem.group_name_missing': '请填写分组名称（如：县市区）',
  'assess.problem.members_not_object': '参评单位格式有误',
  'assess.problem.unit_kinds_not_list': '单位类型须为列表（可为空）',
  'assess.problem.unit_kind_unknown': '未知的单位类型 {kind}',
  'assess.problem.unit_kind_taken': '“{kind}”已在分组「{group}」中排名，每个单位只在一个分组排名',
  'assess.problem.unit_ids_not_list': '参评单位须为列表（可为空）',
  'assess.problem.unit_id_invalid': '无效的单位（{value}）',
  'assess.problem.unit_taken': '“{unit}”已在分组「{group}」中排名，每个单位只在一个分组排名',
  'assess.problem.members_empty': '请选择参评单位：按单位类型、按单位或两者兼有',
  'assess.problem.components_missing': '请添加考核项目，其中至少一项计权重（测评得分率、案件处置或群众满意率）',
  'assess.problem.component_not_object': '考核项目格式有误',
  'assess.problem.component_kind_unknown': '未知的考核项目 {kind}',
  'assess.problem.duplicate_component': '考核项目“{kind}”重复（与第 {other} 项相同）',
  'assess.problem.weight_zero': '权重须大于 0；不计分请取消该项目',
  'assess.problem.cases_weights_sum': '按期处置率、结案率、返工率的占比之和须为 100，现为 {sum}',
  'assess.problem.deductions_not_object': '扣分标准格式有误',
  'assess.problem.rung_key_invalid': '函件类型代码 {key} 无效（小写字母、数字、_ 或 -）',
  'assess.problem.weighted_missing': '至少需要一项计权重的考核项目（测评得分率、案件处置或群众满意率）',
  'assess.problem.weights_sum': '测评得分率、案件处置、群众满意率的权重之和须为 100，现为 {sum}',
  'assess.problem.total_not_object': '总分范围格式有误',
  'assess.problem.cap_below_floor': '总分封顶须高于保底（{floor} 分），现为 {cap} 分',
  'assess.problem.lists_not_object': '请选择红黑榜规则',
  'assess.problem.list_kind_unknown': '未知的红黑榜规则 {kind}',
  'assess.problem.black_above_red': '黑榜分数线不能高于红榜分数线（{redMin} 分），现为 {blackBelow} 分',
};
