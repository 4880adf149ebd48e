import { describe, expect, it } from 'vitest';
import { checkLadder, type Ladder } from '../../src/domain/letters/ladder.js';
import { LADDER_PROBLEM_CODES } from '../../src/shared/letter-enums.js';
import {
  ladderProblemPlace,
  ladderProblemText,
  rungNames,
  type LadderProblemTextContext,
  type Problem,
} from '../../web/src/features/letters/problemText.js';
import { LADDER_PROBLEM_CASES } from '../domain/letters/problem-cases.js';
import { expectTextForEveryCode, labeler, translator, type UiLocale } from '../helpers/ui-dicts.js';

function ctx(locale: UiLocale, sent: unknown): LadderProblemTextContext {
  const t = translator(locale);
  return { t, label: labeler(locale), rungName: rungNames(sent, t) };
}
/** The one problem of a case, as the server sends it (its field under `ladder.`). */
function served(code: string): { problem: Problem; sent: unknown } {
  const [, sent] = LADDER_PROBLEM_CASES.find(([c]) => c === code)!;
  const p = checkLadder(sent as Ladder)[0]!;
  return { problem: { ...p, field: `ladder.${p.field}` }, sent };
}
const OFFICE: Problem = {
  field: 'ladder.rungs[2].recipient.unitCode',
  code: 'office_not_found',
  params: { code: 'NOPE' },
  message: 'unit NOPE not found',
};

describe('escalation ladder problems in the UI language', () => {
  it('every problem code has a Chinese and an English text with the same placeholders, the Chinese without Latin letters', () => {
    expectTextForEveryCode('letter.problem.', LADDER_PROBLEM_CODES);
  });

  it('fills every placeholder from the params the server sends', () => {
    const all = [...LADDER_PROBLEM_CASES.map(([code]) => served(code)), { problem: OFFICE, sent: {} }];
    for (const { problem, sent } of all)
      for (const locale of ['zh', 'en'] as const) {
        const text = ladderProblemText(problem, ctx(locale, sent));
        expect(text, `${problem.code} ${locale}`).not.toMatch(/\{\w+\}/);
        expect(text, `${problem.code} ${locale}`).not.toBe(problem.message);
      }
  });

  it('names trigger kinds by name and other rungs by letter type, and says where each problem is', () => {
    const say = (code: string, locale: 'zh' | 'en' = 'zh') => {
      const { problem, sent } = served(code);
      return ladderProblemText(problem, ctx(locale, sent));
    };
    expect(say('trigger_needs_previous')).toBe('“上一级函件逾期未签收”依据上一级函件，不能用于第一级');
    expect(say('trigger_needs_previous', 'en')).toBe(
      '“Previous letter not signed for” depends on the previous letter and cannot be used on the first rung',
    );
    expect(say('duplicate_key')).toBe('阶梯键 reminder 与「提醒函」重复');
    expect(say('duplicate_level')).toBe('级别 2 与「督办函」重复');
    expect(say('negative')).toBe('不能为负数（现为 -1）');
    expect(say('trigger_kind_unknown')).toBe('未知的触发条件 "full_moon"');
    expect(say('code_taken')).toMatch(/^机关代字 \S+ 已用于提醒函，每种函件须使用各自的代字，否则文号会重复$/);
    expect(ladderProblemText(OFFICE, ctx('zh', {}))).toBe('未找到单位代码为 NOPE 的单位');

    const { problem, sent } = served('issuer_name_missing');
    expect(ladderProblemPlace(problem.field, ctx('zh', sent))).toBe('提醒函');
    expect(ladderProblemPlace('ladder.handLetters.issuer.code', ctx('zh', sent))).toBe('其他类型函件');
    expect(ladderProblemPlace('ladder.rungs[1].type', ctx('zh', served('type_missing').sent))).toBe('第 2 项');
    expect(ladderProblemPlace('rungs', ctx('zh', sent))).toBeNull();
  });

  it('falls back to the server’s message for a code it does not know, or none', () => {
    const message = 'the ladder must be prime';
    expect(ladderProblemText({ field: 'ladder.rungs', code: 'rungs_prime', params: {}, message }, ctx('zh', {}))).toBe(message);
    expect(ladderProblemText({ field: 'JSON', message }, ctx('zh', {}))).toBe(message);
  });
});
