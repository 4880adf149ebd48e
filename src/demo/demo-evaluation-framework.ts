import type { RawFrameworkNode } from '../domain/evaluation/framework.js';
import type { PointType } from '../shared/evaluation-enums.js';

/**
 * The demo's framework (测评体系): a realistic subset of the national one, as raw
 * nodes (测评项目 → 指标 → 测评内容 → 测评标准). Data only; the loader is demo-evaluation.ts.
 */

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
  [
    '理想信念教育',
    10,
    [
      [
        '理论学习宣传',
        [
          [
            '习近平新时代中国特色社会主义思想宣传',
            [
              [
                '新时代文明实践中心（所、站）常态化开展理论宣讲活动，有活动记录和影像资料',
                'material',
                3,
                ['civilization_practice_center', 'community'],
              ],
              [
                '宣传栏、电子屏有党的创新理论宣传内容，内容更新及时',
                'field',
                2,
                ['civilization_practice_center', 'community', 'public_square'],
              ],
            ],
          ],
        ],
      ],
    ],
  ],
  [
    '社会主义核心价值观',
    15,
    [
      [
        '公益广告宣传',
        [
          [
            '核心价值观公益广告',
            [
              [
                '主次干道、商业大街沿线有社会主义核心价值观公益广告，设置规范、无破损',
                'field',
                3,
                ['main_road', 'commercial_street'],
                true,
              ],
              ['公交站台、候车亭设有公益广告，画面整洁、无褪色破损', 'field', 2, ['bus_stop']],
              ['公园、广场公益广告融入景观，数量充足、位置醒目', 'field', 3, ['park', 'public_square'], true],
              ['医院、学校、商场超市显著位置有公益广告', 'field', 2, ['hospital', 'school', 'mall_supermarket']],
            ],
          ],
        ],
      ],
      [
        '家风家教',
        [['文明家庭创建', [['社区开展文明家庭、好家风好家训宣传，有专栏展示', 'field', 2, ['community', 'residential_compound']]]]],
      ],
    ],
  ],
  [
    '诚信建设',
    10,
    [
      [
        '诚信经营',
        [
          [
            '市场诚信',
            [
              ['集贸市场设有公平秤、价格公示牌，商户明码标价', 'field', 3, ['farmers_market']],
              ['商场超市诚信经营承诺公示，无过期变质商品', 'field', 3, ['mall_supermarket']],
              ['市场内设消费投诉点，投诉电话公示', 'field', 2, ['farmers_market', 'mall_supermarket']],
            ],
          ],
        ],
      ],
      [
        '政务诚信',
        [
          [
            '窗口服务',
            [
              ['政务服务中心办事指南公开、一次性告知，无推诿扯皮', 'field', 3, ['government_hall']],
              ['群众对窗口服务满意度调查', 'survey', 4, ['government_hall', 'hospital'], true],
            ],
          ],
        ],
      ],
    ],
  ],
  [
    '公共文明',
    15,
    [
      [
        '公共秩序',
        [
          [
            '交通秩序',
            [
              ['主要路口机动车礼让斑马线，行人、非机动车各行其道', 'field', 4, ['major_intersection'], true],
              ['非机动车停放有序，无乱停乱放', 'field', 2, ['main_road', 'commercial_street', 'mall_supermarket', 'hospital']],
              ['公交站台无乱贴乱画、站牌信息完整', 'field', 3, ['bus_stop']],
              ['候车秩序良好，乘客排队有序上下车', 'field', 2, ['bus_stop']],
            ],
          ],
          [
            '公共场所秩序',
            [
              ['医院就诊秩序良好，导诊标识清晰，无号贩子', 'field', 3, ['hospital']],
              ['学校周边无流动摊贩，上下学时段有护学岗', 'field', 3, ['school']],
              ['广场无噪音扰民，健身、娱乐活动有序', 'field', 2, ['public_square', 'park']],
            ],
          ],
        ],
      ],
    ],
  ],
  [
    '城市管理',
    20,
    [
      [
        '市容环境',
        [
          [
            '街面秩序',
            [
              ['沿街商户无店外经营、占道经营', 'field', 3, ['main_road', 'commercial_street', 'back_street']],
              ['路面平整，无坑洼破损，井盖完好', 'field', 3, STREETS, true],
              ['背街小巷路灯完好，无私搭乱建', 'field', 2, ['back_street', 'urban_rural_fringe']],
              ['市场内通道畅通，无占道经营', 'field', 3, ['farmers_market']],
            ],
          ],
          [
            '环境卫生',
            [
              [
                '地面干净，无垃圾杂物、无卫生死角',
                'field',
                3,
                [...STREETS, 'public_square', 'park', 'farmers_market', 'residential_compound'],
                true,
              ],
              ['公厕洁净无异味、设施完好', 'field', 4, ['outdoor_toilet'], true],
              ['公厕有无障碍设施和标识，开放时间公示', 'field', 2, ['outdoor_toilet']],
              ['垃圾分类设施齐全，分类投放规范', 'field', 2, ['residential_compound', 'community', 'school', 'mall_supermarket']],
            ],
          ],
        ],
      ],
      [
        '建设管理',
        [
          [
            '施工管理',
            [
              ['工地围挡规范、出入口车辆冲洗', 'field', 4, ['construction_site'], true],
              ['工地裸土覆盖、渣土车密闭运输，无扬尘', 'field', 3, ['construction_site']],
              ['工地围挡设置公益广告，施工铭牌信息完整', 'field', 2, ['construction_site']],
            ],
          ],
        ],
      ],
    ],
  ],
  [
    '生态环境',
    10,
    [
      [
        '绿化美化',
        [
          [
            '园林绿化',
            [
              ['公园绿地管护良好，无黄土裸露、无枯死树木', 'field', 3, ['park', 'public_square'], true],
              ['小区绿化无毁绿种菜、无侵占绿地', 'field', 2, ['residential_compound']],
            ],
          ],
        ],
      ],
    ],
  ],
  [
    '志愿服务',
    10,
    [
      [
        '志愿服务站点',
        [
          [
            '站点建设',
            [
              [
                '设有学雷锋志愿服务站，有人员值守、服务项目公示',
                'field',
                3,
                ['public_square', 'bus_stop', 'hospital', 'government_hall', 'civilization_practice_center'],
              ],
              ['志愿服务活动常态化开展，有活动台账', 'material', 3, ['community', 'civilization_practice_center'], true],
              ['群众对志愿服务的知晓率和参与度调查', 'survey', 3, ['community', 'residential_compound'], true],
            ],
          ],
        ],
      ],
    ],
  ],
  [
    '未成年人思想道德建设',
    10,
    [
      [
        '校园及周边',
        [
          [
            '育人环境',
            [
              ['校园内有社会主义核心价值观、中华优秀传统文化宣传', 'field', 2, ['school']],
              ['学校周边200米内无网吧、无营业性娱乐场所', 'field', 3, ['school']],
              ['开展学雷锋、文明礼仪教育活动，有活动记录', 'material', 2, ['school']],
            ],
          ],
        ],
      ],
    ],
  ],
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
