/** Places, texts and reasons of the demo cases (周口市): data, kept apart from the loader. */

import { PLACES, type Place, type Road } from './demo-places.js';
import { int, pick, weighted, type Rng } from './demo-random.js';

// ---------------------------------------------------------------------------
// Places

export type { Road } from './demo-places.js';

export interface Area extends Place {
  /** Spread of case locations around the centre, in degrees. */
  spread: number;
  /** How many of the city's cases arise here, relative to the others. */
  weight: number;
}

/** Per area: spread and share of the demo's cases (the centre has most). */
const CASE_FIGURES: Record<string, { spread: number; weight: number }> = {
  '411602': { spread: 0.03, weight: 44 },
  '411671': { spread: 0.015, weight: 5 },
  '411603': { spread: 0.015, weight: 8 },
  '411622': { spread: 0.012, weight: 7 },
  '411623': { spread: 0.012, weight: 5 },
  '411681': { spread: 0.014, weight: 8 },
  '411624': { spread: 0.012, weight: 4 },
  '411625': { spread: 0.012, weight: 4 },
  '411627': { spread: 0.012, weight: 4 },
  '411628': { spread: 0.012, weight: 5 },
  '411621': { spread: 0.012, weight: 3 },
};

export const AREAS: readonly Area[] = PLACES.map((p) => ({ ...p, ...CASE_FIGURES[p.code]! }));

export const LANDMARKS = [
  '农贸市场',
  '第一小学',
  '人民医院',
  '公交站台',
  '商业步行街',
  '家属院',
  '菜市场',
  '汽车站',
  '文化广场',
  '中学',
  '社区服务中心',
  '超市',
];
export const SIDES = ['北门', '东侧', '南侧约50米', '对面', '西侧', '门口'];
export const CORNERS = ['东北角', '东南角', '西北角', '西南角'];

/** A short location in words: road and number, crossing, or landmark. */
export function spotOn(rng: Rng, area: Area, road: Road): string {
  const other = pick(
    rng,
    area.roads.filter((r) => r.name !== road.name),
  );
  return weighted(rng, [
    [() => `${road.name}${int(rng, 2, 460)}号门前`, 3],
    [() => (other ? `${road.name}与${other.name}交叉口${pick(rng, CORNERS)}` : `${road.name}${int(rng, 2, 460)}号`), 3],
    [() => `${road.name}${pick(rng, LANDMARKS)}${pick(rng, SIDES)}`, 4],
  ] as const)();
}

// ---------------------------------------------------------------------------
// Categories, texts

/** Category code, weight among reports, description templates (given the spot), and what rectification says. */
export interface CategoryText {
  code: string;
  weight: number;
  texts: readonly ((spot: string, rng: Rng) => string)[];
  fixes: readonly string[];
  /** Why verification sends it back (返工). */
  reopen?: readonly string[];
  /** Why a unit asks for more time; only categories with reasons get extension requests. */
  extension?: readonly string[];
  /** Why HQ parks it (缓办). */
  suspend?: readonly string[];
}

export const CATEGORY_TEXTS: readonly CategoryText[] = [
  {
    code: 'E01-01',
    weight: 20,
    texts: [
      (s) => `${s}垃圾桶满溢，周边散落生活垃圾未及时清运，异味明显`,
      (s, r) => `${s}绿化带内堆放装修垃圾约${int(r, 5, 30)}袋，影响市容`,
      (s) => `${s}路边积存枯枝落叶和塑料袋，保洁不到位`,
      (s) => `${s}背街小巷堆积生活垃圾，无人清理，招引蚊蝇`,
      (s) => `${s}垃圾收集点周边污水横流，地面油污严重`,
    ],
    fixes: ['已安排环卫车辆清运，周边路面冲洗干净', '已清理完毕，并将该点位清运频次调整为每日两次', '已清运垃圾并落实专人巡回保洁'],
    reopen: ['现场复查仍有垃圾残留，清运不彻底', '清运后次日再次堆积，需落实长效保洁'],
    suspend: ['需结合老旧小区改造增设垃圾收集点，统一实施'],
  },
  {
    code: 'E05-01',
    weight: 18,
    texts: [
      (s) => `${s}有流动摊贩占用人行道售卖水果蔬菜，影响行人通行`,
      (s, r) => `${s}${int(r, 2, 6)}家商户出店经营，货物摆放至人行道`,
      (s) => `${s}早市摊点占道经营，散市后遗留大量垃圾`,
      (s) => `${s}烧烤摊夜间占道经营，油烟扰民`,
      (s) => `${s}修车铺占用人行道作业，地面油污明显`,
    ],
    fixes: ['已劝离流动摊贩，引导至便民疏导点经营', '已约谈商户，落实门前三包，物品已全部入店', '已取缔占道摊点，安排队员每日定时巡查'],
    reopen: ['复查时摊贩已回潮，需加强巡查管控', '商户仍有部分货物摆放在店外'],
    suspend: ['摊点疏导区规划尚未批复，待批复后统一整治'],
  },
  {
    code: 'E02-01',
    weight: 12,
    texts: [
      (s) => `${s}电线杆、配电箱上张贴大量小广告`,
      (s) => `${s}墙面有喷涂的办证、开锁类小广告`,
      (s) => `${s}公交站台广告牌上粘贴招租小广告`,
      (s) => `${s}沿街围墙乱涂乱画，影响市容`,
    ],
    fixes: ['已组织人员铲除小广告，墙面覆盖涂刷', '已清除乱贴乱画，对喷涂号码予以停机处理'],
    reopen: ['仍有部分小广告未清除干净'],
  },
  {
    code: 'C02-01',
    weight: 10,
    texts: [
      (s, r) => `${s}机动车道出现坑槽约${int(r, 2, 12)}平方米，雨后积水`,
      (s) => `${s}人行道地砖松动缺失多处，易绊倒行人`,
      (s) => `${s}路面沉陷开裂，车辆通行颠簸`,
      (s) => `${s}路沿石破损倒伏，影响通行安全`,
    ],
    fixes: ['已对坑槽进行沥青热补，路面恢复平整', '已重新铺设人行道地砖并夯实基层', '已更换破损路沿石'],
    reopen: ['修补处再次破损，需重新处理'],
    extension: ['需办理占道施工许可后方可施工', '连续降雨无法进行沥青摊铺，申请顺延'],
    suspend: ['涉及道路整体改造，已纳入年度市政维修计划'],
  },
  {
    code: 'C01-01',
    weight: 7,
    texts: [
      (s) => `${s}人行道雨水井盖缺失，存在行人跌落隐患`,
      (s) => `${s}机动车道上井盖破损下沉，车辆经过有异响`,
      (s) => `${s}污水井盖松动移位，夜间通行危险`,
      (s) => `${s}检查井盖破裂，现场仅用杂物临时遮挡`,
    ],
    fixes: ['已更换新井盖并加装防坠网', '已重新调平井座，更换防沉降井盖'],
    reopen: ['新井盖与路面高差较大，仍存在安全隐患'],
    extension: ['需定制非标尺寸井盖，预计到货时间较长', '涉及地下管线权属单位，需协调后施工'],
    suspend: ['井盖权属不清，需协调通信、燃气等产权单位确认'],
  },
  {
    code: 'E03-01',
    weight: 7,
    texts: [
      (s) => `${s}在建工地裸土未覆盖，有风天扬尘明显`,
      (s) => `${s}工地出入口未冲洗车辆，带泥上路`,
      (s) => `${s}渣土车未密闭运输，沿路抛洒`,
      (s) => `${s}拆迁工地未采取湿法作业，扬尘污染严重`,
    ],
    fixes: ['已督促施工单位覆盖裸土、冲洗车辆，开启雾炮降尘', '已对施工单位下达整改通知，现场防尘措施落实到位'],
    reopen: ['复查时裸土仍未完全覆盖'],
    extension: ['施工单位需购置雾炮和防尘网，申请延期'],
  },
  {
    code: 'C03-01',
    weight: 6,
    texts: [
      (s) => `${s}公厕地面湿滑脏污，异味较大，保洁不及时`,
      (s) => `${s}公厕洗手池水龙头损坏，无法使用`,
      (s) => `${s}公厕照明损坏，夜间无法正常使用`,
      (s) => `${s}公厕未按公示时间开放，群众如厕不便`,
    ],
    fixes: ['已落实专人保洁，地面清洗消毒', '已维修更换损坏设施，恢复正常使用'],
    reopen: ['保洁仍不到位，异味明显'],
    extension: ['需采购洁具配件，申请延期'],
    suspend: ['该公厕已列入提升改造计划，待改造时统一实施'],
  },
  {
    code: 'E02-02',
    weight: 5,
    texts: [
      (s) => `${s}商户门头广告使用“最低价”“国家级”等违规用语`,
      (s) => `${s}药店门口展板宣传保健品治疗功效，涉嫌虚假宣传`,
      (s) => `${s}培训机构宣传单承诺“保过”“包提分”，涉嫌违规`,
    ],
    fixes: ['已责令商户撤除违规宣传内容，并立案调查', '已约谈经营者，违规广告已下架'],
    reopen: ['复查时违规宣传内容仍未撤除'],
  },
  {
    code: 'C04',
    weight: 5,
    texts: [
      (s) => `${s}行道树枯死未及时补植`,
      (s) => `${s}绿化带内杂草丛生，缺乏养护`,
      (s) => `${s}树木枝条遮挡交通标志和路灯`,
      (s) => `${s}绿地被踩踏出多条小路，黄土裸露`,
    ],
    fixes: ['已补植苗木并修剪枝条', '已清除杂草，补种草皮'],
    reopen: ['补植苗木规格不符合要求'],
    extension: ['补植需待适宜栽植季节，申请延期'],
    suspend: ['涉及绿地整体提升改造，已纳入年度计划'],
  },
  {
    code: 'E01',
    weight: 3,
    texts: [(s) => `${s}沿街商户门前晾晒衣物、堆放杂物`, (s) => `${s}沿街建筑外立面广告牌褪色残缺`],
    fixes: ['已督促商户清理杂物，恢复整洁'],
  },
  {
    code: 'E05',
    weight: 3,
    texts: [(s) => `${s}共享单车乱停乱放，堵塞盲道`, (s) => `${s}机动车占用人行道停放，行人被迫走机动车道`],
    fixes: ['已清理乱停车辆，施划停车区域'],
  },
  {
    code: 'C01',
    weight: 2,
    texts: [(s, r) => `${s}路灯连续${int(r, 3, 8)}盏不亮`, (s) => `${s}公交站台座椅损坏`],
    fixes: ['已维修更换，恢复正常使用'],
    extension: ['需采购灯具配件，申请延期'],
  },
  {
    code: 'E04',
    weight: 2,
    texts: [(s) => `${s}路口信号灯故障全部熄灭，交通秩序混乱，需紧急处置`, (s) => `${s}道路中间散落大量货物，影响车辆通行，需紧急清理`],
    fixes: ['已紧急处置，现场恢复正常通行'],
  },
];

/** Units that return a case as not theirs, where HQ then sends it, and the reason they give. */
export const RETURN_ROUTES: readonly { category: string; from: string; to: string; reason: string }[] = [
  { category: 'C02-01', from: '411600-JTJ', to: '411600-ZJJ', reason: '经核实该路段为市政道路，由住建部门负责养护，申请退回' },
  { category: 'E03-01', from: '411600-STHJJ', to: '411600-ZJJ', reason: '该工地为在建房建项目，施工扬尘日常监管属住建部门职责' },
  { category: 'C01-01', from: '411600-ZJJ', to: '411600-CGJ', reason: '经核实为排水检查井，由城市管理局排水所管护' },
  { category: 'C04', from: '411600-YZGLJ', to: '411600-CGJ', reason: '该绿地为道路附属绿化，已移交城市管理部门管养' },
  { category: 'E02-02', from: '411600-SCJ', to: '411600-CGJ', reason: '反映问题为户外广告设施设置，属城市管理部门职责' },
  { category: 'E01-01', from: '411600-CGJ', to: '411600-ZJJ', reason: '现场为在建工地外溢的建筑垃圾，应由住建部门督促施工单位清理' },
];

export const REJECT_REASONS = [
  '经核实，反映问题不属于城市管理范畴，已告知反映人向相关部门咨询',
  '现场核查时问题已自行消除',
  '上报位置不准确，现场未发现所述问题',
  '属于小区物业管理范围，已转交物业处理',
  '照片与描述不符，请补充信息后重新上报',
];
/** Reasons for reopening and suspending when the category has nothing more specific. */
export const REOPEN_REASONS = ['现场复查整改不彻底，请重新整改', '整改照片与现场不符，请重新整改'];
export const DENY_REASONS = ['延期理由不充分，请按原时限完成整改', '该问题影响群众出行安全，不予延期'];
export const SUSPEND_REASONS = ['权属不清，需协调产权单位确认'];
export const VERIFY_NOTES = ['现场复查已整改到位，同意结案', '经复核整改完成，予以销号', '整改效果良好，结案'];
export const HOTLINE_PHONES = ['138****2716', '139****0583', '137****4429', '150****8861', '186****3307', '158****6142', '135****9975'];
