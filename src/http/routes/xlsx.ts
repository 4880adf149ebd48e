import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../core/errors.js';
import type { AuditService } from '../../services/audit/audit.service.js';
import { contentDisposition, type Disposition } from '../content-disposition.js';
import { EXPORT_LANGS, type ExportLang } from '../../shared/export-lang.js';

/** `?lang=` of the export routes: the language of headers, labels and the file name. */
export const LangQuery = Type.Object(
  {
    lang: Type.Optional(
      Type.Union(
        EXPORT_LANGS.map((l) => Type.Literal(l)),
        { description: 'zh-CN (default) or en-US; without it, Accept-Language decides' },
      ),
    ),
  },
  { additionalProperties: false },
);

/**
 * The export language: `?lang=` when given, else the first zh or en tag of
 * Accept-Language by preference (the web client sends its UI language), else Chinese.
 */
export function exportLang(request: FastifyRequest): ExportLang {
  const q = (request.query as { lang?: string } | undefined)?.lang;
  if (q === 'en-US' || q === 'zh-CN') return q;
  const header = request.headers['accept-language'] ?? '';
  const tags = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag, q: q === undefined ? 1 : Number(q), i };
    })
    .filter((t) => t.q > 0 && /^(zh|en)(-|$)/.test(t.tag))
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return tags[0]?.tag.startsWith('en') ? 'en-US' : 'zh-CN';
}

/**
 * A file name in the export language (`base`: the Chinese and English stem), e.g.
 * 案卷-2026-12-05.xlsx; the plain ASCII `filename=` for old clients is the English one.
 */
export function exportName(lang: ExportLang, base: { zh: string; en: string }, suffix = '', ext = 'xlsx'): { name: string; ascii: string } {
  return { name: `${lang === 'en-US' ? base.en : base.zh}${suffix}.${ext}`, ascii: `${base.en}${suffix}.${ext}` };
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Word documents (letters, briefings). */
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A download's file name; `ascii` is the plain `filename=` for clients without RFC 5987 (default: the name with non-ASCII as _). */
export type FileName = string | { name: string; ascii: string };

/**
 * Sends a file with its type and an RFC 5987 file name (Chinese names survive); a download
 * unless `inline`. The security headers (nosniff among them) come from the onSend hook.
 */
export function sendFile(
  reply: FastifyReply,
  content: Buffer | StreamedContent,
  filename: FileName,
  type: string,
  disposition: Disposition = 'attachment',
) {
  const name = typeof filename === 'string' ? filename : filename.name;
  const ascii = typeof filename === 'string' ? undefined : filename.ascii;
  reply.header('content-type', type).header('content-disposition', contentDisposition(disposition, name, ascii));
  return Buffer.isBuffer(content) ? reply.send(content) : sendStream(reply, content);
}

/** A stored file opened as a stream (FileService.read), with its length when storage knows it. */
export interface StreamedContent {
  body: Readable;
  size: number | null;
}

/**
 * Sends a stored file as it is read from storage, never whole in memory. Content-Length
 * when the size is known, so clients see progress and a cut-off transfer is detectable;
 * Fastify destroys the stream if the client goes away.
 */
export function sendStream(reply: FastifyReply, content: StreamedContent) {
  if (content.size !== null) reply.header('content-length', content.size);
  return reply.send(content.body);
}

/** Sends a workbook as a download. */
export function sendXlsx(reply: FastifyReply, buffer: Buffer, filename: FileName) {
  return sendFile(reply, buffer, filename, XLSX_TYPE);
}

/**
 * Sends a data export (not a template) after recording it in the audit log: `what` the data,
 * `taken` the filters it was taken with and, where known, how many rows (docs/SECURITY.md, "Exports are audited").
 */
export async function sendExport(
  reply: FastifyReply,
  audit: AuditService,
  buffer: Buffer,
  filename: FileName,
  what: string,
  taken: { query?: Record<string, unknown>; rows?: number } = {},
) {
  const file = typeof filename === 'string' ? filename : filename.name;
  // Filters only when there were some: an empty list would read as "筛选条件：" with nothing after it.
  const query = taken.query && Object.keys(taken.query).length > 0 ? { query: taken.query } : {};
  await audit.recordExport(reply.request.ctx, { what, file, ...query, ...(taken.rows !== undefined ? { rows: taken.rows } : {}) });
  return sendXlsx(reply, buffer, filename);
}

/** The uploaded workbook bytes; a body parsed as JSON or text (wrong Content-Type) is refused with 415. */
export function xlsxBody(body: unknown): Buffer {
  if (!Buffer.isBuffer(body)) throw new AppError(415, 'unsupported_media_type', `body: send the .xlsx file as ${XLSX_TYPE}`);
  return body;
}
