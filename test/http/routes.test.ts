import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS } from '../../src/domain/policies/permissions.js';
import { PERMISSIONS, ROLES } from '../../src/shared/enums.js';
import { DIALECTS } from '../helpers/db.js';
import { createTestApp, routeCollector, type TestApp } from '../helpers/http.js';

/** Routes that may answer without a session; anything else marked public is a mistake. */
const PUBLIC_ALLOWED = [
  /^\/healthz$/,
  /^\/readyz$/,
  /^\/api\/auth\/login$/,
  /^\/api\/openapi\.json$/,
  /^\/api\/docs(\/.*)?$/,
  // The city's configured area (a bounding box, nothing personal): the web app reads it before anyone logs in.
  /^\/api\/city\/area$/,
  // Issue 15: citizens without an account (report, +1, tracking, map); each write pays a proof of work and is rate-limited.
  /^\/api\/public\/.+$/,
  // Open311 GeoReport v2 (issue 15): reads need no key; POST requests checks its api_key itself.
  /^\/open311\/v2\//,
];

function methodsOf(r: RouteOptions): string[] {
  return Array.isArray(r.method) ? r.method : [r.method];
}

/** A concrete URL for a route pattern: ids become 1, wildcards a file name. */
function concrete(url: string): string {
  return url.replace(/:[A-Za-z_]+/g, '1').replace(/\*$/, 'x.js');
}

for (const dialect of DIALECTS) {
  describe(`route table on ${dialect}`, () => {
    let t: TestApp;
    let webDist: string;
    const collected = routeCollector();

    beforeAll(async () => {
      // A stand-in web build, so the static file routes are registered (and checked) too.
      webDist = mkdtempSync(join(tmpdir(), 'dudao-web-'));
      mkdirSync(join(webDist, 'assets'));
      writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>Dudao</title>');
      writeFileSync(join(webDist, 'assets', 'app.js'), 'console.log(1)');
      t = await createTestApp(dialect, { webDist, onRoute: collected.onRoute });
    });
    afterAll(async () => {
      await t.close();
      rmSync(webDist, { recursive: true, force: true });
    });

    it('collects the whole route table, docs and static files included', () => {
      const urls = new Set(collected.routes.map((r) => r.url));
      for (const u of [
        '/healthz',
        '/readyz',
        '/api/auth/login',
        '/api/units',
        '/api/users/:id/roles',
        '/api/audit/verify',
        '/api/briefings/:id/publish',
        '/api/openapi.json',
        '/api/docs',
        '/*',
      ]) {
        expect(urls, u).toContain(u);
      }
      expect(collected.routes.length).toBeGreaterThan(40);
    });

    it('every route declares a known permission', () => {
      const missing = collected.routes
        .filter((r) => !(PERMISSIONS as readonly string[]).includes(r.config?.permission as string))
        .map((r) => `${methodsOf(r).join(',')} ${r.url}`);
      expect(missing).toEqual([]);
    });

    it('the letter approval routes (issue 13) need letter.approve, which only the leader role holds', () => {
      const permission = (method: string, url: string) =>
        collected.routes.find((r) => r.url === url && methodsOf(r).includes(method))?.config?.permission;
      expect(permission('POST', '/api/letters/:id/approve')).toBe('letter.approve');
      expect(permission('POST', '/api/letters/:id/return')).toBe('letter.approve');
      expect(permission('GET', '/api/letters/awaiting-approval-count')).toBe('letter.read');
      expect(ROLES.filter((role) => ROLE_PERMISSIONS[role].includes('letter.approve'))).toEqual(['leader']);
    });

    it('the action item routes (issue 13 point 8): HQ assigns and decides, units report, units and leaders read', () => {
      const permission = (method: string, url: string) =>
        collected.routes.find((r) => r.url === url && methodsOf(r).includes(method))?.config?.permission;
      expect(permission('GET', '/api/action-items/')).toBe('action_item.read');
      expect(permission('GET', '/api/action-items/:id')).toBe('action_item.read');
      expect(permission('GET', '/api/action-items/:id/files/:fileId')).toBe('action_item.read');
      expect(permission('POST', '/api/action-items/')).toBe('action_item.manage');
      expect(permission('POST', '/api/action-items/:id/confirm')).toBe('action_item.manage');
      expect(permission('POST', '/api/action-items/:id/return')).toBe('action_item.manage');
      expect(permission('POST', '/api/action-items/:id/escalate')).toBe('action_item.manage');
      expect(permission('POST', '/api/action-items/:id/report')).toBe('action_item.report');
      const holders = (p: (typeof PERMISSIONS)[number]) => ROLES.filter((role) => ROLE_PERMISSIONS[role].includes(p));
      expect(holders('action_item.manage')).toEqual(['hq_dispatcher']);
      expect(holders('action_item.report')).toEqual(['unit_handler', 'unit_head']);
      expect(holders('action_item.read')).toEqual(['hq_dispatcher', 'unit_handler', 'unit_head', 'leader']);
    });

    it('the cockpit (issue 13) is read with case.read, like the other dashboards, and takes no unit', () => {
      const route = collected.routes.find((r) => r.url === '/api/dashboard/cockpit' && methodsOf(r).includes('GET'));
      expect(route?.config?.permission).toBe('case.read');
      expect(Object.keys((route?.schema?.querystring as { properties: object }).properties).sort()).toEqual(['period', 'weeks']);
      expect(ROLES.filter((role) => ROLE_PERMISSIONS[role].includes('case.read'))).toContain('leader');
    });

    it('the assessment results routes (issue 13): HQ computes, publishes and decides appeals; leaders approve 加减分; units read and appeal', () => {
      const permission = (method: string, url: string) =>
        collected.routes.find((r) => r.url === url && methodsOf(r).includes(method))?.config?.permission;
      expect(permission('GET', '/api/assessment/runs')).toBe('assessment.results');
      expect(permission('GET', '/api/assessment/runs/latest')).toBe('assessment.results');
      expect(permission('GET', '/api/assessment/runs/:id')).toBe('assessment.results');
      expect(permission('GET', '/api/assessment/runs/:id/results.xlsx')).toBe('assessment.results');
      expect(permission('POST', '/api/assessment/runs')).toBe('assessment.manage');
      expect(permission('POST', '/api/assessment/runs/:id/publish')).toBe('assessment.manage');
      expect(permission('GET', '/api/assessment/adjustments')).toBe('assessment.read');
      expect(permission('POST', '/api/assessment/adjustments')).toBe('assessment.manage');
      expect(permission('POST', '/api/assessment/adjustments/:id/approve')).toBe('assessment.approve');
      expect(permission('POST', '/api/assessment/adjustments/:id/reject')).toBe('assessment.approve');
      expect(permission('GET', '/api/assessment/appeals')).toBe('assessment.results');
      expect(permission('POST', '/api/assessment/appeals')).toBe('assessment.appeal');
      expect(permission('GET', '/api/assessment/appeals/:id/files/:fileId')).toBe('assessment.results');
      expect(permission('POST', '/api/assessment/appeals/:id/accept')).toBe('assessment.manage');
      expect(permission('POST', '/api/assessment/appeals/:id/reject')).toBe('assessment.manage');
      const holders = (p: (typeof PERMISSIONS)[number]) => ROLES.filter((role) => ROLE_PERMISSIONS[role].includes(p));
      expect(holders('assessment.manage')).toEqual(['hq_dispatcher']);
      expect(holders('assessment.approve')).toEqual(['leader']);
      expect(holders('assessment.appeal')).toEqual(['unit_handler', 'unit_head']);
      expect(holders('assessment.results')).toEqual(['hq_dispatcher', 'unit_handler', 'unit_head', 'leader']);
    });

    it('the project routes (issue 14): the office manages, the project unit edits its own and reports, work teams and the office confirm, leaders read', () => {
      const permission = (method: string, url: string) =>
        collected.routes.find((r) => r.url === url && methodsOf(r).includes(method))?.config?.permission;
      expect(permission('GET', '/api/projects/')).toBe('project.read');
      expect(permission('POST', '/api/projects/')).toBe('project.manage');
      expect(permission('GET', '/api/projects/:id')).toBe('project.read');
      expect(permission('PATCH', '/api/projects/:id')).toBe('project.edit');
      expect(permission('POST', '/api/projects/:id/terminate')).toBe('project.manage');
      expect(permission('POST', '/api/projects/:id/stages')).toBe('project.report');
      expect(permission('POST', '/api/projects/:id/stages/:recordId/confirm')).toBe('project.confirm');
      expect(permission('POST', '/api/projects/:id/stages/:recordId/reject')).toBe('project.confirm');
      expect(permission('GET', '/api/projects/:id/stages/:recordId/files/:fileId')).toBe('project.read');
      expect(permission('GET', '/api/project-batches/')).toBe('project.read');
      expect(permission('POST', '/api/project-batches/')).toBe('project.manage');
      expect(permission('GET', '/api/project-batches/rates')).toBe('project.read');
      expect(permission('GET', '/api/project-batches/:id')).toBe('project.read');
      expect(permission('GET', '/api/project-batches/:id/rates')).toBe('project.read');
      expect(permission('POST', '/api/project-batches/:id/projects')).toBe('project.manage');
      expect(permission('DELETE', '/api/project-batches/:id/projects/:projectId')).toBe('project.manage');
      expect(permission('GET', '/api/project-rollups/')).toBe('project.read');
      expect(permission('GET', '/api/project-rollups/summary')).toBe('project.read');
      expect(permission('GET', '/api/project-rollups/points')).toBe('project.read');
      const holders = (p: (typeof PERMISSIONS)[number]) => ROLES.filter((role) => ROLE_PERMISSIONS[role].includes(p));
      expect(holders('project.manage')).toEqual(['projects_office']);
      expect(holders('project.edit')).toEqual(['project_owner', 'projects_office']);
      expect(holders('project.report')).toEqual(['project_owner']);
      expect(holders('project.confirm')).toEqual(['work_team', 'projects_office']);
      expect(holders('project.read')).toEqual(['leader', 'project_owner', 'work_team', 'projects_office']);
    });

    it('the investment routes (issue 14 point 4): the office sets plans, the project unit files its months, who sees the project reads', () => {
      const permission = (method: string, url: string) =>
        collected.routes.find((r) => r.url === url && methodsOf(r).includes(method))?.config?.permission;
      expect(permission('GET', '/api/projects/:id/plans/:year')).toBe('project.read');
      expect(permission('PUT', '/api/projects/:id/plans/:year')).toBe('project.manage');
      expect(permission('GET', '/api/projects/:id/investment')).toBe('project.read');
      expect(permission('GET', '/api/projects/:id/reports')).toBe('project.read');
      expect(permission('POST', '/api/projects/:id/reports')).toBe('project.report');
      expect(permission('GET', '/api/projects/:id/reports/:reportId/files/:fileId')).toBe('project.read');
      expect(permission('GET', '/api/project-reports/lapses')).toBe('project.read');
      expect(permission('GET', '/api/project-reports/due')).toBe('project.read');
    });

    it('only login, health, OpenAPI, docs and the web app files are public', () => {
      // The web app is served by one wildcard route (files built after start included).
      const staticFiles = new Set(['/', '/*']);
      const wrong = collected.routes
        .filter((r) => r.config?.permission === 'public')
        .filter((r) => !PUBLIC_ALLOWED.some((re) => re.test(r.url)) && !staticFiles.has(r.url))
        .map((r) => `${methodsOf(r).join(',')} ${r.url}`);
      expect(wrong).toEqual([]);
      // The write routes in particular never are.
      const publicWrites = collected.routes
        .filter((r) => r.config?.permission === 'public' && methodsOf(r).some((m) => m !== 'GET' && m !== 'HEAD'))
        .map((r) => `${methodsOf(r).join(',')} ${r.url}`);
      // …except the public side's (issue 15): /api/public/ (proof of work, rate limits) and Open311's POST requests (api_key checked by the route itself, 403).
      expect(publicWrites.filter((w) => !w.includes(' /api/public/'))).toEqual([
        'POST /api/auth/login',
        'POST /open311/v2/requests.:format',
      ]);
      expect(publicWrites).toEqual(
        expect.arrayContaining([
          'POST /api/public/reports',
          'POST /api/public/cases/:number/plus-ones',
          'POST /api/public/cases/:number/satisfaction',
        ]),
      );
    });

    it('answers 401 to an unauthenticated call of every non-public route', async () => {
      const routes = collected.routes.filter((r) => r.config?.permission !== 'public');
      expect(routes.length).toBeGreaterThan(25);
      const wrong: string[] = [];
      for (const r of routes) {
        for (const method of methodsOf(r)) {
          const url = concrete(r.url);
          const res = await t.app.inject({
            method: method as 'GET',
            url,
            ...(method === 'GET' || method === 'HEAD' || method === 'DELETE' ? {} : { payload: {} }),
          });
          if (res.statusCode !== 401) wrong.push(`${method} ${url} → ${res.statusCode}`);
          else if (method !== 'HEAD') expect(res.json()).toMatchObject({ statusCode: 401, error: 'unauthorized' });
        }
      }
      expect(wrong).toEqual([]);
    });

    it('answers 401 to a forged session cookie and to an unknown bearer token', async () => {
      const forged = await t.app.inject({ method: 'GET', url: '/api/units', headers: { cookie: 'dudao_sid=not-a-session' } });
      expect(forged.statusCode).toBe(401);
      const forgedWrite = await t.app.inject({
        method: 'POST',
        url: '/api/units',
        headers: { cookie: 'dudao_sid=not-a-session', 'x-csrf-token': 'x' },
        payload: {},
      });
      expect(forgedWrite.statusCode).toBe(401);
      const bearer = await t.app.inject({ method: 'GET', url: '/api/users', headers: { authorization: 'Bearer ddt_nope_nope' } });
      expect(bearer.statusCode).toBe(401);
    });

    it('public routes answer without a session', async () => {
      expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'GET', url: '/assets/app.js' })).statusCode).toBe(200);
      const shell = await t.app.inject({ method: 'GET', url: '/admin/units' });
      expect(shell.statusCode).toBe(200);
      expect(shell.headers['content-type']).toMatch(/text\/html/);
      // Unknown API paths stay JSON 404s, not the app shell.
      const unknown = await t.app.inject({ method: 'GET', url: '/api/nope' });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()).toMatchObject({ error: 'not_found' });
    });
  });
}
