import type { FastifyReply } from 'fastify';
import { AppError } from '../../services/errors.js';
import { contentDisposition, type Disposition } from '../content-disposition.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Sends a file with its type and an RFC 5987 file name (Chinese names survive); a download
 * unless `inline`. The security headers (nosniff among them) come from the onSend hook.
 */
export function sendFile(reply: FastifyReply, buffer: Buffer, filename: string, type: string, disposition: Disposition = 'attachment') {
  return reply.header('content-type', type).header('content-disposition', contentDisposition(disposition, filename)).send(buffer);
}

/** Sends a workbook as a download. */
export function sendXlsx(reply: FastifyReply, buffer: Buffer, filename: string) {
  return sendFile(reply, buffer, filename, XLSX_TYPE);
}

/** The uploaded workbook bytes; a body parsed as JSON or text (wrong Content-Type) is refused with 415. */
export function xlsxBody(body: unknown): Buffer {
  if (!Buffer.isBuffer(body)) throw new AppError(415, 'unsupported_media_type', `body: send the .xlsx file as ${XLSX_TYPE}`);
  return body;
}
