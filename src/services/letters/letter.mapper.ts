import type { LetterRow } from '../../db/repositories/letter.repository.js';
import { letterState } from '../../domain/letters/escalation.js';
import type { LetterCaseView, LetterView } from '../../shared/contracts/letters.contract.js';
import type { LetterStatusValue } from '../../shared/letter-enums.js';

/** What a letter's view says beyond its row: names and what the reader may do with it. */
export interface LetterViewExtras {
  signUnitName: string | null;
  needsApproval: boolean;
  canApprove: boolean;
  canSign: boolean;
}

/** A row as the API shows it; the state is derived at `now`. */
export function letterView(row: LetterRow, caseIds: number[], unitName: string | null, now: Date, extras: LetterViewExtras): LetterView {
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
    signUnitId: row.sign_unit_id ?? row.unit_id,
    signUnitName: extras.signUnitName,
    needsApproval: extras.needsApproval,
    approvedAt: row.approved_at,
    returnedAt: row.returned_at,
    returnReason: row.return_reason,
    canApprove: extras.canApprove,
    canSign: extras.canSign,
    caseIds,
    createdAt: row.created_at,
    version: row.version,
  };
}

/** A case as a letter lists it. */
export function letterCaseView(c: {
  id: number;
  number: string;
  description: string;
  address: string | null;
  deadline: string | null;
  unit_name: string | null;
  state: string;
}): LetterCaseView {
  return {
    id: c.id,
    number: c.number,
    description: c.description,
    address: c.address,
    deadline: c.deadline,
    unitName: c.unit_name ?? null,
    state: c.state,
  };
}
