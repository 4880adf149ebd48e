import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.js';
import type { Services } from '../../services/index.js';
import type { PublicWrite } from '../../services/public/public-input.js';
import { Binary, withErrors } from '../../shared/contracts/common.contract.js';
import {
  CaseNumber,
  PlusOneReply,
  PowChallenge,
  PublicCaseView,
  PublicConfig,
  PublicMap,
  PublicReportReply,
} from '../../shared/contracts/public.contract.js';
import { readMultipart } from '../multipart.js';
import { sendStream } from './xlsx.js';

/** Chinese messages for the shared layers' errors (multipart, files, validation), by code: the public page shows them as they are. */
const ZH: Record<string, string> = {
  file_too_large: '照片太大，请压缩后再试',
  too_many_files: '照片太多，最多 3 张',
  unsupported_file_type: '只能上传 JPEG、PNG 或 WebP 格式的照片',
  invalid_image: '照片无法识别，请换一张',
  image_too_large: '照片像素过大，请压缩后再试',
  invalid_input: '填写内容有误，请检查后重试',
  malformed_multipart: '提交的数据不完整，请重试',
  unsupported_media_type: '提交格式不对，请刷新页面后重试',
  field_too_large: '填写内容过长',
  too_many_fields: '提交的字段过多，请刷新页面后重试',
  too_many_parts: '提交的内容过多，请刷新页面后重试',
  body_too_large: '提交的内容过大',
  bad_request: '请求格式有误，请刷新页面后重试',
  client_error: '请求有误，请刷新页面后重试',
  not_found: '未找到该问题，请检查编号和链接',
  concurrent_write: '系统繁忙，请稍后重试',
  conflict: '提交冲突，请稍后重试',
};
const CJK = /[\u4e00-\u9fff]/;

/**
 * The public routes' errors in Chinese (the page shows the message), still naming the
 * field in details.field; 429 gets Retry-After. Anything else goes on to the app's handler.
 */
function toPublicError(err: FastifyError, reply: { header(k: string, v: string): unknown }): unknown {
  if (err instanceof AppError) {
    const retry = err.details?.retryAfterS;
    if (err.status === 429 && typeof retry === 'number') reply.header('retry-after', String(retry));
    if (CJK.test(err.message) || !ZH[err.code]) return err;
    const field = typeof err.details?.field === 'string' ? err.details.field : undefined;
    return new AppError(err.status, err.code, field ? `${ZH[err.code]}（${field}）` : ZH[err.code]!, err.details);
  }
  if (err.validation) {
    const v = err.validation[0];
    const path = v ? v.instancePath.replace(/^\//, '').replace(/\//g, '.') : '';
    const field = [err.validationContext ?? 'body', path].filter(Boolean).join('.');
    return new AppError(400, 'invalid_input', `填写内容有误（${field}）`, { field });
  }
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const code = err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'body_too_large' : status === 400 ? 'bad_request' : 'client_error';
    return new AppError(status, code, ZH[code]!, { field: 'body' });
  }
  return err;
}

const NumberParams = Type.Object({ number: CaseNumber }, { additionalProperties: false });
const TokenQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });
const WriteHeaders = Type.Object({ 'x-device-id': Type.Optional(Type.String({ maxLength: 100 })) });

/** A multipart public write: its fields, its files (all "photo"), and the device header. */
async function publicWrite(request: FastifyRequest): Promise<PublicWrite> {
  const body = await readMultipart(request);
  const device = request.headers['x-device-id'];
  return {
    fields: body.fields,
    files: body.files,
    deviceId: typeof device === 'string' ? device : undefined,
  };
}

/**
 * The public side without an account (issue 15; the list of routes heads
 * shared/contracts/public.contract.ts): the page's settings, proof-of-work challenges,
 * reports, "我也遇到", tracking, photos and the map. The satisfaction rating has its own module.
 */
export function publicRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.setErrorHandler((err: FastifyError, _request, reply) => {
      throw toPublicError(err, reply);
    });
    const intake = services.publicIntake;
    const tags = ['public'];

    app.get(
      '/config',
      {
        config: { permission: 'public' },
        schema: { tags, summary: 'What the public report page needs', response: withErrors({ 200: PublicConfig }) },
      },
      async (_request, reply) => {
        reply.header('cache-control', 'no-cache');
        return intake.config();
      },
    );

    app.get(
      '/challenge',
      {
        config: { permission: 'public' },
        schema: { tags, summary: 'A proof-of-work challenge for the next write', response: withErrors({ 200: PowChallenge }) },
      },
      async (_request, reply) => {
        reply.header('cache-control', 'no-store');
        return intake.challenge();
      },
    );

    app.post(
      '/reports',
      {
        config: { permission: 'public' },
        schema: {
          tags,
          summary: 'Report a problem without an account (multipart: fields, files "photo" 1–3; header X-Device-Id)',
          consumes: ['multipart/form-data'],
          headers: WriteHeaders,
          response: withErrors({ 201: PublicReportReply }),
        },
      },
      async (request, reply) => reply.status(201).send(await intake.report(request.ctx, await publicWrite(request))),
    );

    app.post(
      '/cases/:number/plus-ones',
      {
        config: { permission: 'public' },
        schema: {
          tags,
          summary: '"我也遇到": join an open case (multipart: description?, challenge, nonce; file photo?)',
          params: NumberParams,
          consumes: ['multipart/form-data'],
          headers: WriteHeaders,
          response: withErrors({ 201: PlusOneReply }),
        },
      },
      async (request, reply) =>
        reply.status(201).send(await intake.plusOne(request.ctx, request.params.number, await publicWrite(request))),
    );

    app.get(
      '/cases/:number',
      {
        config: { permission: 'public' },
        schema: {
          tags,
          summary: 'Track a case: full with its token, minimal by number alone if HQ allows it',
          params: NumberParams,
          querystring: TokenQuery,
          response: withErrors({ 200: PublicCaseView }),
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        return intake.view(request.params.number, request.query.token);
      },
    );

    app.get(
      '/cases/:number/photos/:fileId',
      {
        config: { permission: 'public' },
        schema: {
          tags,
          summary: "A case photo's public copy (metadata stripped); needs the case's token",
          params: Type.Object(
            { number: CaseNumber, fileId: Type.Integer({ minimum: 1, maximum: 2147483647 }) },
            { additionalProperties: false },
          ),
          querystring: TokenQuery,
          response: withErrors({ 200: Binary('image/*', 'the photo (JPEG, PNG or WebP), metadata stripped') }),
        },
      },
      async (request, reply) => {
        const { body, size, mime } = await intake.photo(request.params.number, request.params.fileId, request.query.token);
        reply.header('cache-control', 'private, max-age=86400').header('content-type', mime);
        return sendStream(reply, { body, size });
      },
    );

    app.get(
      '/map',
      {
        config: { permission: 'public' },
        schema: {
          tags,
          summary: 'Recent public cases at coarse positions (if HQ enabled the map)',
          response: withErrors({ 200: PublicMap }),
        },
      },
      async () => intake.map(),
    );
  };
}
