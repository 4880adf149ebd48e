import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseStorageUrl, type S3StorageConfig } from '../../src/storage/storage-config.js';

/** A bucket on an S3-protocol server for one test file, and how to stop the server. */
export interface TestS3 {
  /** The storage URL of the bucket (keys inside it), as DUDAO_STORAGE_URL would carry it. */
  url: string;
  config: S3StorageConfig;
  /**
   * Sets an object's modification time to `minutes` ago, by touching s3rver's file for it
   * (S3 has no such call); null on an external server.
   */
  age: ((key: string, minutes: number) => void) | null;
  stop(): Promise<void>;
}

const BUCKET = 'dudao-test';

/**
 * An S3-protocol server on 127.0.0.1 for the storage tests.
 *
 * With `DUDAO_TEST_S3_URL` set (a storage URL with keys, e.g.
 * `s3://KEY:SECRET@bucket?endpoint=http://127.0.0.1:9000` for a MinIO), that bucket is used,
 * each run under a fresh key prefix so runs never see each other's objects. Otherwise the
 * test starts s3rver (the npm package `@20minutes/s3rver`, a maintained fork for Node ≥ 20)
 * as a child process on a free port, with its data in a temporary folder, and stops it after.
 *
 * Two quirks of s3rver, neither in the adapter: it signs bucket-level requests as `/bucket`
 * where the SDK v3 signs `/bucket/`, so it runs with `--allow-mismatched-signatures` (the
 * access key is still checked); and it encrypts listing continuation tokens with DES, which
 * OpenSSL 3 keeps in its legacy provider, hence `--openssl-legacy-provider`.
 */
export async function startTestS3(): Promise<TestS3> {
  const given = process.env.DUDAO_TEST_S3_URL;
  const prefix = `run-${process.pid}-${Date.now().toString(36)}`;
  if (given) {
    const u = new URL(given);
    u.pathname = `${u.pathname.replace(/\/+$/, '')}/${prefix}`;
    return { url: u.toString(), config: parse(u.toString()), age: null, stop: async () => undefined };
  }
  const dir = mkdtempSync(join(tmpdir(), 'dudao-s3rver-'));
  // The package's declared bin file is missing from its tarball: drive its CLI module instead.
  const cli = join(dirname(createRequire(import.meta.url).resolve('@20minutes/s3rver/package.json')), 'lib', 'cli.js');
  const child = spawn(
    process.execPath,
    [
      '--openssl-legacy-provider',
      '-e',
      `require(${JSON.stringify(cli)}).parseAsync(process.argv.slice(1), { from: 'user' })`,
      '--',
      '--directory',
      dir,
      '--address',
      '127.0.0.1',
      '--port',
      '0',
      '--silent',
      '--allow-mismatched-signatures',
      '--configure-bucket',
      BUCKET,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const port = await listeningPort(child);
  const url = `s3://S3RVER:S3RVER@${BUCKET}/${prefix}?endpoint=http://127.0.0.1:${port}&region=us-east-1&pathStyle=true`;
  return {
    url,
    config: parse(url),
    age: (key, minutes) => {
      const t = new Date(Date.now() - minutes * 60_000);
      utimesSync(join(dir, BUCKET, prefix, `${key}._S3rver_object`), t, t);
    },
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function parse(url: string): S3StorageConfig {
  const { config, problems } = parseStorageUrl(url, { accessKeyId: '', secretAccessKey: '' }, 'DUDAO_TEST_S3_URL');
  if (!config) throw new Error(problems.join('; '));
  return config;
}

/** The port from s3rver's "S3rver listening on 127.0.0.1:PORT"; rejects if it exits first or takes over 20 s. */
function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`s3rver did not start within 20 s: ${out}`));
    }, 20_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on [^:\s]+:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`s3rver exited with ${String(code)} before listening: ${out}`));
    });
  });
}
