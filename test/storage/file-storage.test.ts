import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { LocalFileStorage } from '../../src/storage/file-storage.js';
import { S3FileStorage } from '../../src/storage/s3-file-storage.js';
import { startTestS3 } from '../helpers/s3-server.js';
import { storageSuite } from './storage-suite.js';

storageSuite('local folder', async () => {
  const root = mkdtempSync(join(tmpdir(), 'dudao-files-'));
  return {
    storage: new LocalFileStorage(root),
    plant: async (name, bytes) => {
      mkdirSync(dirname(join(root, name)), { recursive: true });
      writeFileSync(join(root, name), bytes);
    },
    close: async () => rmSync(root, { recursive: true, force: true }),
  };
});

storageSuite('S3-compatible bucket', async () => {
  const s3 = await startTestS3();
  const c = s3.config;
  const raw = new S3Client({
    region: c.region,
    endpoint: c.endpoint ?? undefined,
    forcePathStyle: c.pathStyle,
    credentials: c.credentials ?? undefined,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  return {
    storage: new S3FileStorage(c),
    paged: (page) => new S3FileStorage(c, page),
    plant: async (name, bytes) => {
      await raw.send(new PutObjectCommand({ Bucket: c.bucket, Key: c.keyPrefix + name, Body: bytes }));
    },
    close: async () => {
      raw.destroy();
      await s3.stop();
    },
  };
});

describe('S3FileStorage start check', () => {
  it('names the bucket, the endpoint and the fix when the bucket is missing or the service is unreachable', async () => {
    const s3 = await startTestS3();
    try {
      const missing = new S3FileStorage({ ...s3.config, bucket: 'no-such-bucket' });
      await expect(missing.check()).rejects.toThrow(
        /s3:\/\/no-such-bucket at http:\/\/127\.0\.0\.1:\d+: the bucket does not exist: create it first/,
      );
      const closed = new S3FileStorage({ ...s3.config, endpoint: 'http://127.0.0.1:9' });
      await expect(closed.check()).rejects.toThrow(/cannot reach the service: check the endpoint/);
    } finally {
      await s3.stop();
    }
  });
});

describe('LocalFileStorage', () => {
  it('lists temporary files of unfinished writes and removes them, never a path outside its folder', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dudao-list-'));
    const local = new LocalFileStorage(root);
    const { key } = await local.put(Buffer.from('x'), { prefix: 'thumbs', extension: 'webp' });
    const temp = `${key.slice(0, key.lastIndexOf('/'))}/0f0f.webp.tmp-77`;
    writeFileSync(join(root, temp), 'half');
    const entries = [];
    for await (const e of local.list()) entries.push(e);
    expect(entries.map((e) => [e.name, e.kind]).sort()).toEqual(
      [
        [temp, 'temp'],
        [key, 'object'],
      ].sort(),
    );
    await expect(local.remove({ name: '../outside.jpg.tmp-1', kind: 'temp', modifiedAt: new Date() })).rejects.toThrow();
    await local.remove({ name: temp, kind: 'temp', modifiedAt: new Date() });
    expect(existsSync(join(root, temp))).toBe(false);
    expect(existsSync(join(root, key))).toBe(true);
    // A missing folder lists nothing.
    const none = [];
    for await (const e of new LocalFileStorage(join(root, 'missing')).list()) none.push(e);
    expect(none).toEqual([]);
  });
});
