/**
 * Enumerations of official letters (提醒函 / 督办函 / 问责函), shared by server and web.
 * Plain values without TypeBox (the web bundle imports them); the wire shapes are in
 * src/shared/contracts/letters.contract.ts, the rules in src/domain/letters.
 */

/**
 * Stored status; the state people see adds delivered/signed/replied/overdue from the times.
 * `pending_approval`: a letter of a rung that needs approval, prepared (by the sweep or HQ)
 * and waiting for the leader; it has no number yet.
 */
export const LETTER_STATUSES = ['draft', 'pending_approval', 'issued', 'withdrawn'] as const;
export type LetterStatusValue = (typeof LETTER_STATUSES)[number];

/** The state a letter is in at a moment (domain letterState). */
export const LETTER_STATE_VALUES = [
  'draft',
  'pending_approval',
  'issued',
  'delivered',
  'signed',
  'replied',
  'overdue',
  'withdrawn',
] as const;
export type LetterStateValue = (typeof LETTER_STATE_VALUES)[number];

export const LETTER_STATE_LABELS: Record<LetterStateValue, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'Draft' },
  pending_approval: { zh: '待审批', en: 'Awaiting approval' },
  issued: { zh: '已印发', en: 'Issued' },
  delivered: { zh: '已送达', en: 'Delivered' },
  signed: { zh: '已签收', en: 'Signed for' },
  replied: { zh: '已回复', en: 'Replied' },
  overdue: { zh: '逾期未复', en: 'Overdue' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
};

/** The trigger kinds by name, for saying a trigger kind a ladder problem names (the kinds themselves: the letters contract). */
export const TRIGGER_KIND_LABELS: Record<
  'overdue' | 'open_after_previous' | 'unsigned_previous' | 'repeat_at_point' | 'reopened',
  { zh: string; en: string }
> = {
  overdue: { zh: '超期', en: 'Overdue' },
  open_after_previous: { zh: '上一级函件印发后仍未办结', en: 'Still open after the previous letter' },
  unsigned_previous: { zh: '上一级函件逾期未签收', en: 'Previous letter not signed for' },
  repeat_at_point: { zh: '同一点位反复发现问题', en: 'Repeated at one check point' },
  reopened: { zh: '案卷返工', en: 'Case reopened' },
};

/**
 * What can be wrong with an escalation ladder (the 422 `details.problems[].code` of PUT
 * /api/campaigns/{id}/ladder, and of `ladder_not_configured`), stable for clients: the web
 * shows each in the UI's language from the code and its `params`, while the English
 * `message` stays for integrators. Params by code (indexes are 0-based, as in the field paths):
 * - whole numbers: `not_whole` {value (as JSON)}, `negative` {value}, `below_min` {min, value},
 *   `above_max` {max, value};
 * - the ladder: `rungs_missing`, `rungs_empty`, `rungs_too_many` {max};
 * - a rung: `rung_not_object`, `key_invalid`, `duplicate_key` {key, rung (the other's index)},
 *   `type_missing`, `duplicate_level` {level, rung (the other's index)}, `level_gap` {max, value},
 *   `triggers_not_list`, `approval_invalid`, `approver_invalid`, `approver_without_approval`,
 *   `code_taken` {code, type, rung (the index of the rung of that type)};
 * - a trigger: `trigger_not_object`, `trigger_kind_unknown` {kind (as JSON)},
 *   `trigger_needs_previous` {kind};
 * - a recipient: `recipient_missing`, `recipient_kind_unknown` {kind (as JSON)},
 *   `office_code_missing`, `office_name_missing`, `office_not_found` {code} (the service's:
 *   no unit has that code);
 * - an issuer: `issuer_missing`, `issuer_name_missing`, `issuer_code_missing`, `issuer_code_invalid`;
 * - hand letters: `hand_letters_not_object`, `hand_code_taken` {code, type, rung}.
 */
export const LADDER_PROBLEM_CODES = [
  'not_whole',
  'negative',
  'below_min',
  'above_max',
  'rungs_missing',
  'rungs_empty',
  'rungs_too_many',
  'rung_not_object',
  'key_invalid',
  'duplicate_key',
  'type_missing',
  'duplicate_level',
  'level_gap',
  'triggers_not_list',
  'approval_invalid',
  'approver_invalid',
  'approver_without_approval',
  'code_taken',
  'trigger_not_object',
  'trigger_kind_unknown',
  'trigger_needs_previous',
  'recipient_missing',
  'recipient_kind_unknown',
  'office_code_missing',
  'office_name_missing',
  'office_not_found',
  'issuer_missing',
  'issuer_name_missing',
  'issuer_code_missing',
  'issuer_code_invalid',
  'hand_letters_not_object',
  'hand_code_taken',
] as const;
export type LadderProblemCode = (typeof LADDER_PROBLEM_CODES)[number];
