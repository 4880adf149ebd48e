/**
 * 西华县's register in the demo (issue 14 point 9): the projects behind each figure of the seed
 * page (see demo-projects-data.ts for the figures and how "this year" is read). Names and
 * investors are invented but plausible for the county's two leading industries, precision
 * equipment (精密装备制造 / 智能终端) and food processing (食品加工); the companies the page names
 * (耕德电子, 凯旺, 中电建河南厚德) carry the page's own figures.
 */
import type { ProjectCategory, ProjectStage } from '../shared/project-enums.js';
import { addDays, daysBetween, demoBatches, DEMO_PROJECT_FIGURES, spread, XIHUA_CODE, type DemoProjectSpec } from './demo-projects-data.js';

type Row = [name: string, investor: string, category: ProjectCategory, total: number, chain: string | null];

const AM: ProjectCategory = 'advanced_manufacturing';
const SE: ProjectCategory = 'strategic_emerging';
const EQUIP = '精密装备制造';
const FOOD = '食品加工';

/** 前四期: six projects per batch (万元), 1 856 000 in all. */
const FIRST_FOUR: Row[][] = [
  [
    ['耕德电子智能终端精密结构件项目（一期）', '河南耕德电子科技有限公司', AM, 150_000, EQUIP],
    ['年产10万吨面制品加工项目', '西华县麦香源食品有限公司', 'other', 60_000, FOOD],
    ['精密数控机床零部件产业园', '河南华辰精密机械有限公司', AM, 120_000, EQUIP],
    ['食品冷链物流产业园', '西华县豫冷物流有限公司', 'services', 50_000, FOOD],
    ['高端装备铸造件项目', '周口恒锐铸造有限公司', AM, 80_000, EQUIP],
    ['新型环保建材项目', '西华县绿筑建材有限公司', 'other', 40_000, null],
  ],
  [
    ['豫东食品产业园二期', '河南豫东食品产业发展有限公司', 'other', 90_000, FOOD],
    ['智能终端配套精密模具项目', '河南精工模具科技有限公司', AM, 70_000, EQUIP],
    ['农副产品深加工项目', '西华县田园农产品有限公司', 'other', 45_000, FOOD],
    ['CNC精密加工中心项目', '河南中原智造科技有限公司', AM, 110_000, EQUIP],
    ['新能源汽车线束项目', '周口瑞联电子有限公司', SE, 65_000, EQUIP],
    ['绿色包装材料项目', '西华县绿源包装有限公司', 'other', 30_000, null],
  ],
  [
    ['智能装备产业园', '西华经开区智能装备产业发展有限公司', AM, 150_000, EQUIP],
    ['速冻食品生产项目', '河南鲜佳食品有限公司', 'other', 55_000, FOOD],
    ['精密轴承项目', '河南华轴精密轴承有限公司', AM, 70_000, EQUIP],
    ['功能性食品配料项目', '西华县康源生物科技有限公司', SE, 40_000, FOOD],
    ['光电显示模组项目', '河南晶显光电科技有限公司', SE, 100_000, EQUIP],
    ['智能仓储物流中心', '西华县智运物流有限公司', 'services', 35_000, null],
  ],
  [
    ['智能制造装备产业园二期', '西华经开区智能装备产业发展有限公司', AM, 120_000, EQUIP],
    ['预制菜生产基地', '河南味享食品有限公司', 'other', 80_000, FOOD],
    ['电子元器件产业园', '河南芯联电子科技有限公司', SE, 95_000, EQUIP],
    ['中药饮片加工项目', '西华县本草堂药业有限公司', 'other', 36_000, null],
    ['精密五金配件项目', '周口利达五金制品有限公司', AM, 70_000, EQUIP],
    ['粮食仓储加工项目', '西华县丰禾粮油有限公司', 'other', 95_000, FOOD],
  ],
];

/** 第五期: twelve projects (万元), 737 000 in all, by the stage each has reached. */
const FIFTH: [Row, 'signed' | 'performing' | 'started' | 'partly'][] = [
  [['智能穿戴设备组装项目', '河南智穿科技有限公司', AM, 45_000, EQUIP], 'signed'],
  [['休闲食品生产项目', '西华县乐嘉食品有限公司', 'other', 38_000, FOOD], 'signed'],
  [['精密传感器研发生产项目', '河南感知科技有限公司', SE, 52_000, EQUIP], 'signed'],
  [['肉制品精深加工项目', '西华县牧源食品有限公司', 'other', 60_000, FOOD], 'performing'],
  [['工业机器人减速器项目', '河南精传智能装备有限公司', AM, 41_000, EQUIP], 'performing'],
  [['县域商贸物流园', '西华县通达商贸物流有限公司', 'services', 70_000, null], 'performing'],
  [['数控刀具生产项目', '河南锐刃工具有限公司', AM, 80_000, EQUIP], 'started'],
  [['5G通信模块项目', '河南讯联通信科技有限公司', SE, 56_000, EQUIP], 'started'],
  [['智能终端外壳精密加工项目', '河南耕德精密制造有限公司', AM, 95_000, EQUIP], 'started'],
  [['食品机械装备项目', '西华县豫丰机械有限公司', AM, 48_000, FOOD], 'started'],
  [['锂电池精密结构件项目', '河南能芯新材料有限公司', SE, 90_000, EQUIP], 'partly'],
  [['伺服电机生产项目', '河南驰动电机有限公司', AM, 62_000, EQUIP], 'partly'],
];

/** Signed this year, ≥ 1亿元 (万元): 23 projects, 1 736 000 in all; 中电建河南厚德 among them. */
const NEWLY_SIGNED: Row[] = [
  ['高端CNC数控机床整机项目', '河南中原数控装备有限公司', AM, 120_000, EQUIP],
  ['智能终端产业园三期', '西华经开区智能装备产业发展有限公司', AM, 100_000, EQUIP],
  ['中央厨房及预制菜项目', '河南膳源食品有限公司', 'other', 95_000, FOOD],
  ['精密注塑件项目', '河南精塑科技有限公司', AM, 88_000, EQUIP],
  ['乳制品加工项目', '西华县牧歌乳业有限公司', 'other', 80_000, FOOD],
  ['新型显示材料项目', '河南晶材新材料有限公司', SE, 150_000, EQUIP],
  ['特色食品产业园', '西华县娲城食品产业发展有限公司', 'other', 60_000, FOOD],
  ['智能家电配件项目', '河南智居电器有限公司', AM, 75_000, EQUIP],
  ['半导体封装测试项目', '河南芯测半导体有限公司', SE, 110_000, EQUIP],
  ['中电建河南厚德新型管廊支撑系统研发生产项目', '中电建河南厚德管廊科技有限公司', AM, 35_000, EQUIP],
  ['面粉精深加工项目', '西华县金麦粮油有限公司', 'other', 50_000, FOOD],
  ['精密齿轮项目', '河南恒齿传动科技有限公司', AM, 45_000, EQUIP],
  ['冷链配送中心', '西华县鲜达物流有限公司', 'services', 42_000, FOOD],
  ['工业互联网示范工厂', '河南数智工厂科技有限公司', SE, 68_000, EQUIP],
  ['调味品生产项目', '河南香源调味品有限公司', 'other', 90_000, FOOD],
  ['线缆连接组件项目', '河南联通线缆科技有限公司', AM, 30_000, EQUIP],
  ['饮料生产线项目', '西华县清泉饮品有限公司', 'other', 25_000, FOOD],
  ['包装印刷项目', '西华县彩印包装有限公司', 'other', 20_000, null],
  ['新能源汽车零部件项目', '河南驰新汽车部件有限公司', SE, 72_000, EQUIP],
  ['智能装备研发中心', '河南智研装备科技有限公司', SE, 130_000, EQUIP],
  ['烘焙食品项目', '河南麦田烘焙食品有限公司', 'other', 66_000, FOOD],
  ['精密钣金加工项目', '河南精钣科技有限公司', AM, 55_000, EQUIP],
  ['高端装备零部件产业园', '西华经开区高端装备产业发展有限公司', AM, 130_000, EQUIP],
];

/** Signed this year below 1亿元: outside the page's count, so the ≥ 1亿元 filter matters. */
const SMALL_SIGNED: Row[] = [
  ['小杂粮加工项目', '西华县五谷坊食品有限公司', 'other', 6_000, FOOD],
  ['五金配件加工项目', '西华县利民五金有限公司', AM, 8_500, EQUIP],
];

/** 在建工业项目 besides 第五期's six and the page's two (万元); started last year, some partly producing. */
const UNDER_CONSTRUCTION: [Row, 'started' | 'partly'][] = [
  [['精密结构件智能工厂', '河南精构智能制造有限公司', AM, 90_000, EQUIP], 'started'],
  [['手机中框CNC加工项目', '河南耕德精密制造有限公司', AM, 75_000, EQUIP], 'partly'],
  [['智能电表生产项目', '河南智能计量科技有限公司', SE, 48_000, EQUIP], 'started'],
  [['光学镜片项目', '河南明视光学有限公司', SE, 66_000, EQUIP], 'started'],
  [['食品级不锈钢设备项目', '西华县洁工机械有限公司', AM, 35_000, FOOD], 'started'],
  [['PCB线路板项目', '河南鼎新电路科技有限公司', SE, 110_000, EQUIP], 'partly'],
  [['液压元件项目', '河南力恒液压有限公司', AM, 42_000, EQUIP], 'started'],
  [['智能仓储装备项目', '河南智储装备有限公司', AM, 58_000, EQUIP], 'started'],
  [['新材料改性塑料项目', '河南宏塑新材料有限公司', SE, 52_000, null], 'started'],
  [['汽车电子控制器项目', '河南驰控电子有限公司', SE, 80_000, EQUIP], 'partly'],
  [['精密冲压件项目', '周口华冲精密制造有限公司', AM, 38_000, EQUIP], 'started'],
  [['电动工具生产项目', '河南力达电动工具有限公司', AM, 45_000, EQUIP], 'started'],
  [['LED照明模组项目', '河南光耀照明科技有限公司', SE, 33_000, EQUIP], 'started'],
  [['农机装备制造项目', '西华县丰田农机有限公司', AM, 60_000, null], 'started'],
  [['智能门锁项目', '河南安居智能科技有限公司', SE, 30_000, EQUIP], 'started'],
  [['精密铝型材项目', '河南铝精新材料有限公司', AM, 70_000, EQUIP], 'partly'],
  [['医疗器械零部件项目', '河南康械精密制造有限公司', SE, 40_000, EQUIP], 'started'],
  [['储能电池PACK项目', '河南储能科技有限公司', SE, 120_000, EQUIP], 'started'],
  [['食品包装机械项目', '西华县豫包机械有限公司', AM, 36_000, FOOD], 'started'],
  [['数控系统研发生产项目', '河南数控智能科技有限公司', SE, 85_000, EQUIP], 'started'],
];

/** Projects of the county outside the page's selections: a water works under construction, a market in production. */
const OTHERS: [Row, ProjectStage][] = [
  [['城乡供水一体化工程', '西华县水务投资有限公司', 'infrastructure', 68_000, null], 'started'],
  [['县城农贸市场改造项目', '西华县城投集团有限公司', 'livelihood', 12_000, null], 'producing'],
];

/** A position inside 西华县 (around the county seat and 西华经开区), spread by index. */
function xihuaPosition(i: number): { lon: number; lat: number } {
  return {
    lon: Number((114.53 + (((i * 37) % 13) - 6) * 0.008).toFixed(5)),
    lat: Number((33.78 + (((i * 23) % 11) - 5) * 0.007).toFixed(5)),
  };
}

const LEADS = ['xh-lead1', 'xh-lead2', 'xh-lead3'];
const CONTACTS = ['xh-contact1', 'xh-contact2', 'xh-contact3'];

/** Every project of 西华县 in the demo, as of `today` (YYYY-MM-DD, China). */
export function xihuaProjects(today: string): DemoProjectSpec[] {
  const year = Number(today.slice(0, 4));
  const jan1 = `${year}-01-01`;
  const batches = demoBatches(today);
  const out: DemoProjectSpec[] = [];
  let n = 0;
  const base = (row: Row, stages: DemoProjectSpec['stages'], tags: DemoProjectSpec['tags']): DemoProjectSpec => {
    const [name, investor, category, total, chain] = row;
    const i = n++;
    return {
      code: `XH-${String(i + 1).padStart(3, '0')}`,
      name,
      countyCode: XIHUA_CODE,
      category,
      level: total >= 100_000 ? 'municipal' : 'county',
      industryChain: chain,
      investor,
      total,
      ...xihuaPosition(i),
      teamCode: null,
      leader: LEADS[i % LEADS.length]!,
      contact: CONTACTS[i % CONTACTS.length]!,
      confirmer: 'xhoffice',
      office: 'xhoffice',
      stages,
      tags,
    };
  };

  // 前四期: every project through to 达产 by the end of 2023; its role in its batch sets its day.
  const ROLES = ['produce', 'sign', 'start', 'sign', 'start', 'produce'] as const;
  for (const [b, rows] of FIRST_FOUR.entries()) {
    const e = batches[b]!.eventDate;
    for (const [j, row] of rows.entries()) {
      const role = ROLES[j]!;
      const at = (off: Record<'sign' | 'start' | 'produce', number[]>) => off[role].map((d) => addDays(e, d));
      const [s, p, st, pr, cap] = at({ sign: [0, 30, 75, 300, 480], start: [-120, -60, 0, 240, 420], produce: [-400, -330, -270, 0, 210] });
      const spec = base(row, stageList({ signed: s!, performing: p!, started: st!, producing: pr!, at_capacity: cap! }), ['firstFour']);
      out.push({ ...spec, batch: { seq: b + 1, role } });
    }
  }

  // 第五期: the event in September of last year; stages reached before this year began.
  const e5 = batches[4]!.eventDate;
  const construction: DemoProjectSpec[] = [];
  for (const [row, reached] of FIFTH) {
    const stages =
      reached === 'signed'
        ? stageList({ signed: e5 })
        : reached === 'performing'
          ? stageList({ signed: e5, performing: addDays(e5, 40) })
          : reached === 'started'
            ? stageList({ signed: addDays(e5, -100), performing: addDays(e5, -50), started: e5 })
            : stageList({
                signed: addDays(e5, -200),
                performing: addDays(e5, -150),
                started: addDays(e5, -90),
                partly_producing: addDays(e5, 60),
              });
    const building = reached === 'started' || reached === 'partly';
    const spec = base(row, stages, building ? ['fifth', 'underConstruction'] : ['fifth']);
    out.push({ ...spec, batch: { seq: 5, role: building ? 'start' : 'sign' }, plan: nextPlan(reached, today) });
    if (building) construction.push(out[out.length - 1]!);
  }

  // Signed this year: spread from 1 January to today; every third already performing.
  const span = daysBetween(jan1, today);
  const signedRows = [...NEWLY_SIGNED.map((r) => [r, true] as const), ...SMALL_SIGNED.map((r) => [r, false] as const)];
  for (const [k, [row, counted]] of signedRows.entries()) {
    const s = addDays(jan1, Math.floor((k * span) / signedRows.length));
    const performing = k % 3 === 1;
    const stages = performing
      ? stageList({ signed: s, performing: addDays(s, Math.floor(daysBetween(s, today) / 2)) })
      : stageList({ signed: s });
    const spec = base(row, stages, counted ? ['newlySigned'] : []);
    if (row[0].startsWith('中电建河南厚德')) {
      Object.assign(spec, { contact: 'houde', expectedAnnualOutput: 30_000, jobs: 300 });
    }
    out.push({ ...spec, plan: nextPlan(performing ? 'performing' : 'signed', today) });
  }

  // 在建工业项目: the page's two companies, then the rest; signed two years ago, started last year.
  const gengde = base(
    ['耕德电子二期项目（西华经开区双创孵化园二期）', '河南耕德电子科技有限公司', AM, 135_000, '智能零部件'],
    stageList({
      signed: `${year - 2}-10-12`,
      performing: `${year - 2}-12-05`,
      started: `${year - 1}-03-18`,
      partly_producing: addDays(today, -7),
    }),
    ['underConstruction'],
  );
  Object.assign(gengde, {
    landMu: 254.8,
    floorAreaM2: 290_000,
    expectedAnnualOutput: 200_000,
    expectedAnnualTax: 15_000,
    jobs: 5000,
    teamCode: 'WT-ZNLBJ',
    contact: 'gengde',
    confirmer: 'team-znlbj',
    leader: 'xh-lead1',
    plan: [{ stage: 'producing', name: '全部投产', plannedDate: addDays(today, 150) }],
  });
  const kaiwang = base(
    ['河南凯旺电子安防设备生产基地', '河南凯旺电子科技有限公司', AM, 60_000, '智能零部件'],
    stageList({ signed: `${year - 2}-08-20`, performing: `${year - 2}-11-02`, started: `${year - 1}-04-16` }),
    ['underConstruction'],
  );
  Object.assign(kaiwang, {
    expectedAnnualOutput: 25_000,
    expectedAnnualTax: 2_000,
    jobs: 1200,
    teamCode: 'WT-ZNLBJ',
    contact: 'kaiwang',
    confirmer: 'team-znlbj',
    leader: 'xh-lead2',
    plan: [{ stage: 'producing', name: '全部建成投产', plannedDate: addDays(today, 240) }],
  });
  out.push(gengde, kaiwang);
  construction.push(gengde, kaiwang);
  for (const [k, [row, reached]] of UNDER_CONSTRUCTION.entries()) {
    const s = addDays(`${year - 2}-03-01`, k * 22);
    const started = addDays(s, 90);
    const stages = stageList({
      signed: s,
      performing: addDays(s, 45),
      started,
      ...(reached === 'partly' ? { partly_producing: addDays(today, -10 - k) } : {}),
    });
    const spec = { ...base(row, stages, ['underConstruction']), plan: nextPlan(reached, today) };
    out.push(spec);
    construction.push(spec);
  }
  for (const [row, reached] of OTHERS) {
    const s = `${year - 2}-05-10`;
    const all = { signed: s, performing: addDays(s, 30), started: addDays(s, 80), producing: `${year - 1}-10-30` };
    const keep = reached === 'started' ? { signed: all.signed, performing: all.performing, started: all.started } : all;
    out.push(base(row, stageList(keep), []));
  }

  // This year's plans and completed investment of the 在建工业项目: plans in proportion to the
  // projects' size, completion between 55% and 90% of plan, adding up to the page's totals.
  const f = DEMO_PROJECT_FIGURES.underConstruction;
  const plans = spread(
    f.plan,
    construction.map((p) => p.total),
  );
  const PACE = [1.12, 0.95, 0.78, 1.0, 0.88, 1.2, 0.82];
  const done = spread(
    f.completed,
    plans.map((p, i) => p * PACE[i % PACE.length]!),
  );
  for (const [i, p] of construction.entries()) p.investment = { plan: plans[i]!, completed: done[i]! };
  return out;
}

/** Stages in their order, from a map of stage → day (key order is insertion order). */
function stageList(days: Partial<Record<ProjectStage, string>>): DemoProjectSpec['stages'] {
  return Object.entries(days).map(([stage, date]) => ({ stage: stage as ProjectStage, date: date }));
}

/** The next step of a project's plan (一套方案), planned a few months ahead. */
function nextPlan(reached: string, today: string): DemoProjectSpec['plan'] {
  const next: Record<string, [ProjectStage, string]> = {
    signed: ['performing', '履约（土地、手续落实）'],
    performing: ['started', '开工建设'],
    started: ['producing', '建成投产'],
    partly: ['producing', '全部投产'],
  };
  const step = next[reached];
  return step ? [{ stage: step[0], name: step[1], plannedDate: addDays(today, 120) }] : undefined;
}
