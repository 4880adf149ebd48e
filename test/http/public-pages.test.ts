/**
 * The citizens' pages (issue 15 point 1) are their own entry: /report, /track,
 * /track/:number and /public-map get web/public.html, every other page path the staff
 * shell; the public pages' policy allows no inline style at all (no Ant Design there).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyKind, publicPage, publicPolicy } from '../../src/http/plugins/security-headers.plugin.js';
import { createTestApp, type TestApp } from '../helpers/http.js';

describe('the public pages over HTTP', () => {
  let t: TestApp;
  let webDist: string;

  beforeAll(async () => {
    // Stand-ins for the two built entries.
    webDist = mkdtempSync(join(tmpdir(), 'dudao-web-'));
    writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>staff</title>');
    writeFileSync(join(webDist, 'public.html'), '<!doctype html><title>public</title>');
    t = await createTestApp('sqlite', { webDist });
  });
  afterAll(async () => {
    await t?.close();
    if (webDist) rmSync(webDist, { recursive: true, force: true });
  });

  it('serves public.html at the public paths with the strict public policy', async () => {
    for (const url of ['/report', '/report/', '/track', '/track/2026-000123?t=abc', '/public-map']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain('<title>public</title>');
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toContain("style-src 'self';");
      expect(csp, url).toContain("script-src 'self';");
      expect(csp, url).toContain("worker-src 'self'");
    }
  });

  it('keeps the staff shell everywhere else, and 404 JSON for unknown API paths', async () => {
    for (const url of ['/', '/cases/12', '/reports', '/track/1/2', '/public-mapx']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain('<title>staff</title>');
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/public/nothing-here' })).statusCode).toBe(404);
  });

  it('names the public paths and their policy', () => {
    expect(publicPage('/report')).toBe(true);
    expect(publicPage('/track/2026-000001')).toBe(true);
    expect(publicPage('/reporting')).toBe(false);
    expect(policyKind('/public-map')).toBe('public');
    expect(policyKind('/api/public/config')).toBe('api');
    expect(publicPolicy({ imgSrc: ['https://tiles.example'] })['img-src']).toContain('https://tiles.example');
  });
});
