/**
 * Register entries as the project service would hand them to the OC4IDS export. The projects,
 * companies, county and figures are those of the seed page (周口日报 2022-08-03: 耕德电子二期
 * 13.5亿元 / 254.8亩 / 29万平方米 / 部分车间已投产; 河南凯旺电子安防设备生产基地 年产值2.5亿元 /
 * 税收2000万元 / 用工1200人; 金丹科技's 生物降解材料产业园 being planned); division codes are the
 * real ones (resources/demo/zhoukou.json). Dates, points, codes, leaders' names and the other
 * amounts are invented for the tests.
 */
import type { Oc4idsPackageOptions, Oc4idsProjectInput, Oc4idsProjectOptions } from '../../../src/documents/oc4ids/oc4ids.js';

/** The page's day, 10:00 in Beijing. */
export const AS_OF = '2022-08-03T02:00:00.000Z';

export const PROJECT_OPTIONS: Oc4idsProjectOptions = {
  idPrefix: 'oc4ids-zk2022',
  baseUrl: 'https://dudao.example.gov.cn',
  asOf: AS_OF,
  region: '河南省周口市',
  documentAccessDetails: '登录督导平台后可查看',
};

export const PACKAGE_OPTIONS: Oc4idsPackageOptions = {
  idPrefix: PROJECT_OPTIONS.idPrefix,
  baseUrl: PROJECT_OPTIONS.baseUrl,
  region: PROJECT_OPTIONS.region,
  uri: 'https://dudao.example.gov.cn/api/projects/oc4ids',
  publisher: { name: '周口市重大项目办公室' },
  publishedDate: AS_OF,
  version: '0.9',
  license: 'https://creativecommons.org/licenses/by/4.0/',
};

/** 耕德电子二期: 13.5亿元, 254.8亩, 29万平方米, partly in production. */
export const gengde: Oc4idsProjectInput = {
  code: 'XH-2021-007',
  name: '耕德电子二期项目',
  summary: '采用政府投资重资产、企业投资轻资产“拎包入住”方式，主要建设生产厂房、仓库、员工宿舍楼、综合泵房等配套设施。',
  countyName: '西华县',
  divisionCode: '411622',
  industryChain: '智能零部件',
  level: 'municipal',
  category: 'advanced_manufacturing',
  buildNature: 'expansion',
  investorName: '耕德电子',
  totalInvestmentWan: 135000,
  landMu: 254.8,
  floorAreaM2: 290000,
  address: '西华经开区双创孵化园二期',
  location: { lon: 114.5312, lat: 33.7841 },
  workTeamName: '智能零部件工作专班',
  leaderName: '刘明',
  stage: 'partly_producing',
  stages: [
    { stage: 'signed', planned: '2021-03-15', actual: '2021-03-18' },
    { stage: 'performing', planned: '2021-05-01', actual: '2021-04-28' },
    { stage: 'started', planned: '2021-06-01', actual: '2021-06-10' },
    { stage: 'partly_producing', planned: '2022-06-30', actual: '2022-07-20' },
    { stage: 'producing', planned: '2022-12-31' },
    { stage: 'at_capacity', planned: '2023-12-31' },
  ],
  status: 'active',
  documents: [
    {
      id: 41,
      title: '部分车间投产运营现场',
      mime: 'image/jpeg',
      urlPath: '/api/projects/7/files/41',
      kind: 'stage_evidence',
      stage: 'partly_producing',
      uploadedAt: '2022-07-20T03:15:00.000Z',
    },
    {
      id: 12,
      title: '开工报告',
      mime: 'application/pdf',
      urlPath: '/api/projects/7/files/12',
      kind: 'stage_evidence',
      stage: 'started',
      uploadedAt: '2021-06-10T08:00:00.000Z',
    },
    { id: 3, title: '投资合同', mime: 'application/pdf', urlPath: '/api/projects/7/files/3', kind: 'stage_evidence', stage: 'signed' },
    { id: 2, title: '项目推进方案', mime: 'application/pdf', urlPath: '/api/projects/7/files/2', kind: 'plan' },
  ],
  monthlyInvestment: [
    { month: '2022-07', completedToDateWan: 110200 },
    { month: '2022-05', completedToDateWan: 98000 },
    { month: '2022-06', completedToDateWan: 104500.5 },
  ],
  batches: [{ name: '西华县第四期“三个一批”', role: 'produce', date: '2022-07-28' }],
  updatedAt: '2022-07-21T01:30:00.000Z',
};

/** 河南凯旺电子安防设备生产基地: annual output 2.5亿元, tax 2000万元, 1200 jobs; under construction. */
export const kaiwang: Oc4idsProjectInput = {
  code: 'XH-2022-002',
  name: '河南凯旺电子安防设备生产基地',
  summary: '研发生产精密连接器、精密线缆连接组件等产品，应用于安防、通讯、医疗器械、工业互联网等领域。',
  countyName: '西华县',
  divisionCode: '411622',
  industryChain: '智能零部件',
  level: 'county',
  category: 'advanced_manufacturing',
  buildNature: 'new',
  investorName: '凯旺科技',
  totalInvestmentWan: 30000,
  expectedAnnualOutputWan: 25000,
  expectedAnnualTaxWan: 2000,
  expectedJobs: 1200,
  location: { lon: 114.5105, lat: 33.8012 },
  leaderName: '陈华',
  stage: 'started',
  stages: [
    { stage: 'signed', actual: '2022-01-20' },
    { stage: 'performing', actual: '2022-02-25' },
    { stage: 'started', planned: '2022-03-31', actual: '2022-03-28' },
    { stage: 'producing', planned: '2022-07-31' },
    { stage: 'at_capacity', planned: '2023-06-30' },
  ],
  planSteps: [
    { name: '主体厂房封顶', planned: '2022-06-30', actual: '2022-06-25' },
    { name: '生产设备安装调试', planned: '2022-07-15' },
    { name: '智能化车间验收', planned: '2022-10-31' },
  ],
  status: 'active',
  batches: [
    { name: '西华县第四期“三个一批”', role: 'start', date: '2022-03-28' },
    { name: '西华县第五期“三个一批”', role: 'produce' },
  ],
};

/** Stopped (终止) after signing. */
export const terminated: Oc4idsProjectInput = {
  code: 'XH-2021-015',
  name: '西华县冷链食品加工项目',
  countyName: '西华县',
  divisionCode: '411622',
  industryChain: '食品加工',
  level: 'county',
  category: 'advanced_manufacturing',
  investorName: '某冷链食品有限公司',
  totalInvestmentWan: 12000.25,
  stage: 'performing',
  stages: [
    { stage: 'signed', planned: '2021-09-01', actual: '2021-09-06' },
    { stage: 'performing', planned: '2021-11-01', actual: '2021-11-15' },
    { stage: 'started', planned: '2022-03-01' },
    { stage: 'producing', planned: '2023-03-01' },
  ],
  status: 'terminated',
  terminationReason: '投资方资金链断裂，经县项目办研究决定终止',
  terminatedOn: '2022-05-10',
};

/** 谋划: 金丹科技's 生物降解材料研发生产产业园, no dates, no amount, no point yet. */
export const planned: Oc4idsProjectInput = {
  code: 'DC-2022-031',
  name: '生物降解材料研发生产产业园',
  countyName: '郸城县',
  divisionCode: '411625',
  industryChain: '生物降解材料',
  category: 'strategic_emerging',
  investorName: '金丹科技',
  stage: 'planning',
  stages: [],
  status: 'active',
};

/** An infrastructure renovation, for the sector table: 污水 → waterAndWaste. */
export const sewage: Oc4idsProjectInput = {
  code: 'XH-2022-011',
  name: '西华县城区污水处理厂提标改造项目',
  countyName: '西华县',
  divisionCode: '411622',
  category: 'infrastructure',
  buildNature: 'renovation',
  totalInvestmentWan: 8600,
  authorityName: '西华县住房和城乡建设局',
  stage: 'signed',
  stages: [
    { stage: 'planning', planned: '2022-01-10', actual: '2022-01-10' },
    { stage: 'signed', planned: '2022-06-30', actual: '2022-07-05' },
    { stage: 'started', planned: '2022-09-30' },
  ],
  status: 'active',
};

export const ALL_INPUTS = [gengde, kaiwang, terminated, planned, sewage];
