/**
 * The demo's major projects (重大项目, issue 14 point 9): the register of 西华县 as the seed page
 * (周口日报, "西华县 科技引领点燃创新发展引擎") describes it, and the projects of the city's three
 * industry-chain work teams (工作专班). Pure data and date arithmetic; src/demo/demo-projects.ts
 * plays it through the project services.
 *
 * The figures of the page, as of the demo's "today" (China day of the demo clock; "this year" is
 * that day's year, so they stay true whenever the demo is built, from 2024 on):
 * - 前四期"三个一批" (batches 第一期–第四期, events 2021–2022): 24 projects, 1 856 000 万元
 *   (185.6亿元), all at 达产 since 2023, so 开工率 = 投产率 = 达产率 = 100%;
 * - 第五期 (event in September of last year): 12 projects, 737 000 万元 (73.7亿元), mixed stages;
 * - 今年以来新签约亿元以上项目: 23 projects of at least 10 000 万元 signed between 1 January and
 *   today, 1 736 000 万元 (173.6亿元) — plus two smaller ones signed this year, below the line;
 * - 28 在建工业项目 (先进制造业 / 战略性新兴产业 at 开工 or 部分投产): completed this year
 *   528 000 万元 (52.8亿元) of an annual plan of 752 100 万元 (75.21亿元): 70.2%.
 * Every other project of 西华县 lies outside those four selections (other stages or categories, or
 * signed before this year); the projects of the work teams outside 西华县 do not count in them.
 */
import type { ProjectCategory, ProjectLevel, ProjectStage } from '../shared/project-enums.js';
import { CITY_CODE, type DemoAccount } from './demo-city.js';

export const XIHUA_CODE = '411622';

/** The figures the demo reproduces (万元), asserted by test/services/demo/demo-projects.test.ts. */
export const DEMO_PROJECT_FIGURES = {
  firstFour: { projects: 24, investment: 1_856_000 },
  fifth: { projects: 12, investment: 737_000 },
  newlySigned: { projects: 23, investment: 1_736_000, minInvestment: 10_000 },
  underConstruction: { projects: 28, completed: 528_000, plan: 752_100, percent: 70.2 },
} as const;

/**
 * The people of the demo's projects: the city party secretary the work teams report to, the
 * projects offices (市 and 西华县), the work teams' accounts, 西华县's leaders in charge (分包领导)
 * and the project units' contacts (项目单位). Invented names, one role each.
 */
export const DEMO_PROJECT_ACCOUNTS: DemoAccount[] = [
  { username: 'secretary', displayName: '高书记', unitCode: CITY_CODE, roles: [{ role: 'leader', unitCode: CITY_CODE }] },
  { username: 'projects', displayName: '彭项目', unitCode: '411600-FGW', roles: [{ role: 'projects_office', unitCode: CITY_CODE }] },
  { username: 'xhoffice', displayName: '冯主任', unitCode: XIHUA_CODE, roles: [{ role: 'projects_office', unitCode: XIHUA_CODE }] },
  { username: 'team-swjj', displayName: '邓专班', unitCode: 'WT-SWJJ', roles: [{ role: 'work_team', unitCode: 'WT-SWJJ' }] },
  { username: 'team-swyy', displayName: '许专班', unitCode: 'WT-SWYY', roles: [{ role: 'work_team', unitCode: 'WT-SWYY' }] },
  { username: 'team-znlbj', displayName: '唐专班', unitCode: 'WT-ZNLBJ', roles: [{ role: 'work_team', unitCode: 'WT-ZNLBJ' }] },
  { username: 'xh-lead1', displayName: '韩副县长', unitCode: XIHUA_CODE, roles: [{ role: 'leader', unitCode: XIHUA_CODE }] },
  { username: 'xh-lead2', displayName: '郭副县长', unitCode: XIHUA_CODE, roles: [{ role: 'leader', unitCode: XIHUA_CODE }] },
  { username: 'xh-lead3', displayName: '曹主任', unitCode: XIHUA_CODE, roles: [{ role: 'leader', unitCode: XIHUA_CODE }] },
  { username: 'gengde', displayName: '蒋联络', unitCode: XIHUA_CODE, roles: [{ role: 'project_owner', unitCode: XIHUA_CODE }] },
  { username: 'kaiwang', displayName: '贾联络', unitCode: XIHUA_CODE, roles: [{ role: 'project_owner', unitCode: XIHUA_CODE }] },
  { username: 'houde', displayName: '夏联络', unitCode: XIHUA_CODE, roles: [{ role: 'project_owner', unitCode: XIHUA_CODE }] },
  { username: 'xh-contact1', displayName: '郑联络', unitCode: XIHUA_CODE, roles: [{ role: 'project_owner', unitCode: XIHUA_CODE }] },
  { username: 'xh-contact2', displayName: '黄联络', unitCode: XIHUA_CODE, roles: [{ role: 'project_owner', unitCode: XIHUA_CODE }] },
  { username: 'xh-contact3', displayName: '林联络', unitCode: XIHUA_CODE, roles: [{ role: 'project_owner', unitCode: XIHUA_CODE }] },
  { username: 'pushan', displayName: '石联络', unitCode: '411671', roles: [{ role: 'project_owner', unitCode: '411671' }] },
  { username: 'purui', displayName: '袁联络', unitCode: '411603', roles: [{ role: 'project_owner', unitCode: '411603' }] },
  { username: 'haixi', displayName: '邵联络', unitCode: '411623', roles: [{ role: 'project_owner', unitCode: '411623' }] },
  { username: 'jindan', displayName: '潘联络', unitCode: '411625', roles: [{ role: 'project_owner', unitCode: '411625' }] },
];

/** The work teams report to the city party secretary (the units' leader in charge). */
export const DEMO_PROJECT_LEADERS: { unitCode: string; username: string }[] = [
  { unitCode: 'WT-SWJJ', username: 'secretary' },
  { unitCode: 'WT-SWYY', username: 'secretary' },
  { unitCode: 'WT-ZNLBJ', username: 'secretary' },
];

/** Which of the page's selections a project belongs to (for the data's own checks and the tests). */
export type DemoProjectTag = 'firstFour' | 'fifth' | 'newlySigned' | 'underConstruction';

/** One demo project: the register fields, its confirmed stages with their days, its batch and its investment this year. */
export interface DemoProjectSpec {
  code: string;
  name: string;
  countyCode: string;
  category: ProjectCategory;
  level: ProjectLevel;
  industryChain: string | null;
  investor: string;
  /** 万元 */
  total: number;
  landMu?: number;
  floorAreaM2?: number;
  expectedAnnualOutput?: number;
  expectedAnnualTax?: number;
  jobs?: number;
  lon: number;
  lat: number;
  teamCode: string | null;
  leader: string;
  /** The project unit's contact (records the stages). */
  contact: string;
  /** Who confirms the stages: the work team's account or the projects office. */
  confirmer: string;
  /** Who creates the project: the projects office of its county (or the city's). */
  office: string;
  /** Further people on the project's list (e.g. the demo `owner`). */
  extraMembers?: string[];
  /** Confirmed stages in order, each with its actual day. */
  stages: { stage: ProjectStage; date: string }[];
  /** The next stage's planned day (一套方案), for projects still moving. */
  plan?: { stage: ProjectStage; name: string; plannedDate: string }[];
  batch?: { seq: number; role: 'sign' | 'start' | 'produce' };
  /** This year's annual plan and completed investment (万元), for the 在建工业项目. */
  investment?: { plan: number; completed: number };
  tags: DemoProjectTag[];
}

/** The "三个一批" batches of 西华县: 第一期–第四期 on fixed days, 第五期 in September of last year. */
export function demoBatches(today: string): { seq: number; name: string; eventDate: string }[] {
  const lastYear = Number(today.slice(0, 4)) - 1;
  return [
    { seq: 1, name: '西华县第一期"三个一批"项目', eventDate: '2021-03-26' },
    { seq: 2, name: '西华县第二期"三个一批"项目', eventDate: '2021-09-28' },
    { seq: 3, name: '西华县第三期"三个一批"项目', eventDate: '2022-03-29' },
    { seq: 4, name: '西华县第四期"三个一批"项目', eventDate: '2022-06-28' },
    { seq: 5, name: '西华县第五期"三个一批"项目', eventDate: `${lastYear}-09-26` },
  ];
}

/** `day` moved by `n` days (China calendar days as YYYY-MM-DD). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b`. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/**
 * `total` split in proportion to `weights` as whole units, the remainders going to the largest
 * fractions, so the parts add up to `total` exactly.
 */
export function spread(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, w) => a + w, 0);
  const raw = weights.map((w) => (total * w) / sum);
  const parts = raw.map(Math.floor);
  let left = total - parts.reduce((a, p) => a + p, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    parts[i]! += 1;
    left -= 1;
  }
  return parts;
}

/**
 * The year whose months the demo's monthly reports cover, and how many of its months have ended
 * by `today`: a month is reported only once it is over, so in January that is last year's twelve.
 */
export function reportYear(today: string): { year: number; months: number } {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  return month === 1 ? { year: year - 1, months: 12 } : { year, months: month - 1 };
}

/**
 * The monthly completed investment of a project in its report year (reportYear), in 万元 × 100
 * for each ended month (a light ramp: later months a little more), adding up to `completed`.
 */
export function monthlyCompleted(completed: number, today: string): { year: number; month: number; amountWanCents: number }[] {
  const { year, months } = reportYear(today);
  const parts = spread(
    Math.round(completed * 100),
    Array.from({ length: months }, (_, i) => 10 + i),
  );
  return parts.map((amountWanCents, i) => ({ year, month: i + 1, amountWanCents }));
}
