import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../services/index.js';
import { NoContent, withErrors } from '../../shared/contracts/common.contract.js';
import {
  NotificationIdParams,
  NotificationList,
  NotificationQuery,
  ReadAllReply,
  UnreadCount,
} from '../../shared/contracts/notifications.contract.js';

/** The caller's own in-app notifications; every user has them, so every route needs only a session. */
export function notificationRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags: ['notifications'],
          summary: 'My notifications, newest first',
          querystring: NotificationQuery,
          response: withErrors({ 200: NotificationList }),
        },
      },
      async (request) => services.notifications.list(request.ctx, request.query),
    );

    app.get(
      '/unread-count',
      {
        config: { permission: 'authenticated' },
        schema: { tags: ['notifications'], summary: 'How many of my notifications are unread', response: withErrors({ 200: UnreadCount }) },
      },
      async (request) => ({ unread: await services.notifications.unreadCount(request.ctx) }),
    );

    app.post(
      '/:id/read',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags: ['notifications'],
          summary: 'Mark one of my notifications read',
          params: NotificationIdParams,
          response: withErrors({ 204: NoContent }),
        },
      },
      async (request, reply) => {
        await services.notifications.markRead(request.ctx, request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/read-all',
      {
        config: { permission: 'authenticated' },
        schema: { tags: ['notifications'], summary: 'Mark all my notifications read', response: withErrors({ 200: ReadAllReply }) },
      },
      async (request) => ({ updated: await services.notifications.markAllRead(request.ctx) }),
    );
  };
}
