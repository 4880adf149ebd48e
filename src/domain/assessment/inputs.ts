/**
 * The facts a unit's score is computed from (DOMAIN.md §3.5): plain data the services read
 * for one period, so the formulas in scoring.ts stay pure and reproducible. Which cases,
 * inspections and letters belong to a period is the reader's business; the rule it must
 * follow is that what a unit still owes at the end of the period counts in that period.
 */

import type { SatisfactionRating } from '../../shared/public-enums.js';

/**
 * One case the unit answers for in the period: dispatched in the period, or dispatched
 * earlier and still owed at its start. Facts are as at the end of the period.
 */
export interface CaseFact {
  id: number;
  /** How the case is named in the explanation, e.g. its number and category. */
  label: string;
  /** The unit reported it handled (处置) by the end of the period. */
  handled: boolean;
  /** …and did so by the case's deadline. */
  handledOnTime: boolean;
  /** Closed (结案) by the end of the period. */
  closed: boolean;
  /** …by its deadline (for the 按期结案 bonus). */
  closedOnTime: boolean;
  /** Times it was sent back for rework (返工). */
  reworks: number;
  /** Still not handled at the end of the period and past its deadline: owed, late work. */
  overdueAtEnd: boolean;
}

/** One inspection result at a check point the unit is responsible for. */
export interface InspectionFact {
  id: number;
  /** E.g. the check point's name and the inspection date. */
  label: string;
  /** 得分率 of the check point in that inspection, 0–1. */
  rate: number;
}

/** One letter the unit received in the period (or still unanswered from before). */
export interface LetterFact {
  id: number;
  /** E.g. the letter's number 周创指督〔2026〕7号. */
  label: string;
  /** The ladder rung key it was issued under (reminder, supervision, accountability…). */
  rungKey: string;
  /** Past its reply date and still unanswered at the end of the period. */
  unansweredAtEnd: boolean;
}

/**
 * One reporter's 回访 rating (issue 15) of a case the unit handled, given in the period. A
 * rating never changes once given, so a past period reads the same ratings later.
 */
export interface RatingFact {
  /** The case's id. */
  id: number;
  /** E.g. the case's number and category. */
  label: string;
  rating: SatisfactionRating;
}

/** Everything one unit is scored on. */
export interface UnitInputs {
  unitId: number;
  cases: readonly CaseFact[];
  inspections: readonly InspectionFact[];
  letters: readonly LetterFact[];
  /** The ratings given in the period; absent means none (models without a satisfaction component). */
  ratings?: readonly RatingFact[];
}

/** HQ's manual adjustment (加减分), approved and audited by the service. */
export interface Adjustment {
  id: number;
  unitId: number;
  /** Positive adds, negative deducts. */
  points: number;
  reason: string;
  approverId: number;
}
