/**
 * Set-up shared by the evaluation service tests: a small published framework, the test
 * city, an HQ dispatcher and an inspector (both at the city).
 */
import type { RequestContext } from '../../src/core/context.js';
import type { RawFrameworkNode } from '../../src/domain/evaluation/framework.js';
import type { TestDatabase } from './db.js';
import { contextFor, makeCity, makeEnv, makeUser, type TestEnv } from './factories.js';

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

export interface EvaluationSetup {
  env: TestEnv;
  city: Awaited<ReturnType<typeof makeCity>>;
  hq: RequestContext;
  insp: RequestContext;
  inspId: number;
  /** The published version of `nodes`; null when none was asked for. */
  frameworkId: number | null;
}

/**
 * The test city with an HQ dispatcher and an inspector, the case policy's defaults, and
 * (when `nodes` are given) a framework of those nodes, published.
 */
export async function evaluationSetup(database: TestDatabase, nodes?: RawFrameworkNode[]): Promise<EvaluationSetup> {
  const env = makeEnv(database);
  await env.services.casePolicy.ensureDefaults();
  const city = await makeCity(database);
  const hqUser = await makeUser(database, { unit: city.city, roles: [{ role: 'hq_dispatcher', unit: city.city }] });
  const hq = await contextFor(database, hqUser.id);
  const inspId = (await makeUser(database, { unit: city.city, roles: [{ role: 'inspector', unit: city.city }] })).id;
  const insp = await contextFor(database, inspId);
  let frameworkId: number | null = null;
  if (nodes) {
    const f = await env.services.frameworks.create(hq, { name: 'F', nodes });
    frameworkId = (await env.services.frameworks.publish(hq, f.id)).id;
  }
  return { env, city, hq, insp, inspId, frameworkId };
}
