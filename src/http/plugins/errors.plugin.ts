import type { FastifyError, FastifyInstance } from 'fastify';
import { isConcurrencyAbort, isForeignKeyViolation, isUniqueViolation } from '../../db/db-errors.js';
import { AppError } from '../../core/errors.js';

/** Turns a JSON-pointer-ish path from ajv into a readable field name. */
function fieldOf(err: FastifyError): string {
  const v = err.validation?.[0];
  if (!v) return 'body';
  const base = (err.validationContext ?? 'body') as string;
  const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const params = v.params;
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
      const params = v.params;
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
      const message =
        code === 'bad_request' && err instanceof SyntaxError ? `body: malformed JSON (${err.message})` : `body: ${err.message}`;
      return reply.status(status).send({ statusCode: status, error: code, message });
    }
    // A backstop: services check references and uniqueness first and name the field; a
    // constraint that still fires (a race, a check missed) is the client's conflict, not a 500.
    if (isUniqueViolation(err) || isForeignKeyViolation(err)) {
      const unique = isUniqueViolation(err);
      request.log.warn({ err }, 'constraint violation reached the error handler');
      return reply.status(409).send({
        statusCode: 409,
        error: 'conflict',
        message: unique
          ? 'conflict: a record with the same key already exists; nothing was written'
          : 'conflict: the record is still referred to, or refers to one that does not exist; nothing was written',
        details: { constraint: unique ? 'unique' : 'foreign_key' },
      });
    }
    // Two writers crossed (e.g. over the roll-ups' version row): one was rolled back whole; send it again.
    if (isConcurrencyAbort(err)) {
      request.log.warn({ err }, 'transaction aborted by the database to resolve a concurrent write');
      return reply.header('retry-after', '1').status(409).send({
        statusCode: 409,
        error: 'concurrent_write',
        message: 'conflict: another write to the same records happened at the same time; nothing was written, send the request again',
      });
    }
    request.log.error({ err }, 'unhandled error');
    return reply
      .status(500)
      .send({ statusCode: 500, error: 'internal', message: 'internal error; see the server log for request ' + request.id });
  });
}
