/**
 * Wire shapes of a project's obstacles (要素保障, issue 14 point 6): POST/GET
 * /api/projects/:id/obstacles and GET /api/project-obstacles. An obstacle is a case (source
 * `project_obstacle`); these shapes show it from the project's side — kind, responsible unit,
 * deadline, state and the overdue flag. ProjectObstacleService returns them.
 */
import { Type, type Static } from '@sinclair/typebox';
import { CASE_STATES } from '../case-enums.js';
import { OBSTACLE_KINDS } from '../project-enums.js';
import { IdString, Paging, StringEnum } from './common.contract.js';

const Int = Type.Integer();
const Text = Type.Union([Type.String(), Type.Null()]);

/** Raising an obstacle (JSON, or multipart: field "command" with this JSON + files "photos"). */
export const RaiseObstacleBody = Type.Object(
  {
    kind: StringEnum(OBSTACLE_KINDS),
    /** What blocks the project and what it needs (the case text begins with the kind and the project). */
    description: Type.String({ minLength: 1, maxLength: 1500 }),
    /** A phone or name the responsible department may contact. */
    reporterContact: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type RaiseObstacleBody = Static<typeof RaiseObstacleBody>;

/** One obstacle of a project and the state of its case. */
export const ProjectObstacle = Type.Object({
  id: Int,
  projectId: Int,
  projectCode: Type.String(),
  projectName: Type.String(),
  countyName: Type.String(),
  kind: StringEnum(OBSTACLE_KINDS),
  caseId: Int,
  caseNumber: Type.String(),
  description: Type.String(),
  state: StringEnum(CASE_STATES),
  /** The unit the case is assigned to; before dispatch, the one the routing settings name (see `routed`). */
  responsibleUnitId: Type.Union([Int, Type.Null()]),
  responsibleUnitName: Text,
  /** True when the responsible unit is the routing's suggestion (not dispatched yet). */
  routed: Type.Boolean(),
  deadline: Text,
  /** Dispatched or acknowledged and past its deadline. */
  overdue: Type.Boolean(),
  raisedBy: Type.Union([Type.Object({ id: Int, name: Type.String() }), Type.Null()]),
  raisedAt: Type.String(),
  closedAt: Text,
});
export type ProjectObstacle = Static<typeof ProjectObstacle>;

export const ProjectObstacleList = Type.Object({ items: Type.Array(ProjectObstacle), total: Int });
export type ProjectObstacleList = Static<typeof ProjectObstacleList>;

/** Which obstacles: every state, the open ones, or one case state. */
export const OBSTACLE_STATE_FILTERS = ['open', ...CASE_STATES] as const;

/** Filters of the obstacle lists of the projects office and the work team. */
export const ProjectObstacleQuery = Type.Object(
  {
    /** A county / district (its subtree). */
    county: Type.Optional(IdString()),
    state: Type.Optional(StringEnum(OBSTACLE_STATE_FILTERS)),
    kind: Type.Optional(StringEnum(OBSTACLE_KINDS)),
    overdue: Type.Optional(Type.Boolean()),
    ...Paging,
  },
  { additionalProperties: false },
);
export type ProjectObstacleQuery = Static<typeof ProjectObstacleQuery>;

/** A project's obstacles, all states, and whether the actor may raise one (GET /api/projects/:id/obstacles). */
export const ProjectObstaclesReply = Type.Object({ items: Type.Array(ProjectObstacle), total: Int, canRaise: Type.Boolean() });
export type ProjectObstaclesReply = Static<typeof ProjectObstaclesReply>;

/** Paging of a project's obstacles. */
export const ProjectObstaclesQuery = Type.Object({ ...Paging }, { additionalProperties: false });
export type ProjectObstaclesQuery = Static<typeof ProjectObstaclesQuery>;
