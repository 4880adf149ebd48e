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
