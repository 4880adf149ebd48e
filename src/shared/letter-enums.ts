/**
 * Enumerations of official letters (提醒函 / 督办函 / 问责函), shared by server and web.
 * Plain values without TypeBox (the web bundle imports them); the wire shapes are in
 * src/shared/contracts/letters.contract.ts, the rules in src/domain/letters.
 */

/** Stored status; the state people see adds delivered/signed/replied/overdue from the times. */
export const LETTER_STATUSES = ['draft', 'issued', 'withdrawn'] as const;
export type LetterStatusValue = (typeof LETTER_STATUSES)[number];

/** The state a letter is in at a moment (domain letterState). */
export const LETTER_STATE_VALUES = ['draft', 'issued', 'delivered', 'signed', 'replied', 'overdue', 'withdrawn'] as const;
export type LetterStateValue = (typeof LETTER_STATE_VALUES)[number];

export const LETTER_STATE_LABELS: Record<LetterStateValue, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'Draft' },
  issued: { zh: '已印发', en: 'Issued' },
  delivered: { zh: '已送达', en: 'Delivered' },
  signed: { zh: '已签收', en: 'Signed for' },
  replied: { zh: '已回复', en: 'Replied' },
  overdue: { zh: '逾期未复', en: 'Overdue' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
};
