import { Type } from '@sinclair/typebox';
import { IdString, Paging } from '../../shared/contracts/common.contract.js';

/** `:id` of a notification: the shared id schema (canonical decimal, within the column's range). */
export const NotificationIdParams = Type.Object({ id: IdString() }, { additionalProperties: false });

/** GET /api/notifications query string. */
export const NotificationQuery = Type.Object(
  {
    unreadOnly: Type.Optional(Type.Boolean({ default: false, description: 'only notifications not yet read' })),
    ...Paging,
  },
  { additionalProperties: false },
);

/** One in-app notification. */
export const Notification = Type.Object({
  id: Type.Integer(),
  caseId: Type.Union([Type.Integer(), Type.Null()]),
  kind: Type.String({ description: 'e.g. case.dispatched' }),
  title: Type.String(),
  body: Type.String(),
  createdAt: Type.String(),
  readAt: Type.Union([Type.String(), Type.Null()]),
});

/** A page of the caller's notifications. */
export const NotificationList = Type.Object({
  items: Type.Array(Notification),
  total: Type.Integer({ description: 'notifications matching the filter' }),
  unread: Type.Integer({ description: 'all unread notifications of the caller' }),
});

/** GET /api/notifications/unread-count reply. */
export const UnreadCount = Type.Object({ unread: Type.Integer() });

/** POST /api/notifications/read-all reply. */
export const ReadAllReply = Type.Object({ updated: Type.Integer({ description: 'notifications that were unread' }) });
