import type { Database } from '../src/db/database.js';
import { sessionRepository } from '../src/db/repositories/session.repository.js';
import { unitRepository } from '../src/db/repositories/unit.repository.js';
import { userRepository } from '../src/db/repositories/user.repository.js';
import { CITY_CODE, HQ_CODE, demoUnits, type DemoUnit } from '../src/demo/demo-city.js';
import { permissionsOf, type Actor } from '../src/domain/policies/permissions.js';
import { scopableOf } from '../src/domain/auth/token-policy.js';
import { keyedHash } from '../src/services/accounts/crypto.js';
import type { Role } from '../src/shared/enums.js';

/**
 * The benchmark's city: the real division list of the demo (周口市, its counties and
 * townships, city departments, HQ) plus a set of county-level departments so the
 * directory reaches about 500 units, as a prefecture-level city's 数字化城管 has.
 * People are few (HQ, inspectors, a leader, one handler per unit that handles cases),
 * and API tokens for the load generator are written directly with their hashes.
 */

/** Departments each county-level government has; cases are dispatched to them too. */
const COUNTY_DEPARTMENTS: [string, string][] = [
  ['CGJ', '城市管理局'],
  ['ZJJ', '住房和城乡建设局'],
  ['JTJ', '交通运输局'],
  ['SCJ', '市场监督管理局'],
  ['STHJJ', '生态环境分局'],
  ['ZRZYJ', '自然资源局'],
  ['GAJ', '公安局'],
  ['YLLH', '园林绿化中心'],
  ['SLJ', '水利局'],
  ['NYNCJ', '农业农村局'],
  ['WJW', '卫生健康委员会'],
  ['JYJ', '教育局'],
  ['WGLJ', '文化广电和旅游局'],
  ['YJGLJ', '应急管理局'],
  ['MZJ', '民政局'],
  ['SWJ', '商务局'],
  ['ZFDD', '城市管理执法大队'],
  ['HWZX', '环境卫生服务中心'],
  ['SZGC', '市政工程管理处'],
  ['GDGS', '供电公司'],
  ['ZLSGS', '自来水公司'],
  ['GJGS', '公交公司'],
];

/** A unit as the generator needs it. */
export interface BenchUnit {
  id: number;
  code: string;
  name: string;
  kind: string;
  path: string;
  /** For townships: their county's id; for county departments: the county's id. */
  countyId: number | null;
}

/** What the generator and the load generator need to know about the loaded directory. */
export interface BenchCity {
  units: BenchUnit[];
  cityId: number;
  /** Townships and streets: the area a case lies in. */
  areas: BenchUnit[];
  /** Units cases are dispatched to, with their handler actor. */
  handlers: Map<number, Actor>;
  hq: Actor[];
  inspectors: Actor[];
  citizens: Actor[];
  /** Bearer tokens: an inspector's (intake) and the leader's (dashboards). */
  tokens: { inspector: string; leader: string };
}

/** Every unit of the benchmark city, parents before children (~500). */
export function benchUnits(): DemoUnit[] {
  const base = demoUnits();
  const counties = base.filter((u) => u.parentCode === CITY_CODE && ['district', 'county', 'county_city', 'dev_zone'].includes(u.kind));
  const extra: DemoUnit[] = [];
  for (const c of counties) {
    for (const [suffix, name] of COUNTY_DEPARTMENTS)
      extra.push({ code: `${c.code}-${suffix}`, name: `${c.name}${name}`, kind: 'department', parentCode: c.code });
  }
  return [...base, ...extra];
}

function actor(userId: number, username: string, role: Role, unit: BenchUnit): Actor {
  return { userId, username, displayName: username, grants: [{ role, unitId: unit.id, unitPath: unit.path }] };
}

/**
 * Writes the directory, people and tokens in one transaction (the bulk of a fresh
 * installation's set-up, not measured). `secret` is the session secret the server
 * will run with, so the stored token hashes match.
 */
export async function loadCity(database: Database, secret: string, at: string): Promise<BenchCity> {
  return database.db.transaction().execute(async (trx) => {
    const byCode = new Map<string, BenchUnit>();
    const units: BenchUnit[] = [];
    for (const [i, u] of benchUnits().entries()) {
      const parent = u.parentCode ? byCode.get(u.parentCode) : undefined;
      const row = await unitRepository.insert(
        trx,
        {
          code: u.code,
          name: u.name,
          kind: u.kind,
          parent_id: parent?.id ?? null,
          leader_user_id: null,
          sort_order: i,
          created_at: at,
          updated_at: at,
        },
        parent?.path ?? null,
      );
      const countyId = parent && parent.kind !== 'city' ? parent.id : null;
      const bu: BenchUnit = { id: row.id, code: row.code, name: row.name, kind: row.kind, path: row.path, countyId };
      byCode.set(u.code, bu);
      units.push(bu);
    }
    const city = byCode.get(CITY_CODE)!;
    const hqUnit = byCode.get(HQ_CODE)!;
    const user = async (username: string, unit: BenchUnit, role: Role, grantUnit: BenchUnit = unit): Promise<Actor> => {
      const id = await userRepository.insert(trx, {
        username,
        display_name: username,
        password_hash: 'bench$no-login',
        unit_id: unit.id,
        phone: null,
        email: null,
        is_active: 1,
        locked_at: null,
        password_changed_at: at,
        created_at: at,
        updated_at: at,
      });
      await userRepository.replaceGrants(trx, id, [{ role, unitId: grantUnit.id }], at);
      return actor(id, username, role, grantUnit);
    };
    // Three dispatchers: every report notifies each of them, as a real HQ desk would be.
    const hq = [
      await user('bench-hq1', hqUnit, 'hq_dispatcher', city),
      await user('bench-hq2', hqUnit, 'hq_dispatcher', city),
      await user('bench-hq3', hqUnit, 'hq_dispatcher', city),
    ];
    const inspectors: Actor[] = [];
    for (let i = 1; i <= 8; i++) inspectors.push(await user(`bench-insp${i}`, hqUnit, 'inspector', city));
    const citizens: Actor[] = [];
    for (let i = 1; i <= 20; i++) citizens.push(await user(`bench-citizen${i}`, city, 'citizen', city));
    const leader = await user('bench-leader', city, 'leader', city);
    // Handlers for every unit that can be given a case: departments, county governments, townships.
    const handlers = new Map<number, Actor>();
    for (const u of units) {
      if (['city', 'hq', 'work_team'].includes(u.kind)) continue;
      handlers.set(u.id, await user(`bench-h${u.id}`, u, 'unit_handler'));
    }
    const tokens = { inspector: 'ddt_benchins_inspector-token-for-the-benchmark', leader: 'ddt_benchldr_leader-token-for-the-benchmark' };
    for (const [owner, token] of [
      [inspectors[0]!, tokens.inspector],
      [leader, tokens.leader],
    ] as const) {
      await sessionRepository.insertToken(trx, {
        user_id: owner.userId,
        name: 'bench',
        token_hash: keyedHash(secret, token),
        prefix: token.slice(4, 12),
        created_at: at,
        last_used_at: null,
        revoked_at: null,
        // Written directly (no policy): the owner's permissions and a lifetime no benchmark outlasts.
        expires_at: new Date(Date.parse(at) + 3650 * 86_400_000).toISOString(),
        scopes: JSON.stringify(scopableOf(permissionsOf(owner))),
      });
    }
    const areas = units.filter((u) => ['street', 'town', 'township', 'farm'].includes(u.kind));
    return { units, cityId: city.id, areas, handlers, hq, inspectors, citizens, tokens };
  });
}
