import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { renderBriefingDocx } from '../../documents/briefings/briefing-docx.js';
import { renderBriefingPdf } from '../../documents/briefings/briefing-pdf.js';
import type { Services } from '../../services/index.js';
import { Binary, IdParams, withErrors } from '../../shared/contracts/common.contract.js';
import {
  Briefing,
  BriefingList,
  BriefingVersionBody,
  EditBriefingBody,
  GenerateBriefingBody,
} from '../../shared/contracts/briefings.contract.js';
import { DOCX_TYPE, sendFile } from './xlsx.js';

/** The files a briefing is rendered to. */
const RENDERINGS = [
  { ext: 'docx', mime: DOCX_TYPE, summary: 'The briefing as DOCX (GB/T 9704 layout, red 版头)', render: renderBriefingDocx },
  { ext: 'pdf', mime: 'application/pdf', summary: 'The briefing as PDF with embedded CJK fonts', render: renderBriefingPdf },
] as const;

/** File name of a briefing: its 期号 (or 草稿) and title. */
function fileName(b: Briefing, ext: string): string {
  return `${b.numberText ?? `草稿${b.id}`} ${b.title}.${ext}`.replace(/[\\/:*?"<>|]/g, '_');
}

/** 周例会通报: the list, generating a draft, editing its commentary, publishing, DOCX/PDF. */
export function briefingRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    const s = services.briefings;
    const TAGS = ['briefings'];
    app.get(
      '/',
      {
        config: { permission: 'briefing.read' },
        schema: {
          tags: TAGS,
          summary: 'Every briefing (drafts for HQ only), newest period first',
          response: withErrors({ 200: BriefingList }),
        },
      },
      async (request) => s.list(request.ctx),
    );
    app.post(
      '/',
      {
        config: { permission: 'briefing.manage' },
        schema: {
          tags: TAGS,
          summary: 'Generate a draft from the record for a week (default: the last full week, China time), a month or chosen days',
          body: GenerateBriefingBody,
          response: withErrors({ 200: Briefing }),
        },
      },
      async (request) => s.generate(request.ctx, request.body),
    );
    app.get(
      '/:id',
      {
        config: { permission: 'briefing.read' },
        schema: {
          tags: TAGS,
          summary: 'One briefing with its content and commentary',
          params: IdParams,
          response: withErrors({ 200: Briefing }),
        },
      },
      async (request) => s.get(request.ctx, request.params.id),
    );
    app.put(
      '/:id',
      {
        config: { permission: 'briefing.manage' },
        schema: {
          tags: TAGS,
          summary: 'Edit a draft’s title and commentary (形势分析, 下步工作) at the version read; 409 if it moved',
          params: IdParams,
          body: EditBriefingBody,
          response: withErrors({ 200: Briefing }),
        },
      },
      async (request) => s.edit(request.ctx, request.params.id, request.body),
    );
    app.post(
      '/:id/publish',
      {
        config: { permission: 'briefing.manage' },
        schema: {
          tags: TAGS,
          summary: 'Publish a draft as 第N期: frozen snapshot, hash audited, units notified',
          params: IdParams,
          body: BriefingVersionBody,
          response: withErrors({ 200: Briefing }),
        },
      },
      async (request) => s.publish(request.ctx, request.params.id, request.body.version),
    );
    for (const f of RENDERINGS) {
      app.get(
        `/:id/briefing.${f.ext}`,
        {
          config: { permission: 'briefing.read' },
          schema: {
            tags: TAGS,
            summary: f.summary,
            params: IdParams,
            response: withErrors({ 200: Binary(f.mime, `the briefing as ${f.ext.toUpperCase()}`) }),
          },
        },
        async (request, reply) => {
          const b = await s.get(request.ctx, request.params.id);
          return sendFile(reply, await f.render(b), fileName(b, f.ext), f.mime);
        },
      );
    }
  };
}
