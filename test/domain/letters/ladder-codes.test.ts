import { describe, expect, it } from 'vitest';
import { checkLadder, type Ladder } from '../../../src/domain/letters/ladder.js';
import { LADDER_PROBLEM_CODES } from '../../../src/shared/letter-enums.js';
import { LADDER_PROBLEM_CASES as CASES } from './problem-cases.js';

describe('checkLadder: problem codes', () => {
  it.each(CASES)('%s: its field, code and the values its message quotes', (_code, ladder, expected) => {
    const found = checkLadder(ladder as Ladder);
    expect(found.map(({ message: _m, ...rest }) => rest)).toEqual([expected]);
    // The English sentence (or the field it names) quotes each param, JSON-quoted values as given.
    for (const v of Object.values(expected.params)) expect(`${found[0]!.field} ${found[0]!.message}`).toContain(String(v));
  });

  it('covers every code the domain can give (office_not_found is the service’s)', () => {
    expect(new Set(CASES.map(([c]) => c))).toEqual(new Set(LADDER_PROBLEM_CODES.filter((c) => c !== 'office_not_found')));
    for (const [code, , expected] of CASES) expect(expected.code).toBe(code);
  });
});
