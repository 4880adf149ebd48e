import type { Briefing, BriefingList, EditBriefingBody, GenerateBriefingBody } from '../../../src/shared/contracts/briefings.contract.js';
import { api, download } from './client.js';

/**
 * The typed client of the 周例会 briefings (/api/briefings…). Wire types come from
 * src/shared/contracts/briefings.contract.ts (`import type`: no TypeBox in the bundle).
 */
export const briefingsApi = {
  /** GET /api/briefings: every briefing the caller may see, newest period first. */
  list: () => api<BriefingList>('/api/briefings'),
  /** GET /api/briefings/:id. */
  get: (id: number) => api<Briefing>(`/api/briefings/${id}`),
  /** POST /api/briefings: HQ generates a draft (default: the last full week). */
  generate: (body: GenerateBriefingBody) => api<Briefing>('/api/briefings', { method: 'POST', json: body }),
  /** PUT /api/briefings/:id: title and commentary of a draft at the version read. */
  edit: (id: number, body: EditBriefingBody) => api<Briefing>(`/api/briefings/${id}`, { method: 'PUT', json: body }),
  /** POST /api/briefings/:id/publish: 第N期, frozen. */
  publish: (id: number, version: number) => api<Briefing>(`/api/briefings/${id}/publish`, { method: 'POST', json: { version } }),
  /** GET /api/briefings/:id/briefing.docx|pdf, saved under the server's file name. */
  download: (id: number, ext: 'docx' | 'pdf') => download(`/api/briefings/${id}/briefing.${ext}`, `周例会通报.${ext}`),
};
