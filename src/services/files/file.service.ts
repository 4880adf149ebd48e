import type { Database, Executor } from '../../db/database.js';
import { fileRepository, type FileRow } from '../../db/repositories/file.repository.js';
import type { Readable } from 'node:stream';
import type { FileStorage, StoredEntry } from '../../storage/file-storage.js';
import type { UploadSource } from '../../storage/upload-source.js';
import { describeBytes, ImageError, inspectImage, mimeOfExtension, processImage, type ProcessedImage } from '../../storage/image.js';
import type { FileVariant } from '../../shared/case-enums.js';
import type { Clock } from '../../core/clock.js';
import { AppError, invalid, notFound } from '../../core/errors.js';

/** Upload limits, per request. */
export interface FileLimits {
  /** Largest accepted file, in bytes. */
  maxBytes: number;
  /** Most files accepted in one request. */
  maxFiles: number;
}

/** One uploaded file as the HTTP layer hands it over. */
export interface Upload {
  /** The content: a temporary file of the request (HTTP) or bytes in memory (demo, tests). */
  source: UploadSource;
  /** What the client called it; informational only, never used to decide the type. */
  filename?: string;
  /** The form field it came in (e.g. `photos`), named in every error. */
  field: string;
}

/** One copy of a stored file, opened for sending: see {@link FileService.read}. */
export interface FileContent {
  /** The bytes as a stream; whoever receives it must send or destroy it. */
  body: Readable;
  /** Length in bytes, for Content-Length; null when storage did not say. */
  size: number | null;
  mime: string;
}

/**
 * An upload that passed every check and whose three objects are in storage, not
 * yet referenced by any row. Hand it to {@link FileService.attach} inside the
 * transaction that uses it, or to {@link FileService.discard}.
 */
export interface PreparedImage {
  field: string;
  filename: string | null;
  mime: string;
  size: number;
  sha256: string;
  /** Null for a document. */
  width: number | null;
  height: number | null;
  takenAt: string | null;
  originalKey: string;
  publicKey: string;
  thumbKey: string;
}

/** What one clean-up of storage found and removed (see {@link FileService.sweepStorage}). */
export type StorageSweepResult = {
  /** Files looked at. */
  scanned: number;
  /** Temporary files of writes that never finished, removed. */
  tempRemoved: number;
  /** Stored objects no `files` row refers to, removed. */
  orphansRemoved: number;
  /** Files modified within the grace period: not examined, a later sweep will. */
  young: number;
  /** Files that are nothing Dudao writes, left alone. */
  unknown: number;
  /** Removals that failed (kept; the next sweep tries again). */
  failed: number;
};

const PDF_MIME = 'application/pdf';
/** Bytes read from the start of an upload: enough for every signature and for describeBytes' text sniffing (512). */
const HEAD_BYTES = 4096;
/** Bytes read from the end of a possible PDF, where its `%%EOF` marker must be. */
const PDF_TAIL_BYTES = 1024;

/**
 * A PDF by its bytes: the `%PDF-` header and an `%%EOF` marker in the last KiB (writers may
 * append whitespace or a trailer after it). Not a full parse: the file is stored and read
 * back as it came, never rendered by Dudao. Reads only the head and the tail.
 */
async function isPdf(source: UploadSource, head: Buffer): Promise<boolean> {
  if (source.size < 16 || head.subarray(0, 5).toString('latin1') !== '%PDF-') return false;
  return (await source.tail(PDF_TAIL_BYTES)).toString('latin1').includes('%%EOF');
}

/** Rows are checked for this many stored objects at a time. */
const SWEEP_BATCH = 300;

/** Owner of attached files: the case, the event that brought them, the workflow phase and the uploader. */
export interface FileOwner {
  /** Null for files of something else than a case (an action item's evidence, linked by its own table). */
  caseId: number | null;
  eventId: number | null;
  /** report | before | after | verify | evidence */
  phase: string;
  createdBy: number | null;
}

/** Reference to one upload in messages and details: `photos` field, position, client's name. */
function where(u: Upload, index: number): { text: string; details: Record<string, unknown> } {
  const name = u.filename ? ` ("${u.filename}")` : '';
  return { text: `file ${index + 1}${name}`, details: { field: u.field, index, filename: u.filename ?? null } };
}

/**
 * Photos and evidence: checks uploads, stores the original with its public copy
 * and thumbnail, and links them to cases.
 *
 * Storage is not transactional, so a write is split in two: `prepare` does every
 * check and stores the objects before the caller's transaction, `attach` inserts the
 * rows inside it, and `discard` removes the objects when that transaction fails. The
 * caller owns the transaction (transactOrUndo in db/transactions.ts runs it and the
 * clean-up together, so that no caller can forget the clean-up).
 */
export class FileService {
  constructor(
    private readonly database: Database,
    private readonly storage: FileStorage,
    private readonly clock: Clock,
    /** Also the HTTP multipart limits (http/app.ts), so both refuse the same uploads. */
    readonly limits: FileLimits,
  ) {}

  /**
   * Checks and stores uploads. Every check runs before anything is written: count
   * (413 `too_many_files`), size (413 `file_too_large`), type by the bytes (415
   * `unsupported_file_type`, saying what was detected), decoding (422
   * `invalid_image`, or 422 `image_too_large` past the pixel limit). Each error
   * names the field. If a storage write fails midway, the objects already written
   * are deleted before the error is rethrown.
   *
   * With `documents`, a PDF is accepted as well (an appeal's or a project stage's scanned
   * letters): checked by its header and end marker, stored once as it came — it has no
   * public copy or thumbnail, so its three keys are the same object, and it must never be
   * served to the public.
   */
  async prepare(uploads: Upload[], opts: { documents?: boolean } = {}): Promise<PreparedImage[]> {
    if (uploads.length > this.limits.maxFiles) {
      const field = uploads[this.limits.maxFiles]?.field ?? 'files';
      throw new AppError(413, 'too_many_files', `${field}: at most ${this.limits.maxFiles} files per request, got ${uploads.length}`, {
        field,
        limit: this.limits.maxFiles,
        count: uploads.length,
      });
    }
    uploads.forEach((u, i) => {
      if (u.source.size > this.limits.maxBytes) {
        const w = where(u, i);
        throw new AppError(413, 'file_too_large', `${u.field}: ${w.text} is larger than the limit of ${this.limits.maxBytes} bytes`, {
          ...w.details,
          limit: this.limits.maxBytes,
          size: u.source.size,
        });
      }
    });
    // Only the head (and a PDF's tail) is read to decide the type; the rest stays on disk.
    const heads: Buffer[] = [];
    const pdf: boolean[] = [];
    for (const [i, u] of uploads.entries()) {
      const head = await u.source.head(HEAD_BYTES);
      heads.push(head);
      pdf.push(opts.documents === true && (await isPdf(u.source, head)));
      if (pdf[i]) continue;
      if (!inspectImage(head)) {
        const w = where(u, i);
        const detected = describeBytes(head);
        const accepted = ['image/jpeg', 'image/png', 'image/webp', ...(opts.documents ? [PDF_MIME] : [])];
        const what = opts.documents ? 'a JPEG, PNG or WebP image or a PDF document' : 'a JPEG, PNG or WebP image';
        throw new AppError(415, 'unsupported_file_type', `${u.field}: ${w.text} is not ${what} (detected: ${detected})`, {
          ...w.details,
          detected,
          accepted,
        });
      }
    }

    // Decode everything before storing anything, so a bad third photo writes nothing.
    // One at a time: each decode is memory-heavy and sharp already uses the cores.
    const processed: (ProcessedImage | null)[] = [];
    for (const [i, u] of uploads.entries()) {
      if (pdf[i]) {
        processed.push(null);
        continue;
      }
      try {
        processed.push(await processImage(u.source.imageInput(), { head: heads[i] }));
      } catch (e) {
        if (!(e instanceof ImageError)) throw e;
        const w = where(u, i);
        const code = e.reason === 'too_many_pixels' ? 'image_too_large' : 'invalid_image';
        throw new AppError(422, code, `${u.field}: ${w.text}: ${e.message}`, { ...w.details, reason: e.reason });
      }
    }

    const written: string[] = [];
    const put = async (bytes: Buffer, prefix: string, extension: string) => {
      const r = await this.storage.put(bytes, { prefix, extension });
      written.push(r.key);
      return r;
    };
    // Originals go from the upload to storage as a stream (up to maxBytes each, never in
    // memory whole); the derived copies are small and already in memory.
    const putOriginal = async (source: UploadSource, extension: string) => {
      const stream = source.stream();
      try {
        const r = await this.storage.putStream(stream, { prefix: 'originals', extension });
        written.push(r.key);
        return r;
      } finally {
        // A storage that failed before reading it must not leave the file open.
        stream.destroy();
      }
    };
    try {
      const out: PreparedImage[] = [];
      for (const [i, u] of uploads.entries()) {
        const p = processed[i];
        if (!p) {
          const doc = await putOriginal(u.source, 'pdf');
          out.push({
            field: u.field,
            filename: u.filename ?? null,
            mime: PDF_MIME,
            size: doc.size,
            sha256: doc.sha256,
            width: null,
            height: null,
            takenAt: null,
            originalKey: doc.key,
            publicKey: doc.key,
            thumbKey: doc.key,
          });
          continue;
        }
        const original = await putOriginal(u.source, p.type.extension);
        const pub = await put(p.public.bytes, 'public', p.public.extension);
        const thumb = await put(p.thumb.bytes, 'thumbs', p.thumb.extension);
        out.push({
          field: u.field,
          filename: u.filename ?? null,
          mime: p.type.mime,
          size: original.size,
          sha256: original.sha256,
          width: p.width,
          height: p.height,
          takenAt: p.takenAt,
          originalKey: original.key,
          publicKey: pub.key,
          thumbKey: thumb.key,
        });
      }
      return out;
    } catch (e) {
      await this.deleteQuietly(written);
      throw e;
    }
  }

  /** Inserts the rows for prepared files inside the caller's transaction; returns their ids in order. */
  async attach(trx: Executor, prepared: PreparedImage[], owner: FileOwner): Promise<number[]> {
    const now = this.clock.now().toISOString();
    return fileRepository.insert(
      trx,
      prepared.map((p) => ({
        case_id: owner.caseId,
        event_id: owner.eventId,
        phase: owner.phase,
        mime: p.mime,
        size: p.size,
        sha256: p.sha256,
        width: p.width,
        height: p.height,
        original_key: p.originalKey,
        public_key: p.publicKey,
        thumb_key: p.thumbKey,
        taken_at: p.takenAt,
        created_by: owner.createdBy,
        created_at: now,
      })),
    );
  }

  /**
   * Deletes the stored objects of prepared files after the transaction that would
   * have used them failed. Objects some committed row references are kept: if a
   * commit succeeded but reported an error (a connection lost on the reply), the
   * rows must not end up pointing at nothing. Deletion errors are swallowed so the
   * caller's original error is the one that surfaces.
   */
  async discard(prepared: PreparedImage[]): Promise<void> {
    const keys = [...new Set(prepared.flatMap((p) => [p.originalKey, p.publicKey, p.thumbKey]))];
    if (keys.length === 0) return;
    let referenced = new Set<string>();
    try {
      referenced = await fileRepository.referencedKeys(this.database.db, keys);
    } catch {
      // Cannot tell (database down): keeping possible orphans beats losing evidence.
      return;
    }
    await this.deleteQuietly(keys.filter((k) => !referenced.has(k)));
  }

  /** Checks that the storage can be used (at start); rejects naming the place and the fix. */
  async checkStorage(): Promise<void> {
    await this.storage.check();
  }

  /** A file's row. 404 when there is none. */
  async get(fileId: number): Promise<FileRow> {
    const row = await fileRepository.byId(this.database.db, fileId);
    if (!row) throw notFound('file', fileId);
    return row;
  }

  /** Rows of a case's files in upload order. */
  async listForCase(caseId: number): Promise<FileRow[]> {
    return fileRepository.byCase(this.database.db, caseId);
  }

  /**
   * One copy of a file as a stream, with its length, mime type and row: served without
   * holding it in memory. The caller must send or destroy `body`. Authorization is the
   * caller's: only officials may read `original`. 404 when the row or the stored object
   * is missing (decided before anything is streamed).
   */
  async read(fileId: number, variant: FileVariant): Promise<FileContent & { row: FileRow }> {
    if (variant !== 'original' && variant !== 'public' && variant !== 'thumb') {
      throw invalid('variant', 'must be original, public or thumb');
    }
    const row = await this.get(fileId);
    const key = variant === 'original' ? row.original_key : variant === 'public' ? row.public_key : row.thumb_key;
    let opened;
    try {
      opened = await this.storage.getStream(key);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      throw new AppError(404, 'not_found', `file ${fileId}: the ${variant} copy is missing from storage`, {
        resource: 'file',
        id: fileId,
        variant,
      });
    }
    const mime = variant === 'original' ? row.mime : mimeOfExtension(key.slice(key.lastIndexOf('.') + 1));
    return { body: opened.body, size: opened.size, mime, row };
  }

  /**
   * Removes what failed writes left in storage: temporary files of writes that never
   * finished (a kill between write and rename) and stored objects that no `files` row
   * refers to (stored by `prepare`, then the transaction failed and the process died
   * before `discard`). Only files last modified more than `graceMs` before `now`: an
   * object `prepare` stored a moment ago is unreferenced until the transaction that will
   * reference it commits, and the grace period is what keeps it. Safe to run twice, and
   * beside a live server (the file sweep runs under a lease).
   */
  async sweepStorage(now: Date, opts: { graceMs: number }): Promise<StorageSweepResult> {
    const r: StorageSweepResult = { scanned: 0, tempRemoved: 0, orphansRemoved: 0, young: 0, unknown: 0, failed: 0 };
    const cutoff = now.getTime() - opts.graceMs;
    const remove = async (e: StoredEntry): Promise<boolean> => {
      try {
        await this.storage.remove(e);
        return true;
      } catch {
        r.failed += 1;
        return false;
      }
    };
    let batch: StoredEntry[] = [];
    const flush = async () => {
      const referenced = await fileRepository.referencedKeys(
        this.database.db,
        batch.map((e) => e.name),
      );
      for (const e of batch) if (!referenced.has(e.name) && (await remove(e))) r.orphansRemoved += 1;
      batch = [];
    };
    for await (const e of this.storage.list()) {
      r.scanned += 1;
      if (e.kind === 'other') r.unknown += 1;
      else if (e.modifiedAt.getTime() >= cutoff) r.young += 1;
      else if (e.kind === 'temp') r.tempRemoved += (await remove(e)) ? 1 : 0;
      else {
        batch.push(e);
        if (batch.length >= SWEEP_BATCH) await flush();
      }
    }
    if (batch.length) await flush();
    return r;
  }

  private async deleteQuietly(keys: string[]): Promise<void> {
    for (const key of keys) {
      try {
        await this.storage.delete(key);
      } catch {
        // Best effort: one failed delete must not stop the others or hide the cause.
      }
    }
  }
}
