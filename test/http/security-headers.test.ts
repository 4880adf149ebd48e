/**
 * Security headers (issue 11, point 5) on every kind of reply: the web app and its deep
 * routes, the API docs, JSON, errors, photos (originals saved, stripped copies shown) and
 * generated documents. Headers do not depend on the database, so SQLite only.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentDisposition } from '../../src/http/content-disposition.js';
import { API_POLICY, appPolicy, cspHeader, DOCS_POLICY, policyKind } from '../../src/http/plugins/security-headers.plugin.js';
import { XLSX_TYPE } from '../../src/http/routes/xlsx.js';
import { contextFor } from '../helpers/factories.js';
import { caseWorld, createTestApp, type CaseWorld, type TestApp } from '../helpers/http.js';
import { photos } from '../helpers/images.js';

/** The directive → sources map of a Content-Security-Policy header. */
function parseCsp(header: unknown): Map<string, string[]> {
  expect(typeof header, 'content-security-policy header').toBe('string');
  return new Map(
    String(header)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((p) => p[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

/** The headers every reply carries. */
function expectCommon(res: LightMyRequestResponse): void {
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['x-frame-options']).toBe('DENY');
  expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
  expect(res.headers['permissions-policy']).toContain('geolocation=(self)');
  expect(res.headers['permissions-policy']).toContain('camera=(self)');
  expect(res.headers['permissions-policy']).toContain('microphone=()');
  expect(parseCsp(res.headers['content-security-policy']).get('frame-ancestors')).toEqual(["'none'"]);
}

/** The web app's policy: scripts from this origin only, nothing inline, no plugins, no framing. */
function expectAppCsp(res: LightMyRequestResponse): void {
  const csp = parseCsp(res.headers['content-security-policy']);
  expect(csp.get('default-src')).toEqual(["'self'"]);
  expect(csp.get('script-src')).toEqual(["'self'"]);
  expect(csp.get('object-src')).toEqual(["'none'"]);
  expect(csp.get('base-uri')).toEqual(["'self'"]);
  expect(csp.get('form-action')).toEqual(["'self'"]);
  expect(csp.get('connect-src')).toEqual(["'self'"]);
  expect(csp.get('worker-src')).toEqual(["'self'"]);
  expect(csp.get('manifest-src')).toEqual(["'self'"]);
  expect(csp.get('img-src')).toEqual(expect.arrayContaining(["'self'", 'data:', 'blob:']));
  expect(csp.has('script-src-attr')).toBe(false);
}

/** A JSON or file reply of the API: it may load nothing. */
function expectApiCsp(res: LightMyRequestResponse): void {
  expect(parseCsp(res.headers['content-security-policy'])).toEqual(
    new Map([
      ['default-src', ["'none'"]],
      ['frame-ancestors', ["'none'"]],
    ]),
  );
}

describe('security headers over HTTP', { timeout: 60_000 }, () => {
  let t: TestApp;
  let w: CaseWorld;
  let webDist: string;
  let caseId: number;
  let photoId: number;
  let letterId: number;

  beforeAll(async () => {
    // A stand-in for the built web app: a shell and one asset.
    webDist = mkdtempSync(join(tmpdir(), 'dudao-web-'));
    mkdirSync(join(webDist, 'assets'));
    writeFileSync(
      join(webDist, 'index.html'),
      '<!doctype html><html><head><script type="module" src="/assets/index.js"></script></head><body><div id="root"></div></body></html>',
    );
    writeFileSync(join(webDist, 'assets', 'index.js'), 'export {};');
    t = await createTestApp('sqlite', { webDist });
    w = await caseWorld(t);
    const s = t.env.services;
    const hq = await contextFor(t.database, w.users.hq.id);
    const insp = await contextFor(t.database, w.users.insp.id);
    const r = await s.cases.report(
      insp,
      { source: 'inspection', categoryCode: 'E01-01', description: '占道经营', lon: 114.65, lat: 33.62, address: '七一路' },
      await photos(1),
    );
    caseId = r.id;
    for (const action of ['accept', 'dispatch'] as const) {
      const c = await s.caseQuery.get(hq, caseId);
      await s.cases.act(hq, caseId, { action, version: c.version, ...(action === 'dispatch' ? { unitId: w.units.cgj.id } : {}) }, []);
    }
    const c = (await w.hq.get(`/api/cases/${caseId}`)).json<{ events: { photos: { id: number }[] }[] }>();
    photoId = c.events[0]!.photos[0]!.id;
    const draft = await w.hq.post('/api/letters', { unitId: w.units.cgj.id, type: '督办函', caseIds: [caseId] });
    expect(draft.statusCode, draft.body).toBe(201);
    letterId = draft.json<{ id: number }>().id;
  });
  afterAll(async () => {
    await t?.close();
    if (webDist) rmSync(webDist, { recursive: true, force: true });
  });

  it('serves the app shell at / and at a deep SPA route with the strict app policy', async () => {
    for (const url of ['/', '/cases/12', '/inspect/today?x=1']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toContain('text/html');
      expectCommon(res);
      expectAppCsp(res);
    }
  });

  it('serves the app assets with their type, nosniff and the app policy (the service worker lives under it)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/assets/index.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expectCommon(res);
    expectAppCsp(res);
  });

  it('gives /api/docs its own policy: scripts still only from files, no framing', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    // @fastify/swagger-ui 5 loads every script from a file: nothing inline needs allowing.
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expectCommon(page);
    const csp = parseCsp(page.headers['content-security-policy']);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).not.toContain("'unsafe-inline'");
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(page.headers['content-security-policy']).toBe(cspHeader(DOCS_POLICY));
    const initializer = await t.app.inject({ method: 'GET', url: '/api/docs/static/swagger-initializer.js' });
    expect(initializer.statusCode).toBe(200);
    expect(initializer.headers['content-type']).toMatch(/javascript/);
    expectCommon(initializer);
  });

  it('gives JSON replies, 401, 404 and health probes the API policy', async () => {
    const me = await w.hq.get('/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.headers['content-type']).toContain('application/json');
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/cases' });
    expect(anonymous.statusCode).toBe(401);
    const missing = await t.app.inject({ method: 'GET', url: '/api/no-such-route' });
    expect(missing.statusCode).toBe(404);
    const badId = await w.hq.get('/api/cases/abc');
    expect(badId.statusCode).toBe(400);
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    for (const res of [me, anonymous, missing, badId, health]) {
      expectCommon(res);
      expectApiCsp(res);
    }
  });

  it('saves a photo original as an attachment and shows the stripped copy and thumbnail inline', async () => {
    const original = await w.hq.get(`/api/files/${photoId}/original`);
    expect(original.statusCode).toBe(200);
    expect(original.headers['content-type']).toBe('image/jpeg');
    expect(original.headers['content-disposition']).toBe(contentDisposition('attachment', `案卷${caseId}-照片${photoId}-原图.jpg`));
    expect(original.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent(`案卷${caseId}-照片${photoId}-原图.jpg`)}`,
    );
    expectCommon(original);
    expectApiCsp(original);
    for (const variant of ['public', 'thumb']) {
      const res = await w.hq.get(`/api/files/${photoId}/${variant}`);
      expect(res.statusCode, variant).toBe(200);
      expect(res.headers['content-type'], variant).toMatch(/^image\/(jpeg|webp|png)$/);
      expect(res.headers['content-disposition'], variant).toMatch(/^inline; filename="[^"]+"; filename\*=UTF-8''/);
      expectCommon(res);
      expectApiCsp(res);
    }
  });

  it('serves letter PDF and DOCX and every xlsx export as attachments with their type', async () => {
    const downloads: [string, string][] = [
      [`/api/letters/${letterId}/letter.pdf`, 'application/pdf'],
      [`/api/letters/${letterId}/letter.docx`, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['/api/letters/ledger.xlsx', XLSX_TYPE],
      ['/api/cases/export', XLSX_TYPE],
      ['/api/users/export', XLSX_TYPE],
    ];
    for (const [url, type] of downloads) {
      const res = await w.hq.get(url);
      expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200);
      expect(res.headers['content-type'], url).toBe(type);
      expect(res.headers['content-disposition'], url).toMatch(/^attachment; filename="[^"]+"; filename\*=UTF-8''\S+$/);
      expectCommon(res);
      expectApiCsp(res);
    }
  });
});

describe('security header values', () => {
  it('encodes file names per RFC 5987 and keeps the plain name printable ASCII without quotes', () => {
    expect(contentDisposition('attachment', '督办函 "1" (a)\'s*.pdf')).toBe(
      `attachment; filename="___ _1_ (a)'s*.pdf"; filename*=UTF-8''%E7%9D%A3%E5%8A%9E%E5%87%BD%20%221%22%20%28a%29%27s%2A.pdf`,
    );
    expect(contentDisposition('inline', 'a.jpg')).toBe(`inline; filename="a.jpg"; filename*=UTF-8''a.jpg`);
  });

  it('picks the policy by path: docs, API and probes, else the app', () => {
    expect(policyKind('/api/docs')).toBe('docs');
    expect(policyKind('/api/docs/static/index.css')).toBe('docs');
    expect(policyKind('/api/docsx')).toBe('api');
    expect(policyKind('/api/cases')).toBe('api');
    expect(policyKind('/readyz')).toBe('api');
    expect(policyKind('/api-docs')).toBe('app');
    expect(policyKind('/sw.js')).toBe('app');
    expect(cspHeader(API_POLICY)).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it('adds configured image origins (a map tile server) to the app policy only', () => {
    const policy = appPolicy({ imgSrc: ['https://tiles.example'] });
    expect(policy['img-src']).toEqual(["'self'", 'data:', 'blob:', 'https://tiles.example']);
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(DOCS_POLICY['img-src']).not.toContain('https://tiles.example');
  });
});
