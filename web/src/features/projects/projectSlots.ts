import type { ComponentType } from 'react';

/** Who a projects landing block is for: a work team (its industry's projects) or a project unit (its own). */
export type ProjectsViewer = 'team' | 'unit';

/**
 * Slots of the projects landing blocks filled by modules that are not here yet (issue 14):
 * obstacles (要素保障, point 6), the leader's site visits ("4个1", point 5) and the monthly
 * investment report due (point 4). A module sets its component here (one line in its own file,
 * imported by ProjectsHome); until then the block says it comes with that module.
 */
export const PROJECT_SLOTS: {
  obstacles?: ComponentType<{ viewer: ProjectsViewer }>;
  visits?: ComponentType<{ viewer: ProjectsViewer }>;
  reports?: ComponentType<{ viewer: ProjectsViewer }>;
} = {};
