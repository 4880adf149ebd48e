import {
  PROJECT_CATEGORIES,
  PROJECT_CATEGORY_LABELS,
  PROJECT_LEVEL_LABELS,
  PROJECT_LEVELS,
  PROJECT_STAGE_LABELS,
  PROJECT_STAGES,
  PROJECT_STATUS_LABELS,
  PROJECT_STATUSES,
} from '../../shared/project-enums.js';
import type { Bilingual } from '../../shared/export-lang.js';
import type { SheetColumn, SheetSpec } from './workbook.js';

const labels = (values: readonly string[], table: Record<string, { zh: string; en: string }>) => ({
  zh: values.map((v) => table[v]!.zh).join('、'),
  en: values.map((v) => `${table[v]!.en} (${table[v]!.zh})`).join(', '),
});
const levels = labels(PROJECT_LEVELS, PROJECT_LEVEL_LABELS);
const categories = labels(PROJECT_CATEGORIES, PROJECT_CATEGORY_LABELS);
const stages = labels(PROJECT_STAGES, PROJECT_STAGE_LABELS);
const statuses = labels(PROJECT_STATUSES, PROJECT_STATUS_LABELS);

const col = (key: string, zh: string, en: string, help: Bilingual, width = 16, required = false): SheetColumn => ({
  key,
  header: { zh, en },
  help,
  width,
  required,
});
const wan = (zh: string, en: string) => ({
  zh: `${zh}，单位万元（1亿元 = 10000万元），不小于 0，最多两位小数。`,
  en: `${en}, in 万元 (10 000 CNY; 1亿元 = 10000), at least 0, at most 2 decimals.`,
});
const planned = (stage: string, en: string) => ({
  zh: `一套方案中计划${stage}的日期，格式 YYYY-MM-DD（如 2026-05-01），可留空。`,
  en: `Planned date of ${en} (the plan), YYYY-MM-DD, may be empty.`,
});

/** Columns shared by the export and the import template. */
const CODE = col('code', '项目代码', 'Code', {
  zh: '项目代码，在本平台内唯一；1–64 位字母、数字、“.”“_”“-”（如 2205-411622-04-01-123456）。',
  en: 'Project code, unique in Dudao: 1–64 letters, digits, ".", "_" or "-".',
});
const NAME = col('name', '项目名称', 'Name', { zh: '项目名称。', en: 'Project name.' }, 36);
const INDUSTRY = col('industryChain', '产业链', 'Industry chain', {
  zh: '所属产业链，如 智能零部件，可留空。',
  en: 'Industry chain, may be empty.',
});
const INVESTOR = col('investor', '投资方', 'Investor', { zh: '投资企业名称，可留空。', en: 'The investing company, may be empty.' }, 24);
const LEVEL = col('level', '项目级别', 'Level', { zh: `项目级别，填：${levels.zh}。`, en: `Level: ${levels.en}.` }, 12);
const CATEGORY = col('category', '项目类别', 'Category', { zh: `项目类别，填：${categories.zh}。`, en: `Category: ${categories.en}.` });
const TOTAL = col('totalInvestment', '总投资（万元）', 'Total investment (万元)', wan('总投资', 'Total investment'));
const COUNTY_HELP = {
  zh: '所属县区：填县区名称（如 西华县）或统计用区划代码（如 411622）；须在您管理的范围内。',
  en: 'County or district: its name or division code; it must be in the area you manage.',
};

/** The 重大项目 import template (docs/IMPORT-TEMPLATES.md). Values are checked by ProjectSheetService. */
export const PROJECT_IMPORT_SHEET: SheetSpec = {
  name: { zh: '重大项目', en: 'Projects' },
  columns: [
    { ...CODE, required: true },
    { ...NAME, required: true },
    col('county', '所属县区', 'County', COUNTY_HELP, 14, true),
    INDUSTRY,
    { ...LEVEL, required: true },
    { ...CATEGORY, required: true },
    INVESTOR,
    { ...TOTAL, required: true },
    col('landMu', '用地（亩）', 'Land (mu)', {
      zh: '用地面积，单位亩，不小于 0，最多两位小数，可留空。',
      en: 'Land, in mu, ≥ 0, 2 decimals at most.',
    }),
    col('floorAreaM2', '建筑面积（平方米）', 'Floor area (m²)', {
      zh: '建筑面积，单位平方米，不小于 0 的整数，可留空。',
      en: 'Floor area, m², a whole number ≥ 0, may be empty.',
    }),
    col('expectedAnnualOutput', '预计年产值（万元）', 'Expected annual output (万元)', wan('预计年产值，可留空', 'Expected annual output')),
    col('expectedAnnualTax', '预计年税收（万元）', 'Expected annual tax (万元)', wan('预计年税收，可留空', 'Expected annual tax')),
    col('jobs', '带动就业（人）', 'Jobs', { zh: '带动就业人数，不小于 0 的整数，可留空。', en: 'Jobs created, a whole number ≥ 0.' }),
    col('lon', '经度', 'Longitude', {
      zh: '项目位置经度（WGS84，如 114.70），与纬度同填或同空，须在本市范围内。',
      en: 'Longitude (WGS84); give both or neither; inside the city.',
    }),
    col('lat', '纬度', 'Latitude', { zh: '项目位置纬度（WGS84，如 33.60）。', en: 'Latitude (WGS84).' }),
    col('workTeam', '工作专班', 'Work team', {
      zh: '负责的工作专班名称（须为已建的工作专班单位），可留空。',
      en: 'Name of the work team unit in charge (must exist), may be empty.',
    }),
    col('plannedSigned', '计划签约日期', 'Planned signing', planned('签约', 'signing')),
    col('plannedStarted', '计划开工日期', 'Planned start', planned('开工', 'construction start')),
    col('plannedProducing', '计划投产日期', 'Planned production', planned('投产', 'production')),
    col('plannedAtCapacity', '计划达产日期', 'Planned full capacity', planned('达产', 'full capacity')),
  ],
};

/** Planned-date columns and the stage each plans. */
export const PLANNED_COLUMNS = [
  ['plannedSigned', 'signed'],
  ['plannedStarted', 'started'],
  ['plannedProducing', 'producing'],
  ['plannedAtCapacity', 'at_capacity'],
] as const;

/** The example row of the template (it imports as it is, into a county named 西华县 / 411622). */
export const PROJECT_EXAMPLE_ROW = {
  code: '2205-411622-04-01-000001',
  name: '河南凯旺电子安防设备生产基地',
  county: '411622',
  industryChain: '智能零部件',
  level: PROJECT_LEVEL_LABELS.municipal.zh,
  category: PROJECT_CATEGORY_LABELS.advanced_manufacturing.zh,
  investor: '河南凯旺电子科技有限公司',
  totalInvestment: '52000.5',
  landMu: '300',
  floorAreaM2: '120000',
  expectedAnnualOutput: '25000',
  expectedAnnualTax: '2000',
  jobs: '1200',
  lon: '',
  lat: '',
  workTeam: '',
  plannedSigned: '2026-03-01',
  plannedStarted: '2026-06-01',
  plannedProducing: '2027-06-30',
  plannedAtCapacity: '2028-06-30',
};

/** Notes under the column list of the template's 说明 sheet. */
export const PROJECT_IMPORT_NOTES: Bilingual[] = [
  {
    zh: '导入是整体性的：任何一行有错，整份文件都不会写入，并报告每个错误的行号、列和原因。',
    en: 'All or nothing: if any row is wrong nothing is written, and every problem is reported with its row and column.',
  },
  {
    zh: '导入的项目均处于“谋划”阶段；阶段推进（签约、开工…）在项目页面填报并确认。示例行可直接导入（县区须存在）。',
    en: 'Imported projects start at 谋划 (planning); stages are recorded on the project page. The example row imports as it is.',
  },
  { zh: `导出文件另含：当前阶段（${stages.zh}）、状态（${statuses.zh}）。`, en: `Exports also show the stage (${stages.en}) and status.` },
];

/** The register export: the filtered list, names rather than ids, amounts in 万元. */
export const PROJECT_EXPORT_SHEET: SheetSpec = {
  name: { zh: '重大项目', en: 'Projects' },
  columns: [
    CODE,
    NAME,
    col('countyName', '所属县区', 'County', COUNTY_HELP, 14),
    INDUSTRY,
    LEVEL,
    CATEGORY,
    INVESTOR,
    TOTAL,
    col('workTeamName', '工作专班', 'Work team', { zh: '负责的工作专班。', en: 'Work team in charge.' }),
    col('leaderName', '分包领导', 'Leader', { zh: '分包领导。', en: 'Leader in charge.' }, 12),
    col('stage', '当前阶段', 'Stage', { zh: `已确认的当前阶段：${stages.zh}。`, en: `Confirmed stage: ${stages.en}.` }, 12),
    col('stageDate', '阶段日期', 'Stage date', { zh: '当前阶段的实际日期。', en: 'Actual date of the stage.' }, 12),
    col('pendingStage', '待确认阶段', 'Awaiting confirmation', { zh: '已填报待确认的阶段。', en: 'Stage awaiting confirmation.' }, 12),
    col('status', '状态', 'Status', { zh: `状态：${statuses.zh}。`, en: `Status: ${statuses.en}.` }, 10),
  ],
};
