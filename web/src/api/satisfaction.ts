import type {
  SatisfactionOwnBody,
  SatisfactionReply,
  SatisfactionReviewBody,
  SatisfactionReviewItem,
  SatisfactionReviewList,
  SatisfactionReviewQuery,
  UnitSatisfactionList,
  UnitSatisfactionQuery,
} from '../../../src/shared/contracts/public.contract.js';
import { api } from './client.js';

/**
 * The typed client of 回访 (issue 15): HQ's review of 不满意 ratings, the per-unit
 * indicator, and a logged-in reporter's own rating. Wire types from public.contract.ts.
 */
export const satisfactionApi = {
  /** GET /api/satisfaction/reviews: pending 不满意 (oldest first) or reviewed ones. */
  reviews: (q: SatisfactionReviewQuery = {}) => api<SatisfactionReviewList>('/api/satisfaction/reviews', { query: q }),
  /** POST /api/satisfaction/reviews/:caseId: reopen the case or decline, with a note. */
  review: (caseId: number, body: SatisfactionReviewBody) =>
    api<SatisfactionReviewItem>(`/api/satisfaction/reviews/${caseId}`, { method: 'POST', json: body }),
  /** GET /api/satisfaction/units: counts and 满意率 per unit over China dates [from, to]. */
  units: (q: UnitSatisfactionQuery = {}) => api<UnitSatisfactionList>('/api/satisfaction/units', { query: q }),
  /** POST /api/cases/:id/satisfaction: the logged-in reporter rates their closed case, once. */
  rateOwn: (caseId: number, body: SatisfactionOwnBody) =>
    api<SatisfactionReply>(`/api/cases/${caseId}/satisfaction`, { method: 'POST', json: body }),
};
