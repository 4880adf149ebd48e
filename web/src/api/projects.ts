import type {
  AddBatchProjectBody,
  CreateProjectBatchBody,
  Project,
  ProjectBatchDetail,
  ProjectBatchList,
  ProjectBatchQuery,
  ProjectCreate,
  ProjectImportResult,
  ProjectList,
  ProjectPatch,
  ProjectQuery,
  ProjectRates,
  RecordStageBody,
} from '../../../src/shared/contracts/projects.contract.js';
import { api, download, withQuery } from './client.js';

/**
 * The typed client of the project register (重大项目, /api/projects…) and the "三个一批"
 * batches (/api/project-batches…). Wire types come from src/shared/contracts/projects.contract.ts
 * (`import type`: no TypeBox in the bundle).
 */
export const projectsApi = {
  /** GET /api/projects: search and filters, within the caller's scope. */
  list: (q: ProjectQuery = {}) => api<ProjectList>('/api/projects', { query: { ...q } }),
  /** POST /api/projects: a new project (stage 谋划); 422 names the field, shown at it (not toasted). */
  create: (body: ProjectCreate) => api<Project>('/api/projects', { method: 'POST', json: body, quiet: [422] }),
  /** GET /api/projects/:id: the project with its people, plan, stages and what the caller may do. */
  get: (id: number) => api<Project>(`/api/projects/${id}`),
  /** PATCH /api/projects/:id at the version read; 409 (moved) and 422 are shown by the form. */
  update: (id: number, body: ProjectPatch) => api<Project>(`/api/projects/${id}`, { method: 'PATCH', json: body, quiet: [409, 422] }),
  /** POST /api/projects/:id/terminate: 终止 with a reason. */
  terminate: (id: number, version: number, reason: string) =>
    api<Project>(`/api/projects/${id}/terminate`, { method: 'POST', json: { version, reason } }),
  /** POST /api/projects/:id/stages: JSON without evidence, else multipart ("command" + files "evidence"). */
  recordStage: (id: number, cmd: RecordStageBody, files: File[]) => {
    if (!files.length) return api<Project>(`/api/projects/${id}/stages`, { method: 'POST', json: cmd });
    const form = new FormData();
    // A plain field: a Blob would arrive as a file part.
    form.append('command', JSON.stringify(cmd));
    for (const f of files) form.append('evidence', f, f.name);
    return api<Project>(`/api/projects/${id}/stages`, { method: 'POST', body: form });
  },
  /** POST /api/projects/:id/stages/:recordId/confirm. */
  confirmStage: (id: number, recordId: number) =>
    api<Project>(`/api/projects/${id}/stages/${recordId}/confirm`, { method: 'POST', json: {} }),
  /** POST /api/projects/:id/stages/:recordId/reject: sent back with a reason. */
  rejectStage: (id: number, recordId: number, reason: string) =>
    api<Project>(`/api/projects/${id}/stages/${recordId}/reject`, { method: 'POST', json: { reason } }),
  /** The URL of a stage's evidence file (photo or PDF), for links. */
  stageFileUrl: (id: number, recordId: number, fileId: number) => `/api/projects/${id}/stages/${recordId}/files/${fileId}`,

  /** GET /api/projects/export.xlsx with the list's filters (texts in the UI's language). */
  exportXlsx: (q: ProjectQuery = {}) => download(withQuery('/api/projects/export.xlsx', { ...q }), 'projects.xlsx'),
  /** GET /api/projects/import-template.xlsx: the documented import template. */
  templateXlsx: () => download('/api/projects/import-template.xlsx', 'projects-template.xlsx'),
  /** POST /api/projects/import (multipart, one file "file"): all or nothing; 422 lists the bad rows (left to the caller). */
  importXlsx: (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api<ProjectImportResult>('/api/projects/import', { method: 'POST', body: form, quiet: [422] });
  },
  /** GET /api/projects/oc4ids: the register as an OC4IDS project package (JSON file). */
  oc4idsPackage: () => download('/api/projects/oc4ids', 'projects-oc4ids.json'),
  /** GET /api/projects/:id/oc4ids: one project as OC4IDS (JSON file). */
  oc4idsProject: (id: number) => download(`/api/projects/${id}/oc4ids`, `project-${id}-oc4ids.json`),

  /** GET /api/project-batches?countyUnitId: the "三个一批" batches in the caller's scope. */
  listBatches: (q: ProjectBatchQuery = {}) => api<ProjectBatchList>('/api/project-batches', { query: { ...q } }),
  /** POST /api/project-batches. */
  createBatch: (body: CreateProjectBatchBody) => api<ProjectBatchDetail>('/api/project-batches', { method: 'POST', json: body }),
  /** GET /api/project-batches/rates?countyUnitId&fromSeq&toSeq&asOf: periods together ("前四期"). */
  rangeRates: (countyUnitId: number, fromSeq: number, toSeq: number, asOf?: string) =>
    api<ProjectRates>('/api/project-batches/rates', { query: { countyUnitId, fromSeq, toSeq, asOf } }),
  /** GET /api/project-batches/:id: the batch with its projects by role. */
  getBatch: (id: number) => api<ProjectBatchDetail>(`/api/project-batches/${id}`),
  /** GET /api/project-batches/:id/rates?asOf. */
  batchRates: (id: number, asOf?: string) => api<ProjectRates>(`/api/project-batches/${id}/rates`, { query: { asOf } }),
  /** POST /api/project-batches/:id/projects: a project joins the batch in a role. */
  addToBatch: (id: number, body: AddBatchProjectBody) =>
    api<ProjectBatchDetail>(`/api/project-batches/${id}/projects`, { method: 'POST', json: body }),
  /** DELETE /api/project-batches/:id/projects/:projectId. */
  removeFromBatch: (id: number, projectId: number) =>
    api<ProjectBatchDetail>(`/api/project-batches/${id}/projects/${projectId}`, { method: 'DELETE' }),
};
