import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { startServer } from '../../src/server.js';
import { describeStorage } from '../../src/storage/storage-config.js';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'dudao-config-'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env, cwd);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('storage configuration (DUDAO_STORAGE_URL)', () => {
  it('defaults to the local folder', () => {
    expect(loadConfig({}, cwd).storage).toBeNull();
  });

  it('reads an S3-compatible bucket: endpoint, region, path style, key prefix, keys from their own variables', () => {
    const c = loadConfig(
      {
        DUDAO_STORAGE_URL: 's3://dudao-files/zhoukou?endpoint=http://10.0.0.5:9000/&region=cn-central-1&pathStyle=true',
        DUDAO_S3_ACCESS_KEY_ID: 'AKID',
        DUDAO_S3_SECRET_ACCESS_KEY: 'secret/with+chars',
      },
      cwd,
    );
    expect(c.storage).toEqual({
      kind: 's3',
      bucket: 'dudao-files',
      keyPrefix: 'zhoukou/',
      endpoint: 'http://10.0.0.5:9000',
      region: 'cn-central-1',
      pathStyle: true,
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret/with+chars' },
    });
    // Logs and the banner name the place, never the keys.
    expect(describeStorage(c.storage, '/x')).toBe('s3://dudao-files/zhoukou/ at http://10.0.0.5:9000, path-style');
  });

  it('takes keys from the URL, or none (the SDK chain: AWS_* variables, instance role); AWS S3 itself without an endpoint', () => {
    const fromUrl = loadConfig({ DUDAO_STORAGE_URL: 's3://K:S%2F1@bucket-1?endpoint=https://s3.example' }, cwd).storage;
    expect(fromUrl).toMatchObject({ credentials: { accessKeyId: 'K', secretAccessKey: 'S/1' }, pathStyle: true, keyPrefix: '' });
    const aws = loadConfig({ DUDAO_STORAGE_URL: 's3://bucket-1?region=cn-north-1' }, cwd).storage;
    expect(aws).toMatchObject({ endpoint: null, region: 'cn-north-1', pathStyle: false, credentials: null });
  });

  it('names every problem', () => {
    expect(problemsOf({ DUDAO_STORAGE_URL: 'http://bucket' })).toEqual([
      expect.stringMatching(/^DUDAO_STORAGE_URL \(storageUrl\): must start with s3:\/\//),
    ]);
    const p = problemsOf({ DUDAO_STORAGE_URL: 's3://B_x?endpoint=ftp://h&pathStyle=maybe&color=red', DUDAO_S3_ACCESS_KEY_ID: 'only-id' });
    expect(p.join('\n')).toMatch(/not a valid bucket name/);
    expect(p.join('\n')).toMatch(/unknown option "color"/);
    expect(p.join('\n')).toMatch(/endpoint must be an http/);
    expect(p.join('\n')).toMatch(/pathStyle must be true or false/);
    expect(p.join('\n')).toMatch(/both the access key id and the secret/);
    expect(problemsOf({ DUDAO_S3_ACCESS_KEY_ID: 'a', DUDAO_S3_SECRET_ACCESS_KEY: 'b' })).toEqual([
      expect.stringMatching(/access keys are set but no s3:\/\/ storage URL/),
    ]);
  });

  it('stops `dudao serve` when the bucket cannot be used, naming it and the fix', async () => {
    const config = loadConfig({ DUDAO_DATA_DIR: cwd, DUDAO_STORAGE_URL: 's3://K:S@dudao-files?endpoint=http://127.0.0.1:9' }, cwd);
    const err = await startServer(config).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems).toEqual([
      expect.stringMatching(/^file storage s3:\/\/dudao-files at http:\/\/127\.0\.0\.1:9: cannot reach the service: check the endpoint/),
    ]);
  });
});
