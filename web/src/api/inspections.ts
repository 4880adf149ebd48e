/**
 * Typed client of /api/inspections: plans (HQ) and the inspector's day (today's route,
 * checklists, submitting a recorded inspection). The shapes are
 * src/shared/contracts/inspections.contract.ts.
 */
import type {
  InspectionView,
  MyPointsQuery,
  PlanBody,
  PlanList,
  PlanView,
  PointChecklist,
  TodayRoute,
} from '../../../src/shared/contracts/inspections.contract.js';
import { api, type RequestOptions } from './client.js';
import type { UserList } from '../../../src/shared/contracts/users.contract.js';

/** Options a caller may add to a request (the inspector's phone handles failures itself: `quiet`). */
type Extra = Pick<RequestOptions, 'quiet'>;

export const plansApi = {
  list: () => api<PlanList>('/api/inspections/plans'),
  get: (id: number) => api<PlanView>(`/api/inspections/plans/${id}`),
  create: (body: PlanBody) => api<PlanView>('/api/inspections/plans', { method: 'POST', json: body }),
  /** The inspectors a plan can be shared among (needs user.read). */
  inspectors: () => api<UserList>('/api/users', { query: { role: 'inspector', pageSize: 500 } }),
};

export const inspectionsApi = {
  /** Today's route, nearest first when a position is given. */
  mine: (query: MyPointsQuery, extra: Extra = {}) => api<TodayRoute>('/api/inspections/mine', { query, ...extra }),
  checklist: (pointId: number, extra: Extra = {}) => api<PointChecklist>(`/api/inspections/mine/${pointId}/checklist`, extra),
  /**
   * Sends a recorded inspection: multipart with the command (SubmitBody) as JSON in
   * `command` and photos in `photos_<standardCode>`; 201 new, 200 a replay the server had.
   */
  submit: (form: FormData, extra: Extra = {}) => api<InspectionView>('/api/inspections', { method: 'POST', body: form, ...extra }),
  get: (id: number) => api<InspectionView>(`/api/inspections/${id}`),
};

/** API answers the service worker keeps for the inspector's offline start (who is signed in). */
export const OFFLINE_API_PATHS = ['/api/auth/me'];
