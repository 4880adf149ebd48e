import { describe, expect, it } from 'vitest';
import { checkAssessmentModel } from '../../../src/domain/assessment/model-check.js';
import { MODEL_PROBLEM_CODES } from '../../../src/shared/assessment-enums.js';
import { PROBLEM_CASES as CASES } from './problem-cases.js';

describe('checkAssessmentModel: problem codes', () => {
  it.each(CASES)('%s: its code and the values its message quotes', (_code, model, expected) => {
    const found = checkAssessmentModel(model);
    expect(found.map(({ message: _m, ...rest }) => rest)).toEqual([expected]);
    // The English sentence (or the field it names) quotes each param, JSON-quoted values as given.
    for (const v of Object.values(expected.params)) expect(`${found[0]!.field} ${found[0]!.message}`).toContain(String(v));
  });

  it('covers every code the domain can give (too_long is the service’s)', () => {
    expect(new Set(CASES.map(([c]) => c))).toEqual(new Set(MODEL_PROBLEM_CODES.filter((c) => c !== 'too_long')));
    for (const [code, , expected] of CASES) expect(expected.code).toBe(code);
  });
});
