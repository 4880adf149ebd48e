import type { BenchTarget } from '../bench/target.js';
import { openDatabase } from '../src/db/database.js';
import { ROLE_PERMISSIONS } from '../src/domain/policies/permissions.js';
import type { Permission, Role } from '../src/shared/enums.js';

/** What one account may see, computed from the database with the documented rules (not the services). */
export interface Visibility {
  userId: number;
  /** Units under a grant holding the permission. */
  unitsWith(permission: Permission): Set<number>;
  /** Units under any grant. */
  anyUnit: Set<number>;
  /** Units of single-grant roles (for comparing figures with HQ's view of the same unit). */
  grantUnits: number[];
  cases: Set<number>;
  letters: Set<number>;
  files: Set<number>;
  notifications: Set<number>;
  tokens: Set<number>;
  /** Projects under `project.read` (county subtree, work team subtree, or the people list). */
  projects: Set<number>;
  /** {@link projects} and the projects the account leads (分包领导): their visits and visit compliance. */
  projectsLedOrRead: Set<number>;
  /** Progress meetings: held by a unit under a non-membership `project.read` grant, attended, or owning one of its items. */
  meetings: Set<number>;
}

/** Every case, letter, file, notification and token id, with who may see each (per username). */
export interface Truth {
  caseIds: number[];
  letterIds: number[];
  fileIds: number[];
  unitIds: number[];
  projectIds: number[];
  /** Project id by register code (the OC4IDS package names projects by code). */
  projectByCode: Map<string, number>;
  /** Where each project sits: its county, work team and leader (for filter probes). */
  projectPlace: Map<number, { county: number; workTeam: number | null; leader: number | null }>;
  meetingIds: number[];
  of: Map<string, Visibility>;
}

/**
 * How a role's project grant places projects (issue 14 point 10, DESIGN.md §3.7), written out
 * here rather than imported so that the matrix checks the services against the rule itself:
 * a work team covers the projects assigned to a team in its subtree, a project unit only the
 * projects whose people list names the person, every other role the projects whose county
 * lies in its subtree (a grant on the city: all of them).
 */
const PROJECT_BASIS: Partial<Record<Role, 'work_team' | 'membership'>> = { work_team: 'work_team', project_owner: 'membership' };

/**
 * Reads the ground truth straight from the database: a case is visible to its reporter
 * and to holders of `case.read` on its assigned unit's subtree; a letter to `letter.manage`
 * on its unit (any status) and `letter.read` (issued or withdrawn only); a file with its
 * case; notifications and tokens to their owner only; projects and meetings per
 * {@link PROJECT_BASIS} and the meeting readers of DOMAIN.md §3.7.
 */
export async function readTruth(target: BenchTarget, usernames: readonly string[]): Promise<Truth> {
  const database = openDatabase(target.url, { poolSize: 2 });
  try {
    const db = database.db;
    const units = await db.selectFrom('units').select(['id', 'path']).execute();
    const pathOf = new Map(units.map((u) => [u.id, u.path]));
    const users = await db
      .selectFrom('users')
      .select(['id', 'username'])
      .where('username', 'in', [...usernames])
      .execute();
    const grants = await db.selectFrom('role_grants').select(['user_id', 'role', 'unit_id']).execute();
    const cases = await db.selectFrom('cases').select(['id', 'reporter_id', 'assigned_unit_path']).execute();
    const letters = await db.selectFrom('letters').select(['id', 'unit_id', 'status']).execute();
    const files = await db.selectFrom('files').select(['id', 'case_id']).execute();
    const notes = await db.selectFrom('notifications').select(['id', 'user_id']).execute();
    const tokens = await db.selectFrom('api_tokens').select(['id', 'user_id']).execute();
    const projects = await db
      .selectFrom('projects')
      .select(['id', 'code', 'county_unit_id', 'work_team_unit_id', 'leader_user_id'])
      .execute();
    const members = await db.selectFrom('project_members').select(['project_id', 'user_id']).execute();
    const meetings = await db.selectFrom('project_meetings').select(['id', 'unit_id']).execute();
    const attendees = await db.selectFrom('project_meeting_attendees').select(['meeting_id', 'user_id']).execute();
    const actions = await db.selectFrom('project_meeting_actions').select(['meeting_id', 'unit_id']).execute();
    const under = (unitId: number | null, paths: string[]) =>
      unitId !== null && paths.some((p) => (pathOf.get(unitId) ?? '\0').startsWith(p));
    const of = new Map<string, Visibility>();
    for (const u of users) {
      const mine = grants.filter((g) => g.user_id === u.id);
      const pathsWith = (p: Permission) =>
        mine.filter((g) => ROLE_PERMISSIONS[g.role as Role]?.includes(p)).map((g) => pathOf.get(g.unit_id) ?? '\0');
      const unitsUnder = (paths: string[]) => new Set(units.filter((x) => paths.some((p) => x.path.startsWith(p))).map((x) => x.id));
      const caseRead = pathsWith('case.read');
      // case.read on a root unit sees every case, unassigned ones included (caseScope).
      const atRoot = caseRead.some((p) => /^\/\d+\/$/.test(p));
      const visibleCases = new Set(
        cases
          .filter(
            (c) =>
              atRoot ||
              c.reporter_id === u.id ||
              (c.assigned_unit_path !== null && caseRead.some((p) => c.assigned_unit_path!.startsWith(p))),
          )
          .map((c) => c.id),
      );
      const manage = unitsUnder(pathsWith('letter.manage'));
      const read = unitsUnder(pathsWith('letter.read'));
      const projectGrants = mine.filter((g) => ROLE_PERMISSIONS[g.role as Role]?.includes('project.read'));
      const basisPaths = (basis: 'county' | 'work_team') =>
        projectGrants.filter((g) => (PROJECT_BASIS[g.role as Role] ?? 'county') === basis).map((g) => pathOf.get(g.unit_id) ?? '\0');
      const countyPaths = basisPaths('county');
      const teamPaths = basisPaths('work_team');
      const asMember = projectGrants.some((g) => PROJECT_BASIS[g.role as Role] === 'membership');
      const memberOf = new Set(members.filter((m) => m.user_id === u.id).map((m) => m.project_id));
      const visibleProjects = new Set(
        projects
          .filter((p) => under(p.county_unit_id, countyPaths) || under(p.work_team_unit_id, teamPaths) || (asMember && memberOf.has(p.id)))
          .map((p) => p.id),
      );
      const readerPaths = [...countyPaths, ...teamPaths];
      const itemPaths = pathsWith('action_item.report');
      const visibleMeetings = new Set(
        meetings
          .filter(
            (m) =>
              under(m.unit_id, readerPaths) ||
              attendees.some((a) => a.meeting_id === m.id && a.user_id === u.id) ||
              actions.some((a) => a.meeting_id === m.id && under(a.unit_id, itemPaths)),
          )
          .map((m) => m.id),
      );
      of.set(u.username, {
        userId: u.id,
        unitsWith: (p) => unitsUnder(pathsWith(p)),
        anyUnit: unitsUnder(mine.map((g) => pathOf.get(g.unit_id) ?? '\0')),
        grantUnits: mine.map((g) => g.unit_id),
        cases: visibleCases,
        letters: new Set(letters.filter((l) => manage.has(l.unit_id) || (read.has(l.unit_id) && l.status !== 'draft')).map((l) => l.id)),
        files: new Set(files.filter((f) => f.case_id !== null && visibleCases.has(f.case_id)).map((f) => f.id)),
        notifications: new Set(notes.filter((n) => n.user_id === u.id).map((n) => n.id)),
        tokens: new Set(tokens.filter((t) => t.user_id === u.id).map((t) => t.id)),
        projects: visibleProjects,
        projectsLedOrRead: new Set([...visibleProjects, ...projects.filter((p) => p.leader_user_id === u.id).map((p) => p.id)]),
        meetings: visibleMeetings,
      });
    }
    return {
      caseIds: cases.map((c) => c.id),
      letterIds: letters.map((l) => l.id),
      fileIds: files.map((f) => f.id),
      unitIds: units.map((x) => x.id),
      projectIds: projects.map((p) => p.id),
      projectByCode: new Map(projects.map((p) => [p.code, p.id])),
      projectPlace: new Map(
        projects.map((p) => [p.id, { county: p.county_unit_id, workTeam: p.work_team_unit_id, leader: p.leader_user_id }]),
      ),
      meetingIds: meetings.map((m) => m.id),
      of,
    };
  } finally {
    await database.close();
  }
}
