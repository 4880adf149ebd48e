import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { commandWithFiles } from '../command-body.js';
import type { Services } from '../../services/index.js';
import {
  ActionItem,
  ActionItemFileParams,
  ActionItemList,
  ActionItemQuery,
  ActionItemVersionBody,
  CreateActionItemBody,
  ReportActionItemBody,
  ReturnActionItemBody,
} from '../../shared/contracts/action-items.contract.js';
import { Binary, IdParams, withErrors } from '../../shared/contracts/common.contract.js';
import { sendFile } from './xlsx.js';

/** The multipart file field of a report's evidence. */
const EVIDENCE_FIELD = 'evidence';

/** 周例会交办事项: assign, list, report done with evidence, confirm or send back, escalate. */
export function actionItemRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    const s = services.actionItems;
    const TAGS = ['action-items'];
    app.get(
      '/',
      {
        config: { permission: 'action_item.read' },
        schema: {
          tags: TAGS,
          summary: 'Action items the caller may see (units: their own), by deadline',
          querystring: ActionItemQuery,
          response: withErrors({ 200: ActionItemList }),
        },
      },
      async (request) => s.list(request.ctx, request.query),
    );
    app.post(
      '/',
      {
        config: { permission: 'action_item.manage' },
        schema: {
          tags: TAGS,
          summary: 'Assign an item of a meeting (briefing) to a unit with a deadline (China date and time); the unit is told',
          body: CreateActionItemBody,
          response: withErrors({ 200: ActionItem }),
        },
      },
      async (request) => s.create(request.ctx, request.body),
    );
    app.get(
      '/:id',
      {
        config: { permission: 'action_item.read' },
        schema: {
          tags: TAGS,
          summary: 'One action item with its evidence and letters',
          params: IdParams,
          response: withErrors({ 200: ActionItem }),
        },
      },
      async (request) => s.get(request.ctx, request.params.id),
    );
    app.post(
      '/:id/report',
      {
        config: { permission: 'action_item.report' },
        schema: {
          tags: TAGS,
          summary: 'The unit reports its item done (JSON, or multipart: field "command" with this JSON + image files "evidence")',
          consumes: ['application/json', 'multipart/form-data'],
          params: IdParams,
          response: withErrors({ 200: ActionItem }),
        },
      },
      async (request) => {
        const { cmd, uploads } = await commandWithFiles<ReportActionItemBody>(request, ReportActionItemBody, [EVIDENCE_FIELD]);
        return s.report(request.ctx, request.params.id, cmd, uploads);
      },
    );
    app.post(
      '/:id/confirm',
      {
        config: { permission: 'action_item.manage' },
        schema: {
          tags: TAGS,
          summary: 'HQ confirms a reported item done',
          params: IdParams,
          body: ActionItemVersionBody,
          response: withErrors({ 200: ActionItem }),
        },
      },
      async (request) => s.confirm(request.ctx, request.params.id, request.body.version),
    );
    app.post(
      '/:id/return',
      {
        config: { permission: 'action_item.manage' },
        schema: {
          tags: TAGS,
          summary: 'HQ sends a report back with its reason (the item is open again)',
          params: IdParams,
          body: ReturnActionItemBody,
          response: withErrors({ 200: ActionItem }),
        },
      },
      async (request) => s.sendBack(request.ctx, request.params.id, request.body.version, request.body.reason),
    );
    app.post(
      '/:id/escalate',
      {
        config: { permission: 'action_item.manage' },
        schema: {
          tags: TAGS,
          summary: 'Escalate an overdue item: a letter of the next rung of the ladder to its unit, citing the item',
          params: IdParams,
          body: ActionItemVersionBody,
          response: withErrors({ 200: ActionItem }),
        },
      },
      async (request) => services.escalateActionItem.escalate(request.ctx, request.params.id, request.body.version),
    );
    app.get(
      '/:id/files/:fileId',
      {
        config: { permission: 'action_item.read' },
        schema: {
          tags: TAGS,
          summary: 'An evidence photo of an item (metadata stripped)',
          params: ActionItemFileParams,
          response: withErrors({ 200: Binary('image/*', 'the photo (JPEG, PNG or WebP)') }),
        },
      },
      async (request, reply) => {
        const { body, size, mime } = await s.evidence(request.ctx, request.params.id, request.params.fileId);
        reply.header('cache-control', 'private, max-age=86400');
        const ext = mime === 'image/png' ? 'png' : mime === 'image/webp' ? 'webp' : 'jpg';
        return sendFile(reply, { body, size }, `交办事项${request.params.id}-佐证${request.params.fileId}.${ext}`, mime, 'inline');
      },
    );
  };
}
