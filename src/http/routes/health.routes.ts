import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { pendingMigrations } from '../../db/migrator.js';
import { HealthStatus as Status } from '../../shared/contracts/health.contract.js';

export function healthRoutes(database: Database): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/healthz',
      { config: { permission: 'public' }, schema: { tags: ['ops'], summary: 'Process is up', response: { 200: Status } } },
      async () => ({ status: 'ok' }),
    );

    app.get(
      '/readyz',
      {
        config: { permission: 'public' },
        schema: { tags: ['ops'], summary: 'Database reachable and migrations current', response: { 200: Status, 503: Status } },
      },
      async (request, reply) => {
        try {
          await sql`select 1`.execute(database.db);
          const pending = await pendingMigrations(database);
          if (pending.length) return reply.status(503).send({ status: 'not_ready', detail: `pending migrations: ${pending.join(', ')}` });
          return { status: 'ready' };
        } catch (e) {
          // The driver's message names the database host and port: logged for the operator, never served.
          request.log.warn({ err: e }, 'readyz: database unreachable');
          return reply.status(503).send({ status: 'not_ready', detail: 'database unreachable' });
        }
      },
    );
  };
}
