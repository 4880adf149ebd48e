import type { AssessmentModel, AssessmentRun } from '../shared/contracts/assessment.contract.js';
import type { BriefingCommentary } from '../shared/contracts/briefings.contract.js';

/**
 * The demo's 考核办法: the groups of the demo city (中心城区各区, 县市区, 市直部门), each with
 * the 测评得分率 where the unit has check points, the case indicators, deductions per letter
 * by rung and a bonus for closing on time; a 红黑榜 of the best and worst ranks.
 */
export function demoAssessmentModel(): Omit<AssessmentModel, 'version'> {
  const letters = {
    kind: 'letters' as const,
    deductions: { reminder: 1, supervision: 3, accountability: 8 },
    unansweredDeduction: 1,
    cap: 15,
  };
  const bonus = { kind: 'bonus' as const, thresholdPercent: 90, pointsPerPercent: 0.2, cap: 2 };
  return {
    name: '2026年周口市创建全国文明城市考核奖惩办法',
    groups: [
      {
        key: 'districts',
        name: '中心城区各区',
        members: { unitKinds: ['district', 'dev_zone'], unitIds: [] },
        components: [
          { kind: 'evaluation', weight: 40 },
          { kind: 'cases', weight: 60, onTimeWeight: 50, closureWeight: 30, reworkWeight: 20 },
          letters,
          bonus,
        ],
        total: { floor: 0, cap: 100 },
        lists: { kind: 'rank', red: 1, black: 1 },
      },
      {
        key: 'counties',
        name: '县市区',
        members: { unitKinds: ['county', 'county_city'], unitIds: [] },
        components: [
          { kind: 'evaluation', weight: 40 },
          { kind: 'cases', weight: 60, onTimeWeight: 50, closureWeight: 30, reworkWeight: 20 },
          letters,
          bonus,
        ],
        total: { floor: 0, cap: 100 },
        lists: { kind: 'rank', red: 2, black: 1 },
      },
      {
        key: 'departments',
        name: '市直部门',
        members: { unitKinds: ['department'], unitIds: [] },
        components: [{ kind: 'cases', weight: 100, onTimeWeight: 60, closureWeight: 30, reworkWeight: 10 }, letters, bonus],
        total: { floor: 0, cap: 100 },
        lists: { kind: 'rank', red: 2, black: 2 },
      },
    ],
  };
}

/** HQ's commentary of the k-th weekly briefing (形势分析, 下步工作), naming the week's 红黑榜. */
export function demoCommentary(k: number, run: AssessmentRun | undefined, unitName: Map<number, string>): BriefingCommentary {
  const lists = (run?.groups ?? []).map((g) => {
    const names = (kind: 'red' | 'black') =>
      g.lists
        .filter((e) => e.list === kind)
        .map((e) => unitName.get(e.unitId) ?? e.unitName)
        .join('、') || '无';
    return `${g.name}红榜：${names('red')}；黑榜：${names('black')}`;
  });
  const situation = [
    [
      '本周全市创文工作总体平稳推进，各责任单位按照指挥部部署，围绕主次干道、背街小巷、农贸市场等重点点位开展集中整治，案件按期处置率稳中有升。',
      '但部分单位仍存在问题发现后整改不及时、整改质量不高、反复出现等情况，个别单位对督办函签收回复不及时。',
    ],
    [
      '本周实地测评覆盖各县市区重点点位，城市道路、公共广场等点位得分率较高，农贸市场、老旧小区等点位失分较多，占道经营、乱堆乱放问题反弹明显。',
      '上周交办事项大部分已按期办结，个别事项推进缓慢。',
    ],
    [
      '春节期间各单位坚持值班值守，节日市容环境总体有序，但节后部分背街小巷垃圾清运不及时，建筑工地围挡、渣土车覆盖问题仍较突出。',
      '本周有两个单位对上周考核结果提出申诉，经核实，一件予以采纳并发布更正结果，一件予以驳回。',
    ],
    [
      '本周各单位整改工作进一步提速，新增案件数量较上周下降，结案率有所提高；但逾期未办结案件仍主要集中在少数单位，个别交办事项逾期未报告。',
      '对连续列入黑榜、督办函整改不力的单位，指挥部将依照考核奖惩办法予以约谈问责。',
    ],
  ][k % 4]!;
  return {
    situation: [...situation, ...(lists.length ? [`本周考核红黑榜：${lists.join('。')}。`] : [])],
    nextSteps: [
      '一、各责任单位要对照本期通报问题清单，逐项建立整改台账，明确责任人和完成时限，确保按期整改到位。',
      '二、对列入黑榜的单位，主要负责同志要亲自研究部署，于下周例会前书面报告整改情况。',
      '三、市创建指挥部办公室继续加强暗访督查，对整改不力、问题反弹的单位，依次发出提醒函、督办函，直至提请问责。',
    ],
  };
}

/** The items each weekly meeting assigns (to units with demo accounts, so they can report). */
export const DEMO_ACTION_ITEMS: { unitCode: string; title: string; detail: string; report: string }[][] = [
  [
    {
      unitCode: '411600-CGJ',
      title: '七一路沿线占道经营集中整治',
      detail: '对七一路沿线店外经营、流动摊贩开展集中整治，建立长效管控机制。',
      report: '已组织执法队员连续5天集中整治，取缔流动摊点23处，规范店外经营41户，落实门前三包责任。',
    },
    {
      unitCode: '411600-JTJ',
      title: '中心城区主干道交通标线补划',
      detail: '对中心城区主干道褪色、缺失的交通标线进行补划。',
      report: '已完成八一大道、交通路等6条主干道标线补划，共计3.2公里。',
    },
    {
      unitCode: '411622',
      title: '县城农贸市场环境卫生整治',
      detail: '对县城3处农贸市场环境卫生、摊位秩序进行整治。',
      report: '3处农贸市场已全面清理，划行归市，配齐保洁人员和垃圾收集设施。',
    },
  ],
  [
    {
      unitCode: '411600-ZJJ',
      title: '建筑工地围挡及扬尘治理专项检查',
      detail: '对中心城区在建工地围挡、公益广告、扬尘治理开展专项检查。',
      report: '已检查在建工地37个，责令整改围挡破损9处，全部整改到位。',
    },
    {
      unitCode: '411600-SCJ',
      title: '餐饮门店油烟及门头整治',
      detail: '对重点街区餐饮门店油烟净化设施和门头招牌开展检查。',
      report: '已检查餐饮门店112家，督促安装油烟净化设施18家，规范门头招牌26处。',
    },
    {
      unitCode: '411681',
      title: '市区背街小巷路灯修复',
      detail: '对市区背街小巷损坏路灯进行排查修复。',
      report: '已排查背街小巷54条，修复路灯87盏，新增照明12处。',
    },
  ],
  [
    {
      unitCode: '411600-GAJ',
      title: '非机动车乱停乱放整治',
      detail: '对商圈、医院周边非机动车乱停乱放开展整治，施划停放区。',
      report: '已在商圈、医院周边施划非机动车停放区15处，开展劝导整治3次。',
    },
    {
      unitCode: '411600-STHJJ',
      title: '沙颍河沿岸垃圾清理',
      detail: '对沙颍河城区段沿岸垃圾、杂物进行全面清理。',
      report: '（逾期未报告）',
    },
    {
      unitCode: '411600-YZGLJ',
      title: '公园广场文明提示牌更新',
      detail: '对公园广场破损、褪色的文明提示牌进行更新。',
      report: '已更新公园广场文明提示牌64块，增设公益广告12处。',
    },
  ],
  [
    {
      unitCode: '411600-CGJ',
      title: '节后背街小巷垃圾清运',
      detail: '对节后背街小巷积存垃圾进行集中清运，做到日产日清。',
      report: '',
    },
    {
      unitCode: '411622',
      title: '县城主街道乱贴乱画清理',
      detail: '对县城主街道小广告、乱贴乱画进行集中清理。',
      report: '',
    },
    {
      unitCode: '411600-ZJJ',
      title: '老旧小区化粪池及管网疏通',
      detail: '对群众反映强烈的老旧小区化粪池满溢、管网堵塞问题进行疏通。',
      report: '',
    },
  ],
];
