/**
 * Route schemas compile on first use (src/http/validation.ts) to keep the start short.
 * These tests keep the old guarantee reachable: with `compileSchemasAtStart` every
 * schema of the real API compiles when the app gets ready, and a broken one fails it.
 */
import { Type } from '@sinclair/typebox';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { makeEnv } from '../helpers/factories.js';

describe('route schemas', () => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it('all compile when compiled up front', async () => {
    database = await createTestDatabase('sqlite');
    const app = await buildApp({ database, services: makeEnv(database).services, webDist: null, compileSchemasAtStart: true });
    await expect(app.ready()).resolves.toBeDefined();
    expect(app.printRoutes().length).toBeGreaterThan(0);
    await app.close();
  });

  it('a schema that does not compile fails the start up front, and only its own route otherwise', async () => {
    database = await createTestDatabase('sqlite');
    const broken = { type: 'object', properties: { n: { type: 'no-such-type' } } } as never;
    const eager = await buildApp({ database, services: makeEnv(database).services, webDist: null, compileSchemasAtStart: true });
    eager.post('/api/broken', { schema: { body: broken } }, async () => ({ ok: true }));
    await expect(eager.ready()).rejects.toThrow(/POST: \/api\/broken/);
    await eager.close().catch(() => undefined);

    const lazy = await buildApp({ database, services: makeEnv(database).services, webDist: null });
    lazy.post('/api/broken', { config: { permission: 'public' }, schema: { body: broken } }, async () => ({ ok: true }));
    lazy.get(
      '/api/fine',
      { config: { permission: 'public' }, schema: { querystring: Type.Object({ n: Type.Integer() }) } },
      async (req) => req.query,
    );
    await lazy.ready();
    const ok = await lazy.inject({ method: 'GET', url: '/api/fine?n=2' });
    expect(ok.json()).toEqual({ n: 2 });
    const bad = await lazy.inject({ method: 'POST', url: '/api/broken', payload: { n: 1 } });
    expect(bad.statusCode).toBe(500);
    await lazy.close();
  });
});
