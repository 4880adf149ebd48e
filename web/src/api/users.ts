/**
 * Typed client of the people directory (/api/users…). The types are the server's
 * contracts (src/shared/contracts/users.contract.ts). A write to an administrator's
 * account may answer 202 with an admin request instead (三员分立): see isPendingRequest.
 */
import type { AdminRequest } from '../../../src/shared/contracts/admin-requests.contract.js';
import type { ImportResult } from '../../../src/shared/contracts/imports.contract.js';
import type { RoleGrantInput, User, UserCreate, UserList, UserPatch, UserQuery } from '../../../src/shared/contracts/users.contract.js';
import { api, download, XLSX_TYPE } from './client.js';

export type { User, UserList };

/** The user as changed, or the request filed for a second administrator (202). */
export type UserOutcome = User | AdminRequest;

export const usersApi = {
  list: (q: UserQuery) => api<UserList>('/api/users', { query: q }),
  get: (id: number) => api<User>(`/api/users/${id}`),
  create: (body: UserCreate) => api<UserOutcome>('/api/users', { method: 'POST', json: body }),
  update: (id: number, body: UserPatch) => api<UserOutcome>(`/api/users/${id}`, { method: 'PATCH', json: body }),
  /** Replaces the whole set of role grants. */
  setRoles: (id: number, roles: RoleGrantInput[]) => api<UserOutcome>(`/api/users/${id}/roles`, { method: 'PUT', json: { roles } }),
  /** A security administrator sets a new password: 204 (undefined), or 202 with the request. */
  resetPassword: (id: number, password: string) =>
    api<AdminRequest | undefined>(`/api/users/${id}/password`, { method: 'POST', json: { password } }),
  lock: (id: number) => api<UserOutcome>(`/api/users/${id}/lock`, { method: 'POST' }),
  unlock: (id: number) => api<UserOutcome>(`/api/users/${id}/unlock`, { method: 'POST' }),
  /** All or nothing; 422 (bad rows, in `details.errors`) is left to the caller. */
  importXlsx: (bytes: ArrayBuffer) =>
    api<ImportResult>('/api/users/import', { method: 'POST', body: bytes, contentType: XLSX_TYPE, quiet: [422] }),
  exportXlsx: () => download('/api/users/export', 'users-export.xlsx'),
  templateXlsx: () => download('/api/users/template', 'users-template.xlsx'),
};
