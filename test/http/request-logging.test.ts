import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { makeEnv } from '../helpers/factories.js';

/** A pino logger at `level` whose JSON lines land in `lines`. */
function capture(level: string): { logger: pino.Logger; lines: { level: number; msg: string; res?: unknown }[] } {
  const lines: { level: number; msg: string; res?: unknown }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l) as (typeof lines)[number]);
      done();
    },
  });
  return { logger: pino({ level }, stream), lines };
}

describe('request logging', () => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  const run = async (level: string, logRequests: boolean) => {
    database = await createTestDatabase('sqlite');
    const env = makeEnv(database);
    const { logger, lines } = capture(level);
    const app = await buildApp({ database, services: env.services, webDist: null, logger, logRequests });
    await app.inject({ method: 'GET', url: '/healthz' });
    await app.close();
    return lines.filter((l) => l.msg === 'request completed');
  };

  it('by default (not production) logs no request line at info', async () => {
    expect(await run('info', false)).toEqual([]);
  });

  it('logs requests at debug when not asked for at info', async () => {
    const lines = await run('debug', false);
    expect(lines.length).toBe(1);
    expect(lines[0]).toMatchObject({ level: 20, res: { statusCode: 200 } });
  });

  it('logs each request once at info when asked (production default)', async () => {
    const lines = await run('info', true);
    expect(lines.length).toBe(1);
    expect(lines[0]).toMatchObject({ level: 30, res: { statusCode: 200 } });
  });
});
