/**
 * Typed client of admin requests (/api/admin-requests…): changes to administrator
 * accounts waiting for a second administrator (三员分立). The types are the server's
 * contracts (src/shared/contracts/admin-requests.contract.ts).
 */
import type { AdminRequest, AdminRequestList, AdminRequestQuery } from '../../../src/shared/contracts/admin-requests.contract.js';
import { api } from './client.js';

export type { AdminRequest, AdminRequestList };

export const adminRequestsApi = {
  /** Newest first. */
  list: (q: AdminRequestQuery) => api<AdminRequestList>('/api/admin-requests', { query: q }),
  approve: (id: number) => api<AdminRequest>(`/api/admin-requests/${id}/approve`, { method: 'POST' }),
  reject: (id: number) => api<AdminRequest>(`/api/admin-requests/${id}/reject`, { method: 'POST' }),
  /** Only the requester, while it is pending. */
  cancel: (id: number) => api<AdminRequest>(`/api/admin-requests/${id}/cancel`, { method: 'POST' }),
};
