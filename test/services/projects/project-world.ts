import type { RequestContext } from '../../../src/core/context.js';
import type { Database } from '../../../src/db/database.js';
import type { UnitRow } from '../../../src/db/schema.js';
import type { ProjectCreate } from '../../../src/shared/contracts/projects.contract.js';
import type { Role } from '../../../src/shared/enums.js';
import { contextFor, makeCity, makeEnv, makeUnit, makeUser, type TestEnv } from '../../helpers/factories.js';

/** A person and their request context. */
export interface Person {
  id: number;
  ctx: RequestContext;
}

/**
 * The test city (川汇区 = district, 淮阳区 = otherDistrict) with two work teams and one person
 * per project role: a projects office on the city and on each district, a work team person on
 * each team, two project-unit people granted on the city (membership, not the grant, decides
 * what they cover), a city leader and a leader of 淮阳区.
 */
export async function projectWorld(database: Database) {
  const env: TestEnv = makeEnv(database);
  const city = await makeCity(database);
  const teamA = await makeUnit(database, { code: 'WT-BIO', name: '生物降解材料产业链专班', kind: 'work_team', parent: city.city });
  const teamB = await makeUnit(database, { code: 'WT-MED', name: '生物医药产业链专班', kind: 'work_team', parent: city.city });
  const person = async (role: Role, unit: UnitRow): Promise<Person> => {
    const u = await makeUser(database, { unit, roles: [{ role, unit }] });
    return { id: u.id, ctx: await contextFor(database, u.id) };
  };
  return {
    env,
    city,
    teamA,
    teamB,
    officeCity: await person('projects_office', city.city),
    officeA: await person('projects_office', city.district),
    officeB: await person('projects_office', city.otherDistrict),
    workA: await person('work_team', teamA),
    workB: await person('work_team', teamB),
    ownerA: await person('project_owner', city.city),
    ownerB: await person('project_owner', city.city),
    leader: await person('leader', city.city),
    leaderB: await person('leader', city.otherDistrict),
  };
}

export type ProjectWorld = Awaited<ReturnType<typeof projectWorld>>;

/** A valid create body for a project of 川汇区 in team A with ownerA on its people list. */
export function projectBody(w: ProjectWorld, over: Partial<ProjectCreate> = {}): ProjectCreate {
  return {
    code: 'XM-2026-001',
    name: '耕德电子二期',
    countyUnitId: w.city.district.id,
    industryChain: '智能零部件',
    level: 'municipal',
    category: 'advanced_manufacturing',
    investor: '河南耕德电子科技有限公司',
    totalInvestment: 135000,
    landMu: 254.8,
    floorAreaM2: 290000,
    expectedAnnualOutput: 25000.5,
    expectedAnnualTax: 2000,
    jobs: 1200,
    lon: 114.65,
    lat: 33.62,
    workTeamUnitId: w.teamA.id,
    leaderUserId: w.leader.id,
    members: [{ userId: w.ownerA.id, title: '联系人' }],
    milestones: [
      { stage: 'signed', name: '签约', plannedDate: '2026-03-10' },
      { name: '完成环评批复', plannedDate: '2026-04-30' },
    ],
    ...over,
  };
}
