import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { AppError, invalid } from '../core/errors.js';
import { HashingCounter } from '../storage/file-storage.js';
import { fileSource, type UploadSource } from '../storage/upload-source.js';
import { findNonFinite, findNul, nonFiniteRefused, nulRefused } from './input-guards.js';
import { createUploadTemp, defaultUploadTmpDir, registerUploadTemps, releaseUploadTemp } from './upload-temp.js';

/**
 * Uploads over `multipart/form-data`.
 *
 * Routes that take photos accept one multipart request holding:
 * - a field named `command`: the same JSON object the route would otherwise take as
 *   its JSON body (part Content-Type `application/json` or plain text, either works);
 * - zero or more file parts named `photos`: JPEG, PNG or WebP, each at most
 *   `maxBytes`, at most `maxFiles` of them. The type is decided later from the bytes
 *   (FileService.prepare), never from the part's file name or Content-Type.
 *
 * ```
 * POST /api/cases  (Content-Type: multipart/form-data; boundary=X)
 * --X
 * Content-Disposition: form-data; name="command"
 *
 * {"categoryCode":"E01","description":"…"}
 * --X
 * Content-Disposition: form-data; name="photos"; filename="scene.jpg"
 * Content-Type: image/jpeg
 *
 * <bytes>
 * --X--
 * ```
 *
 * File parts are streamed to temporary files as they arrive (never held whole in memory)
 * and removed when the request ends (upload-temp.ts).
 *
 * Errors: a request that is not multipart → 415; a file over the limit, too many
 * files, fields or parts, or an oversized field → 413 naming the field; a malformed
 * body → 400.
 */

/** Limits of one multipart request. */
export interface MultipartLimits {
  /** Largest file, in bytes. */
  maxBytes: number;
  /** Most files per request. */
  maxFiles: number;
  /** Most non-file fields per request (default 20). */
  maxFields?: number;
  /** Largest non-file field, in bytes (default 64 KiB: a command with a long description). */
  maxFieldBytes?: number;
}

/** A multipart request read: its fields in memory, its files as temporary files on disk. */
export interface MultipartBody {
  fields: Record<string, string>;
  /** Each file's content is readable until the request ends. */
  files: { field: string; filename: string; source: UploadSource }[];
}

const LIMITS = 'dudaoMultipartLimits';

/**
 * Registers @fastify/multipart on `app` (call it on the root instance, before the
 * routes); temporary files go to `opts.tmpDir` (by default a folder in the OS's temporary
 * directory). The parser's own limits sit one above ours: a file of exactly
 * `maxBytes + 1` bytes or `maxFiles + 1` files still reach FileService, whose checks
 * give the precise message; anything beyond stops the parser before it buffers more.
 */
export async function registerMultipart(app: FastifyInstance, limits: MultipartLimits, opts: { tmpDir?: string } = {}): Promise<void> {
  const resolved: Required<MultipartLimits> = { maxFields: 20, maxFieldBytes: 64 * 1024, ...limits };
  app.decorate(LIMITS, resolved);
  await registerUploadTemps(app, opts.tmpDir ?? defaultUploadTmpDir());
  await app.register(multipart, {
    limits: {
      fileSize: resolved.maxBytes + 1,
      files: resolved.maxFiles + 1,
      fields: resolved.maxFields,
      fieldSize: resolved.maxFieldBytes,
      parts: resolved.maxFiles + 1 + resolved.maxFields,
    },
  });
}

function limitsOf(request: FastifyRequest): Required<MultipartLimits> {
  if (!request.server.hasDecorator(LIMITS)) throw new Error('readMultipart called without registerMultipart');
  return request.server.getDecorator<Required<MultipartLimits>>(LIMITS);
}

/** The parser's limit and format errors as our own 4xx; anything else passes through. */
function fileTooLarge(field: string, filename: string | null, limits: Required<MultipartLimits>): AppError {
  return new AppError(413, 'file_too_large', `${field}: a file is larger than the limit of ${limits.maxBytes} bytes`, {
    field,
    filename,
    limit: limits.maxBytes,
  });
}

function translate(err: unknown, lastField: string, limits: Required<MultipartLimits>): unknown {
  if (err instanceof AppError) return err;
  const e = err as {
    code?: string;
    syscall?: string;
    statusCode?: number;
    message?: string;
    part?: { fieldname?: string; filename?: string };
  };
  // Writing the temporary file failed (disk full, permissions): ours, not the client's.
  if (e.syscall) return err;
  switch (e.code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return fileTooLarge(e.part?.fieldname ?? lastField, e.part?.filename ?? null, limits);
    case 'FST_FILES_LIMIT':
      return new AppError(413, 'too_many_files', `${lastField}: at most ${limits.maxFiles} files per request`, {
        field: lastField,
        limit: limits.maxFiles,
      });
    case 'FST_FIELDS_LIMIT':
      return new AppError(413, 'too_many_fields', `body: at most ${limits.maxFields} fields per request`, {
        field: 'body',
        limit: limits.maxFields,
      });
    case 'FST_PARTS_LIMIT':
      return new AppError(413, 'too_many_parts', 'body: too many parts in the multipart request', { field: 'body' });
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return notMultipart();
    case 'FST_INVALID_JSON_FIELD_ERROR':
      return new AppError(400, 'invalid_input', 'body: a field declared as application/json is not valid JSON', { field: 'body' });
    case 'FST_PROTO_VIOLATION':
      return new AppError(400, 'invalid_input', 'body: field name not allowed', { field: 'body' });
  }
  // busboy's parse errors ("Unexpected end of form", "Malformed part header") and a
  // premature close carry no status: they are a broken request, not our bug.
  return new AppError(400, 'malformed_multipart', `body: malformed multipart data (${e.message ?? 'unknown error'})`, { field: 'body' });
}

function notMultipart(): AppError {
  return new AppError(
    415,
    'unsupported_media_type',
    'body: this request must be multipart/form-data (a "command" JSON field and "photos" files)',
    {
      field: 'body',
    },
  );
}

/**
 * Streams one file part to a temporary file of the request, hashing and counting the bytes
 * as they pass. Past the parser's limit (`maxBytes + 1`) busboy truncates the part: refused
 * with 413 naming the field, and its file removed at once.
 */
async function saveFile(request: FastifyRequest, part: MultipartFile, limits: Required<MultipartLimits>): Promise<UploadSource> {
  const path = await createUploadTemp(request);
  const counter = new HashingCounter();
  try {
    await pipeline(part.file, counter, createWriteStream(path, { flags: 'wx' }));
    if (part.file.truncated) throw fileTooLarge(part.fieldname, part.filename, limits);
  } catch (e) {
    await releaseUploadTemp(request, path);
    throw e;
  }
  return fileSource(path, counter.byteCount, counter.digest());
}

/**
 * Reads a multipart request: fields into memory, each file to a temporary file on disk
 * (limits bound them: `maxFiles + 1` files of at most `maxBytes + 1` bytes), removed
 * when the request ends. Field values are strings (a part sent as
 * application/json is re-serialised); a field given twice is refused, as is a field
 * over the size limit. A file part with an empty file name and no bytes is what a
 * browser sends for an empty file input, and is skipped.
 */
export async function readMultipart(request: FastifyRequest): Promise<MultipartBody> {
  const limits = limitsOf(request);
  if (!request.isMultipart()) throw notMultipart();
  const body: MultipartBody = { fields: {}, files: [] };
  let lastField = 'photos';
  try {
    for await (const part of request.parts()) {
      lastField = part.fieldname;
      if (part.fieldname.includes('\u0000')) throw nulRefused('body');
      if (part.type === 'file') {
        if (part.filename.includes('\u0000')) throw nulRefused(`${part.fieldname}.filename`);
        const source = await saveFile(request, part, limits);
        if (part.filename === '' && source.size === 0) continue;
        body.files.push({ field: part.fieldname, filename: part.filename, source });
        continue;
      }
      if (part.valueTruncated) {
        throw new AppError(413, 'field_too_large', `${part.fieldname}: larger than the limit of ${limits.maxFieldBytes} bytes`, {
          field: part.fieldname,
          limit: limits.maxFieldBytes,
        });
      }
      if (Object.hasOwn(body.fields, part.fieldname)) throw invalid(part.fieldname, 'given more than once');
      if (typeof part.value === 'string' && part.value.includes('\u0000')) throw nulRefused(part.fieldname);
      body.fields[part.fieldname] = typeof part.value === 'string' ? part.value : JSON.stringify(part.value);
    }
  } catch (e) {
    throw translate(e, lastField, limits);
  }
  return body;
}

/**
 * A JSON field of a multipart body, parsed (by convention `command`). 422 naming
 * the field when it is missing or not JSON; checking its shape is the route's job.
 */
export function jsonField(body: MultipartBody, name = 'command'): unknown {
  const raw = body.fields[name];
  if (raw === undefined) throw invalid(name, 'is required (a JSON field of the multipart request)');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw) as unknown;
  } catch (e) {
    throw invalid(name, `is not valid JSON (${(e as Error).message})`);
  }
  // "\u0000" escapes in the JSON become NUL only now.
  const nul = findNul(parsed, name);
  if (nul) throw nulRefused(nul);
  const infinite = findNonFinite(parsed, name);
  if (infinite) throw nonFiniteRefused(infinite);
  return parsed;
}
