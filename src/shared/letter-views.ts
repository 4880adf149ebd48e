/**
 * Wire shapes of official letters (提醒函 / 督办函 / 问责函), shared by server and web.
 * Only plain data; the rules are in src/domain/letters.
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

/** A case as a letter lists it. */
export interface LetterCaseView {
  id: number;
  number: string;
  description: string;
  address: string | null;
  deadline: string | null;
  unitName: string | null;
  state: string;
}

/** A letter as the API shows it. */
export interface LetterView {
  id: number;
  /** `代字〔YYYY〕N号`; null while a draft. */
  number: string | null;
  type: string;
  rungKey: string | null;
  status: LetterStatusValue;
  state: LetterStateValue;
  /** Issued by the escalation sweep rather than by hand. */
  auto: boolean;
  issuerName: string;
  issuerCode: string;
  unitId: number;
  unitName: string | null;
  addressee: string;
  title: string;
  body: string[];
  replyDeadline: string | null;
  issuedAt: string | null;
  deliveredAt: string | null;
  signedAt: string | null;
  reply: string | null;
  repliedAt: string | null;
  withdrawnAt: string | null;
  withdrawReason: string | null;
  caseIds: number[];
  createdAt: string;
  version: number;
}

/** A letter with its cases listed. */
export interface LetterDetailView extends LetterView {
  cases: LetterCaseView[];
}
