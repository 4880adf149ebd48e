import type { ApiKey, ApiKeyIssue, ApiKeyIssued, ApiKeyList } from '../../../src/shared/contracts/public.contract.js';
import { api } from './client.js';

/** The typed client of integrators' API keys (issue 15, Open311 writes): HQ or the sysadmin issue and revoke them. */
export const apiKeysApi = {
  list: () => api<ApiKeyList>('/api/api-keys'),
  /** Issues a key; the secret is in the reply once and never again. */
  issue: (body: ApiKeyIssue) => api<ApiKeyIssued>('/api/api-keys', { method: 'POST', json: body }),
  revoke: (id: number) => api<ApiKey>(`/api/api-keys/${id}/revoke`, { method: 'POST' }),
};
