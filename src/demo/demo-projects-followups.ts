/**
 * What the demo will play once the "4个1" visits, obstacles and meetings exist (issue 14; worktrees
 * `visits` and `obstacles` build them): the seed page's 推进机制 in 西华县 — 分包领导一周三次现场办公,
 * 县委、县政府每周一次推进例会 — and the obstacles (要素保障) its projects raise, as cases in every
 * state. Pure data over the last weeks before the demo's "today"; projects are named as in
 * demo-projects-xihua.ts (names are unique), leaders and offices by demo account.
 * TODO(issue 14 visits/obstacles): play these through the visit, meeting and obstacle services
 * in demo-projects.ts once those services are on main.
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

/** A weekly 推进例会 of the county. */
export interface DemoMeeting {
  at: string;
  title: string;
  chair: string;
  projects: string[];
  decisions: string;
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
}

/**
 * Visits a week per leader over the last eight whole weeks, oldest first: mostly three, some
 * weeks under three (red in the weekly check), one week with four.
 */
const WEEKLY: Record<string, number[]> = {
  'xh-lead1': [3, 3, 3, 2, 3, 3, 4, 3],
  'xh-lead2': [3, 2, 3, 3, 1, 3, 3, 3],
  'xh-lead3': [3, 3, 3, 3, 3, 2, 3, 3],
};

/** The projects each leader goes to: three of those they are in charge of, under construction first. */
function visited(specs: readonly DemoProjectSpec[]): Record<string, string[]> {
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

/** The leaders' visits of the eight whole weeks before today's week: Tuesday, Thursday, Saturday (and Friday for a fourth). */
export function demoVisits(today: string, specs: readonly DemoProjectSpec[]): DemoVisit[] {
  const thisMonday = mondayOf(today);
  const VISITED = visited(specs);
  const out: DemoVisit[] = [];
  for (const [leader, counts] of Object.entries(WEEKLY)) {
    for (const [w, n] of counts.entries()) {
      const monday = addDays(thisMonday, -7 * (counts.length - w));
      for (const [k, offset] of [1, 3, 5, 4].slice(0, n).entries()) {
        const projects = VISITED[leader]!;
        out.push({
          leader,
          project: projects[(w + k) % projects.length]!,
          at: `${addDays(monday, offset)}T0${1 + k}:30:00.000Z`,
          // One visit of the whole period reported far from the site: it does not count.
          offsetM: leader === 'xh-lead2' && w === 4 ? 3_500 : 80 + 40 * k,
          note: NOTES[(w + k) % NOTES.length]!,
        });
      }
    }
  }
  return out.sort((a, b) => a.at.localeCompare(b.at));
}

/** 县委、县政府每周一次推进例会: every Monday afternoon of the eight whole weeks before today's week. */
export function demoMeetings(today: string, specs: readonly DemoProjectSpec[]): DemoMeeting[] {
  const thisMonday = mondayOf(today);
  const VISITED = visited(specs);
  return Array.from({ length: 8 }, (_, w) => {
    const monday = addDays(thisMonday, -7 * (8 - w));
    return {
      at: `${monday}T08:00:00.000Z`,
      title: `西华县重点项目建设推进例会（第${w + 1}次）`,
      chair: 'xh-lead1',
      projects: [...VISITED['xh-lead1']!, ...VISITED['xh-lead2']!].filter((_, i) => (i + w) % 2 === 0),
      decisions: w % 2 === 0 ? '明确各项目本周节点目标，分包领导现场督导' : '协调解决用地、用电和用工问题，限期办结',
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
    unitCode: '411600-GDJ',
    state: 'closed',
    daysAgo: 30,
  },
  {
    project: '耕德电子二期项目（西华经开区双创孵化园二期）',
    kind: 'labour',
    title: '招工缺口约800人',
    description: '全部投产需新增操作工约800人，请人社部门组织专场招聘。',
    unitCode: '411600-RSJ',
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
    unitCode: '411622',
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
    unitCode: '411622',
    state: 'rejected',
    daysAgo: 12,
  },
];
