import type {
  CreateProjectMeetingBody,
  MeetingActionBody,
  ProjectMeeting,
  ProjectMeetingList,
  ProjectMeetingQuery,
} from '../../../src/shared/contracts/project-meetings.contract.js';
import type {
  LogVisitBody,
  ProjectVisit,
  ProjectVisitList,
  VisitCompliance,
  VisitComplianceQuery,
} from '../../../src/shared/contracts/project-visits.contract.js';
import { api } from './client.js';

/**
 * The typed client of "4个1": site visits (/api/projects/:id/visits), the compliance table
 * (/api/project-visits/compliance) and the progress meetings (/api/project-meetings). Wire
 * types from src/shared/contracts/project-visits.contract.ts and project-meetings.contract.ts.
 */
export const projectVisitsApi = {
  /** GET /api/projects/:id/visits: the visits, the last four weeks and whether the caller may log. */
  list: (projectId: number) => api<ProjectVisitList>(`/api/projects/${projectId}/visits`),
  /** POST /api/projects/:id/visits: JSON without photos, else multipart ("command" + files "photos"). */
  log: (projectId: number, cmd: LogVisitBody, files: File[]) => {
    if (!files.length) return api<ProjectVisit>(`/api/projects/${projectId}/visits`, { method: 'POST', json: cmd });
    const form = new FormData();
    form.append('command', JSON.stringify(cmd));
    for (const f of files) form.append('photos', f, f.name);
    return api<ProjectVisit>(`/api/projects/${projectId}/visits`, { method: 'POST', body: form });
  },
  /** The URL of a visit's photo, for links and thumbnails. */
  photoUrl: (projectId: number, visitId: number, fileId: number) => `/api/projects/${projectId}/visits/${visitId}/files/${fileId}`,
  /** GET /api/project-visits/compliance: per leader and per project, week by week. */
  compliance: (q: VisitComplianceQuery = {}) => api<VisitCompliance>('/api/project-visits/compliance', { query: { ...q } }),

  /** GET /api/project-meetings. */
  meetings: (q: ProjectMeetingQuery = {}) => api<ProjectMeetingList>('/api/project-meetings', { query: { ...q } }),
  /** GET /api/project-meetings/:id. */
  meeting: (id: number) => api<ProjectMeeting>(`/api/project-meetings/${id}`),
  /** POST /api/project-meetings. */
  createMeeting: (body: CreateProjectMeetingBody) => api<ProjectMeeting>('/api/project-meetings', { method: 'POST', json: body }),
  /** POST /api/project-meetings/:id/actions/:actionId: report, confirm or send back an item. */
  actOnItem: (meetingId: number, actionId: number, body: MeetingActionBody) =>
    api<ProjectMeeting>(`/api/project-meetings/${meetingId}/actions/${actionId}`, { method: 'POST', json: body }),
};
