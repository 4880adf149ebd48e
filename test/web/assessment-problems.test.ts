import { describe, expect, it } from 'vitest';
import { checkAssessmentModel } from '../../src/domain/assessment/model-check.js';
import { MODEL_PROBLEM_CODES } from '../../src/shared/assessment-enums.js';
import { problemText, type ProblemTextContext } from '../../web/src/features/assessment/problemText.js';
import { PROBLEM_CASES } from '../domain/assessment/problem-cases.js';
import { expectTextForEveryCode, labeler, translator, type UiLocale } from '../helpers/ui-dicts.js';

const GROUPS = ['中心城区各区', '县市区', '工作专班'];

function ctx(locale: UiLocale): ProblemTextContext {
  return {
    t: translator(locale),
    label: labeler(locale),
    groupName: (i) => GROUPS[i] ?? `#${i + 1}`,
    unitName: (id) => (id === 502 ? '创文专班' : `#${id}`),
  };
}

describe('assessment model problems in the UI language', () => {
  it('every problem code has a Chinese and an English text with the same placeholders, the Chinese without Latin letters', () => {
    expectTextForEveryCode('assess.problem.', MODEL_PROBLEM_CODES);
  });

  it('fills every placeholder from the params the server sends', () => {
    for (const [code, model] of PROBLEM_CASES) {
      const [p] = checkAssessmentModel(model);
      for (const locale of ['zh', 'en'] as const) {
        const text = problemText(p!, ctx(locale));
        expect(text, `${code} ${locale}`).not.toMatch(/\{\w+\}/);
        expect(text, `${code} ${locale}`).not.toBe(p!.message);
      }
    }
  });

  it('names kinds by their labels, groups and units by name, items from 1', () => {
    const say = (code: string, locale: 'zh' | 'en' = 'zh') => {
      const [, model] = PROBLEM_CASES.find(([c]) => c === code)!;
      return problemText(checkAssessmentModel(model)[0]!, ctx(locale));
    };
    expect(say('weights_sum')).toBe('测评得分率、案件处置、群众满意率的权重之和须为 100，现为 110');
    expect(say('unit_kind_taken')).toBe('“县”已在分组「县市区」中排名，每个单位只在一个分组排名');
    expect(say('unit_kind_taken', 'en')).toBe('“County” is already ranked in group “县市区”; a unit is ranked in one group');
    expect(say('unit_taken')).toBe('“创文专班”已在分组「中心城区各区」中排名，每个单位只在一个分组排名');
    expect(say('duplicate_component')).toBe('考核项目“按期结案加分”重复（与第 4 项相同）');
    expect(say('duplicate_key')).toBe('分组代码 districts 与分组「中心城区各区」重复');
    expect(say('cap_below_floor')).toBe('总分封顶须高于保底（60 分），现为 50 分');
    expect(say('not_a_number')).toBe('须填写数字（现为 "ten"）');
  });

  it('falls back to the server’s message for a code it does not know, or none', () => {
    const message = 'the weights must be prime, got 100';
    expect(problemText({ field: 'groups[0].components', code: 'weights_prime', params: { sum: 100 }, message }, ctx('zh'))).toBe(message);
    expect(problemText({ field: '', message }, ctx('zh'))).toBe(message);
  });
});
