import type {
  AssessmentModelCreate,
  AssessmentModelList,
  AssessmentModelUpdate,
  AssessmentModelVersion,
} from '../../../src/shared/contracts/assessment.contract.js';
import { api } from './client.js';

/**
 * The typed client of the 考核 models of campaigns (/api/assessment/models…): drafts,
 * publication, new drafts from published versions. Wire types come from
 * src/shared/contracts/assessment.contract.ts (`import type`: no TypeBox in the bundle).
 */
export const assessmentApi = {
  /** GET /api/assessment/models?campaignId=: every version of a campaign's model, newest first. */
  listModels: (campaignId: number) => api<AssessmentModelList>('/api/assessment/models', { query: { campaignId } }),
  /** GET /api/assessment/models/in-force?campaignId=: the latest published version (404, not toasted, while none is). */
  modelInForce: (campaignId: number) =>
    api<AssessmentModelVersion>('/api/assessment/models/in-force', { query: { campaignId }, quiet: [404] }),
  /** GET /api/assessment/models/:id. */
  getModel: (id: number) => api<AssessmentModelVersion>(`/api/assessment/models/${id}`),
  /** POST /api/assessment/models: a new draft version (422 names the first problem). */
  createModel: (body: AssessmentModelCreate) => api<AssessmentModelVersion>('/api/assessment/models', { method: 'POST', json: body }),
  /** PUT /api/assessment/models/:id: replace a draft's model; send the revision last read (409 when stale). */
  updateModel: (id: number, body: AssessmentModelUpdate) =>
    api<AssessmentModelVersion>(`/api/assessment/models/${id}`, { method: 'PUT', json: body }),
  /** POST /api/assessment/models/:id/publish: freeze a draft; it comes into force. */
  publishModel: (id: number) => api<AssessmentModelVersion>(`/api/assessment/models/${id}/publish`, { method: 'POST' }),
  /** POST /api/assessment/models/:id/drafts: a new draft copied from a published version. */
  newDraft: (id: number) => api<AssessmentModelVersion>(`/api/assessment/models/${id}/drafts`, { method: 'POST' }),
};
