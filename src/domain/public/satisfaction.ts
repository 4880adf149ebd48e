import { SATISFACTION_RATINGS, type SatisfactionRating } from '../../shared/public-enums.js';
import type { CaseState } from '../../shared/case-enums.js';

/**
 * 回访 (issue 15, DESIGN.md §3.8): after closure the reporter rates the result once; a
 * 不满意 goes to HQ, who reopens the case (verify_reopen) or records why not. The
 * satisfaction rate is an indicator per unit (the unit that handled the case).
 */

/** Longest comment a reporter may leave with a rating. */
export const SATISFACTION_COMMENT_MAX = 500;

/** Counts of ratings of one unit (or any set of cases). */
export interface SatisfactionCounts {
  rated: number;
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
}

/** No ratings. */
export function zeroSatisfaction(): SatisfactionCounts {
  return { rated: 0, satisfied: 0, basicallySatisfied: 0, dissatisfied: 0 };
}

/** Adds one rating to the counts (a new object). */
export function countRating(c: SatisfactionCounts, rating: SatisfactionRating): SatisfactionCounts {
  return {
    rated: c.rated + 1,
    satisfied: c.satisfied + (rating === 'satisfied' ? 1 : 0),
    basicallySatisfied: c.basicallySatisfied + (rating === 'basically_satisfied' ? 1 : 0),
    dissatisfied: c.dissatisfied + (rating === 'dissatisfied' ? 1 : 0),
  };
}

/** The counts of a list of ratings. */
export function tallyRatings(ratings: Iterable<SatisfactionRating>): SatisfactionCounts {
  let c = zeroSatisfaction();
  for (const r of ratings) c = countRating(c, r);
  return c;
}

/**
 * 满意率 = (满意 + 基本满意) / rated, in [0, 1]; null when nothing was rated (no figure
 * rather than 0 or 100%). Issue 15 counts 基本满意 fully; the 12345-style weighting of
 * DESIGN.md §3.3 (0.9·基本满意) is a model choice an assessment may apply to the counts.
 */
export function satisfactionRate(c: SatisfactionCounts): number | null {
  return c.rated > 0 ? (c.satisfied + c.basicallySatisfied) / c.rated : null;
}

/** Why a rating is refused, or null when it may be recorded. */
export type RatingRefusal =
  | { status: 409; code: 'not_closed' | 'already_rated'; message: string }
  | { status: 422; code: 'invalid_input'; field: 'rating' | 'comment'; message: string };

/**
 * Whether a reporter may rate a case now: only a closed case, only once, a known rating and
 * a comment of at most {@link SATISFACTION_COMMENT_MAX} characters. Messages are Chinese:
 * they reach citizens as they are.
 */
export function checkRating(state: CaseState, alreadyRated: boolean, rating: string, comment: string | null): RatingRefusal | null {
  if (!(SATISFACTION_RATINGS as readonly string[]).includes(rating))
    return { status: 422, code: 'invalid_input', field: 'rating', message: 'rating：请选择 满意、基本满意 或 不满意' };
  if (comment !== null && [...comment].length > SATISFACTION_COMMENT_MAX)
    return { status: 422, code: 'invalid_input', field: 'comment', message: `comment：评价内容不能超过 ${SATISFACTION_COMMENT_MAX} 字` };
  if (state !== 'closed') return { status: 409, code: 'not_closed', message: '问题办结后才能评价' };
  if (alreadyRated) return { status: 409, code: 'already_rated', message: '该问题已经评价过了，每个问题只能评价一次' };
  return null;
}

/** True when HQ still has to look at a rating: 不满意 and not yet reviewed. */
export function awaitsReview(rating: SatisfactionRating, review: string | null): boolean {
  return rating === 'dissatisfied' && review === null;
}
