import { buildFramework, type Framework, type FrameworkNode } from '../../../src/domain/evaluation/framework.js';
import type { InspectionResult } from '../../../src/domain/evaluation/scoring.js';

/**
 * A tiny framework whose figures are worked out by hand in the tests:
 *
 *   A 文明素养 (weight 60)
 *     A1 公共秩序 → A1.1 站点秩序 → S1 (4 pts, bus_stop + park, binary)
 *                                 → S2 (6 pts, park, scored max 6)
 *     A2 社区服务 → A2.1 服务台账 → S3 (5 pts, community, material, binary)
 *   B 城市环境 (weight 40)
 *     B1 环境卫生 → B1.1 街面保洁 → S4 (3 pts, bus_stop + back_street, binary)
 *                                 → S5 (2 pts, park + back_street, scored max 2)
 */
export const TINY_NODES: FrameworkNode[] = [
  { code: 'A', parentCode: null, level: 'item', name: '文明素养', weight: 60, row: 2 },
  { code: 'A1', parentCode: 'A', level: 'indicator', name: '公共秩序', row: 3 },
  { code: 'A1.1', parentCode: 'A1', level: 'content', name: '站点秩序', row: 4 },
  {
    code: 'S1',
    parentCode: 'A1.1',
    level: 'standard',
    name: '无乱停乱放',
    method: 'field',
    points: 4,
    pointTypes: ['bus_stop', 'park'],
    passRule: { kind: 'binary' },
    row: 5,
  },
  {
    code: 'S2',
    parentCode: 'A1.1',
    level: 'standard',
    name: '文明引导到位',
    method: 'field',
    points: 6,
    pointTypes: ['park'],
    passRule: { kind: 'scored', max: 6 },
    row: 6,
  },
  { code: 'A2', parentCode: 'A', level: 'indicator', name: '社区服务', row: 7 },
  { code: 'A2.1', parentCode: 'A2', level: 'content', name: '服务台账', row: 8 },
  {
    code: 'S3',
    parentCode: 'A2.1',
    level: 'standard',
    name: '志愿服务台账完整',
    method: 'material',
    points: 5,
    pointTypes: ['community'],
    row: 9,
  },
  { code: 'B', parentCode: null, level: 'item', name: '城市环境', weight: 40, row: 10 },
  { code: 'B1', parentCode: 'B', level: 'indicator', name: '环境卫生', row: 11 },
  { code: 'B1.1', parentCode: 'B1', level: 'content', name: '街面保洁', row: 12 },
  {
    code: 'S4',
    parentCode: 'B1.1',
    level: 'standard',
    name: '无暴露垃圾',
    method: 'field',
    points: 3,
    pointTypes: ['bus_stop', 'back_street'],
    passRule: { kind: 'binary' },
    row: 13,
  },
  {
    code: 'S5',
    parentCode: 'B1.1',
    level: 'standard',
    name: '果皮箱整洁',
    method: 'field',
    points: 2,
    pointTypes: ['park', 'back_street'],
    passRule: { kind: 'scored', max: 2 },
    row: 14,
  },
];

/** The tiny framework, built (throws if the fixture itself is broken). */
export function tinyFramework(): Framework {
  const r = buildFramework(TINY_NODES);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.framework;
}

/** An inspection result with district and unit. */
export interface Row extends InspectionResult {
  pointId: string;
  districtId: string;
  unitId: number;
}

/**
 * Five inspections (earned/possible worked out per point):
 *   P1 park        D1 unit 11: S1 pass 4/4, S2 score 3 → 3/6, S5 na 0/0   → 7/10
 *   P2 bus_stop    D1 unit 12: S1 fail 0/4, S4 pass 3/3                   → 3/7
 *   P3 back_street D2 unit 11: S4 fail 0/3, S5 score 1.5 → 1.5/2          → 1.5/5
 *   P4 community   D2 unit 13: S3 pass 5/5                                → 5/5
 *   P5 park        D2 unit 12: S1 pass 4/4, S2 pass 6/6, S5 fail 0/2      → 10/12
 */
export const RESULTS: Row[] = [
  {
    pointId: 'P1',
    pointType: 'park',
    districtId: 'D1',
    unitId: 11,
    answers: [
      { standardCode: 'S1', answer: 'pass' },
      { standardCode: 'S2', answer: 'score', score: 3 },
      { standardCode: 'S5', answer: 'na' },
    ],
  },
  {
    pointId: 'P2',
    pointType: 'bus_stop',
    districtId: 'D1',
    unitId: 12,
    answers: [
      { standardCode: 'S1', answer: 'fail' },
      { standardCode: 'S4', answer: 'pass' },
    ],
  },
  {
    pointId: 'P3',
    pointType: 'back_street',
    districtId: 'D2',
    unitId: 11,
    answers: [
      { standardCode: 'S4', answer: 'fail' },
      { standardCode: 'S5', answer: 'score', score: 1.5 },
    ],
  },
  { pointId: 'P4', pointType: 'community', districtId: 'D2', unitId: 13, answers: [{ standardCode: 'S3', answer: 'pass' }] },
  {
    pointId: 'P5',
    pointType: 'park',
    districtId: 'D2',
    unitId: 12,
    answers: [
      { standardCode: 'S1', answer: 'pass' },
      { standardCode: 'S2', answer: 'pass' },
      { standardCode: 'S5', answer: 'fail' },
    ],
  },
];
