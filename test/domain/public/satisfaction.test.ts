import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SATISFACTION_RATINGS } from '../../../src/shared/public-enums.js';
import { awaitsReview, checkRating, satisfactionRate, tallyRatings, zeroSatisfaction } from '../../../src/domain/public/satisfaction.js';
import { CASE_STATES } from '../../../src/shared/case-enums.js';

const ratings = fc.array(fc.constantFrom(...SATISFACTION_RATINGS), { maxLength: 200 });

describe('satisfaction rate', () => {
  it('is null with no ratings', () => {
    expect(satisfactionRate(zeroSatisfaction())).toBeNull();
  });
  it('counts 满意 and 基本满意 over all rated', () => {
    expect(satisfactionRate(tallyRatings(['satisfied', 'basically_satisfied', 'dissatisfied', 'dissatisfied']))).toBe(0.5);
    expect(satisfactionRate(tallyRatings(['dissatisfied']))).toBe(0);
    expect(satisfactionRate(tallyRatings(['basically_satisfied']))).toBe(1);
  });
  it('counts add up, the rate lies in [0, 1] and equals 1 − dissatisfied share', () => {
    fc.assert(
      fc.property(ratings, (rs) => {
        const c = tallyRatings(rs);
        expect(c.rated).toBe(rs.length);
        expect(c.satisfied + c.basicallySatisfied + c.dissatisfied).toBe(c.rated);
        const r = satisfactionRate(c);
        if (rs.length === 0) expect(r).toBeNull();
        else {
          expect(r).toBeGreaterThanOrEqual(0);
          expect(r).toBeLessThanOrEqual(1);
          expect(r).toBeCloseTo(1 - c.dissatisfied / c.rated, 12);
        }
      }),
    );
  });
  it('does not depend on the order of ratings, and tallies of parts add up', () => {
    fc.assert(
      fc.property(ratings, ratings, (a, b) => {
        const whole = tallyRatings([...a, ...b]);
        const x = tallyRatings(a);
        const y = tallyRatings(b);
        expect(whole).toEqual({
          rated: x.rated + y.rated,
          satisfied: x.satisfied + y.satisfied,
          basicallySatisfied: x.basicallySatisfied + y.basicallySatisfied,
          dissatisfied: x.dissatisfied + y.dissatisfied,
        });
        expect(tallyRatings([...b, ...a])).toEqual(whole);
      }),
    );
  });
});

describe('checkRating', () => {
  it('accepts a known rating on a closed case not yet rated', () => {
    for (const r of SATISFACTION_RATINGS) expect(checkRating('closed', false, r, null)).toBeNull();
    expect(checkRating('closed', false, 'satisfied', '好'.repeat(500))).toBeNull();
  });
  it('refuses any state but closed, a second rating, a bad rating and a long comment', () => {
    for (const s of CASE_STATES.filter((x) => x !== 'closed')) expect(checkRating(s, false, 'satisfied', null)?.status).toBe(409);
    expect(checkRating('closed', true, 'satisfied', null)).toMatchObject({ status: 409, code: 'already_rated' });
    expect(checkRating('closed', false, 'great', null)).toMatchObject({ status: 422, field: 'rating' });
    expect(checkRating('closed', false, 'satisfied', '好'.repeat(501))).toMatchObject({ status: 422, field: 'comment' });
  });
  it('sends only an unreviewed 不满意 to HQ', () => {
    expect(awaitsReview('dissatisfied', null)).toBe(true);
    expect(awaitsReview('dissatisfied', 'declined')).toBe(false);
    expect(awaitsReview('basically_satisfied', null)).toBe(false);
  });
});
