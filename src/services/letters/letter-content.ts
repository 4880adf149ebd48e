import type { Executor } from '../../db/database.js';
import { letterRepository, type LetterRow } from '../../db/repositories/letter.repository.js';
import { chinaDay } from '../../domain/calendar/work-calendar.js';
import { letterState } from '../../domain/letters/escalation.js';
import type { Recipient } from '../../domain/letters/ladder.js';
import { formatChineseDate } from '../../domain/letters/layout.js';
import {
  composeAddressee,
  composeLetterBody,
  type LetterDocument,
  type LetterRecipient,
  type PriorLetter,
} from '../../domain/letters/letter-document.js';
import type { LetterCaseView, LetterDetailView, LetterView } from '../../shared/contracts/letters.contract.js';
import type { LetterStatusValue } from '../../shared/letter-enums.js';

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
 * The facts for the bodies of several letters at once, one group of case ids per letter,
 * in two queries in all (the escalation sweep reads them once for all its letters).
 */
export async function loadBodyFacts(db: Executor, groups: number[][], excludeLetterId?: number): Promise<BodyFacts[]> {
  const all = [...new Set(groups.flat())];
  const cases = new Map<number, { deadline: string | null }>();
  for (let i = 0; i < all.length; i += 500) {
    for (const c of await letterRepository.casesForLetter(db, all.slice(i, i + 500))) cases.set(c.id, c);
  }
  const prior = await letterRepository.priorLetters(db, all, excludeLetterId);
  return groups.map((ids) => {
    const mine = new Set(ids);
    const cited = new Set<number>();
    // Already oldest first; a letter covering several of the cases is cited once.
    const own = prior.filter((l) => {
      if (!mine.has(l.case_id) || cited.has(l.id)) return false;
      cited.add(l.id);
      return true;
    });
    return {
      cases: [...mine].flatMap((id) => (cases.has(id) ? [cases.get(id)!] : [])),
      prior: own.map((l) => ({ typeLabel: l.type, number: l.number, issueDay: chinaDay(new Date(l.issued_at)) })),
    };
  });
}

/**
 * The body of a letter written from its facts: the cases, the recipient, the earlier
 * letters about the same cases (cited by the later rungs) and the reply deadline.
 * `facts` are read when not given (see {@link loadBodyFacts}).
 */
export async function composeBody(
  db: Executor,
  args: { type: string; recipient: LetterRecipient; caseIds: number[]; replyDeadline: Date; at: Date; excludeLetterId?: number },
  facts?: BodyFacts,
): Promise<string[]> {
  const { cases, prior } = facts ?? (await loadBodyFacts(db, [args.caseIds], args.excludeLetterId))[0]!;
  const maxOverdue = Math.max(0, ...cases.map((c) => overdueDays(c.deadline, args.at)));
  return composeLetterBody({
    typeLabel: args.type,
    recipient: args.recipient,
    caseCount: Math.max(1, cases.length),
    maxOverdueDays: maxOverdue,
    replyDeadline: chinaDay(new Date(args.replyDeadline.getTime() - 1)),
    prior,
  });
}

/** A row as the API shows it; the state is derived at `now`. */
export function letterView(row: LetterRow, caseIds: number[], unitName: string | null, now: Date): LetterView {
  const status = row.status as LetterStatusValue;
  return {
    id: row.id,
    number: row.number,
    type: row.type,
    rungKey: row.rung_key,
    status,
    state: letterState(
      {
        status,
        issuedAt: row.issued_at,
        deliveredAt: row.delivered_at,
        signedAt: row.signed_at,
        repliedAt: row.replied_at,
        replyDeadline: row.reply_deadline,
        withdrawnAt: row.withdrawn_at,
      },
      now,
    ),
    auto: row.auto === 1,
    issuerName: row.issuer_name,
    issuerCode: row.issuer_code,
    unitId: row.unit_id,
    unitName,
    addressee: row.addressee,
    title: row.title,
    body: JSON.parse(row.body) as string[],
    replyDeadline: row.reply_deadline,
    issuedAt: row.issued_at,
    deliveredAt: row.delivered_at,
    signedAt: row.signed_at,
    reply: row.reply,
    repliedAt: row.replied_at,
    withdrawnAt: row.withdrawn_at,
    withdrawReason: row.withdraw_reason,
    caseIds,
    createdAt: row.created_at,
    version: row.version,
  };
}

/** The cases of a letter as listed on it. */
export async function letterCases(db: Executor, caseIds: number[]): Promise<LetterCaseView[]> {
  return (await letterRepository.casesForLetter(db, caseIds)).map((c) => ({
    id: c.id,
    number: c.number,
    description: c.description,
    address: c.address,
    deadline: c.deadline,
    unitName: c.unit_name ?? null,
    state: c.state,
  }));
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
