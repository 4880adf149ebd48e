import type {
  AssessmentModelCreate,
  AssessmentModelList,
  AssessmentModelUpdate,
  AssessmentModelVersion,
  AssessmentRun,
  AssessmentRunCompute,
  AssessmentRunList,
  AssessmentRunQuery,
} from '../../../src/shared/contracts/assessment.contract.js';
import type {
  AssessmentAdjustment,
  AssessmentAdjustmentCreate,
  AssessmentAdjustmentList,
  AssessmentAdjustmentQuery,
  AssessmentDecision,
} from '../../../src/shared/contracts/assessment-adjustments.contract.js';
import type {
  AssessmentAppeal,
  AssessmentAppealAccept,
  AssessmentAppealCreate,
  AssessmentAppealList,
  AssessmentAppealQuery,
  AssessmentAppealReject,
} from '../../../src/shared/contracts/assessment-appeals.contract.js';
import type { PeriodKind } from '../../../src/shared/assessment-enums.js';
import { api, download } from './client.js';

/**
 * The typed client of the 考核 (/api/assessment/…): models of campaigns (drafts,
 * publication, new drafts from published versions), results runs (compute, publish,
 * Excel), HQ's 加减分 and the leader's decision, and units' appeals (申诉) with HQ's
 * decision. Wire types come from src/shared/contracts/assessment.contract.ts (`import
 * type`: no TypeBox in the bundle).
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
  /**
   * PUT /api/assessment/models/:id: replace a draft's model; send the revision last read (409 when stale).
   * 409 and 422 are shown by the editor (at the fields), not toasted.
   */
  updateModel: (id: number, body: AssessmentModelUpdate) =>
    api<AssessmentModelVersion>(`/api/assessment/models/${id}`, { method: 'PUT', json: body, quiet: [409, 422] }),
  /** POST /api/assessment/models/:id/publish: freeze a draft; it comes into force. */
  publishModel: (id: number) => api<AssessmentModelVersion>(`/api/assessment/models/${id}/publish`, { method: 'POST' }),
  /** POST /api/assessment/models/:id/drafts: a new draft copied from a published version. */
  newDraft: (id: number) => api<AssessmentModelVersion>(`/api/assessment/models/${id}/drafts`, { method: 'POST' }),

  /** GET /api/assessment/runs?campaignId&periodKind&periodKey&status: newest period first, then newest version. */
  listRuns: (q: AssessmentRunQuery) => api<AssessmentRunList>('/api/assessment/runs', { query: { ...q } }),
  /** GET /api/assessment/runs/latest?campaignId&periodKind: the latest published run (404, not toasted, while none is). */
  latestRun: (campaignId: number, periodKind: PeriodKind) =>
    api<AssessmentRun>('/api/assessment/runs/latest', { query: { campaignId, periodKind }, quiet: [404] }),
  /** GET /api/assessment/runs/:id: a run with its groups (a unit sees its own explanation only). */
  getRun: (id: number) => api<AssessmentRun>(`/api/assessment/runs/${id}`),
  /** POST /api/assessment/runs: compute a period's results as a draft with the model in force. */
  compute: (body: AssessmentRunCompute) => api<AssessmentRun>('/api/assessment/runs', { method: 'POST', json: body }),
  /** POST /api/assessment/runs/:id/publish: freeze the reviewed draft. */
  publishRun: (id: number) => api<AssessmentRun>(`/api/assessment/runs/${id}/publish`, { method: 'POST' }),
  /** GET /api/assessment/runs/:id/results.xlsx: the results and 红黑榜 as Excel. */
  runXlsx: (id: number) => download(`/api/assessment/runs/${id}/results.xlsx`, `assessment-${id}.xlsx`),

  /** GET /api/assessment/adjustments?campaignId&periodKey&status. */
  listAdjustments: (q: AssessmentAdjustmentQuery) => api<AssessmentAdjustmentList>('/api/assessment/adjustments', { query: { ...q } }),
  /** POST /api/assessment/adjustments: HQ proposes 加减分 (counted once a leader approves). */
  proposeAdjustment: (body: AssessmentAdjustmentCreate) =>
    api<AssessmentAdjustment>('/api/assessment/adjustments', { method: 'POST', json: body }),
  /** POST /api/assessment/adjustments/:id/approve. */
  approveAdjustment: (id: number, body: AssessmentDecision = {}) =>
    api<AssessmentAdjustment>(`/api/assessment/adjustments/${id}/approve`, { method: 'POST', json: body }),
  /** POST /api/assessment/adjustments/:id/reject (reason required). */
  rejectAdjustment: (id: number, body: AssessmentDecision) =>
    api<AssessmentAdjustment>(`/api/assessment/adjustments/${id}/reject`, { method: 'POST', json: body }),

  /** GET /api/assessment/appeals?campaignId&runId&status (a unit sees its own). */
  listAppeals: (q: AssessmentAppealQuery) => api<AssessmentAppealList>('/api/assessment/appeals', { query: { ...q } }),
  /**
   * POST /api/assessment/appeals: a unit appeals a published result within the deadline; JSON
   * without evidence, else multipart ("command" + files "files": images or PDF).
   */
  appeal: (body: AssessmentAppealCreate, files: File[] = []) => {
    if (!files.length) return api<AssessmentAppeal>('/api/assessment/appeals', { method: 'POST', json: body });
    const form = new FormData();
    // A plain field: a Blob would arrive as a file part.
    form.append('command', JSON.stringify(body));
    for (const f of files) form.append('files', f, f.name);
    return api<AssessmentAppeal>('/api/assessment/appeals', { method: 'POST', body: form });
  },
  /** The URL of an appeal's evidence file (opens in a new tab). */
  appealFileUrl: (id: number, fileId: number) => `/api/assessment/appeals/${id}/files/${fileId}`,
  /** POST /api/assessment/appeals/:id/accept: HQ adjusts and publishes a corrected version. */
  acceptAppeal: (id: number, body: AssessmentAppealAccept) =>
    api<AssessmentAppeal>(`/api/assessment/appeals/${id}/accept`, { method: 'POST', json: body }),
  /** POST /api/assessment/appeals/:id/reject. */
  rejectAppeal: (id: number, body: AssessmentAppealReject) =>
    api<AssessmentAppeal>(`/api/assessment/appeals/${id}/reject`, { method: 'POST', json: body }),
};
