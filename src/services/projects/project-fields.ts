import type { Executor } from '../../db/database.js';
import { projectRepository } from '../../db/repositories/project.repository.js';
import { unitRepository } from '../../db/repositories/unit.repository.js';
import type { ProjectsTable } from '../../db/schema.js';
import { COUNTY_LEVEL_KINDS } from '../../domain/policies/project-scope.js';
import type { ProjectCreate } from '../../shared/contracts/projects.contract.js';
import type { UnitKind } from '../../shared/enums.js';
import { PROJECT_CATEGORIES, PROJECT_LEVELS, PROJECT_STAGES, type ProjectStage } from '../../shared/project-enums.js';
import { invalidSaid } from '../../core/errors.js';
import { locationProblem } from '../../domain/geo/city-area.js';
import { toHundredths } from './money.js';

/** Project codes: letters, digits, ".", "_" and "-" (a 项目代码 such as 2205-411622-04-01-123456 fits). */
const CODE = /^[A-Za-z0-9._-]{1,64}$/;

/** Fields only the projects office may change (the project unit changes the rest of its own projects). */
export const RESTRICTED_FIELDS = ['code', 'countyUnitId', 'workTeamUnitId', 'leaderUserId', 'members'] as const;

/** The checked columns of a project, and what goes to its side tables. */
export interface ProjectFields {
  row: Pick<
    ProjectsTable,
    | 'code'
    | 'name'
    | 'county_unit_id'
    | 'industry_chain'
    | 'level'
    | 'category'
    | 'investor'
    | 'total_investment_wan_cents'
    | 'land_mu_hundredths'
    | 'floor_area_m2'
    | 'expected_output_wan_cents'
    | 'expected_tax_wan_cents'
    | 'jobs'
    | 'lon'
    | 'lat'
    | 'work_team_unit_id'
    | 'leader_user_id'
  >;
  countyPath: string;
  members: { userId: number; title: string | null }[];
  milestones: { stage: ProjectStage | null; name: string; plannedDate: string }[];
}

const blankToNull = (s: string | null | undefined) => (s == null || !s.trim() ? null : s.trim());
const hundredthsOrNull = (v: number | null | undefined, field: string) => (v == null ? null : toHundredths(v, field));

/**
 * Checks a project's fields as given (the create body, or a row merged with a PATCH) and
 * turns them into columns: 422 naming the first bad field (code, name, countyUnitId — a
 * county-level unit that exists —, level, category, amounts with at most 2 decimals and not
 * negative, lon/lat both or neither and inside the city's area, workTeamUnitId — a work team
 * —, leaderUserId, members[i].userId, milestones[i].name / stage). Reads only.
 */
export async function checkProjectFields(
  db: Executor,
  bbox: [number, number, number, number],
  input: ProjectCreate,
): Promise<ProjectFields> {
  const code = input.code.trim();
  if (!CODE.test(code))
    throw invalidSaid('code', { zh: '项目代码须为 1–64 位字母、数字、“.”、“_”或“-”', en: '1–64 letters, digits, ".", "_" or "-"' });
  const name = input.name.trim();
  if (!name) throw invalidSaid('name', { zh: '项目名称必填', en: 'is required' });
  const county = await unitRepository.byId(db, input.countyUnitId);
  if (!county) throw invalidSaid('countyUnitId', { zh: '所选县区不存在', en: `unit ${input.countyUnitId} not found` });
  if (!COUNTY_LEVEL_KINDS.includes(county.kind as UnitKind))
    throw invalidSaid('countyUnitId', {
      zh: `${county.name}不是县、区、县级市或开发区`,
      en: `${county.name} is not a county, district, county-level city or development zone`,
    });
  if (!(PROJECT_LEVELS as readonly string[]).includes(input.level)) {
    throw invalidSaid('level', { zh: `未知项目级别“${input.level}”`, en: `unknown level "${input.level}"` });
  }
  if (!(PROJECT_CATEGORIES as readonly string[]).includes(input.category))
    throw invalidSaid('category', { zh: `未知项目类别“${input.category}”`, en: `unknown category "${input.category}"` });
  const total = toHundredths(input.totalInvestment, 'totalInvestment');
  const land = hundredthsOrNull(input.landMu, 'landMu');
  const output = hundredthsOrNull(input.expectedAnnualOutput, 'expectedAnnualOutput');
  const tax = hundredthsOrNull(input.expectedAnnualTax, 'expectedAnnualTax');
  for (const k of ['floorAreaM2', 'jobs'] as const) {
    const v = input[k];
    if (v != null && (!Number.isInteger(v) || v < 0)) throw invalidSaid(k, { zh: '须为不小于 0 的整数', en: 'must be a whole number ≥ 0' });
  }
  const lon = input.lon ?? null;
  const lat = input.lat ?? null;
  const where = locationProblem(lon, lat, bbox);
  if (where) throw invalidSaid(where.field, where.text);

  let workTeam: number | null = null;
  if (input.workTeamUnitId != null) {
    const team = await unitRepository.byId(db, input.workTeamUnitId);
    if (!team) throw invalidSaid('workTeamUnitId', { zh: '所选工作专班不存在', en: `unit ${input.workTeamUnitId} not found` });
    if (team.kind !== 'work_team') {
      throw invalidSaid('workTeamUnitId', { zh: `${team.name}不是工作专班`, en: `${team.name} is not a work team (工作专班)` });
    }
    workTeam = team.id;
  }
  const members = (input.members ?? []).map((m) => ({ userId: m.userId, title: blankToNull(m.title) }));
  const people = [...(input.leaderUserId != null ? [input.leaderUserId] : []), ...members.map((m) => m.userId)];
  const existing = await projectRepository.existingUsers(db, people);
  if (input.leaderUserId != null && !existing.has(input.leaderUserId))
    throw invalidSaid('leaderUserId', { zh: '所选分包领导不存在', en: `user ${input.leaderUserId} not found` });
  const seen = new Set<number>();
  for (const [i, m] of members.entries()) {
    if (!existing.has(m.userId))
      throw invalidSaid(`members[${i}].userId`, { zh: `第 ${i + 1} 位项目人员不存在`, en: `user ${m.userId} not found` });
    if (seen.has(m.userId))
      throw invalidSaid(`members[${i}].userId`, { zh: `第 ${i + 1} 位项目人员重复`, en: `user ${m.userId} is listed twice` });
    seen.add(m.userId);
  }
  const milestones = (input.milestones ?? []).map((m, i) => {
    const label = m.name.trim();
    if (!label) throw invalidSaid(`milestones[${i}].name`, { zh: `第 ${i + 1} 个节点的名称为空`, en: 'must not be blank' });
    if (m.stage != null && !(PROJECT_STAGES as readonly string[]).includes(m.stage))
      throw invalidSaid(`milestones[${i}].stage`, { zh: `第 ${i + 1} 个节点的阶段未知`, en: 'unknown stage' });
    return { stage: m.stage ?? null, name: label, plannedDate: m.plannedDate };
  });
  return {
    row: {
      code,
      name,
      county_unit_id: county.id,
      industry_chain: blankToNull(input.industryChain),
      level: input.level,
      category: input.category,
      investor: blankToNull(input.investor),
      total_investment_wan_cents: total,
      land_mu_hundredths: land,
      floor_area_m2: input.floorAreaM2 ?? null,
      expected_output_wan_cents: output,
      expected_tax_wan_cents: tax,
      jobs: input.jobs ?? null,
      lon,
      lat,
      work_team_unit_id: workTeam,
      leader_user_id: input.leaderUserId ?? null,
    },
    countyPath: county.path,
    members,
    milestones,
  };
}
