import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError } from '../../services/errors.js';

/** Turns a JSON-pointer-ish path from ajv into a readable field name. */
function fieldOf(err: FastifyError): string {
  const v = err.validation?.[0];
  if (!v) return 'body';
  const base = (err.validationContext ?? 'body') as string;
  const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const params = v.params as Record<string, unknown>;
  const extra = (params.missingProperty ?? params.additionalProperty) as string | undefined;
  return [base, path, extra].filter(Boolean).join('.');
}

/**
 * One error shape for every failure: `{statusCode, error, message, details}`.
 * Anything a client can cause maps to a 4xx; only our own bugs give a 500.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.status).send({ statusCode: err.status, error: err.code, message: err.message, details: err.details });
    }
    if (err.validation) {
      const field = fieldOf(err);
      const v = err.validation[0]!;
      const params = v.params as Record<string, unknown>;
      const message = params.additionalProperty ? 'unknown field' : params.missingProperty ? 'is required' : (v.message ?? 'is invalid');
      return reply.status(400).send({ statusCode: 400, error: 'invalid_input', message: `${field}: ${message}`, details: { field } });
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code =
        err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? 'body_too_large'
          : err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
            ? 'unsupported_media_type'
            : status === 400
              ? 'bad_request'
              : 'client_error';
      const message = code === 'bad_request' && err instanceof SyntaxError ? `body: malformed JSON (${err.message})` : `body: ${err.message}`;
      return reply.status(status).send({ statusCode: status, error: code, message });
    }
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ statusCode: 500, error: 'internal', message: 'internal error; see the server log for request ' + request.id });
  });

}
