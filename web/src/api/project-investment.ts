import type {
  FileReportBody,
  InvestmentPlan,
  ProjectInvestment,
  ReportDueList,
  ReportLapseList,
  ReportLapseQuery,
  SetPlanBody,
} from '../../../src/shared/contracts/project-investment.contract.js';
import { api } from './client.js';

/**
 * The typed client of the investment progress of major projects: annual plans, monthly reports
 * (with photos), the light, and late or missing reports. Wire types from
 * src/shared/contracts/project-investment.contract.ts.
 */
export const projectInvestmentApi = {
  /** GET /api/projects/:id/investment?year: plan, 完成率 vs 序时进度, the light, each month, lapses. */
  get: (id: number, year?: number) => api<ProjectInvestment>(`/api/projects/${id}/investment`, { query: { year } }),
  /** PUT /api/projects/:id/plans/:year (the version read when changing one); 409 and 422 shown by the form. */
  setPlan: (id: number, year: number, body: SetPlanBody) =>
    api<InvestmentPlan>(`/api/projects/${id}/plans/${year}`, { method: 'PUT', json: body, quiet: [409, 422] }),
  /** POST /api/projects/:id/reports: JSON without photos, else multipart ("command" + files "photos"). */
  file: (id: number, cmd: FileReportBody, photos: File[]) => {
    if (!photos.length) return api<ProjectInvestment>(`/api/projects/${id}/reports`, { method: 'POST', json: cmd });
    const form = new FormData();
    // A plain field: a Blob would arrive as a file part.
    form.append('command', JSON.stringify(cmd));
    for (const f of photos) form.append('photos', f, f.name);
    return api<ProjectInvestment>(`/api/projects/${id}/reports`, { method: 'POST', body: form });
  },
  /** The URL of a report's photo, for links and thumbnails. */
  photoUrl: (id: number, reportId: number, fileId: number) => `/api/projects/${id}/reports/${reportId}/files/${fileId}`,
  /** GET /api/project-reports/lapses: late and missing months of the projects the caller sees. */
  lapses: (q: ReportLapseQuery = {}) => api<ReportLapseList>('/api/project-reports/lapses', { query: { ...q } }),
  /** GET /api/project-reports/due: the caller's own projects' months still to file (本月待报). */
  due: () => api<ReportDueList>('/api/project-reports/due'),
};
