import type { UnitRow } from '../../db/schema.js';
import type { HandLetters, Ladder, Rung } from '../../domain/letters/ladder.js';
import { invalid } from '../../core/errors.js';
import type { BodyFacts } from './letter-content.js';

/** The roles at or above the recipient unit that are told of a letter issued to it. */
export const LETTER_RECIPIENT_ROLES = ['unit_handler', 'unit_head'];

/**
 * What issuing a letter reads besides the letter, when the caller already has it (the
 * escalation sweep reads it once for all its letters). Each is read when omitted.
 */
export interface IssueFacts {
  /** The recipient unit (used only if it is the letter's). */
  unit?: UnitRow;
  /** The letter's rung of the ladder (used only if its key is the letter's). */
  rung?: Rung | null;
  /** What the body is written from, for a letter without a body yet. */
  body?: BodyFacts;
  /** The users to notify: LETTER_RECIPIENT_ROLES holders covering the letter's unit. */
  recipients?: number[];
  /**
   * The caller checked that no case is covered by a letter of the rung and inserted the
   * letter's cases already active (the unique index decides races there): the check and
   * the activation are skipped.
   */
  casesActive?: boolean;
}

/**
 * The issuer and series of a hand letter whose type is no rung; a 422 naming `type`
 * when the ladder configures none (a rung's 代字 would give it a rung's numbers).
 */
export function handLettersOf(ladder: Ladder, type: string): HandLetters {
  if (!ladder.handLetters) {
    throw invalid(
      'type',
      `${type} is no rung of the escalation ladder, and the ladder names no issuer and 代字 for other letters (handLetters); choose a rung or configure handLetters`,
    );
  }
  return ladder.handLetters;
}
