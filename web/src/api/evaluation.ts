/**
 * Typed client of the evaluation registry: framework versions (/api/frameworks) and
 * check points (/api/checkpoints). The shapes are the server's contracts
 * (src/shared/contracts/), imported as types only.
 */
import type {
  FrameworkChecklist,
  FrameworkCreate,
  FrameworkDetail,
  FrameworkList,
  FrameworkNodesBody,
} from '../../../src/shared/contracts/evaluation.contract.js';
import type {
  CheckpointBody,
  CheckpointDetail,
  CheckpointImportResult,
  CheckpointList,
  CheckpointMap,
  CheckpointPatch,
  CheckpointQuery,
} from '../../../src/shared/contracts/checkpoints.contract.js';
import { api, download, XLSX_TYPE, type RequestOptions } from './client.js';

/** Options a caller may add to a request (e.g. `quiet: [422]` to show import errors itself). */
type Extra = Pick<RequestOptions, 'quiet'>;

export const frameworksApi = {
  list: () => api<FrameworkList>('/api/frameworks'),
  get: (id: number) => api<FrameworkDetail>(`/api/frameworks/${id}`),
  create: (body: FrameworkCreate) => api<FrameworkDetail>('/api/frameworks', { method: 'POST', json: body }),
  replaceNodes: (id: number, body: FrameworkNodesBody) =>
    api<FrameworkDetail>(`/api/frameworks/${id}/nodes`, { method: 'PUT', json: body }),
  /** Replaces a draft's nodes from a workbook (all or nothing; 422 lists every bad row). */
  importXlsx: (id: number, file: ArrayBuffer, extra: Extra = {}) =>
    api<FrameworkDetail>(`/api/frameworks/${id}/import`, { method: 'POST', body: file, contentType: XLSX_TYPE, ...extra }),
  publish: (id: number) => api<FrameworkDetail>(`/api/frameworks/${id}/publish`, { method: 'POST' }),
  newDraft: (id: number) => api<FrameworkDetail>(`/api/frameworks/${id}/drafts`, { method: 'POST' }),
  checklist: (id: number, pointType: string) =>
    api<FrameworkChecklist>(`/api/frameworks/${id}/checklists/${encodeURIComponent(pointType)}`),
  /** Downloads the import template in the UI's language. */
  downloadTemplate: () => download('/api/frameworks/template', 'framework-template.xlsx'),
  /** Downloads a version as an importable workbook. */
  downloadExport: (id: number) => download(`/api/frameworks/${id}/export`, `framework-${id}.xlsx`),
};

export const checkpointsApi = {
  list: (query: CheckpointQuery) => api<CheckpointList>('/api/checkpoints', { query }),
  map: (query: CheckpointQuery) => api<CheckpointMap>('/api/checkpoints/map', { query }),
  get: (id: number) => api<CheckpointDetail>(`/api/checkpoints/${id}`),
  create: (body: CheckpointBody) => api<CheckpointDetail>('/api/checkpoints', { method: 'POST', json: body }),
  update: (id: number, body: CheckpointPatch) => api<CheckpointDetail>(`/api/checkpoints/${id}`, { method: 'PATCH', json: body }),
  /** Imports points from the Excel template (all or nothing; 422 lists every bad row). */
  importXlsx: (file: ArrayBuffer, extra: Extra = {}) =>
    api<CheckpointImportResult>('/api/checkpoints/import', { method: 'POST', body: file, contentType: XLSX_TYPE, ...extra }),
  /** Imports a GeoJSON FeatureCollection of Points (bad features reported by index). */
  importGeoJson: (doc: unknown, extra: Extra = {}) =>
    api<CheckpointImportResult>('/api/checkpoints/import-geojson', { method: 'POST', json: doc, ...extra }),
};
