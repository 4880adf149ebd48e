import type {
  ProjectPoints,
  ProjectRollup,
  ProjectRollupQuery,
  ProjectRollupSummary,
  ProjectRollupSummaryQuery,
} from '../../../src/shared/contracts/project-rollups.contract.js';
import { api } from './client.js';

/**
 * The typed client of the project roll-ups (/api/project-rollups…): groups by a dimension, the
 * headline figures and the map's points, as of a day, within the caller's scope.
 */
export const projectRollupsApi = {
  /** GET /api/project-rollups: count and investment per group of `by`. */
  rollup: (q: ProjectRollupQuery) => api<ProjectRollup>('/api/project-rollups', { query: { ...q } }),
  /** GET /api/project-rollups/summary: totals, 今年以来新签约亿元以上, 在建工业项目, the latest batch's rates. */
  summary: (q: ProjectRollupSummaryQuery = {}) => api<ProjectRollupSummary>('/api/project-rollups/summary', { query: { ...q } }),
  /** GET /api/project-rollups/points: located projects with their stage, for the map. */
  points: (q: ProjectRollupSummaryQuery = {}) => api<ProjectPoints>('/api/project-rollups/points', { query: { ...q } }),
};
