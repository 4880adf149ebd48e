import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { renderLetterDocx } from '../../documents/letters/letter-docx.js';
import { renderLetterPdf } from '../../documents/letters/letter-pdf.js';
import { renderLetterLedger } from '../../documents/xlsx/letter-ledger.sheet.js';
import type { Services } from '../../services/index.js';
import { Binary, IdParams, withErrors } from '../../shared/contracts/common.contract.js';
import {
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
} from '../../shared/contracts/letters.contract.js';
import { Type } from '@sinclair/typebox';
import { DOCX_TYPE, exportLang, exportName, LangQuery, sendExport, sendFile, XLSX_TYPE } from './xlsx.js';

/** The files a letter is rendered to, each from the same laid-out document. */
const RENDERINGS = [
  { ext: 'docx', mime: DOCX_TYPE, summary: 'The letter as DOCX (GB/T 9704 信函格式)', render: renderLetterDocx },
  { ext: 'pdf', mime: 'application/pdf', summary: 'The letter as PDF with embedded CJK fonts', render: renderLetterPdf },
] as const;

/** File name of a letter: its number (or 草稿) and title. */
function fileName(l: { number: string | null; title: string; id: number }, ext: string): string {
  return `${l.number ?? `草稿${l.id}`} ${l.title}.${ext}`.replace(/[\\/:*?"<>|]/g, '_');
}

/** Official letters: HQ's ledger and drafting, the unit's inbox, receipt and reply, DOCX/PDF. */
export function letterRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    const s = services.letters;
    app.get(
      '/',
      {
        config: { permission: 'letter.read' },
        schema: {
          tags: ['letters'],
          summary: 'Letters in scope (HQ: all; a unit: its own), newest first',
          querystring: LetterQuery,
          response: withErrors({ 200: LetterList }),
        },
      },
      async (request) => ({
        items: await s.list(request.ctx, request.query),
      }),
    );
    app.get(
      '/unsigned-count',
      {
        config: { permission: 'letter.read' },
        schema: {
          tags: ['letters'],
          summary: 'Letters waiting for the unit’s signature (the red badge)',
          response: withErrors({ 200: UnsignedCount }),
        },
      },
      async (request) => ({
        count: await s.unsignedCount(request.ctx),
      }),
    );
    app.get(
      '/awaiting-approval-count',
      {
        config: { permission: 'letter.read' },
        schema: {
          tags: ['letters'],
          summary: 'Letters waiting for the caller’s approval (the leader’s badge)',
          response: withErrors({ 200: AwaitingApprovalCount }),
        },
      },
      async (request) => ({
        count: await services.letterApproval.awaitingCount(request.ctx),
      }),
    );
    app.get(
      '/ledger.xlsx',
      {
        config: { permission: 'letter.read' },
        schema: {
          tags: ['letters'],
          summary: 'The ledger (台账) of letters as Excel, in Chinese or English (lang / Accept-Language)',
          querystring: Type.Composite([LetterQuery, LangQuery], { additionalProperties: false }),
          response: withErrors({ 200: Binary(XLSX_TYPE, 'the ledger workbook') }),
        },
      },
      async (request, reply) => {
        const { lang: _lang, ...q } = request.query;
        const lang = exportLang(request);
        return sendExport(
          reply,
          services.audit,
          await renderLetterLedger(await s.list(request.ctx, q), lang),
          exportName(lang, { zh: '督查督办函件台账', en: 'letter-ledger' }),
          'letter_ledger',
          { query: q },
        );
      },
    );
    app.post(
      '/',
      {
        config: { permission: 'letter.manage' },
        schema: { tags: ['letters'], summary: 'Draft a letter by hand', body: DraftBody, response: withErrors({ 201: LetterDetailView }) },
      },
      async (request, reply) => reply.status(201).send(await s.draft(request.ctx, request.body)),
    );
    app.get(
      '/:id',
      {
        config: { permission: 'letter.read' },
        schema: {
          tags: ['letters'],
          summary: 'A letter with its cases (reading changes nothing)',
          params: IdParams,
          response: withErrors({ 200: LetterDetailView }),
        },
      },
      async (request) => s.get(request.ctx, request.params.id),
    );
    app.patch(
      '/:id',
      {
        config: { permission: 'letter.manage' },
        schema: {
          tags: ['letters'],
          summary: 'Edit a draft',
          params: IdParams,
          body: DraftPatchBody,
          response: withErrors({ 200: LetterDetailView }),
        },
      },
      async (request) => s.update(request.ctx, request.params.id, request.body),
    );
    app.post(
      '/:id/issue',
      {
        config: { permission: 'letter.manage' },
        schema: {
          tags: ['letters'],
          summary: 'Issue a draft: number, reply deadline, notice',
          params: IdParams,
          body: IssueBody,
          response: withErrors({ 200: LetterDetailView }),
        },
      },
      async (request) => s.issue(request.ctx, request.params.id, request.body.version),
    );
    app.post(
      '/:id/approve',
      {
        config: { permission: 'letter.approve' },
        schema: {
          tags: ['letters'],
          summary: 'Approve a letter awaiting approval: it is numbered and issued now',
          params: IdParams,
          body: ApproveBody,
          response: withErrors({ 200: LetterDetailView }),
        },
      },
      async (request) => services.letterApproval.approve(request.ctx, request.params.id, request.body.version),
    );
    app.post(
      '/:id/return',
      {
        config: { permission: 'letter.approve' },
        schema: {
          tags: ['letters'],
          summary: 'Send a letter awaiting approval back to HQ as a draft, with the reason',
          params: IdParams,
          body: ReturnBody,
          response: withErrors({ 200: LetterDetailView }),
        },
      },
      async (request) => services.letterApproval.return(request.ctx, request.params.id, request.body.reason),
    );
    app.post(
      '/:id/withdraw',
      {
        config: { permission: 'letter.manage' },
        schema: {
          tags: ['letters'],
          summary: 'Withdraw an issued letter (the number is never reused)',
          params: IdParams,
          body: WithdrawBody,
          response: withErrors({ 200: LetterDetailView }),
        },
      },
      async (request) => s.withdraw(request.ctx, request.params.id, request.body.reason),
    );
    app.post(
      '/:id/delivered',
      {
        config: { permission: 'letter.sign' },
        schema: {
          tags: ['letters'],
          summary: 'Record delivery (送达): sent by the recipient unit’s page when it opens the letter; idempotent',
          params: IdParams,
          response: withErrors({ 200: LetterDetailView }),
        },
      },
      async (request) => s.delivered(request.ctx, request.params.id),
    );
    app.post(
      '/:id/sign',
      {
        config: { permission: 'letter.sign' },
        schema: {
          tags: ['letters'],
          summary: 'Sign for (签收) a letter, optionally with the reply',
          params: IdParams,
          body: SignBody,
          response: withErrors({ 200: LetterDetailView }),
        },
      },
      async (request) => s.sign(request.ctx, request.params.id, request.body),
    );
    app.post(
      '/:id/reply',
      {
        config: { permission: 'letter.sign' },
        schema: {
          tags: ['letters'],
          summary: 'Reply to a signed letter',
          params: IdParams,
          body: ReplyBody,
          response: withErrors({ 200: LetterDetailView }),
        },
      },
      async (request) => s.reply(request.ctx, request.params.id, request.body.reply),
    );
    app.get(
      '/:id/document',
      {
        config: { permission: 'letter.read' },
        schema: {
          tags: ['letters'],
          summary: 'The letter as laid out (for the browser preview)',
          params: IdParams,
          response: withErrors({ 200: LetterDocument }),
        },
      },
      async (request) => (await s.laidOut(request.ctx, request.params.id)).document,
    );
    for (const f of RENDERINGS) {
      app.get(
        `/:id/letter.${f.ext}`,
        {
          config: { permission: 'letter.read' },
          schema: {
            tags: ['letters'],
            summary: f.summary,
            params: IdParams,
            response: withErrors({ 200: Binary(f.mime, `the letter as ${f.ext.toUpperCase()}`) }),
          },
        },
        async (request, reply) => {
          const { letter, document } = await s.laidOut(request.ctx, request.params.id);
          return sendFile(reply, await f.render(document), fileName(letter, f.ext), f.mime);
        },
      );
    }
  };
}

/** The escalation ladder of a campaign. */
export function ladderRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/:id/ladder',
      {
        config: { permission: 'letter.read' },
        schema: {
          tags: ['letters'],
          summary: 'The escalation ladder of a campaign',
          params: IdParams,
          response: withErrors({ 200: Ladder }),
        },
      },
      async (request) => services.campaigns.getLadder(request.ctx, request.params.id),
    );
    app.put(
      '/:id/ladder',
      {
        config: { permission: 'letter.manage' },
        schema: {
          tags: ['letters'],
          summary: 'Replace the escalation ladder (checked whole; problems name their field)',
          params: IdParams,
          body: LadderBody,
          response: withErrors({ 200: Ladder }),
        },
      },
      async (request) => services.campaigns.setLadder(request.ctx, request.params.id, request.body as unknown as Ladder),
    );
  };
}
