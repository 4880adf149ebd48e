import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalFileStorage } from '../../src/storage/file-storage.js';

describe('LocalFileStorage', () => {
  const storage = new LocalFileStorage(mkdtempSync(join(tmpdir(), 'dudao-files-')));

  it('stores, reads, and deletes bytes under a fresh key with their hash', async () => {
    const bytes = Buffer.from('现场照片 bytes');
    const { key, sha256, size } = await storage.put(bytes, { prefix: 'evidence', extension: 'JPG' });
    expect(key).toMatch(/^evidence\/[0-9a-f]{2}\/[0-9a-f-]{36}\.jpg$/);
    expect(sha256).toHaveLength(64);
    expect(size).toBe(bytes.length);
    expect(await storage.get(key)).toEqual(bytes);
    await storage.delete(key);
    expect(await storage.exists(key)).toBe(false);
  });

  it('never lets a key leave its folder', async () => {
    await expect(storage.get('../../etc/passwd')).rejects.toThrow(/invalid storage key/);
    await expect(storage.get('/etc/passwd')).rejects.toThrow(/invalid storage key/);
  });
});
