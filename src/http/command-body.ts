import type { FastifyRequest } from 'fastify';
import type { TSchema } from '@sinclair/typebox';
import { compileBodySchema, type BodyCheck } from './body-schema.js';
import { jsonField, readMultipart } from './multipart.js';
import type { Upload } from '../services/files/file.service.js';
import { AppError, invalid } from '../core/errors.js';

const checkers = new Map<TSchema, BodyCheck>();

/**
 * Validates a body the route reads itself (a command inside multipart) as Fastify validates
 * JSON bodies: 400 `invalid_input` naming the field (`items.0.partKind`, `reason`).
 */
export function checkBody<T>(schema: TSchema, value: unknown): T {
  let c = checkers.get(schema);
  if (!c) checkers.set(schema, (c = compileBodySchema(schema)));
  if (!c(value)) {
    const first = c.errors?.[0];
    const params = (first?.params ?? {}) as Record<string, unknown>;
    const extra = (params.missingProperty ?? params.additionalProperty) as string | undefined;
    const field = [first?.instancePath.replace(/^\//, '').replace(/\//g, '.'), extra].filter(Boolean).join('.') || 'body';
    const message = params.additionalProperty ? 'unknown field' : params.missingProperty ? 'is required' : (first?.message ?? 'is invalid');
    throw new AppError(400, 'invalid_input', `${field}: ${message}`, { field });
  }
  return value as T;
}

/**
 * A command with its files, from a JSON body (no files) or multipart: the JSON field
 * `command` and file parts in `fileFields` (400 naming any other file field).
 */
export async function commandWithFiles<T>(
  request: FastifyRequest,
  schema: TSchema,
  fileFields: readonly string[],
): Promise<{ cmd: T; uploads: Upload[] }> {
  if (!request.isMultipart()) return { cmd: checkBody<T>(schema, request.body), uploads: [] };
  const body = await readMultipart(request);
  // A browser can only give a part the type application/json by sending it as a Blob,
  // which arrives as a file part: take a `command` file part as the command text.
  const commandFile = body.files.find((f) => f.field === 'command');
  if (commandFile && body.fields.command === undefined) {
    body.fields.command = (await commandFile.source.head(commandFile.source.size)).toString('utf8');
  }
  const files = body.files.filter((f) => f !== commandFile);
  const allowed = fileFields.map((f) => `"${f}"`).join(' or ');
  for (const f of files) if (!fileFields.includes(f.field)) throw invalid(f.field, `unknown file field (use ${allowed})`);
  return {
    cmd: checkBody<T>(schema, jsonField(body)),
    uploads: files,
  };
}
