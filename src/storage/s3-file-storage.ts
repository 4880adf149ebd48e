import type { S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  HashingCounter,
  isStorageKey,
  missingObject,
  newStorageKey,
  type FileStorage,
  type PutOptions,
  type StoredEntry,
  type StoredObject,
  type StoredStream,
} from './file-storage.js';
import { mimeOfExtension } from './image.js';
import type { S3StorageConfig } from './storage-config.js';

type Sdk = typeof import('@aws-sdk/client-s3');

/** Part size of multipart uploads: S3's minimum, so a stream holds at most `QUEUE × PART` bytes in memory. */
const PART_BYTES = 5 * 1024 * 1024;
/** Parts sent at once by one streamed upload. */
const QUEUE = 2;
/** Keys per listing page (S3's maximum). */
const LIST_PAGE = 1000;

function isMissing(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata?.httpStatusCode === 404;
}

/**
 * Files in an S3-compatible bucket (AWS SDK v3). Keys are those of {@link LocalFileStorage},
 * under the configured key prefix. An object appears only when its upload completed
 * (PutObject and CompleteMultipartUpload are atomic), so there are no temporary objects;
 * a multipart upload abandoned by a killed process is left to the bucket's lifecycle rule
 * (README, "Object storage").
 *
 * The SDK is loaded with the first request, so installs on the local folder never load it.
 */
export class S3FileStorage implements FileStorage {
  private sdk: Promise<{ mod: Sdk; client: S3Client }> | null = null;

  constructor(
    private readonly config: S3StorageConfig,
    /** Keys per listing page; smaller in tests to exercise paging. */
    private readonly listPage = LIST_PAGE,
  ) {}

  private load(): Promise<{ mod: Sdk; client: S3Client }> {
    return (this.sdk ??= import('@aws-sdk/client-s3').then((mod) => {
      const c = this.config;
      const client = new mod.S3Client({
        region: c.region,
        ...(c.endpoint ? { endpoint: c.endpoint } : {}),
        forcePathStyle: c.pathStyle,
        ...(c.credentials ? { credentials: c.credentials } : {}),
        // The SDK's default (CRC32 trailers on every upload, since 2025) is refused by many
        // S3-compatible services; integrity is ours anyway: each object's SHA-256 is in its row.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      });
      return { mod, client };
    }));
  }

  private objectKey(key: string): string {
    if (!isStorageKey(key)) throw new Error(`invalid storage key: ${key}`);
    return this.config.keyPrefix + key;
  }

  private contentType(key: string): string {
    return mimeOfExtension(key.slice(key.lastIndexOf('.') + 1));
  }

  /** One PutObject with the length known: a single request, no extra copy of the bytes. */
  async put(bytes: Buffer, opts: PutOptions): Promise<StoredObject> {
    const { mod, client } = await this.load();
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const key = newStorageKey(opts, sha256);
    await client.send(
      new mod.PutObjectCommand({
        Bucket: this.config.bucket,
        Key: this.objectKey(key),
        Body: bytes,
        ContentLength: bytes.length,
        ContentType: this.contentType(key),
      }),
    );
    return { key, sha256, size: bytes.length };
  }

  /**
   * A stream of unknown length: `@aws-sdk/lib-storage`'s Upload sends it in 5 MiB parts as
   * they fill (a single PutObject when the whole stream fits in one part), so memory stays
   * at most two parts. A failed upload is aborted, leaving nothing under the key.
   */
  async putStream(source: Readable | AsyncIterable<Uint8Array>, opts: PutOptions): Promise<StoredObject> {
    const { client } = await this.load();
    const { Upload } = await import('@aws-sdk/lib-storage');
    const key = newStorageKey(opts);
    const counter = new HashingCounter();
    // The counter is the Body: Upload reads it part by part while the source flows in.
    const feeding = pipeline(source, counter);
    const upload = new Upload({
      client,
      params: { Bucket: this.config.bucket, Key: this.objectKey(key), Body: counter, ContentType: this.contentType(key) },
      partSize: PART_BYTES,
      queueSize: QUEUE,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (e) {
      // The upload stopped reading: end the source too, then report the upload's error.
      counter.destroy(e as Error);
      await feeding.catch(() => undefined);
      throw e;
    }
    await feeding;
    return { key, sha256: counter.digest(), size: counter.byteCount };
  }

  async check(): Promise<void> {
    const { mod, client } = await this.load();
    try {
      await client.send(new mod.HeadBucketCommand({ Bucket: this.config.bucket }));
    } catch (e) {
      const err = e as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
      const status = err.$metadata?.httpStatusCode;
      const hint =
        status === 404
          ? 'the bucket does not exist: create it first'
          : status === 403 || status === 401
            ? 'access denied: check DUDAO_S3_ACCESS_KEY_ID / DUDAO_S3_SECRET_ACCESS_KEY and the bucket policy'
            : status === 301 || status === 400
              ? 'the bucket is in another region, or the service wants path-style addressing: check region and pathStyle'
              : status === undefined
                ? 'cannot reach the service: check the endpoint'
                : `the service answered ${status}`;
      const where = `s3://${this.config.bucket} at ${this.config.endpoint ?? `AWS S3 (${this.config.region})`}`;
      throw new Error(`file storage ${where}: ${hint} (${err.name ?? err.code ?? 'error'}: ${err.message ?? ''})`, { cause: e });
    }
  }

  async get(key: string): Promise<Buffer> {
    const { mod, client } = await this.load();
    try {
      const r = await client.send(new mod.GetObjectCommand({ Bucket: this.config.bucket, Key: this.objectKey(key) }));
      if (!r.Body) throw missingObject(key);
      return Buffer.from(await r.Body.transformToByteArray());
    } catch (e) {
      if (isMissing(e)) throw missingObject(key);
      throw e;
    }
  }

  /** GetObject's body as it arrives: the SDK hands Node an IncomingMessage, already a Readable. */
  async getStream(key: string): Promise<StoredStream> {
    const { mod, client } = await this.load();
    let r;
    try {
      r = await client.send(new mod.GetObjectCommand({ Bucket: this.config.bucket, Key: this.objectKey(key) }));
    } catch (e) {
      if (isMissing(e)) throw missingObject(key);
      throw e;
    }
    if (!r.Body) throw missingObject(key);
    const body = r.Body instanceof Readable ? r.Body : Readable.fromWeb(r.Body.transformToWebStream() as never);
    return { body, size: r.ContentLength ?? null };
  }

  async exists(key: string): Promise<boolean> {
    const { mod, client } = await this.load();
    try {
      await client.send(new mod.HeadObjectCommand({ Bucket: this.config.bucket, Key: this.objectKey(key) }));
      return true;
    } catch (e) {
      if (isMissing(e)) return false;
      throw e;
    }
  }

  /** Deleting a missing object succeeds, as S3's DeleteObject does. */
  async delete(key: string): Promise<void> {
    const { mod, client } = await this.load();
    await client.send(new mod.DeleteObjectCommand({ Bucket: this.config.bucket, Key: this.objectKey(key) }));
  }

  /**
   * Every object under the key prefix, a page at a time (ListObjectsV2, paged with
   * StartAfter = the last key seen: ordered by key on every implementation, no opaque
   * token to carry). Keys that are not Dudao's are `other` and never removed.
   */
  async *list(): AsyncIterable<StoredEntry> {
    const { mod, client } = await this.load();
    const prefix = this.config.keyPrefix;
    let after: string | undefined;
    for (;;) {
      const page = await client.send(
        new mod.ListObjectsV2Command({
          Bucket: this.config.bucket,
          ...(prefix ? { Prefix: prefix } : {}),
          ...(after ? { StartAfter: after } : {}),
          MaxKeys: this.listPage,
        }),
      );
      const contents = page.Contents ?? [];
      for (const o of contents) {
        if (!o.Key) continue;
        const name = o.Key.slice(prefix.length);
        yield { name, kind: isStorageKey(name) ? 'object' : 'other', modifiedAt: o.LastModified ?? new Date(0) };
      }
      const last = contents.at(-1)?.Key;
      if (!page.IsTruncated || !last) return;
      after = last;
    }
  }

  async remove(entry: StoredEntry): Promise<void> {
    if (entry.kind !== 'object' || !isStorageKey(entry.name)) throw new Error(`not a storage object: ${entry.name}`);
    await this.delete(entry.name);
  }
}
