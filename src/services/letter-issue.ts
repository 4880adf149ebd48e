import type { UnitRow } from '../db/schema.js';
import type { Rung } from '../domain/letters/ladder.js';
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
