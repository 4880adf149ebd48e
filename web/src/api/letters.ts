import type {
  ApproveBody,
  AwaitingApprovalCount,
  DraftBody,
  DraftPatchBody,
  IssueBody,
  Ladder,
  LadderBody,
  LetterDetailView,
  LetterDocument,
  LetterList,
  LetterQuery,
  ReplyBody,
  ReturnBody,
  SignBody,
  UnsignedCount,
  WithdrawBody,
} from '../../../src/shared/contracts/letters.contract.js';
import { api, download, withQuery } from './client.js';

/**
 * The typed client of official letters (/api/letters…) and of a campaign's escalation
 * ladder (/api/campaigns/:id/ladder). Wire types come from
 * src/shared/contracts/letters.contract.ts (`import type`: no TypeBox in the bundle).
 */
export const lettersApi = {
  /** GET /api/letters: the letters in the caller's scope, newest first. */
  list: (q: LetterQuery) => api<LetterList>('/api/letters', { query: q }),
  /** GET /api/letters/unsigned-count: the menu badge (quiet: a failed poll is no news). */
  unsignedCount: () => api<UnsignedCount>('/api/letters/unsigned-count', { quiet: true }),
  /** GET /api/letters/awaiting-approval-count: the leader's menu badge (quiet, like the unsigned count). */
  awaitingApprovalCount: () => api<AwaitingApprovalCount>('/api/letters/awaiting-approval-count', { quiet: true }),
  /** GET /api/letters/ledger.xlsx: the filtered ledger (台账), saved under the server's file name. */
  ledgerXlsx: (q: LetterQuery) => download(withQuery('/api/letters/ledger.xlsx', q), '督查督办函件台账.xlsx'),
  /** GET /api/letters/:id: a letter with its cases. */
  get: (id: number) => api<LetterDetailView>(`/api/letters/${id}`),
  /** POST /api/letters: HQ drafts a letter by hand. */
  draft: (body: DraftBody) => api<LetterDetailView>('/api/letters', { method: 'POST', json: body }),
  /** PATCH /api/letters/:id: edits a draft. */
  update: (id: number, body: DraftPatchBody) => api<LetterDetailView>(`/api/letters/${id}`, { method: 'PATCH', json: body }),
  /** POST /api/letters/:id/issue. */
  issue: (id: number, body: IssueBody) => api<LetterDetailView>(`/api/letters/${id}/issue`, { method: 'POST', json: body }),
  /** POST /api/letters/:id/approve: the leader approves a letter awaiting approval; it is numbered and issued. */
  approve: (id: number, body: ApproveBody) => api<LetterDetailView>(`/api/letters/${id}/approve`, { method: 'POST', json: body }),
  /** POST /api/letters/:id/return: the leader sends it back to HQ with the reason. */
  returnToHq: (id: number, body: ReturnBody) => api<LetterDetailView>(`/api/letters/${id}/return`, { method: 'POST', json: body }),
  /** POST /api/letters/:id/withdraw. */
  withdraw: (id: number, body: WithdrawBody) => api<LetterDetailView>(`/api/letters/${id}/withdraw`, { method: 'POST', json: body }),
  /** POST /api/letters/:id/sign: sign for (签收), optionally with the reply. */
  sign: (id: number, body: SignBody) => api<LetterDetailView>(`/api/letters/${id}/sign`, { method: 'POST', json: body }),
  /** POST /api/letters/:id/reply. */
  reply: (id: number, body: ReplyBody) => api<LetterDetailView>(`/api/letters/${id}/reply`, { method: 'POST', json: body }),
  /**
   * POST /api/letters/:id/delivered: the recipient's page records delivery. Quiet: a viewer
   * who is not this letter's recipient gets a 403, which only means there is nothing to record.
   */
  delivered: (id: number) => api<LetterDetailView>(`/api/letters/${id}/delivered`, { method: 'POST', quiet: true }),
  /** GET /api/letters/:id/document: the letter as laid out, for the browser preview. */
  document: (id: number) => api<LetterDocument>(`/api/letters/${id}/document`),
  /** GET /api/letters/:id/letter.docx, saved under the server's file name. */
  docx: (id: number, fallbackName: string) => download(`/api/letters/${id}/letter.docx`, fallbackName),
  /** GET /api/letters/:id/letter.pdf, saved under the server's file name. */
  pdf: (id: number, fallbackName: string) => download(`/api/letters/${id}/letter.pdf`, fallbackName),
  /** GET /api/campaigns/:id/ladder: the escalation ladder of a campaign. */
  ladder: (campaignId: number) => api<Ladder>(`/api/campaigns/${campaignId}/ladder`),
  /**
   * PUT /api/campaigns/:id/ladder: replaces the ladder, checked whole by the server. 400 and
   * 422 are left to the caller, which lists the problems by field.
   */
  saveLadder: (campaignId: number, ladder: LadderBody) =>
    api<Ladder>(`/api/campaigns/${campaignId}/ladder`, { method: 'PUT', json: ladder, quiet: [400, 422] }),
};
