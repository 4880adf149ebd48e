import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.js';
import type { Services } from '../../services/index.js';
import type { Upload } from '../../services/files/file.service.js';
import { Open311Error, type Open311Fields } from '../../services/public/open311.service.js';
import {
  OPEN311_ERRORS,
  Open311Created,
  Open311Discovery,
  Open311RequestList,
  Open311ServiceDefinition,
  Open311ServiceList,
} from '../../shared/contracts/open311.contract.js';
import { readMultipart } from '../multipart.js';
import { toXmlDocument, type XmlValue } from '../open311/xml.js';

type Format = 'json' | 'xml';

/** The largest form-encoded POST body (a description of 2 000 characters fits many times). */
const FORM_LIMIT_BYTES = 64 * 1024;

const TAGS = ['open311'];

/** The answer's format from the path's extension; XML (the spec's required format) when unclear. */
function formatOf(request: FastifyRequest): Format {
  const f = (request.params as { format?: string } | undefined)?.format;
  if (f === 'json' || f === 'xml') return f;
  return /\.json(\?|$)/.test(request.url) ? 'json' : 'xml';
}

const CONTENT_TYPES: Record<Format, string> = { json: 'application/json; charset=utf-8', xml: 'text/xml; charset=utf-8' };

/** `value` as the spec's JSON, or as XML under `root`. */
function render(format: Format, root: string, value: unknown): string {
  return format === 'json' ? JSON.stringify(value) : toXmlDocument(root, value as XmlValue);
}

/** Sends `value` as the spec's JSON, or as XML under `root`. */
function send(reply: FastifyReply, format: Format, root: string, value: unknown, status = 200): FastifyReply {
  return reply
    .status(status)
    .type(CONTENT_TYPES[format])
    .send(render(format, root, value));
}

function sendError(reply: FastifyReply, format: Format, status: number, description: string): FastifyReply {
  return send(reply, format, 'errors', [{ code: status, description }], status);
}

/** Only .json and .xml exist; anything else is the spec's 404. */
function checkFormat(request: FastifyRequest): Format {
  const f = (request.params as { format?: string }).format;
  if (f !== 'json' && f !== 'xml') throw new Open311Error(404, `format "${String(f)}" not found; use .json or .xml`);
  return f;
}

/** A query or form value as the spec treats it: repeated → the first, absent and empty alike. */
function fieldsOf(body: unknown): Open311Fields {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return {};
  const out: Open311Fields = {};
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v) && typeof v[0] === 'string') out[k] = v[0];
  }
  return out;
}

const docs = (summary: string, ok: unknown, extra: Record<string, unknown> = {}) => ({
  tags: TAGS,
  summary,
  description: 'Open311 GeoReport v2. Answers are JSON or XML by the extension (.json / .xml); errors in the spec format.',
  ...extra,
  response: { 200: ok, ...OPEN311_ERRORS },
});

/**
 * The Open311 GeoReport v2 server (issue 15 point 6), mounted at /open311/v2. These routes are
 * public (the spec's reads need no key; POST requests checks its api_key itself) and answer in
 * the spec's format, not the /api one: their own error handler, not-found handler and a parser
 * for form-encoded bodies, all scoped to this plugin. The spec's shapes are documented in
 * shared/contracts/open311.contract.ts and docs/OPEN311.md.
 */
export function open311Routes(services: Services): FastifyPluginAsync {
  return async (app) => {
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: FORM_LIMIT_BYTES },
      (_req, body, done) => {
        const out: Record<string, string> = {};
        for (const [k, v] of new URLSearchParams(body as string)) if (!Object.hasOwn(out, k)) out[k] = v;
        done(null, out);
      },
    );

    app.setErrorHandler((err: FastifyError | Open311Error | AppError, request, reply) => {
      const format = formatOf(request);
      if (err instanceof Open311Error) {
        if (err.retryAfter !== undefined) reply.header('retry-after', String(err.retryAfter));
        return sendError(reply, format, err.status, err.description);
      }
      const status = err instanceof AppError ? err.status : (err.statusCode ?? 500);
      if (status >= 400 && status < 500) {
        // The spec knows 400 (general), 403, 404; a body too large or of another type is a 400 too.
        return sendError(reply, format, [403, 404, 429].includes(status) ? status : 400, err.message);
      }
      request.log.error({ err }, 'unhandled error in Open311');
      return sendError(reply, format, 500, `internal error; see the server log for request ${request.id}`);
    });

    app.setNotFoundHandler((request, reply) =>
      sendError(reply, formatOf(request), 404, `no Open311 resource ${request.method} ${request.url.split('?')[0]}`),
    );

    const pub = { permission: 'public' as const };

    app.get('/discovery.:format', { config: pub, schema: docs('Open311 service discovery', Open311Discovery) }, async (request, reply) => {
      const format = checkFormat(request);
      const base = `${request.protocol}://${request.host}/open311/v2`;
      return send(reply, format, 'discovery', services.open311.discovery(base));
    });

    app.get(
      '/services.:format',
      { config: pub, schema: docs('Open311 services: HQ’s public categories', Open311ServiceList) },
      async (request, reply) => {
        const format = checkFormat(request);
        await services.open311.checkJurisdiction(fieldsOf(request.query).jurisdiction_id);
        return send(reply, format, 'services', await services.open311.services());
      },
    );

    app.get(
      '/services/:service_code.:format',
      { config: pub, schema: docs('Open311 service definition', Open311ServiceDefinition) },
      async (request, reply) => {
        const format = checkFormat(request);
        await services.open311.checkJurisdiction(fieldsOf(request.query).jurisdiction_id);
        const { service_code } = request.params as { service_code: string };
        return send(reply, format, 'service_definition', await services.open311.definition(service_code));
      },
    );

    app.post(
      '/requests.:format',
      {
        config: pub,
        schema: docs('Create an Open311 service request (a case); api_key required', Open311Created, {
          consumes: ['application/x-www-form-urlencoded', 'multipart/form-data'],
        }),
      },
      async (request, reply) => {
        const format = checkFormat(request);
        let fields: Open311Fields;
        const files: Upload[] = [];
        if (request.isMultipart()) {
          const body = await readMultipart(request);
          fields = body.fields;
          for (const f of body.files) {
            if (f.field !== 'media') throw new Open311Error(400, `file part "${f.field}" is not known; send the photo as "media"`);
            files.push({ source: f.source, filename: f.filename, field: 'media' });
          }
        } else fields = fieldsOf(request.body);
        const created = await services.open311.create(fields, files, { requestId: request.id, clientIp: request.ip });
        return send(reply, format, 'service_requests', created);
      },
    );

    app.get(
      '/requests.:format',
      { config: pub, schema: docs('Open311 service requests (last 90 days, at most 1000, newest first)', Open311RequestList) },
      async (request, reply) => {
        const format = checkFormat(request);
        const q = fieldsOf(request.query);
        await services.open311.checkJurisdiction(q.jurisdiction_id);
        if (q.api_key) await services.open311.useKey(q.api_key, false);
        const key = `${format}?${request.url.split('?')[1] ?? ''}`;
        const body = await services.open311.listRendered(q, key, (rows) => render(format, 'service_requests', rows));
        return reply.status(200).type(CONTENT_TYPES[format]).send(body);
      },
    );

    app.get(
      '/requests/:service_request_id.:format',
      { config: pub, schema: docs('One Open311 service request', Open311RequestList) },
      async (request, reply) => {
        const format = checkFormat(request);
        const q = fieldsOf(request.query);
        await services.open311.checkJurisdiction(q.jurisdiction_id);
        if (q.api_key) await services.open311.useKey(q.api_key, false);
        const { service_request_id } = request.params as { service_request_id: string };
        return send(reply, format, 'service_requests', await services.open311.one(service_request_id));
      },
    );
  };
}
