import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
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

  it('lists objects, temporary files of unfinished writes and anything else, and removes only the first two', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dudao-list-'));
    const local = new LocalFileStorage(root);
    const { key } = await local.put(Buffer.from('x'), { prefix: 'thumbs', extension: 'webp' });
    const temp = `${key.slice(0, key.lastIndexOf('/'))}/0f0f.webp.tmp-77`;
    writeFileSync(join(root, temp), 'half');
    writeFileSync(join(root, 'notes.TXT'), 'not ours');
    const entries = [];
    for await (const e of local.list()) entries.push(e);
    expect(entries.map((e) => [e.name, e.kind]).sort()).toEqual(
      [
        [temp, 'temp'],
        [key, 'object'],
        ['notes.TXT', 'other'],
      ].sort(),
    );
    expect(entries.every((e) => e.modifiedAt instanceof Date)).toBe(true);
    await expect(local.remove({ name: 'notes.TXT', kind: 'other', modifiedAt: new Date() })).rejects.toThrow(/not a storage object/);
    await expect(local.remove({ name: '../outside.jpg.tmp-1', kind: 'temp', modifiedAt: new Date() })).rejects.toThrow();
    await local.remove({ name: temp, kind: 'temp', modifiedAt: new Date() });
    await local.remove({ name: key, kind: 'object', modifiedAt: new Date() });
    expect(existsSync(join(root, temp)) || existsSync(join(root, key))).toBe(false);
    expect(existsSync(join(root, 'notes.TXT'))).toBe(true);
    // An empty or missing folder lists nothing.
    const none = [];
    for await (const e of new LocalFileStorage(join(root, 'missing')).list()) none.push(e);
    expect(none).toEqual([]);
  });

  it('never lets a key leave its folder', async () => {
    await expect(storage.get('../../etc/passwd')).rejects.toThrow(/invalid storage key/);
    await expect(storage.get('/etc/passwd')).rejects.toThrow(/invalid storage key/);
  });
});
