/**
 * What the demo will play once the "4个1" visits, obstacles and meetings exist (issue 14; worktrees
 * `visits` and `obstacles` build them): the seed page's 推进机制 in 西华县 — 分包领导一周三次现场办公,
 * 县委、县政府每周一次推进例会 — and the obstacles (要素保障) its projects raise, as cases in every
 * state. Pure data over the last weeks before the demo's "today"; projects are named as in
 * demo-projects-xihua.ts (names are unique), leaders and offices by demo account.
 * demo-projects-followups-play.ts plays them through the visit, meeting and obstacle services.
 */
import type { CaseState } from '../shared/case-enums.js';
import type { ObstacleKind } from '../shared/project-enums.js';
import { addDays, XIHUA_CODE, type DemoProjectSpec } from './demo-projects-data.js';

/** A leader's site visit (现场办公) to a project they are in charge of. */
export interface DemoVisit {
  leader: string;
  project: string;
  /** ISO instant (China morning or afternoon). */
  at: string;
  /** Metres from the project's position the visit was reported at (> 1 000: not on site). */
  offsetM: number;
  note: string;
}

/**
 * What becomes of a meeting's action item (交办事项) by today: done (reported, confirmed), reported
 * (waiting for the office), open (never reported: overdue once its day is past), sent back (the
 * report was returned: open again), sent back then done.
 */
export type DemoActionFate = 'done' | 'reported' | 'open' | 'sentBack' | 'sentBackDone';

/** An action item of a meeting: owned by the county (0) or one of its townships (1–3). */
export interface DemoMeetingAction {
  title: string;
  project: string | null;
  owner: 0 | 1 | 2 | 3;
  /** Days after the meeting it is due by. */
  dueDays: number;
  fate: DemoActionFate;
}

/** A weekly 推进例会 of the county. */
export interface DemoMeeting {
  at: string;
  title: string;
  chair: string;
  projects: string[];
  decisions: string;
  actions: DemoMeetingAction[];
}

/** An obstacle a project unit raised, and the state its case has reached. */
export interface DemoObstacle {
  /** The project's name; its contact (项目单位) raises it. */
  project: string;
  kind: ObstacleKind;
  title: string;
  description: string;
  /** The unit that should solve it (demo unit code). */
  unitCode: string;
  state: CaseState;
  daysAgo: number;
  /** Past its deadline today (an acknowledged case the department has not finished). */
  overdue?: true;
}

/**
 * Visits a week to each of a leader's key projects over the last six whole weeks, oldest first
 * (the target is per project, DOMAIN.md §3.7): mostly three, some weeks under three (red in the
 * weekly check), one week with four. Each of his projects takes the pattern shifted by two weeks.
 * (Six weeks, not eight: every visit is a service call when the demo is built.)
 */
const WEEKLY: Record<string, number[]> = {
  'xh-lead1': [3, 3, 2, 3, 4, 3],
  'xh-lead2': [3, 2, 3, 1, 3, 3],
  'xh-lead3': [3, 3, 3, 3, 2, 3],
};

/** The projects each leader goes to: three of those they are in charge of, under construction first. */
export function visitedProjects(specs: readonly DemoProjectSpec[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const leader of Object.keys(WEEKLY)) {
    const theirs = specs.filter((p) => p.leader === leader && p.countyCode === XIHUA_CODE);
    const building = theirs.filter((p) => p.tags.includes('underConstruction'));
    out[leader] = [...building, ...theirs.filter((p) => p.tags.includes('newlySigned'))].slice(0, 3).map((p) => p.name);
  }
  return out;
}

const NOTES = ['现场查看施工进度，协调解决施工用电', '督导设备进场安装', '召开现场协调会，研究用工保障', '检查安全生产和扬尘治理'];

/** Monday (China day) of the week `today` lies in. */
export function mondayOf(today: string): string {
  const dow = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(today, -dow);
}

/**
 * The leaders' visits of the six whole weeks before today's week, to each key project on
 * Tuesday, Thursday, Saturday (and Friday for a fourth), each project at its own hour.
 */
export function demoVisits(today: string, specs: readonly DemoProjectSpec[]): DemoVisit[] {
  const thisMonday = mondayOf(today);
  const VISITED = visitedProjects(specs);
  const out: DemoVisit[] = [];
  for (const [leader, counts] of Object.entries(WEEKLY)) {
    for (const [j, project] of VISITED[leader]!.entries()) {
      for (let w = 0; w < counts.length; w++) {
        const n = counts[(w + 2 * j) % counts.length]!;
        const monday = addDays(thisMonday, -7 * (counts.length - w));
        for (const [k, offset] of [1, 3, 5, 4].slice(0, n).entries()) {
          out.push({
            leader,
            project,
            at: `${addDays(monday, offset)}T0${1 + 2 * j}:30:00.000Z`,
            // One visit of the whole period reported far from the site: it does not count.
            offsetM: leader === 'xh-lead2' && w === 3 && j === 0 && k === 0 ? 3_500 : 80 + 40 * k,
            note: NOTES[(w + k + j) % NOTES.length]!,
          });
        }
      }
    }
  }
  return out.sort((a, b) => a.at.localeCompare(b.at) || a.leader.localeCompare(b.leader));
}

/** The fates of the items of each meeting, oldest meeting first: older ones done, recent ones still moving. */
const FATES: DemoActionFate[][] = [
  ['done', 'done'],
  ['done', 'sentBackDone'],
  ['open', 'done'],
  ['done', 'done'],
  ['sentBack', 'done'],
  ['done', 'reported'],
  ['reported', 'sentBack'],
  ['open', 'open'],
];

const ACTION_TITLES = [
  '协调供电公司完成项目用电线路接入',
  '组织专场招聘会保障项目用工',
  '完成项目周边道路硬化',
  '督促施工单位加快主体结构施工',
  '办结项目用地组卷报批材料',
  '协调金融机构落实项目贷款',
  '完成项目区域污水管网接入',
  '落实设备进场安装计划',
];

/**
 * 县委、县政府每周一次推进例会: every Monday afternoon of the eight whole weeks before today's
 * week, each with two action items due by the next meeting (the last week's within two weeks).
 */
export function demoMeetings(today: string, specs: readonly DemoProjectSpec[]): DemoMeeting[] {
  const thisMonday = mondayOf(today);
  const VISITED = visitedProjects(specs);
  return Array.from({ length: 8 }, (_, w) => {
    const monday = addDays(thisMonday, -7 * (8 - w));
    const projects = [...VISITED['xh-lead1']!, ...VISITED['xh-lead2']!].filter((_, i) => (i + w) % 2 === 0);
    return {
      at: `${monday}T08:00:00.000Z`,
      title: `西华县重点项目建设推进例会（第${w + 1}次）`,
      chair: 'xh-lead1',
      projects,
      decisions: w % 2 === 0 ? '明确各项目本周节点目标，分包领导现场督导' : '协调解决用地、用电和用工问题，限期办结',
      actions: FATES[w]!.map((fate, i) => ({
        title: ACTION_TITLES[(w + 3 * i) % ACTION_TITLES.length]!,
        project: projects[i % projects.length] ?? null,
        owner: i === 0 ? 0 : (((w % 3) + 1) as 1 | 2 | 3),
        dueDays: w >= 6 ? 14 : 7,
        fate,
      })),
    };
  });
}

/** Obstacles of 西华县's projects, one or more in every case state. */
export const DEMO_OBSTACLES: DemoObstacle[] = [
  {
    project: '耕德电子二期项目（西华经开区双创孵化园二期）',
    kind: 'utilities',
    title: '二期厂房双回路供电未接通',
    description: '部分车间已投产，二期厂房需双回路供电，请协调供电公司加快线路施工。',
    // The county coordinates the power company (the demo has no account of 市供电公司).
    unitCode: XIHUA_CODE,
    state: 'closed',
    daysAgo: 26,
  },
  {
    project: '耕德电子二期项目（西华经开区双创孵化园二期）',
    kind: 'labour',
    title: '招工缺口约800人',
    description: '全部投产需新增操作工约800人，请人社部门组织专场招聘。',
    // The county's job fairs (the demo has no account of 市人社局).
    unitCode: XIHUA_CODE,
    state: 'acknowledged',
    daysAgo: 6,
  },
  {
    project: '河南凯旺电子安防设备生产基地',
    kind: 'approval',
    title: '消防设计审查办理时间长',
    description: '生产车间消防设计审查材料已报送，请加快审查。',
    unitCode: '411600-ZJJ',
    state: 'rectified',
    daysAgo: 9,
  },
  {
    project: '中电建河南厚德新型管廊支撑系统研发生产项目',
    kind: 'land',
    title: '项目用地组卷报批',
    description: '项目用地约120亩，需办理农用地转用审批。',
    unitCode: '411600-ZRZYJ',
    state: 'dispatched',
    daysAgo: 4,
  },
  {
    project: '中电建河南厚德新型管廊支撑系统研发生产项目',
    kind: 'approval',
    title: '施工许可证办理',
    description: '项目一期厂房施工图审查已通过，请加快办理施工许可证。',
    unitCode: '411600-ZJJ',
    state: 'acknowledged',
    daysAgo: 21,
    overdue: true,
  },
  {
    project: '数控刀具生产项目',
    kind: 'funding',
    title: '设备购置贷款未落实',
    description: '设备购置资金缺口约8000万元，请协调金融机构。',
    unitCode: '411600-CZJ',
    state: 'suspended',
    daysAgo: 20,
  },
  {
    project: '5G通信模块项目',
    kind: 'utilities',
    title: '天然气管道未接入园区',
    description: '生产线需天然气，园区管网未覆盖项目地块。',
    unitCode: XIHUA_CODE,
    state: 'reported',
    daysAgo: 1,
  },
  {
    project: '锂电池精密结构件项目',
    kind: 'approval',
    title: '环评批复',
    description: '项目环评报告书已受理，请加快审批。',
    unitCode: '411600-STHJJ',
    state: 'accepted',
    daysAgo: 2,
  },
  {
    project: 'PCB线路板项目',
    kind: 'other',
    title: '园区道路破损影响运输',
    description: '项目北侧道路破损，大型车辆通行困难。',
    unitCode: '411600-JTJ',
    state: 'returned',
    daysAgo: 5,
  },
  {
    project: 'PCB线路板项目',
    kind: 'other',
    title: '园区北侧道路破损',
    description: '与前一问题相同（重复上报）。',
    unitCode: '411600-JTJ',
    state: 'merged',
    daysAgo: 5,
  },
  {
    project: '储能电池PACK项目',
    kind: 'other',
    title: '希望减免全部税费',
    description: '企业提出减免全部税费，不属于要素保障事项。',
    unitCode: XIHUA_CODE,
    state: 'rejected',
    daysAgo: 12,
  },
];
