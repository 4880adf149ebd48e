/**
 * Every route declares what it answers: a 2xx reply schema and the error shape, so the
 * OpenAPI document says what the API really sends and the reply check
 * (src/http/plugins/reply-check.plugin.ts, on in every test) compares each reply with it.
 */
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { makeEnv } from '../helpers/factories.js';

/** Third-party routes that serve the API's own documentation (HTML, assets, the document itself). */
const DOCUMENTATION = (url: string) => url === '/api/openapi.json' || url.startsWith('/api/docs');

/** Routes that cannot fail while the process answers at all (liveness). */
const ALWAYS_OK = new Set(['GET /healthz']);

/** Routes still being converted; must shrink to empty (issue 12). */
const PENDING = new Set<string>([
  'GET /api/cases',
  'POST /api/cases',
  'GET /api/cases/:id',
  'POST /api/cases/:id/actions',
  'GET /api/cases/:id/suggestion',
  'GET /api/cases/calendar',
  'PUT /api/cases/calendar/:day',
  'GET /api/cases/categories',
  'POST /api/cases/categories',
  'PATCH /api/cases/categories/:code',
  'GET /api/cases/export',
  'GET /api/cases/indicators',
  'GET /api/cases/map',
  'GET /api/checkpoints',
  'POST /api/checkpoints',
  'GET /api/checkpoints/:id',
  'PATCH /api/checkpoints/:id',
  'POST /api/checkpoints/import',
  'POST /api/checkpoints/import-geojson',
  'GET /api/checkpoints/map',
  'GET /api/dashboard/headline',
  'GET /api/dashboard/ranking',
  'GET /api/files/:id/:variant',
  'GET /api/frameworks',
  'POST /api/frameworks',
  'GET /api/frameworks/:id',
  'GET /api/frameworks/:id/checklists/:pointType',
  'POST /api/frameworks/:id/drafts',
  'GET /api/frameworks/:id/export',
  'POST /api/frameworks/:id/import',
  'PUT /api/frameworks/:id/nodes',
  'POST /api/frameworks/:id/publish',
  'GET /api/frameworks/template',
  'POST /api/inspections',
  'GET /api/inspections/:id',
  'GET /api/inspections/mine',
  'GET /api/inspections/mine/:id/checklist',
  'GET /api/inspections/plans',
  'POST /api/inspections/plans',
  'GET /api/inspections/plans/:id',
  'GET /api/inspections/results',
  'GET /api/results/export.xlsx',
  'GET /api/results/index',
  'GET /api/results/rates',
  'GET /api/results/trend',
  'GET /api/units/export',
  'GET /api/units/template',
  'GET /api/users/export',
  'GET /api/users/template',
]);

describe('response schemas', () => {
  let database: TestDatabase;
  const routes: { key: string; schema: RouteOptions['schema'] }[] = [];
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    const app = await buildApp({
      database,
      services: makeEnv(database).services,
      webDist: null,
      onRoute: (r) => {
        for (const m of Array.isArray(r.method) ? r.method : [r.method]) {
          if (m !== 'HEAD' && !DOCUMENTATION(r.url)) routes.push({ key: `${m} ${r.url}`, schema: r.schema });
        }
      },
    });
    await app.ready();
    await app.close();
  });
  afterAll(async () => database.drop());

  it('every route declares a 2xx reply and its errors', () => {
    expect(routes.length).toBeGreaterThan(100);
    const missing = routes
      .filter((r) => !PENDING.has(r.key))
      .filter((r) => {
        const codes = Object.keys((r.schema?.response as Record<string, unknown> | undefined) ?? {});
        return !codes.some((c) => c.startsWith('2')) || !(ALWAYS_OK.has(r.key) || codes.some((c) => /^[45]/.test(c)));
      })
      .map((r) => r.key);
    expect(missing).toEqual([]);
  });

  it('the list of routes still to convert names only routes without a schema', () => {
    const stale = routes.filter((r) => PENDING.has(r.key) && r.schema?.response).map((r) => r.key);
    const unknown = [...PENDING].filter((k) => !routes.some((r) => r.key === k));
    expect({ stale, unknown }).toEqual({ stale: [], unknown: [] });
  });
});
