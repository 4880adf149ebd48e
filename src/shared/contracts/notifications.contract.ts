/**
 * Wire shapes of the caller's in-app notifications (/api/notifications…), shared by the
 * routes, the notification service and the web (`import type` only).
 */
import { Type, type Static } from '@sinclair/typebox';
import { IdString, Paging } from './common.contract.js';

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
export type NotificationQuery = Static<typeof NotificationQuery>;

/** One in-app notification. */
export const NotificationView = Type.Object({
  id: Type.Integer(),
  caseId: Type.Union([Type.Integer(), Type.Null()]),
  kind: Type.String({ description: 'e.g. case.dispatched' }),
  title: Type.String(),
  body: Type.String(),
  createdAt: Type.String(),
  readAt: Type.Union([Type.String(), Type.Null()]),
});
export type NotificationView = Static<typeof NotificationView>;

/** A page of the caller's notifications. */
export const NotificationList = Type.Object({
  items: Type.Array(NotificationView),
  total: Type.Integer({ description: 'notifications matching the filter' }),
  unread: Type.Integer({ description: 'all unread notifications of the caller' }),
});
export type NotificationList = Static<typeof NotificationList>;

/** GET /api/notifications/unread-count reply. */
export const UnreadCount = Type.Object({ unread: Type.Integer() });
export type UnreadCount = Static<typeof UnreadCount>;

/** POST /api/notifications/read-all reply. */
export const ReadAllReply = Type.Object({ updated: Type.Integer({ description: 'notifications that were unread' }) });
export type ReadAllReply = Static<typeof ReadAllReply>;
