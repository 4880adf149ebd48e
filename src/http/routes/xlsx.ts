import type { FastifyReply } from 'fastify';
import { AppError } from '../../services/errors.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Sends a workbook as a download with an RFC 5987 file name (Chinese names survive). */
export function sendXlsx(reply: FastifyReply, buffer: Buffer, filename: string) {
  return reply
    .header('content-type', XLSX_TYPE)
    .header('content-disposition', `attachment; filename="${filename.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`)
    .send(buffer);
}

/** The uploaded workbook bytes; a body parsed as JSON or text (wrong Content-Type) is refused with 415. */
export function xlsxBody(body: unknown): Buffer {
  if (!Buffer.isBuffer(body)) throw new AppError(415, 'unsupported_media_type', `body: send the .xlsx file as ${XLSX_TYPE}`);
  return body;
}
