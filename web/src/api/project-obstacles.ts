import type {
  ProjectObstacle,
  ProjectObstacleList,
  ProjectObstacleQuery,
  ProjectObstaclesQuery,
  ProjectObstaclesReply,
  RaiseObstacleBody,
} from '../../../src/shared/contracts/project-obstacles.contract.js';
import { api } from './client.js';

/**
 * The typed client of project obstacles (要素保障, issue 14 point 6): raise one on a project (it
 * becomes a case), a project's obstacles, and the obstacles of every project in scope. Wire types
 * from src/shared/contracts/project-obstacles.contract.ts.
 */
export const projectObstaclesApi = {
  /** GET /api/projects/:id/obstacles: newest first, and whether the caller may raise one. */
  ofProject: (projectId: number, q: ProjectObstaclesQuery = {}) =>
    api<ProjectObstaclesReply>(`/api/projects/${projectId}/obstacles`, { query: { ...q } }),
  /** POST /api/projects/:id/obstacles: JSON without photos, else multipart ("command" + files "photos"). */
  raise: (projectId: number, body: RaiseObstacleBody, photos: File[]) => {
    if (!photos.length) return api<ProjectObstacle>(`/api/projects/${projectId}/obstacles`, { method: 'POST', json: body });
    const form = new FormData();
    // A plain field: a Blob would arrive as a file part.
    form.append('command', JSON.stringify(body));
    for (const f of photos) form.append('photos', f, f.name);
    return api<ProjectObstacle>(`/api/projects/${projectId}/obstacles`, { method: 'POST', body: form });
  },
  /** GET /api/project-obstacles: obstacles of the projects in scope (county, state or "open", kind, overdue). */
  list: (q: ProjectObstacleQuery = {}) => api<ProjectObstacleList>('/api/project-obstacles', { query: { ...q } }),
};
