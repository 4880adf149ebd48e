import type { LadderProblemCode } from '../../../src/shared/letter-enums.js';

/**
 * Chinese text of each problem the server finds in an escalation ladder (422
 * `details.problems[].code`, LADDER_PROBLEM_CODES), merged into letters.zh-CN.ts. The type
 * makes a missing code a compile error. `{kind}` of `trigger_needs_previous` arrives as the
 * trigger's name and `{rung}` as the other rung's letter type (features/letters/problemText.ts).
 */
export const ladderProblemsZhCN: Record<`letter.problem.${LadderProblemCode}`, string> = {
  'letter.problem.not_whole': '须为整数（现为 {value}）',
  'letter.problem.negative': '不能为负数（现为 {value}）',
  'letter.problem.below_min': '不能小于 {min}（现为 {value}）',
  'letter.problem.above_max': '不能大于 {max}（现为 {value}）',
  'letter.problem.rungs_missing': '督办阶梯须包含各级函件的列表',
  'letter.problem.rungs_empty': '督办阶梯至少需要一级函件',
  'letter.problem.rungs_too_many': '督办阶梯最多 {max} 级',
  'letter.problem.rung_not_object': '该级函件格式有误',
  'letter.problem.key_invalid': '阶梯键须为 1–40 位小写字母、数字、_ 或 -，以字母开头',
  'letter.problem.duplicate_key': '阶梯键 {key} 与「{rung}」重复',
  'letter.problem.type_missing': '请填写函件类型（如：提醒函）',
  'letter.problem.duplicate_level': '级别 {level} 与「{rung}」重复',
  'letter.problem.level_gap': '级别须为 1 至 {max} 且不间断，现为 {value}',
  'letter.problem.triggers_not_list': '触发条件须为列表（仅手动起草的函件为空列表）',
  'letter.problem.approval_invalid': '审批设置有误，须注明是否需要审批',
  'letter.problem.approver_invalid': '审批人须为审批领导的用户名（或不填）',
  'letter.problem.approver_without_approval': '该级函件无需审批，不能指定审批人',
  'letter.problem.code_taken': '机关代字 {code} 已用于{type}，每种函件须使用各自的代字，否则文号会重复',
  'letter.problem.trigger_not_object': '触发条件格式有误',
  'letter.problem.trigger_kind_unknown': '未知的触发条件 {kind}',
  'letter.problem.trigger_needs_previous': '“{kind}”依据上一级函件，不能用于第一级',
  'letter.problem.recipient_missing': '请设置主送对象（责任单位主要负责同志、分管负责同志或指定单位）',
  'letter.problem.recipient_kind_unknown': '未知的主送对象 {kind}',
  'letter.problem.office_code_missing': '主送指定单位时须填写该单位的单位代码',
  'letter.problem.office_name_missing': '主送指定单位时须填写函件上印制的单位名称',
  'letter.problem.office_not_found': '未找到单位代码为 {code} 的单位',
  'letter.problem.issuer_missing': '请设置发文机关及机关代字',
  'letter.problem.issuer_name_missing': '请填写发文机关名称',
  'letter.problem.issuer_code_missing': '请填写机关代字',
  'letter.problem.issuer_code_invalid': '机关代字不能含空格、数字、括号或“号”字',
  'letter.problem.hand_letters_not_object': '其他类型函件的设置有误，须含发文机关和回复期限',
  'letter.problem.hand_code_taken': '机关代字 {code} 已用于{type}，其他类型函件须使用自己的代字，否则文号会重复',
};
