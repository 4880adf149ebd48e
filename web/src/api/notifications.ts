import type {
  NotificationList,
  NotificationQuery,
  ReadAllReply,
  UnreadCount,
} from '../../../src/shared/contracts/notifications.contract.js';
import { api } from './client.js';

/**
 * The typed client of the caller's notifications (/api/notifications…). The bell polls
 * in the background, so its reads are quiet: a failed poll is no reason for a toast.
 */
export const notificationsApi = {
  list: (q: NotificationQuery) => api<NotificationList>('/api/notifications', { query: q, quiet: true }),
  unreadCount: () => api<UnreadCount>('/api/notifications/unread-count', { quiet: true }),
  markRead: (id: number) => api<void>(`/api/notifications/${id}/read`, { method: 'POST', quiet: true }),
  markAllRead: () => api<ReadAllReply>('/api/notifications/read-all', { method: 'POST' }),
};
