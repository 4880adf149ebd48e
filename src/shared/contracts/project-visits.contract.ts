/**
 * Wire shapes of the "4个1" site visits (现场办公, issue 14 point 5): GET/POST
 * /api/projects/:id/visits and GET /api/project-visits/compliance. ProjectVisitService returns
 * these types. Rules: domain/projects/visits.ts (DOMAIN.md §3.7).
 */
import { Type, type Static } from '@sinclair/typebox';
import { VISIT_PLACE_CHECKS } from '../project-visit-enums.js';
import { CalendarDate, IdString, StringEnum } from './common.contract.js';

const Int = Type.Integer();
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
const WeekKey = Type.String({ pattern: '^\\d{4}-W(0[1-9]|[1-4][0-9]|5[0-3])$', description: 'ISO week, e.g. 2026-W49' });

/** A photo of a visit. */
export const ProjectVisitFile = Type.Object({ id: Int, name: Type.Union([Type.String(), Type.Null()]), mime: Type.String() });
export type ProjectVisitFile = Static<typeof ProjectVisitFile>;

/** A logged site visit. */
export const ProjectVisit = Type.Object({
  id: Int,
  projectId: Int,
  projectName: Type.String(),
  leader: Type.Object({ id: Int, name: Type.String() }),
  visitDate: Type.String(),
  /** ISO week of the visit (China time). */
  week: Type.String(),
  place: Type.String(),
  lon: NullableNumber,
  lat: NullableNumber,
  /** Metres from the project's position; null when either position is missing. */
  distanceM: Type.Union([Int, Type.Null()]),
  radiusM: Int,
  placeCheck: StringEnum(VISIT_PLACE_CHECKS),
  /** Whether it counts towards the weekly target (on site, or the project has no position). */
  counts: Type.Boolean(),
  solved: Type.String(),
  recordedBy: Type.Object({ id: Int, name: Type.String() }),
  recordedAt: Type.String(),
  photos: Type.Array(ProjectVisitFile),
});
export type ProjectVisit = Static<typeof ProjectVisit>;

/** One week of one project or leader against the target. */
export const VisitWeek = Type.Object({
  week: Type.String(),
  label: Type.String(),
  start: Type.String(),
  end: Type.String(),
  visits: Int,
  target: Int,
  met: Type.Boolean(),
});
export type VisitWeek = Static<typeof VisitWeek>;

/** GET /api/projects/:id/visits: the visits (newest first) and the project's recent weeks. */
export const ProjectVisitList = Type.Object({
  items: Type.Array(ProjectVisit),
  /** The project's leader in charge; null when none is assigned. */
  leader: Type.Union([Type.Object({ id: Int, name: Type.String() }), Type.Null()]),
  /** Weekly target per project. */
  target: Int,
  radiusM: Int,
  /** This week and the previous ones (oldest first). */
  weeks: Type.Array(VisitWeek),
  /** Whether the caller may log a visit. */
  canLog: Type.Boolean(),
});
export type ProjectVisitList = Static<typeof ProjectVisitList>;

/** POST /api/projects/:id/visits (JSON, or multipart: "command" + files "photos"). */
export const LogVisitBody = Type.Object(
  {
    visitDate: CalendarDate({ description: 'China day of the visit, not in the future' }),
    /** China time HH:MM; noon when absent. */
    visitTime: Type.Optional(Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' })),
    place: Type.String({ minLength: 1, maxLength: 200 }),
    lon: Type.Optional(Type.Union([Type.Number({ minimum: -180, maximum: 180 }), Type.Null()])),
    lat: Type.Optional(Type.Union([Type.Number({ minimum: -90, maximum: 90 }), Type.Null()])),
    solved: Type.String({ minLength: 1, maxLength: 4000, description: 'what was solved on site' }),
  },
  { additionalProperties: false },
);
export type LogVisitBody = Static<typeof LogVisitBody>;

/** GET /api/project-visits/compliance. */
export const VisitComplianceQuery = Type.Object(
  {
    /** The last week shown (ISO week); the current week when absent. */
    week: Type.Optional(WeekKey),
    /** How many weeks up to it (1–26, default 2: this week and the last). */
    weeks: Type.Optional(Type.Integer({ minimum: 1, maximum: 26 })),
    county: Type.Optional(IdString({ description: 'county / district unit' })),
    workTeam: Type.Optional(IdString({ description: 'work team unit' })),
    leader: Type.Optional(IdString({ description: 'leader user' })),
  },
  { additionalProperties: false },
);
export type VisitComplianceQuery = Static<typeof VisitComplianceQuery>;

/** One project's weeks. */
export const ProjectCompliance = Type.Object({
  projectId: Int,
  projectCode: Type.String(),
  projectName: Type.String(),
  countyName: Type.String(),
  leaderId: Int,
  weeks: Type.Array(VisitWeek),
});
export type ProjectCompliance = Static<typeof ProjectCompliance>;

/** One leader's weeks over his projects: met only when each of his projects met the target. */
export const LeaderCompliance = Type.Object({
  leaderId: Int,
  leaderName: Type.String(),
  projects: Int,
  weeks: Type.Array(Type.Object({ ...VisitWeek.properties, projectsMet: Int })),
});
export type LeaderCompliance = Static<typeof LeaderCompliance>;

/** The compliance table: per leader and per project, week by week. */
export const VisitCompliance = Type.Object({
  target: Int,
  weeks: Type.Array(Type.Object({ week: Type.String(), label: Type.String(), start: Type.String(), end: Type.String() })),
  leaders: Type.Array(LeaderCompliance),
  projects: Type.Array(ProjectCompliance),
});
export type VisitCompliance = Static<typeof VisitCompliance>;

/** Path of a visit's photo. */
export const VisitFileParams = Type.Object({ id: IdString(), visitId: IdString(), fileId: IdString() }, { additionalProperties: false });
export type VisitFileParams = Static<typeof VisitFileParams>;
