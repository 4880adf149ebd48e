import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3FileStorage } from '../src/storage/s3-file-storage.js';
import { startTestS3, type TestS3 } from './helpers/s3-server.js';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../bin/dudao.js');

/**
 * `dudao files sweep` with DUDAO_STORAGE_URL: the configured bucket is what the command
 * sweeps (the sweep's own cases, on both adapters and databases, are in
 * test/storage/storage-suite.ts).
 */
describe('dudao files sweep on an S3-compatible bucket', () => {
  let s3: TestS3;
  let dir: string;
  const dudao = async (args: string[]) => {
    try {
      const r = await run(process.execPath, [BIN, ...args], {
        cwd: dir,
        env: { ...process.env, DUDAO_DATA_DIR: dir, DUDAO_LOG_LEVEL: 'silent', DUDAO_STORAGE_URL: s3.url },
      });
      return { code: 0, out: r.stdout + r.stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, out: err.stdout + err.stderr };
    }
  };

  beforeAll(async () => {
    s3 = await startTestS3();
    dir = mkdtempSync(join(tmpdir(), 'dudao-cli-s3-'));
    expect((await dudao(['migrate'])).out).toMatch(/applied: 0001_foundation/);
  }, 60_000);
  afterAll(async () => {
    await s3?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('removes an unreferenced object past the grace period and leaves a newer one', async () => {
    const storage = new S3FileStorage(s3.config);
    const orphan = (await storage.put(Buffer.from('orphan'), { prefix: 'originals', extension: 'jpg' })).key;
    const fresh = (await storage.put(Buffer.from('fresh'), { prefix: 'originals', extension: 'jpg' })).key;
    s3.age?.(orphan, 120);
    const r = await dudao(['files', 'sweep']);
    expect(r.code, r.out).toBe(0);
    if (s3.age) {
      expect(r.out).toMatch(
        /2 files scanned, 0 temporary and 1 unreferenced removed, 1 newer than 60 min left, 0 unknown left alone, 0 failed/,
      );
      expect(await storage.exists(orphan)).toBe(false);
    } else expect(r.out).toMatch(/2 files scanned/);
    expect(await storage.exists(fresh)).toBe(true);
  });
});
