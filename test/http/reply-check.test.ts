/**
 * The reply check (on in every test) turns a reply that drifted from its route's schema
 * into a 500 naming the field, where the serializer alone would drop or mangle it silently.
 */
import { Type } from '@sinclair/typebox';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { makeEnv } from '../helpers/factories.js';

const Reply = Type.Object({ id: Type.Integer(), name: Type.String(), inner: Type.Object({ at: Type.String() }) });

describe('reply check', () => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  async function appWith(checkReplies: boolean, payload: unknown) {
    database ??= await createTestDatabase('sqlite');
    const app = await buildApp({ database, services: makeEnv(database).services, webDist: null, checkReplies });
    app.get('/api/probe', { config: { permission: 'public' }, schema: { response: { 200: Reply } } }, async () => payload);
    await app.ready();
    return app;
  }

  it('a reply that matches passes; Dates count as their JSON strings', async () => {
    const app = await appWith(true, { id: 1, name: 'a', inner: { at: new Date(0) } });
    const res = await app.inject({ method: 'GET', url: '/api/probe' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: 1, name: 'a', inner: { at: '1970-01-01T00:00:00.000Z' } });
    await app.close();
  });

  it('a field the schema does not name → 500 naming it (the serializer alone drops it)', async () => {
    const payload = { id: 1, name: 'a', inner: { at: 'x', secret: 's' } };
    const checked = await appWith(true, payload);
    const res = await checked.inject({ method: 'GET', url: '/api/probe' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ error: 'reply_mismatch' });
    expect(res.json<{ message: string }>().message).toContain('/inner.secret');
    await checked.close();
    const unchecked = await appWith(false, payload);
    expect((await unchecked.inject({ method: 'GET', url: '/api/probe' })).json()).toEqual({ id: 1, name: 'a', inner: { at: 'x' } });
    await unchecked.close();
  });

  it('a missing field or a wrong type → 500 naming the place', async () => {
    const missing = await appWith(true, { id: 1, inner: { at: 'x' } });
    const res = await missing.inject({ method: 'GET', url: '/api/probe' });
    expect(res.statusCode).toBe(500);
    expect(res.json<{ message: string }>().message).toMatch(/name/);
    await missing.close();
    const wrong = await appWith(true, { id: 'one', name: 'a', inner: { at: 'x' } });
    const res2 = await wrong.inject({ method: 'GET', url: '/api/probe' });
    expect(res2.statusCode).toBe(500);
    expect(res2.json<{ message: string }>().message).toContain('/id');
    await wrong.close();
  });
});
