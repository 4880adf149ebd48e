import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerErrorHandler } from '../../src/http/plugins/errors.plugin.js';

/**
 * A transaction PostgreSQL aborts to break a deadlock or a serialization conflict is the
 * client's cue to send again (409 with Retry-After), not a server failure (500).
 */
describe('a concurrency abort from the database', () => {
  const appThrowing = async (code: string) => {
    const app = Fastify();
    registerErrorHandler(app);
    app.get('/x', async () => {
      throw Object.assign(new Error('deadlock detected'), { code });
    });
    await app.ready();
    return app;
  };

  it('deadlock (40P01) and serialization failure (40001) answer 409 concurrent_write with Retry-After', async () => {
    for (const code of ['40P01', '40001']) {
      const app = await appThrowing(code);
      const res = await app.inject({ method: 'GET', url: '/x' });
      expect(res.statusCode, code).toBe(409);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.json()).toMatchObject({ error: 'concurrent_write' });
      await app.close();
    }
  });

  it('another database error is still a 500', async () => {
    const app = await appThrowing('XX000');
    expect((await app.inject({ method: 'GET', url: '/x' })).statusCode).toBe(500);
    await app.close();
  });
});
