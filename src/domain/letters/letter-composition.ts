/**
 * How a letter's text and laid-out document are put together from facts already read:
 * its recipient and addressee line, its body, and the document the DOCX and PDF show.
 * Pure: the services read the facts (services/letters/letter-reads.ts) and pass the
 * instants in.
 */

import { chinaDay } from '../calendar/work-calendar.js';
import type { LetterDetailView } from '../../shared/contracts/letters.contract.js';
import type { Recipient } from './ladder.js';
import { formatChineseDate } from './layout.js';
import { composeAddressee, composeLetterBody, type LetterDocument, type LetterRecipient, type PriorLetter } from './letter-document.js';

const DAY_MS = 86_400_000;

/** The recipient of a rung as the letter text needs it. */
export function recipientFor(r: Recipient | null, unitName: string): LetterRecipient {
  if (!r || r.kind === 'unit_head') return { kind: 'unit_head', unitName };
  if (r.kind === 'leader_in_charge') return { kind: 'leader_in_charge', unitName };
  return { kind: 'office', unitName, officeName: r.name };
}

/** The addressee line of a rung's recipient. */
export function addresseeFor(r: Recipient | null, unitName: string): string {
  return composeAddressee(recipientFor(r, unitName));
}

/** Whole days a case is past its deadline on a day (0 when in time or without one). */
export function overdueDays(deadline: string | null, at: Date): number {
  if (!deadline) return 0;
  return Math.max(0, Math.floor((at.getTime() - Date.parse(deadline)) / DAY_MS));
}

/** What a letter's body is written from besides its type, recipient and dates. */
export interface BodyFacts {
  /** The letter's cases that exist (their count and deadlines). */
  cases: { deadline: string | null }[];
  /** Earlier issued letters about any of them, oldest first. */
  prior: PriorLetter[];
}

/**
 * The body of a letter written from its facts: the cases, the recipient, the earlier
 * letters about the same cases (cited by the later rungs) and the reply deadline.
 */
export function composeBody(
  args: { type: string; recipient: LetterRecipient; replyDeadline: Date; at: Date },
  { cases, prior }: BodyFacts,
): string[] {
  const maxOverdue = Math.max(0, ...cases.map((c) => overdueDays(c.deadline, args.at)));
  return composeLetterBody({
    typeLabel: args.type,
    recipient: args.recipient,
    caseCount: Math.max(1, cases.length),
    maxOverdueDays: maxOverdue,
    // A deadline is the end of its day (24:00), i.e. the next midnight: the day is the one before.
    replyDeadline: chinaDay(new Date(args.replyDeadline.getTime() - 1)),
    prior,
  });
}

/**
 * What the DOCX and PDF show: a draft prints "（草稿）" where the number goes and today
 * as its date, so a preview never looks like an issued letter.
 */
export function letterDocument(letter: LetterDetailView, now: Date): LetterDocument {
  const issuedAt = letter.issuedAt ? new Date(letter.issuedAt) : now;
  return {
    issuerName: letter.issuerName,
    number: letter.number ?? '（草稿）',
    typeLabel: letter.type,
    title: letter.title,
    addressee: letter.addressee,
    bodyParagraphs: letter.body,
    // A deadline is the end of its day (24:00), i.e. the next midnight: the day is the one before.
    replyDeadline: letter.replyDeadline ? chinaDay(new Date(Date.parse(letter.replyDeadline) - 1)) : chinaDay(issuedAt),
    issueDay: chinaDay(issuedAt),
    signatory: letter.issuerName,
    cases: letter.cases.map((c) => ({
      number: c.number,
      description: c.description,
      address: c.address ?? '',
      deadline: c.deadline ? formatChineseDate(chinaDay(new Date(Date.parse(c.deadline) - 1))) : '—',
      overdueDays: overdueDays(c.deadline, issuedAt),
      unitName: c.unitName ?? '',
    })),
    contact: '联系人：市创建指挥部办公室督查科，联系电话：0394-8199123',
  };
}
