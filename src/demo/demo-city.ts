import { readFileSync } from 'node:fs';
import type { Role, UnitKind } from '../shared/enums.js';

/** The demo password of every demo account (documented in the README). */
export const DEMO_PASSWORD = 'Dudao-Demo-2026';

export interface DemoUnit {
  code: string;
  name: string;
  kind: UnitKind;
  parentCode: string | null;
}

export interface DemoAccount {
  username: string;
  displayName: string;
  unitCode: string;
  roles: { role: Role; unitCode: string }[];
}

interface DivisionsFile {
  city: { gbt2260Code: string; name: string };
  counties: { code: string; name: string; type: string; townships: { code: string; name: string; type: string }[] }[];
}

const COUNTY_KINDS: Record<string, UnitKind> = {
  市辖区: 'district',
  县: 'county',
  县级市: 'county_city',
  '统计用类似县级单位(开发区等)': 'dev_zone',
};
const TOWNSHIP_KINDS: Record<string, UnitKind> = {
  街道: 'street',
  镇: 'town',
  乡: 'township',
  '类似乡级单位(农场等)': 'farm',
};

/** City departments of the demo (市直部门): code suffix and name. */
const DEPARTMENTS: [string, string][] = [
  ['GAJ', '市公安局'],
  ['CGJ', '市城市管理局'],
  ['ZJJ', '市住房和城乡建设局'],
  ['JTJ', '市交通运输局'],
  ['SCJ', '市市场监督管理局'],
  ['WJW', '市卫生健康委员会'],
  ['JYJ', '市教育局'],
  ['WGLJ', '市文化广电和旅游局'],
  ['STHJJ', '市生态环境局'],
  ['ZRZYJ', '市自然资源和规划局'],
  ['FGW', '市发展和改革委员会'],
  ['GXJ', '市工业和信息化局'],
  ['CZJ', '市财政局'],
  ['SWJ', '市商务局'],
  ['SLJ', '市水利局'],
  ['NYNCJ', '市农业农村局'],
  ['MZJ', '市民政局'],
  ['RSJ', '市人力资源和社会保障局'],
  ['YJGLJ', '市应急管理局'],
  ['TJJ', '市统计局'],
  ['XZSPJ', '市行政审批和政务信息管理局'],
  ['WMB', '市文明办'],
  ['SJJ', '市司法局'],
  ['TYJ', '市体育局'],
  ['KJJ', '市科学技术局'],
  ['TSJ', '市退役军人事务局'],
  ['YBJ', '市医疗保障局'],
  ['JGSWJ', '市机关事务管理局'],
  ['GDJ', '市供电公司'],
  ['GJGS', '市公交公司'],
  ['YZGLJ', '市园林绿化中心'],
  // The office 问责函 go to in the demo's escalation ladder (src/demo/demo-ladder.ts).
  ['JJJCZ', '市纪委监委驻市委办公室纪检监察组'],
];

/** The three industry-chain work teams on the seed page. */
const WORK_TEAMS: [string, string][] = [
  ['WT-SWJJ', '生物降解材料产业链工作专班'],
  ['WT-SWYY', '生物医药产业链工作专班'],
  ['WT-ZNLBJ', '智能零部件产业链工作专班'],
];

export const CITY_CODE = '411600';

/**
 * The demo city's area, [minLon, minLat, maxLon, maxLat]: 周口市, lon 114.09–115.66,
 * lat 33.05–34.34. Demo mode runs with it where config names no city area
 * (demo-wiring.ts); the demo's generated locations stay inside it.
 */
export const DEMO_CITY_BBOX: [number, number, number, number] = [114.09, 33.05, 115.66, 34.34];
export const HQ_CODE = '411600-HQ';

/** Reads the shipped division list (resources/demo/zhoukou.json). */
function readDivisions(): DivisionsFile {
  const url = new URL('../../resources/demo/zhoukou.json', import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as DivisionsFile;
}

/** Every unit of the demo city, parents before children. */
export function demoUnits(): DemoUnit[] {
  const d = readDivisions();
  const units: DemoUnit[] = [{ code: CITY_CODE, name: d.city.name, kind: 'city', parentCode: null }];
  for (const c of d.counties) {
    const kind = COUNTY_KINDS[c.type];
    if (!kind) throw new Error(`demo data: unknown county type ${c.type}`);
    units.push({ code: c.code, name: c.name, kind, parentCode: CITY_CODE });
    for (const t of c.townships) {
      const tk = TOWNSHIP_KINDS[t.type];
      if (!tk) throw new Error(`demo data: unknown township type ${t.type}`);
      units.push({ code: t.code, name: t.name, kind: tk, parentCode: c.code });
    }
  }
  units.push({ code: HQ_CODE, name: '周口市创建全国文明城市指挥部', kind: 'hq', parentCode: CITY_CODE });
  for (const [code, name] of DEPARTMENTS)
    units.push({ code: `411600-${code}`, name: `周口${name}`, kind: 'department', parentCode: CITY_CODE });
  for (const [code, name] of WORK_TEAMS) units.push({ code, name, kind: 'work_team', parentCode: CITY_CODE });
  return units;
}

/** One account per role, each on the unit a real holder would sit in. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'hq', displayName: '王调度', unitCode: HQ_CODE, roles: [{ role: 'hq_dispatcher', unitCode: CITY_CODE }] },
  { username: 'inspector', displayName: '李督导', unitCode: HQ_CODE, roles: [{ role: 'inspector', unitCode: CITY_CODE }] },
  { username: 'handler', displayName: '张经办', unitCode: '411600-CGJ', roles: [{ role: 'unit_handler', unitCode: '411600-CGJ' }] },
  { username: 'unithead', displayName: '赵局长', unitCode: '411600-CGJ', roles: [{ role: 'unit_head', unitCode: '411600-CGJ' }] },
  { username: 'leader', displayName: '陈市长', unitCode: CITY_CODE, roles: [{ role: 'leader', unitCode: CITY_CODE }] },
  { username: 'owner', displayName: '刘专班', unitCode: 'WT-SWJJ', roles: [{ role: 'project_owner', unitCode: 'WT-SWJJ' }] },
  { username: 'citizen', displayName: '周市民', unitCode: CITY_CODE, roles: [{ role: 'citizen', unitCode: CITY_CODE }] },
  { username: 'sysadmin', displayName: '孙系统', unitCode: CITY_CODE, roles: [{ role: 'sysadmin', unitCode: CITY_CODE }] },
  { username: 'secadmin', displayName: '钱安全', unitCode: CITY_CODE, roles: [{ role: 'security_admin', unitCode: CITY_CODE }] },
  { username: 'auditor', displayName: '吴审计', unitCode: CITY_CODE, roles: [{ role: 'auditor', unitCode: CITY_CODE }] },
];

/** Leaders in charge set on a few units so the field has data. */
export const DEMO_LEADERS: { unitCode: string; username: string }[] = [
  { unitCode: HQ_CODE, username: 'leader' },
  { unitCode: '411600-CGJ', username: 'unithead' },
];
