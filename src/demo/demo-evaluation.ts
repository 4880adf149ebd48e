import { sql } from 'kysely';
import sharp from 'sharp';
import type { Database } from '../db/database.js';
import { unitRepository } from '../db/repositories/unit.repository.js';
import { userRepository } from '../db/repositories/user.repository.js';
import { chinaDay, chinaMidnight, shiftDay } from '../domain/calendar/work-calendar.js';
import type { RawFrameworkNode } from '../domain/evaluation/framework.js';
import type { AuditService } from '../services/audit.service.js';
import { loadActor } from '../services/auth.service.js';
import type { CasePolicyService } from '../services/case-policy.service.js';
import type { CaseService } from '../services/case.service.js';
import { CheckpointService } from '../services/checkpoint.service.js';
import type { ManualClock } from '../services/clock.js';
import type { RequestContext } from '../services/context.js';
import { FrameworkService } from '../services/framework.service.js';
import { InspectionService, type SubmitAnswer } from '../services/inspection.service.js';
import type { PointType } from '../shared/evaluation-enums.js';
import { bell, chance, int, pick, seededRng, uniform, weighted, type Rng } from './demo-random.js';

/**
 * The demo city's evaluation data (issue 4): a published framework that is a
 * realistic subset of the national 测评体系, about 300 check points across the
 * eleven county-level units, and a few weeks of inspections by the `inspector`
 * account, so the results pages show real differences between districts.
 *
 * Everything goes through the real services (FrameworkService, CheckpointService,
 * InspectionService, and through it CaseService for failed standards) on a manual
 * clock that walks through the past weeks. Deterministic for a given seed and `now`
 * (a seeded PRNG, never Math.random).
 */

/** What the loader needs: the case services on `clock`, which it moves, and the audit log. */
export interface DemoEvaluationDeps {
  database: Database;
  clock: ManualClock;
  audit: AuditService;
  cases: CaseService;
  casePolicy: CasePolicyService;
  cityBbox?: [number, number, number, number];
}

export interface DemoEvaluationOptions {
  /** The present: every inspection happens before it. */
  now: Date;
  seed?: number;
  /** Weeks of inspections (4 by default, at most 4 so everything stays within the demo's 28 days). */
  weeks?: number;
  /** Points sampled per weekly plan (60 by default; forced points may exceed it). */
  perWeek?: number;
  /** Upper bound on failed standards (each becomes a case); 30 by default. */
  maxFailures?: number;
}

export interface DemoEvaluationResult {
  frameworkId: number;
  standards: number;
  checkpoints: number;
  plans: number;
  inspections: number;
  failures: number;
}

export const DEMO_FRAMEWORK_NAME = '全国文明城市测评体系（演示子集）';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const BBOX: [number, number, number, number] = [114.09, 33.05, 115.66, 34.34];

// ---------------------------------------------------------------------------
// Randomness: the demo's seeded PRNG (src/demo/demo-random.ts), never Math.random.

/** A UUID (version 4 layout) drawn from the seeded PRNG, as a phone would make one. */
function uuid(rng: Rng): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rng() * 16).toString(16));
  hex[12] = '4';
  hex[16] = (8 + Math.floor(rng() * 4)).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// ---------------------------------------------------------------------------
// The framework

type M = 'field' | 'material' | 'survey';
/** Standard: name, method, points, point types, scored (评分制) or binary. */
type S = [string, M, number, PointType[], boolean?];
/** Content: name and standards. */
type C = [string, S[]];
/** Indicator: name and contents. */
type I = [string, C[]];
/** Item: name, weight, indicators. */
type Item = [string, number, I[]];

const STREETS: PointType[] = ['main_road', 'back_street', 'commercial_street'];

const FRAMEWORK: Item[] = [
  ['理想信念教育', 10, [
    ['理论学习宣传', [
      ['习近平新时代中国特色社会主义思想宣传', [
        ['新时代文明实践中心（所、站）常态化开展理论宣讲活动，有活动记录和影像资料', 'material', 3, ['civilization_practice_center', 'community']],
        ['宣传栏、电子屏有党的创新理论宣传内容，内容更新及时', 'field', 2, ['civilization_practice_center', 'community', 'public_square']],
      ]],
    ]],
  ]],
  ['社会主义核心价值观', 15, [
    ['公益广告宣传', [
      ['核心价值观公益广告', [
        ['主次干道、商业大街沿线有社会主义核心价值观公益广告，设置规范、无破损', 'field', 3, ['main_road', 'commercial_street'], true],
        ['公交站台、候车亭设有公益广告，画面整洁、无褪色破损', 'field', 2, ['bus_stop']],
        ['公园、广场公益广告融入景观，数量充足、位置醒目', 'field', 3, ['park', 'public_square'], true],
        ['医院、学校、商场超市显著位置有公益广告', 'field', 2, ['hospital', 'school', 'mall_supermarket']],
      ]],
    ]],
    ['家风家教', [
      ['文明家庭创建', [
        ['社区开展文明家庭、好家风好家训宣传，有专栏展示', 'field', 2, ['community', 'residential_compound']],
      ]],
    ]],
  ]],
  ['诚信建设', 10, [
    ['诚信经营', [
      ['市场诚信', [
        ['集贸市场设有公平秤、价格公示牌，商户明码标价', 'field', 3, ['farmers_market']],
        ['商场超市诚信经营承诺公示，无过期变质商品', 'field', 3, ['mall_supermarket']],
        ['市场内设消费投诉点，投诉电话公示', 'field', 2, ['farmers_market', 'mall_supermarket']],
      ]],
    ]],
    ['政务诚信', [
      ['窗口服务', [
        ['政务服务中心办事指南公开、一次性告知，无推诿扯皮', 'field', 3, ['government_hall']],
        ['群众对窗口服务满意度调查', 'survey', 4, ['government_hall', 'hospital'], true],
      ]],
    ]],
  ]],
  ['公共文明', 15, [
    ['公共秩序', [
      ['交通秩序', [
        ['主要路口机动车礼让斑马线，行人、非机动车各行其道', 'field', 4, ['major_intersection'], true],
        ['非机动车停放有序，无乱停乱放', 'field', 2, ['main_road', 'commercial_street', 'mall_supermarket', 'hospital']],
        ['公交站台无乱贴乱画、站牌信息完整', 'field', 3, ['bus_stop']],
        ['候车秩序良好，乘客排队有序上下车', 'field', 2, ['bus_stop']],
      ]],
      ['公共场所秩序', [
        ['医院就诊秩序良好，导诊标识清晰，无号贩子', 'field', 3, ['hospital']],
        ['学校周边无流动摊贩，上下学时段有护学岗', 'field', 3, ['school']],
        ['广场无噪音扰民，健身、娱乐活动有序', 'field', 2, ['public_square', 'park']],
      ]],
    ]],
  ]],
  ['城市管理', 20, [
    ['市容环境', [
      ['街面秩序', [
        ['沿街商户无店外经营、占道经营', 'field', 3, ['main_road', 'commercial_street', 'back_street']],
        ['路面平整，无坑洼破损，井盖完好', 'field', 3, STREETS, true],
        ['背街小巷路灯完好，无私搭乱建', 'field', 2, ['back_street', 'urban_rural_fringe']],
        ['市场内通道畅通，无占道经营', 'field', 3, ['farmers_market']],
      ]],
      ['环境卫生', [
        ['地面干净，无垃圾杂物、无卫生死角', 'field', 3, [...STREETS, 'public_square', 'park', 'farmers_market', 'residential_compound'], true],
        ['公厕洁净无异味、设施完好', 'field', 4, ['outdoor_toilet'], true],
        ['公厕有无障碍设施和标识，开放时间公示', 'field', 2, ['outdoor_toilet']],
        ['垃圾分类设施齐全，分类投放规范', 'field', 2, ['residential_compound', 'community', 'school', 'mall_supermarket']],
      ]],
    ]],
    ['建设管理', [
      ['施工管理', [
        ['工地围挡规范、出入口车辆冲洗', 'field', 4, ['construction_site'], true],
        ['工地裸土覆盖、渣土车密闭运输，无扬尘', 'field', 3, ['construction_site']],
        ['工地围挡设置公益广告，施工铭牌信息完整', 'field', 2, ['construction_site']],
      ]],
    ]],
  ]],
  ['生态环境', 10, [
    ['绿化美化', [
      ['园林绿化', [
        ['公园绿地管护良好，无黄土裸露、无枯死树木', 'field', 3, ['park', 'public_square'], true],
        ['小区绿化无毁绿种菜、无侵占绿地', 'field', 2, ['residential_compound']],
      ]],
    ]],
  ]],
  ['志愿服务', 10, [
    ['志愿服务站点', [
      ['站点建设', [
        ['设有学雷锋志愿服务站，有人员值守、服务项目公示', 'field', 3, ['public_square', 'bus_stop', 'hospital', 'government_hall', 'civilization_practice_center']],
        ['志愿服务活动常态化开展，有活动台账', 'material', 3, ['community', 'civilization_practice_center'], true],
        ['群众对志愿服务的知晓率和参与度调查', 'survey', 3, ['community', 'residential_compound'], true],
      ]],
    ]],
  ]],
  ['未成年人思想道德建设', 10, [
    ['校园及周边', [
      ['育人环境', [
        ['校园内有社会主义核心价值观、中华优秀传统文化宣传', 'field', 2, ['school']],
        ['学校周边200米内无网吧、无营业性娱乐场所', 'field', 3, ['school']],
        ['开展学雷锋、文明礼仪教育活动，有活动记录', 'material', 2, ['school']],
      ]],
    ]],
  ]],
];

/** Equal weights summing to exactly 100, the remainder on the first. */
function shares(n: number): number[] {
  const base = Math.floor(100 / n);
  return Array.from({ length: n }, (_, i) => base + (i === 0 ? 100 - base * n : 0));
}

/** The demo framework as raw nodes (测评项目 → 指标 → 测评内容 → 测评标准). */
export function demoFrameworkNodes(): RawFrameworkNode[] {
  const nodes: RawFrameworkNode[] = [];
  const pad = (n: number) => String(n + 1).padStart(2, '0');
  FRAMEWORK.forEach(([itemName, weight, indicators], a) => {
    const item = `A${pad(a)}`;
    nodes.push({ code: item, parentCode: null, level: 'item', name: itemName, weight });
    const ws = shares(indicators.length);
    indicators.forEach(([indName, contents], b) => {
      const ind = `${item}.${pad(b)}`;
      nodes.push({ code: ind, parentCode: item, level: 'indicator', name: indName, weight: ws[b]! });
      contents.forEach(([contentName, standards], c) => {
        const content = `${ind}.${pad(c)}`;
        nodes.push({ code: content, parentCode: ind, level: 'content', name: contentName });
        standards.forEach(([name, method, points, pointTypes, scored], d) => {
          nodes.push({
            code: `${content}.${d + 1}`,
            parentCode: content,
            level: 'standard',
            name,
            method,
            points,
            pointTypes,
            passRule: scored ? { kind: 'scored', max: points } : { kind: 'binary' },
          });
        });
      });
    });
  });
  return nodes;
}

// ---------------------------------------------------------------------------
// Places

interface Area {
  code: string;
  prefix: string;
  short: string;
  lon: number;
  lat: number;
  spread: number;
  points: number;
  /** City-centre districts: points are the city departments' responsibility, else the county's. */
  central: boolean;
  roads: { name: string; street: string }[];
}

const AREAS: readonly Area[] = [
  { code: '411602', prefix: '周口市川汇区', short: '川汇', lon: 114.65, lat: 33.62, spread: 0.028, points: 70, central: true, roads: [
    { name: '七一路', street: '411602002' }, { name: '八一路', street: '411602004' }, { name: '交通路', street: '411602005' }, { name: '中州大道', street: '411602007' },
    { name: '工农路', street: '411602006' }, { name: '文昌大道', street: '411602008' }, { name: '莲花路', street: '411602003' }, { name: '人民路', street: '411602001' },
    { name: '建设大道', street: '411602010' }, { name: '大庆路', street: '411602009' }, { name: '汉阳路', street: '411602015' }, { name: '富民路', street: '411602014' },
  ] },
  { code: '411671', prefix: '周口临港开发区', short: '临港', lon: 114.69, lat: 33.585, spread: 0.014, points: 15, central: true, roads: [
    { name: '太昊路', street: '411671011' }, { name: '淮河路', street: '411671012' }, { name: '李埠口路', street: '411671013' },
  ] },
  { code: '411603', prefix: '周口市淮阳区', short: '淮阳', lon: 114.88, lat: 33.73, spread: 0.015, points: 30, central: true, roads: [
    { name: '羲皇大道', street: '411603001' }, { name: '弦歌路', street: '411603100' }, { name: '人民路', street: '411603100' }, { name: '湖滨路', street: '411603002' },
  ] },
  { code: '411622', prefix: '西华县', short: '西华', lon: 114.53, lat: 33.78, spread: 0.012, points: 24, central: false, roads: [
    { name: '娲城路', street: '411622001' }, { name: '箕子台路', street: '411622002' }, { name: '昆山路', street: '411622003' }, { name: '华泰路', street: '411622005' },
  ] },
  { code: '411623', prefix: '商水县', short: '商水', lon: 114.61, lat: 33.54, spread: 0.012, points: 22, central: false, roads: [
    { name: '阳城大道', street: '411623004' }, { name: '章华台路', street: '411623003' }, { name: '新城路', street: '411623001' }, { name: '东城路', street: '411623002' },
  ] },
  { code: '411681', prefix: '项城市', short: '项城', lon: 114.88, lat: 33.44, spread: 0.014, points: 30, central: false, roads: [
    { name: '莲花大道', street: '411681004' }, { name: '光武大道', street: '411681006' }, { name: '水寨路', street: '411681002' },
    { name: '东方路', street: '411681003' }, { name: '千佛阁路', street: '411681005' }, { name: '花园路', street: '411681001' },
  ] },
  { code: '411624', prefix: '沈丘县', short: '沈丘', lon: 115.1, lat: 33.41, spread: 0.012, points: 22, central: false, roads: [
    { name: '新华路', street: '411624001' }, { name: '兆丰大道', street: '411624002' }, { name: '东城路', street: '411624001' },
  ] },
  { code: '411625', prefix: '郸城县', short: '郸城', lon: 115.18, lat: 33.65, spread: 0.012, points: 22, central: false, roads: [
    { name: '世纪大道', street: '411625003' }, { name: '东风路', street: '411625002' }, { name: '洺河路', street: '411625001' },
  ] },
  { code: '411627', prefix: '太康县', short: '太康', lon: 114.85, lat: 34.06, spread: 0.012, points: 22, central: false, roads: [
    { name: '人民路', street: '411627100' }, { name: '春秋路', street: '411627100' }, { name: '阳夏路', street: '411627200' },
  ] },
  { code: '411628', prefix: '鹿邑县', short: '鹿邑', lon: 115.48, lat: 33.86, spread: 0.012, points: 24, central: false, roads: [
    { name: '真源大道', street: '411628001' }, { name: '谷阳路', street: '411628002' }, { name: '卫真路', street: '411628003' }, { name: '鸣鹿路', street: '411628004' },
  ] },
  { code: '411621', prefix: '扶沟县', short: '扶沟', lon: 114.39, lat: 34.06, spread: 0.012, points: 19, central: false, roads: [
    { name: '桐丘路', street: '411621001' }, { name: '扶亭路', street: '411621003' }, { name: '健康路', street: '411621001' },
  ] },
];

/** Point types of the demo registry and how common each is. */
const TYPE_WEIGHTS: readonly (readonly [PointType, number])[] = [
  ['bus_stop', 14], ['back_street', 12], ['main_road', 10], ['residential_compound', 9], ['community', 7], ['farmers_market', 6],
  ['outdoor_toilet', 7], ['school', 6], ['mall_supermarket', 5], ['construction_site', 5], ['public_square', 3], ['park', 3],
  ['hospital', 3], ['major_intersection', 5], ['commercial_street', 3], ['government_hall', 1], ['civilization_practice_center', 1],
];

/** The city department responsible for a point type in the city-centre districts (null: the district itself). */
const DEPARTMENT_OF: Partial<Record<PointType, string>> = {
  bus_stop: '411600-GJGS', main_road: '411600-CGJ', outdoor_toilet: '411600-CGJ', public_square: '411600-CGJ', farmers_market: '411600-SCJ',
  mall_supermarket: '411600-SCJ', construction_site: '411600-ZJJ', park: '411600-YZGLJ', hospital: '411600-WJW', school: '411600-JYJ',
  major_intersection: '411600-GAJ', commercial_street: '411600-SWJ', government_hall: '411600-XZSPJ', civilization_practice_center: '411600-WMB',
};

const CN = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const DIRS = ['东', '西', '南', '北'];
const DEVELOPERS = ['建业', '正商', '鑫苑', '碧桂园', '昌建', '恒大', '永威'];
const ESTATES = ['城市花园', '公园里', '书香苑', '翡翠华庭', '幸福里', '锦绣华府', '阳光新城'];
const MALLS = ['丹尼斯', '万果园', '华联', '胖东来', '好又多'];
const PARKS = ['人民公园', '滨河公园', '植物园', '体育公园', '文化公园', '湿地公园'];
const SQUARES = ['人民广场', '文化广场', '市民广场', '体育广场'];
const HOSPITALS = ['人民医院', '中医院', '妇幼保健院', '第二人民医院'];
const SCHOOLS = ['实验小学', '第一初级中学', '第二小学', '第三实验小学', '第一高级中学', '城关镇中心小学'];

/** A name for a point of a type on a road. */
function pointName(rng: Rng, type: PointType, area: Area, road: string, other: string): string {
  switch (type) {
    case 'bus_stop': return pick(rng, [`${road}站公交站台`, `${road}${other}口公交站`, `${road}${pick(rng, HOSPITALS)}公交站`]);
    case 'back_street': return `${road}${pick(rng, DIRS)}${pick(rng, CN.slice(0, 6))}${pick(rng, ['巷', '胡同', '街'])}`;
    case 'main_road': return `${road}（${other}至${pick(rng, area.roads).name}段）`;
    case 'residential_compound': return `${pick(rng, DEVELOPERS)}·${pick(rng, ESTATES)}小区`;
    case 'community': return `${road.replace(/(大道|路)$/, '')}${pick(rng, ['社区', '东社区', '西社区', '南社区'])}`;
    case 'farmers_market': return `${road.replace(/(大道|路)$/, '')}${pick(rng, ['农贸市场', '菜市场', '集贸市场'])}`;
    case 'outdoor_toilet': return `${road}${int(rng, 1, 9)}号公厕`;
    case 'school': return `${area.short}${pick(rng, SCHOOLS)}`;
    case 'mall_supermarket': return `${pick(rng, MALLS)}超市（${road}店）`;
    case 'construction_site': return `${pick(rng, DEVELOPERS)}${pick(rng, ESTATES)}项目工地`;
    case 'public_square': return `${area.short}${pick(rng, SQUARES)}`;
    case 'park': return `${area.short}${pick(rng, PARKS)}`;
    case 'hospital': return `${area.short}${pick(rng, HOSPITALS)}`;
    case 'major_intersection': return `${road}与${other}交叉口`;
    case 'commercial_street': return `${road.replace(/(大道|路)$/, '')}商业步行街`;
    case 'government_hall': return `${area.short}政务服务中心`;
    case 'civilization_practice_center': return `${area.short}新时代文明实践中心`;
    default: return `${road}${type}`;
  }
}

function clampToCity(bbox: [number, number, number, number], lon: number, lat: number): [number, number] {
  const [minLon, minLat, maxLon, maxLat] = bbox;
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  return [round(Math.min(maxLon - 0.001, Math.max(minLon + 0.001, lon))), round(Math.min(maxLat - 0.001, Math.max(minLat + 0.001, lat)))];
}

/** A small street-scene photo for failed standards, made once. */
async function failurePhoto(): Promise<Buffer> {
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="120">' +
    '<rect width="160" height="120" fill="#cfd8dc"/><rect x="10" y="30" width="60" height="50" fill="#8d6e63"/>' +
    '<rect x="84" y="42" width="56" height="38" fill="#90a4ae"/><rect y="80" width="160" height="40" fill="#616161"/>' +
    '<circle cx="40" cy="98" r="7" fill="#43a047"/><circle cx="58" cy="100" r="5" fill="#fdd835"/></svg>';
  return sharp(Buffer.from(svg)).jpeg({ quality: 70 }).toBuffer();
}

// ---------------------------------------------------------------------------
// Loading

/**
 * Loads the demo evaluation data. Expects the demo units and accounts (`hq`,
 * `inspector`) to exist. Moves `deps.clock`; leaves it at `now`.
 */
export async function loadDemoEvaluation(deps: DemoEvaluationDeps, opts: DemoEvaluationOptions): Promise<DemoEvaluationResult> {
  const { database, clock, audit, cases, casePolicy } = deps;
  const db = database.db;
  const bbox = deps.cityBbox ?? BBOX;
  const now = opts.now.getTime();
  const weeks = Math.max(1, Math.min(4, opts.weeks ?? 4));
  const perWeek = opts.perWeek ?? 60;
  const maxFailures = opts.maxFailures ?? 30;
  const rng = seededRng(opts.seed ?? 20_260_404);
  const frameworks = new FrameworkService(database, clock, audit);
  const checkpoints = new CheckpointService(database, clock, audit, bbox);
  const inspections = new InspectionService(database, clock, audit, cases, casePolicy, checkpoints);
  await casePolicy.ensureDefaults();

  const units = new Map((await unitRepository.list(db)).map((u) => [u.code, u]));
  const unitId = (code: string) => {
    const u = units.get(code);
    if (!u) throw new Error(`demo evaluation: unit ${code} is missing; load the demo city first`);
    return u.id;
  };
  const as = async (username: string): Promise<RequestContext> => {
    const row = await userRepository.byUsername(db, username);
    if (!row) throw new Error(`demo evaluation: account ${username} is missing; load the demo accounts first`);
    return { actor: await loadActor(database, row), requestId: 'demo', clientIp: null };
  };
  const hq = await as('hq');
  const inspector = await as('inspector');

  const sqlite = database.dialect === 'sqlite';
  const durability = sqlite ? Number((await sql<{ synchronous: number }>`pragma synchronous`.execute(db)).rows[0]?.synchronous ?? 2) : 0;
  if (sqlite) await sql`pragma synchronous = NORMAL`.execute(db);
  const start = now - (7 * weeks - 1) * DAY;
  try {
    // The framework: drafted and published five weeks ago.
    clock.set(new Date(start - 7 * DAY));
    const draft = await frameworks.create(hq, { name: DEMO_FRAMEWORK_NAME, nodes: demoFrameworkNodes() });
    clock.set(new Date(start - 7 * DAY + 2 * HOUR));
    const framework = await frameworks.publish(hq, draft.id);
    const standards = framework.nodes.filter((n) => n.level === 'standard');
    const standardsOf = (type: string) => standards.filter((s) => (s.pointTypes ?? []).includes(type));

    // How well each district keeps up, drawn from the seed: the results differ between districts.
    const quality = new Map(AREAS.map((a) => [a.code, uniform(rng, 0.72, 0.96)]));

    // The registry: about 300 points near the seats.
    clock.set(new Date(start - 6 * DAY));
    const points: { id: number; area: Area; type: PointType; lon: number; lat: number; quality: number }[] = [];
    for (const area of AREAS) {
      for (let i = 0; i < area.points; i++) {
        const type = weighted(rng, TYPE_WEIGHTS);
        const road = pick(rng, area.roads);
        const other = pick(rng, area.roads.filter((r) => r.name !== road.name)) ?? road;
        const [lon, lat] = clampToCity(bbox, area.lon + bell(rng) * area.spread, area.lat + bell(rng) * area.spread * 0.8);
        const department = area.central ? DEPARTMENT_OF[type] : undefined;
        const mustCheck = type === 'government_hall' || type === 'civilization_practice_center' || type === 'hospital' || chance(rng, 0.04);
        const view = await checkpoints.create(hq, {
          code: `JC-${area.code}-${String(i + 1).padStart(3, '0')}`,
          name: pointName(rng, type, area, road.name, other.name),
          type,
          address: `${area.prefix}${road.name}${int(rng, 1, 399)}号`,
          lon,
          lat,
          responsibleUnitId: unitId(department ?? area.code),
          areaUnitId: unitId(units.has(road.street) ? road.street : area.code),
          mustCheck,
          isNew: !mustCheck && chance(rng, 0.03),
        });
        points.push({ id: view.id, area, type, lon, lat, quality: Math.min(0.995, quality.get(area.code)! + bell(rng) * 0.06) });
      }
    }
    const pointById = new Map(points.map((p) => [p.id, p]));

    // Weekly plans and the inspector's rounds.
    const photo = await failurePhoto();
    const inspectorId = inspector.actor!.userId;
    let inspectionCount = 0;
    let failures = 0;
    let plans = 0;
    for (let w = 0; w < weeks; w++) {
      const from = chinaDay(new Date(start + w * 7 * DAY));
      const to = shiftDay(from, 6);
      const monday = chinaMidnight(from).getTime();
      clock.set(new Date(Math.min(now - HOUR, monday + 8 * HOUR)));
      const plan = await inspections.createPlan(hq, {
        name: `第${w + 1}周实地测评（${from}至${to}）`,
        periodFrom: from,
        periodTo: to,
        seed: int(rng, 0, 2 ** 31),
        targetCount: perWeek,
        frameworkId: framework.id,
        inspectorIds: [inspectorId],
      });
      plans += 1;
      // Visits spread over the week's first five days, office hours, in time order and all before now.
      const visits = plan.points
        .map((pp) => ({ pp, at: monday + int(rng, 0, 4) * DAY + 9 * HOUR + int(rng, 0, 8 * 60 - 20) * MIN }))
        .filter((v) => v.at < now - 10 * MIN)
        .sort((a, b) => a.at - b.at || a.pp.checkpointId - b.pp.checkpointId);
      for (const { pp, at } of visits) {
        const point = pointById.get(pp.checkpointId);
        if (!point) continue;
        const answers: SubmitAnswer[] = [];
        const failed: string[] = [];
        for (const s of standardsOf(point.type)) {
          const points = s.points ?? 0;
          if (chance(rng, 0.03)) answers.push({ standardCode: s.code, answer: 'na' });
          else if (s.passRule?.kind === 'scored') {
            const q = Math.max(0, Math.min(1, point.quality + bell(rng) * 0.15));
            const score = Math.round(points * q * 2) / 2;
            answers.push(score >= points ? { standardCode: s.code, answer: 'pass' } : { standardCode: s.code, answer: 'score', score, note: score < points / 2 ? '多处不符合要求，已现场指出' : null });
          } else if (failures + failed.length < maxFailures && chance(rng, (1 - point.quality) * 0.22)) {
            answers.push({ standardCode: s.code, answer: 'fail', note: pick(rng, ['现场检查不达标，已拍照取证', '问题较突出，需责任单位限期整改', '与上周相比仍未整改到位']) });
            failed.push(s.code);
          } else answers.push({ standardCode: s.code, answer: 'pass' });
        }
        if (answers.length === 0) continue;
        const near = chance(rng, 0.95);
        clock.set(new Date(at));
        await inspections.submit(
          inspector,
          {
            idempotencyKey: uuid(rng),
            pointId: point.id,
            recordedAt: new Date(at - int(rng, 3, 15) * MIN).toISOString(),
            position: near
              ? { lon: Math.round((point.lon + uniform(rng, -2e-4, 2e-4)) * 1e6) / 1e6, lat: Math.round((point.lat + uniform(rng, -2e-4, 2e-4)) * 1e6) / 1e6, accuracy: int(rng, 5, 30) }
              : { lon: Math.round((point.lon + 0.01) * 1e6) / 1e6, lat: point.lat, accuracy: int(rng, 20, 80) },
            answers,
          },
          failed.map((code) => ({ bytes: photo, filename: `${code}.jpg`, field: `photos_${code}` })),
        );
        inspectionCount += 1;
        failures += failed.length;
      }
    }

    // The accounts have been reading their messages: only the last days' are still unread.
    await db
      .updateTable('notifications')
      .set((eb) => ({ read_at: eb.ref('created_at') }))
      .where('created_at', '<', new Date(now - 3 * DAY).toISOString())
      .where('read_at', 'is', null)
      .execute();

    return { frameworkId: framework.id, standards: standards.length, checkpoints: points.length, plans, inspections: inspectionCount, failures };
  } finally {
    if (sqlite) await sql.raw(`pragma synchronous = ${durability}`).execute(db);
    clock.set(new Date(now));
  }
}
