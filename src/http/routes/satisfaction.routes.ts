import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.js';
import type { Services } from '../../services/index.js';
import { IdParams, withErrors } from '../../shared/contracts/common.contract.js';
import {
  SatisfactionBody,
  SatisfactionOwnBody,
  SatisfactionRateParams,
  SatisfactionReply,
  SatisfactionReviewBody,
  SatisfactionReviewItem,
  SatisfactionReviewList,
  SatisfactionReviewParams,
  SatisfactionReviewQuery,
  UnitSatisfactionList,
  UnitSatisfactionQuery,
} from '../../shared/contracts/public.contract.js';

/** Chinese words for the fields a citizen's rating request can get wrong. */
const FIELD_WORDS: Record<string, string> = {
  token: '链接中的查询码',
  rating: '评价',
  comment: '评价内容（不超过 500 字）',
  number: '问题编号',
};

/**
 * The schema's refusal of a public request in Chinese, still naming the field (citizens
 * read it; the field name lets the page point at the input). `attachValidation` hands
 * the error to the route instead of the generic English handler.
 */
function publicValidationError(request: FastifyRequest): AppError | null {
  const err = request.validationError as
    (Error & { validation?: { instancePath: string; params: Record<string, unknown> }[]; validationContext?: string }) | undefined;
  if (!err) return null;
  const v = err.validation?.[0];
  const path = v?.instancePath.replace(/^\//, '').replace(/\//g, '.') ?? '';
  const extra = (v?.params.missingProperty ?? v?.params.additionalProperty) as string | undefined;
  const field = [path, extra].filter(Boolean).join('.') || (err.validationContext ?? 'body');
  const word = FIELD_WORDS[field.split('.')[0] ?? ''];
  const message = v?.params.additionalProperty
    ? `${field}：不认识的字段`
    : v?.params.missingProperty
      ? `${field}：请填写${word ? word : ''}`
      : `${field}：${word ? `${word}` : '内容'}不正确`;
  // A malformed number cannot name a case: the same 404 as an unknown one.
  if (err.validationContext === 'params') return new AppError(404, 'not_found', '没有找到这个问题，请检查编号和链接', { resource: 'case' });
  return new AppError(400, 'invalid_input', message, { field: `${err.validationContext ?? 'body'}.${field}` });
}

/** POST /api/public/cases/:number/satisfaction: the reporter's rating, with the follow-up token, no account. */
export function publicSatisfactionRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/cases/:number/satisfaction',
      {
        config: { permission: 'public' },
        attachValidation: true,
        schema: {
          tags: ['public'],
          summary: 'The reporter rates a closed case (满意/基本满意/不满意), once; the token of the follow-up link proves it is theirs',
          params: SatisfactionRateParams,
          body: SatisfactionBody,
          response: withErrors({ 201: SatisfactionReply }),
        },
      },
      async (request, reply) => {
        const bad = publicValidationError(request);
        if (bad) throw bad;
        const { token, rating, comment } = request.body;
        const r = await services.satisfaction.rate(request.ctx, { number: request.params.number }, { token }, { rating, comment });
        return reply.code(201).send(r);
      },
    );
  };
}

/** POST /api/cases/:id/satisfaction: the logged-in citizen who reported the case rates it. */
export function ownSatisfactionRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/:id/satisfaction',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags: ['cases'],
          summary: 'The reporter (logged in) rates their own closed case, once',
          params: IdParams,
          body: SatisfactionOwnBody,
          response: withErrors({ 201: SatisfactionReply }),
        },
      },
      async (request, reply) => {
        const r = await services.satisfaction.rate(request.ctx, { caseId: request.params.id }, { reporter: true }, request.body);
        return reply.code(201).send(r);
      },
    );
  };
}

/** HQ's side of 回访: review 不满意 ratings (reopen or decline) and the per-unit indicator. */
export function satisfactionRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    const s = services.satisfaction;
    const TAGS = ['satisfaction'];
    app.get(
      '/reviews',
      {
        config: { permission: 'case.configure' },
        schema: {
          tags: TAGS,
          summary: '不满意 ratings waiting for HQ (pending, oldest first) or reviewed (done, newest first)',
          querystring: SatisfactionReviewQuery,
          response: withErrors({ 200: SatisfactionReviewList }),
        },
      },
      async (request) => s.reviews(request.ctx, request.query),
    );
    app.post(
      '/reviews/:caseId',
      {
        config: { permission: 'case.configure' },
        schema: {
          tags: TAGS,
          summary: 'HQ decides on a 不满意: reopen the case (back to its unit, fresh deadline) or decline with the reason',
          params: SatisfactionReviewParams,
          body: SatisfactionReviewBody,
          response: withErrors({ 200: SatisfactionReviewItem }),
        },
      },
      async (request) => s.review(request.ctx, request.params.caseId, request.body),
    );
    app.get(
      '/units',
      {
        config: { permission: 'assessment.read' },
        schema: {
          tags: TAGS,
          summary: 'Satisfaction per unit over a period: counts and 满意率 = (满意 + 基本满意) / rated',
          querystring: UnitSatisfactionQuery,
          response: withErrors({ 200: UnitSatisfactionList }),
        },
      },
      async (request) => s.units(request.ctx, request.query),
    );
  };
}
