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
      .filter((r) => {
        const codes = Object.keys((r.schema?.response as Record<string, unknown> | undefined) ?? {});
        return !codes.some((c) => c.startsWith('2')) || !(ALWAYS_OK.has(r.key) || codes.some((c) => /^[45]/.test(c)));
      })
      .map((r) => r.key);
    expect(missing).toEqual([]);
  });
});
