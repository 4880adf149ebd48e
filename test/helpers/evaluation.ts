/**
 * Set-up shared by the evaluation service tests: a small published framework over the
 * test city and its staff.
 */
import type { RawFrameworkNode } from '../../src/domain/evaluation/framework.js';
import type { RequestContext } from '../../src/core/context.js';
import type { Services } from '../../src/services/index.js';
import type { TestDatabase } from './db.js';
import { cityWithStaff, type CityWithStaff } from './factories.js';

/** Two items (60/40), three standards for parks, squares and main roads; S2 is scored. */
export const SAMPLE_NODES: RawFrameworkNode[] = [
  { code: 'A01', parentCode: null, level: 'item', name: '公共环境', weight: 60 },
  { code: 'A02', parentCode: null, level: 'item', name: '公共秩序', weight: 40 },
  { code: 'A01.01', parentCode: 'A01', level: 'indicator', name: '市容市貌' },
  { code: 'A02.01', parentCode: 'A02', level: 'indicator', name: '交通秩序' },
  { code: 'A01.01.01', parentCode: 'A01.01', level: 'content', name: '环境卫生' },
  { code: 'A02.01.01', parentCode: 'A02.01', level: 'content', name: '文明出行' },
  {
    code: 'S1',
    parentCode: 'A01.01.01',
    level: 'standard',
    name: '地面无垃圾',
    method: 'field',
    points: 2,
    pointTypes: ['park', 'public_square'],
  },
  {
    code: 'S2',
    parentCode: 'A01.01.01',
    level: 'standard',
    name: '公厕整洁',
    method: 'field',
    points: 3,
    pointTypes: ['park'],
    passRule: { kind: 'scored', max: 3 },
  },
  {
    code: 'S3',
    parentCode: 'A02.01.01',
    level: 'standard',
    name: '车辆有序停放',
    method: 'field',
    points: 1.5,
    pointTypes: ['main_road', 'park'],
  },
];

export interface EvaluationSetup extends CityWithStaff {
  /** The published version of `nodes`; null when none was asked for. */
  frameworkId: number | null;
}

/** {@link cityWithStaff} and (when `nodes` are given) a framework of those nodes, published. */
export async function evaluationSetup(database: TestDatabase, nodes?: RawFrameworkNode[]): Promise<EvaluationSetup> {
  const staff = await cityWithStaff(database);
  let frameworkId: number | null = null;
  if (nodes) {
    const f = await staff.env.services.frameworks.create(staff.hq, { name: 'F', nodes });
    frameworkId = (await staff.env.services.frameworks.publish(staff.hq, f.id)).id;
  }
  return { ...staff, frameworkId };
}

/**
 * A campaign named `name` on a published framework of one field standard (for park points):
 * what the letters tests need to configure a ladder. Returns the campaign's id.
 */
export async function campaignOnOneStandard(services: Services, hq: RequestContext, name = '创建'): Promise<number> {
  const f = await services.frameworks.create(hq, {
    name: 'F',
    nodes: [
      { code: 'A', level: 'item', name: '项目' },
      { code: 'A.1', parentCode: 'A', level: 'indicator', name: '指标' },
      { code: 'A.1.1', parentCode: 'A.1', level: 'content', name: '内容' },
      { code: 'S', parentCode: 'A.1.1', level: 'standard', name: '标准', method: 'field', points: 1, pointTypes: ['park'] },
    ],
  });
  await services.frameworks.publish(hq, f.id);
  return (await services.campaigns.create(hq, { name, frameworkId: f.id })).id;
}
