import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonField, readMultipart, registerMultipart } from '../../src/http/multipart.js';
import { registerErrorHandler } from '../../src/http/plugins/errors.plugin.js';

const LIMITS = { maxBytes: 1000, maxFiles: 2, maxFields: 3, maxFieldBytes: 200 };
const BOUNDARY = '----dudaoTestBoundary7MA4YWxkTrZu0gW';

type Part = { name: string; value: string | Buffer; filename?: string; type?: string };

/** A multipart/form-data body built by hand, as a browser would send it. */
function form(parts: Part[], opts: { close?: boolean } = {}): { payload: Buffer; headers: Record<string, string> } {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    const type = p.type ?? (p.filename !== undefined ? 'application/octet-stream' : undefined);
    chunks.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n${type ? `Content-Type: ${type}\r\n` : ''}\r\n`));
    chunks.push(Buffer.isBuffer(p.value) ? p.value : Buffer.from(p.value));
    chunks.push(Buffer.from('\r\n'));
  }
  if (opts.close !== false) chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } };
}

const photo = (size: number, filename = 'p.jpg'): Part => ({
  name: 'photos',
  filename,
  type: 'image/jpeg',
  value: Buffer.alloc(size, 0xab),
});

describe('readMultipart', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = Fastify();
    registerErrorHandler(app);
    await registerMultipart(app, LIMITS);
    app.post('/upload', async (request) => {
      const body = await readMultipart(request);
      return {
        fields: body.fields,
        command: body.fields.command !== undefined ? jsonField(body) : null,
        files: body.files.map((f) => ({ field: f.field, filename: f.filename, size: f.source.size })),
      };
    });
    await app.ready();
  });

  afterAll(() => app.close());

  const post = (body: { payload: Buffer | string; headers: Record<string, string> }) =>
    app.inject({ method: 'POST', url: '/upload', payload: body.payload, headers: body.headers });

  it('buffers a command field and photo parts', async () => {
    const res = await post(form([{ name: 'command', value: '{"description":"井盖缺失"}' }, photo(10, 'a.jpg'), photo(20, 'b.png')]));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      fields: { command: '{"description":"井盖缺失"}' },
      command: { description: '井盖缺失' },
      files: [
        { field: 'photos', filename: 'a.jpg', size: 10 },
        { field: 'photos', filename: 'b.png', size: 20 },
      ],
    });
  });

  it('keeps a command part sent as application/json a string, and skips an empty file input', async () => {
    const res = await post(
      form([
        { name: 'command', type: 'application/json', value: '{"a":1}' },
        { name: 'photos', filename: '', value: '' },
      ]),
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ fields: { command: '{"a":1}' }, command: { a: 1 }, files: [] });
  });

  it('lets a file of maxBytes + 1 through for the service to refuse precisely', async () => {
    const res = await post(form([photo(LIMITS.maxBytes + 1)]));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ files: [{ size: LIMITS.maxBytes + 1 }] });
  });

  it('answers 413 naming the field for a file over the limit', async () => {
    const res = await post(form([{ name: 'command', value: '{}' }, photo(LIMITS.maxBytes + 500, 'huge.jpg')]));
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({
      error: 'file_too_large',
      message: `photos: a file is larger than the limit of ${LIMITS.maxBytes} bytes`,
      details: { field: 'photos', filename: 'huge.jpg', limit: LIMITS.maxBytes },
    });
  });

  it('answers 413 for too many files', async () => {
    const res = await post(form([photo(5), photo(5), photo(5), photo(5)]));
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: 'too_many_files', details: { field: 'photos', limit: LIMITS.maxFiles } });
  });

  it('answers 413 naming the field for an oversized field, and for too many fields', async () => {
    const big = await post(form([{ name: 'command', value: 'x'.repeat(LIMITS.maxFieldBytes + 1) }]));
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ error: 'field_too_large', details: { field: 'command' } });
    const many = await post(form(['a', 'b', 'c', 'd', 'e'].map((name) => ({ name, value: '1' }))));
    expect(many.statusCode).toBe(413);
    expect(many.json()).toMatchObject({ error: 'too_many_fields' });
  });

  it('answers 415 for a request that is not multipart', async () => {
    const json = await post({ payload: '{"description":"x"}', headers: { 'content-type': 'application/json' } });
    expect(json.statusCode).toBe(415);
    expect(json.json()).toMatchObject({ error: 'unsupported_media_type', details: { field: 'body' } });
    const text = await post({ payload: 'hello', headers: { 'content-type': 'text/csv' } });
    expect(text.statusCode).toBe(415);
  });

  it('answers 400 for a malformed body, 422 for a field given twice or a command that is not JSON', async () => {
    const cut = await post(form([{ name: 'command', value: '{}' }, photo(10)], { close: false }));
    expect(cut.statusCode).toBe(400);
    expect(cut.json()).toMatchObject({ error: 'malformed_multipart', details: { field: 'body' } });
    const twice = await post(
      form([
        { name: 'command', value: '{}' },
        { name: 'command', value: '{}' },
      ]),
    );
    expect(twice.statusCode).toBe(422);
    expect(twice.json()).toMatchObject({ details: { field: 'command' } });
    const notJson = await post(form([{ name: 'command', value: 'not json' }]));
    expect(notJson.statusCode).toBe(422);
    expect(notJson.json()).toMatchObject({ details: { field: 'command' } });
  });
});
