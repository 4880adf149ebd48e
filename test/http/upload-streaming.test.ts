import { mkdtempSync, readdirSync, ReadStream, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LocalFileStorage, type FileStorage } from '../../src/storage/file-storage.js';
import { DIALECTS } from '../helpers/db.js';
import { caseWorld, commandForm, createTestApp, multipartForm, type CaseWorld, type TestApp } from '../helpers/http.js';
import { jpeg } from '../helpers/images.js';

const LIMIT = 200_000;
const REPORT = { source: 'inspection', categoryCode: 'E01-01', description: '垃圾暴露', lon: 114.65, lat: 33.62, address: '七一路' };

/** A local storage recording which of its methods were called, with what prefix. */
function spied(root: string) {
  const inner = new LocalFileStorage(root);
  const calls = { put: [] as string[], putStream: [] as string[], get: [] as string[], getStream: [] as string[] };
  /** Where each streamed original came from: the temp file's path when it was one. */
  const streamedFrom: (string | null)[] = [];
  const storage: FileStorage = {
    put: (bytes, opts) => (calls.put.push(opts.prefix), inner.put(bytes, opts)),
    putStream: (source, opts) => {
      calls.putStream.push(opts.prefix);
      streamedFrom.push(source instanceof ReadStream ? resolve(String(source.path)) : null);
      return inner.putStream(source, opts);
    },
    get: (key) => (calls.get.push(key), inner.get(key)),
    getStream: (key) => (calls.getStream.push(key), inner.getStream(key)),
    exists: (key) => inner.exists(key),
    delete: (key) => inner.delete(key),
    list: () => inner.list(),
    remove: (e) => inner.remove(e),
    check: () => inner.check(),
  };
  const reset = () => {
    for (const list of Object.values(calls)) list.length = 0;
    streamedFrom.length = 0;
  };
  return { storage, calls, streamedFrom, reset };
}

/** Uploads are streamed to temporary files, stored from there, removed whatever happens; downloads are streamed. */
for (const dialect of DIALECTS) {
  describe(`streamed uploads and downloads (${dialect})`, () => {
    let t: TestApp;
    let w: CaseWorld;
    let tmp: string;
    let files: string;
    let spy: ReturnType<typeof spied>;
    const temps = () => readdirSync(tmp);
    /** Removal runs in onResponse, after inject has its reply: wait for it. */
    const noTempsLeft = () => vi.waitFor(() => expect(temps()).toEqual([]), { timeout: 5000 });

    beforeAll(async () => {
      tmp = mkdtempSync(join(tmpdir(), 'dudao-upload-test-'));
      files = mkdtempSync(join(tmpdir(), 'dudao-files-test-'));
      spy = spied(files);
      t = await createTestApp(dialect, { uploadTmpDir: tmp, photoLimitBytes: LIMIT, env: { storage: spy.storage } });
      w = await caseWorld(t);
    });
    afterAll(async () => {
      await t?.close();
      rmSync(tmp, { recursive: true, force: true });
      rmSync(files, { recursive: true, force: true });
    });

    it('stores originals with putStream from the temporary file, never put; the temp files are gone after the reply', async () => {
      spy.reset();
      const photos = [await jpeg('#aa3366', 640, 480), await jpeg('#3366aa', 320, 240)];
      const f = commandForm(REPORT, photos);
      const res = await w.insp.post('/api/cases', f.payload, f.headers);
      expect(res.statusCode, res.body).toBe(201);
      expect(spy.calls.putStream).toEqual(['originals', 'originals']);
      expect(spy.calls.put.sort()).toEqual(['public', 'public', 'thumbs', 'thumbs']);
      // Each original was read from a file in the upload folder, not from memory.
      expect(spy.streamedFrom.every((p) => p !== null && p.startsWith(resolve(tmp)))).toBe(true);
      await noTempsLeft();
    });

    it('refuses a file over the limit with 413 naming the field, storing nothing and leaving no temp file', async () => {
      spy.reset();
      const big = Buffer.concat([await jpeg(), Buffer.alloc(LIMIT * 2, 0xab)]);
      const f = commandForm(REPORT, [await jpeg(), big]);
      const res = await w.insp.post('/api/cases', f.payload, f.headers);
      expect(res.statusCode, res.body).toBe(413);
      expect(res.json()).toMatchObject({ error: 'file_too_large', details: { field: 'photos', limit: LIMIT } });
      expect(spy.calls.putStream).toEqual([]);
      expect(spy.calls.put).toEqual([]);
      await noTempsLeft();
    });

    it('leaves no temp file after a refused type (415) or a refused command (400)', async () => {
      const text = commandForm(REPORT, [Buffer.from('just some text, not a photo')]);
      const refused = await w.insp.post('/api/cases', text.payload, text.headers);
      expect(refused.statusCode, refused.body).toBe(415);
      await noTempsLeft();
      const bad = commandForm({ ...REPORT, lon: 'east' }, [await jpeg()]);
      expect((await w.insp.post('/api/cases', bad.payload, bad.headers)).statusCode).toBe(400);
      await noTempsLeft();
    });

    it('removes the temp file of an upload whose client goes away midway', async () => {
      // A real socket (inject cannot drop a connection midway); app.close() in afterAll stops it.
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = t.app.server.address() as AddressInfo;
      const whole = multipartForm([
        { name: 'command', value: JSON.stringify(REPORT), type: 'application/json' },
        { name: 'photos', filename: 'p.jpg', type: 'image/jpeg', value: Buffer.alloc(150_000, 0xff) },
      ]);
      const socket = connect(port, '127.0.0.1');
      await new Promise<void>((ok) => socket.once('connect', ok));
      const session = await t.login(w.users.insp.username, w.users.insp.password);
      const headers = [
        'POST /api/cases HTTP/1.1',
        'Host: 127.0.0.1',
        `Content-Type: ${whole.headers['content-type']}`,
        `Content-Length: ${whole.payload.length}`,
        `Cookie: ${session.cookie}`,
        `X-CSRF-Token: ${session.csrf}`,
      ];
      socket.write(`${headers.join('\r\n')}\r\n\r\n`);
      socket.write(whole.payload.subarray(0, whole.payload.length - 50_000));
      // The part is being written to its temp file: now the client disappears.
      await vi.waitFor(() => expect(temps().length).toBe(1), { timeout: 5000 });
      socket.destroy();
      await noTempsLeft();
    });

    it('serves a file by streaming it from storage (getStream, never get) with its length, byte for byte', async () => {
      const photo = await jpeg('#112233', 500, 400);
      const f = commandForm(REPORT, [photo]);
      const res = await w.insp.post('/api/cases', f.payload, f.headers);
      expect(res.statusCode, res.body).toBe(201);
      const detail = (await w.hq.get(`/api/cases/${res.json<{ id: number }>().id}`)).json<{ events: { photos: { id: number }[] }[] }>();
      const fileId = detail.events[0]!.photos[0]!.id;
      spy.reset();
      const original = await w.hq.get(`/api/files/${fileId}/original`);
      expect(original.statusCode).toBe(200);
      expect(original.rawPayload.equals(photo)).toBe(true);
      expect(original.headers['content-length']).toBe(String(photo.length));
      const thumb = await w.hq.get(`/api/files/${fileId}/thumb`);
      expect(thumb.statusCode).toBe(200);
      expect(Number(thumb.headers['content-length'])).toBe(thumb.rawPayload.length);
      expect(spy.calls.getStream).toHaveLength(2);
      expect(spy.calls.get).toEqual([]);
    });
  });
}
