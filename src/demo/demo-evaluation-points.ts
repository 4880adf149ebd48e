import type { PointType } from '../shared/evaluation-enums.js';
import { PLACES, type Place } from './demo-places.js';
import { int, pick, type Rng } from './demo-random.js';

/**
 * The demo's check point registry as data: the county-level areas and their roads,
 * how common each point type is, which city department answers for a type in the
 * city centre, and how points are named. The loader is demo-evaluation.ts.
 */

export interface Area extends Place {
  /** Spread of points around the centre, in degrees. */
  spread: number;
  /** How many check points the area has. */
  points: number;
  /** City-centre districts: points are the city departments' responsibility, else the county's. */
  central: boolean;
}

/** Per area: spread, number of check points, and whether it is the city centre. */
const POINT_FIGURES: Record<string, { spread: number; points: number; central: boolean }> = {
  '411602': { spread: 0.028, points: 70, central: true },
  '411671': { spread: 0.014, points: 15, central: true },
  '411603': { spread: 0.015, points: 30, central: true },
  '411622': { spread: 0.012, points: 24, central: false },
  '411623': { spread: 0.012, points: 22, central: false },
  '411681': { spread: 0.014, points: 30, central: false },
  '411624': { spread: 0.012, points: 22, central: false },
  '411625': { spread: 0.012, points: 22, central: false },
  '411627': { spread: 0.012, points: 22, central: false },
  '411628': { spread: 0.012, points: 24, central: false },
  '411621': { spread: 0.012, points: 19, central: false },
};

export const AREAS: readonly Area[] = PLACES.map((p) => ({ ...p, ...POINT_FIGURES[p.code]! }));

/** Point types of the demo registry and how common each is. */
export const TYPE_WEIGHTS: readonly (readonly [PointType, number])[] = [
  ['bus_stop', 14],
  ['back_street', 12],
  ['main_road', 10],
  ['residential_compound', 9],
  ['community', 7],
  ['farmers_market', 6],
  ['outdoor_toilet', 7],
  ['school', 6],
  ['mall_supermarket', 5],
  ['construction_site', 5],
  ['public_square', 3],
  ['park', 3],
  ['hospital', 3],
  ['major_intersection', 5],
  ['commercial_street', 3],
  ['government_hall', 1],
  ['civilization_practice_center', 1],
];

/** The city department responsible for a point type in the city-centre districts (null: the district itself). */
export const DEPARTMENT_OF: Partial<Record<PointType, string>> = {
  bus_stop: '411600-GJGS',
  main_road: '411600-CGJ',
  outdoor_toilet: '411600-CGJ',
  public_square: '411600-CGJ',
  farmers_market: '411600-SCJ',
  mall_supermarket: '411600-SCJ',
  construction_site: '411600-ZJJ',
  park: '411600-YZGLJ',
  hospital: '411600-WJW',
  school: '411600-JYJ',
  major_intersection: '411600-GAJ',
  commercial_street: '411600-SWJ',
  government_hall: '411600-XZSPJ',
  civilization_practice_center: '411600-WMB',
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
export function pointName(rng: Rng, type: PointType, area: Area, road: string, other: string): string {
  switch (type) {
    case 'bus_stop':
      return pick(rng, [`${road}站公交站台`, `${road}${other}口公交站`, `${road}${pick(rng, HOSPITALS)}公交站`]);
    case 'back_street':
      return `${road}${pick(rng, DIRS)}${pick(rng, CN.slice(0, 6))}${pick(rng, ['巷', '胡同', '街'])}`;
    case 'main_road':
      return `${road}（${other}至${pick(rng, area.roads).name}段）`;
    case 'residential_compound':
      return `${pick(rng, DEVELOPERS)}·${pick(rng, ESTATES)}小区`;
    case 'community':
      return `${road.replace(/(大道|路)$/, '')}${pick(rng, ['社区', '东社区', '西社区', '南社区'])}`;
    case 'farmers_market':
      return `${road.replace(/(大道|路)$/, '')}${pick(rng, ['农贸市场', '菜市场', '集贸市场'])}`;
    case 'outdoor_toilet':
      return `${road}${int(rng, 1, 9)}号公厕`;
    case 'school':
      return `${area.short}${pick(rng, SCHOOLS)}`;
    case 'mall_supermarket':
      return `${pick(rng, MALLS)}超市（${road}店）`;
    case 'construction_site':
      return `${pick(rng, DEVELOPERS)}${pick(rng, ESTATES)}项目工地`;
    case 'public_square':
      return `${area.short}${pick(rng, SQUARES)}`;
    case 'park':
      return `${area.short}${pick(rng, PARKS)}`;
    case 'hospital':
      return `${area.short}${pick(rng, HOSPITALS)}`;
    case 'major_intersection':
      return `${road}与${other}交叉口`;
    case 'commercial_street':
      return `${road.replace(/(大道|路)$/, '')}商业步行街`;
    case 'government_hall':
      return `${area.short}政务服务中心`;
    case 'civilization_practice_center':
      return `${area.short}新时代文明实践中心`;
    default:
      return `${road}${type}`;
  }
}

export function clampToCity(bbox: [number, number, number, number], lon: number, lat: number): [number, number] {
  const [minLon, minLat, maxLon, maxLat] = bbox;
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  return [round(Math.min(maxLon - 0.001, Math.max(minLon + 0.001, lon))), round(Math.min(maxLat - 0.001, Math.max(minLat + 0.001, lat)))];
}
