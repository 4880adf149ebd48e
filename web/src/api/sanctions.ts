import type { Sanction, SanctionCreate, SanctionList, SanctionQuery } from '../../../src/shared/contracts/sanctions.contract.js';
import { api } from './client.js';

/**
 * The typed client of the 奖惩 records (/api/sanctions…). Wire types come from
 * src/shared/contracts/sanctions.contract.ts (`import type`: no TypeBox in the bundle).
 */
export const sanctionsApi = {
  /** GET /api/sanctions: the records the caller may read (a unit: its own), newest decision first. */
  list: (q: SanctionQuery = {}) => api<SanctionList>('/api/sanctions', { query: q }),
  /** POST /api/sanctions: HQ records a decision (422 naming the field when a link does not hold). */
  record: (body: SanctionCreate) => api<Sanction>('/api/sanctions', { method: 'POST', json: body }),
};
