import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { TSchema } from '@sinclair/typebox';
import { compileBodySchema, type BodyCheck } from '../body-schema.js';
import { jsonField, readMultipart } from '../multipart.js';
import type { Upload } from '../../services/files/file.service.js';
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
import { AppError, invalid } from '../../core/errors.js';
import { sendFile } from './xlsx.js';

/** The multipart file field of a report's evidence. */
const EVIDENCE_FIELD = 'evidence';

let reportCheck: BodyCheck | undefined;

/** Validates a command that came inside multipart as Fastify validates JSON bodies; 400 names the field. */
function check<T>(schema: TSchema, value: unknown): T {
  reportCheck ??= compileBodySchema(schema);
  if (!reportCheck(value)) {
    const first = reportCheck.errors?.[0];
    const params = (first?.params ?? {}) as Record<string, unknown>;
    const extra = (params.missingProperty ?? params.additionalProperty) as string | undefined;
    const field = [first?.instancePath.replace(/^\//, '').replace(/\//g, '.'), extra].filter(Boolean).join('.') || 'body';
    const message = params.additionalProperty ? 'unknown field' : params.missingProperty ? 'is required' : (first?.message ?? 'is invalid');
    throw new AppError(400, 'invalid_input', `${field}: ${message}`, { field });
  }
  return value as T;
}

/** A report and its evidence photos, from JSON or multipart ("command" + files "evidence"). */
async function reportOf(request: FastifyRequest): Promise<{ cmd: ReportActionItemBody; uploads: Upload[] }> {
  if (!request.isMultipart()) return { cmd: check<ReportActionItemBody>(ReportActionItemBody, request.body), uploads: [] };
  const body = await readMultipart(request);
  // A browser sends a JSON part as a Blob, which arrives as a file part named `command`.
  const commandFile = body.files.find((f) => f.field === 'command');
  if (commandFile && body.fields.command === undefined) body.fields.command = commandFile.bytes.toString('utf8');
  const files = body.files.filter((f) => f !== commandFile);
  for (const f of files) if (f.field !== EVIDENCE_FIELD) throw invalid(f.field, `unknown file field (use "${EVIDENCE_FIELD}")`);
  return {
    cmd: check<ReportActionItemBody>(ReportActionItemBody, jsonField(body)),
    uploads: files.map((f) => ({ bytes: f.bytes, filename: f.filename, field: f.field })),
  };
}

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
        const { cmd, uploads } = await reportOf(request);
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
        const { bytes, mime } = await s.evidence(request.ctx, request.params.id, request.params.fileId);
        reply.header('cache-control', 'private, max-age=86400');
        const ext = mime === 'image/png' ? 'png' : mime === 'image/webp' ? 'webp' : 'jpg';
        return sendFile(reply, bytes, `交办事项${request.params.id}-佐证${request.params.fileId}.${ext}`, mime, 'inline');
      },
    );
  };
}
