/**
 * Enumerations of the evaluation framework (测评体系), check points and inspections
 * (DOMAIN.md §3.1), shared by server and web. Each list is defined once here; the
 * TypeBox schemas, the domain and the web app all derive from these arrays.
 *
 * Codes are stable English identifiers because they are stored in the database,
 * written into exports and cached on inspectors' phones; the Chinese names are
 * labels only and may be reworded without a migration.
 */

/**
 * The 26 check point types of the 2021 operating manual, in the manual's order.
 * They are the DEFAULT registry: operators may add their own types, so the domain
 * validates point types against a list it is given (this one unless configured).
 */
export const POINT_TYPES = [
  'civilization_practice_center', // 新时代文明实践中心
  'government_hall', // 政务大厅
  'bank_branch', // 银行网点
  'service_window', // 窗口单位
  'bus_stop', // 公交站点
  'bus', // 公交车
  'taxi', // 出租车
  'outdoor_toilet', // 室外公厕
  'public_square', // 公共广场
  'hotel', // 宾馆酒店
  'park', // 公园
  'community', // 社区
  'construction_site', // 建筑工地
  'scenic_spot', // 景区景点
  'school', // 中小学校
  'mall_supermarket', // 商场超市
  'hospital', // 医院
  'cultural_facility', // 公共文化设施
  'major_intersection', // 主要交通路口
  'back_street', // 背街小巷
  'commercial_street', // 商业大街
  'main_road', // 主次干道
  'urban_rural_fringe', // 城乡接合部
  'farmers_market', // 集贸市场
  'residential_compound', // 小区
  'township', // 乡镇
] as const;
/** One of {@link POINT_TYPES}. */
export type PointType = (typeof POINT_TYPES)[number];

/** How a standard is checked (测评方法). */
export const METHODS = [
  'field', // 实地考察: an inspector on site
  'material', // 材料审核: documents submitted by the unit
  'survey', // 问卷调查: questionnaires
  'online', // 网上申报: material filed on the national platform
] as const;
/** One of {@link METHODS}. */
export type Method = (typeof METHODS)[number];

/**
 * Levels of the framework tree, root first: 测评项目 → 指标 → 测评内容 → 测评标准.
 * Every node's parent sits exactly one level above it.
 */
export const NODE_LEVELS = ['item', 'indicator', 'content', 'standard'] as const;
/** One of {@link NODE_LEVELS}. */
export type NodeLevel = (typeof NODE_LEVELS)[number];

/** Life cycle of a framework version: only drafts change; published ones are frozen. */
export const FRAMEWORK_STATUSES = [
  'draft', // being edited; cannot be pinned by a campaign
  'published', // frozen; may be pinned
  'archived', // frozen and retired: campaigns already pinned keep it, new ones cannot pin it
] as const;
/** One of {@link FRAMEWORK_STATUSES}. */
export type FrameworkStatus = (typeof FRAMEWORK_STATUSES)[number];

/** An inspector's answer to one standard of a checklist. */
export const ANSWERS = [
  'pass', // 达标: full points
  'fail', // 不达标: zero points, and a case is raised
  'na', // 不适用: excluded from both 实得分 and 应得分
  'score', // a score between 0 and the standard's points (scored standards only)
] as const;
/** One of {@link ANSWERS}. */
export type AnswerKind = (typeof ANSWERS)[number];

/** Why a check point is in an inspection plan; a point may have several of the first three. */
export const PLAN_REASONS = ['must_check', 'new', 'weak', 'sampled'] as const;
/** One of {@link PLAN_REASONS}. */
export type PlanReason = (typeof PLAN_REASONS)[number];

/** Why a check point is weak (薄弱点); the point page lists each with its figures. */
export const WEAKNESS_KINDS = ['low_rate', 'repeated_cases'] as const;
/** One of {@link WEAKNESS_KINDS}. */
export type WeaknessKind = (typeof WEAKNESS_KINDS)[number];

/** Chinese and English names of check point types. */
export const POINT_TYPE_LABELS: Record<PointType, { zh: string; en: string }> = {
  civilization_practice_center: { zh: '新时代文明实践中心', en: 'Civilization practice centre' },
  government_hall: { zh: '政务大厅', en: 'Government service hall' },
  bank_branch: { zh: '银行网点', en: 'Bank branch' },
  service_window: { zh: '窗口单位', en: 'Public service window' },
  bus_stop: { zh: '公交站点', en: 'Bus stop' },
  bus: { zh: '公交车', en: 'Bus' },
  taxi: { zh: '出租车', en: 'Taxi' },
  outdoor_toilet: { zh: '室外公厕', en: 'Outdoor public toilet' },
  public_square: { zh: '公共广场', en: 'Public square' },
  hotel: { zh: '宾馆酒店', en: 'Hotel' },
  park: { zh: '公园', en: 'Park' },
  community: { zh: '社区', en: 'Community' },
  construction_site: { zh: '建筑工地', en: 'Construction site' },
  scenic_spot: { zh: '景区景点', en: 'Scenic spot' },
  school: { zh: '中小学校', en: 'Primary or secondary school' },
  mall_supermarket: { zh: '商场超市', en: 'Mall or supermarket' },
  hospital: { zh: '医院', en: 'Hospital' },
  cultural_facility: { zh: '公共文化设施', en: 'Public cultural facility' },
  major_intersection: { zh: '主要交通路口', en: 'Major intersection' },
  back_street: { zh: '背街小巷', en: 'Back street or alley' },
  commercial_street: { zh: '商业大街', en: 'Commercial street' },
  main_road: { zh: '主次干道', en: 'Main or secondary road' },
  urban_rural_fringe: { zh: '城乡接合部', en: 'Urban–rural fringe' },
  farmers_market: { zh: '集贸市场', en: 'Farmers’ market' },
  residential_compound: { zh: '小区', en: 'Residential compound' },
  township: { zh: '乡镇', en: 'Township' },
};

/** Chinese and English names of check methods. */
export const METHOD_LABELS: Record<Method, { zh: string; en: string }> = {
  field: { zh: '实地考察', en: 'Field inspection' },
  material: { zh: '材料审核', en: 'Material review' },
  survey: { zh: '问卷调查', en: 'Questionnaire survey' },
  online: { zh: '网上申报', en: 'Online submission' },
};

/** Chinese and English names of framework levels (column headers of the Excel template). */
export const NODE_LEVEL_LABELS: Record<NodeLevel, { zh: string; en: string }> = {
  item: { zh: '测评项目', en: 'Item' },
  indicator: { zh: '指标', en: 'Indicator' },
  content: { zh: '测评内容', en: 'Content' },
  standard: { zh: '测评标准', en: 'Standard' },
};

/** Chinese and English names of framework version statuses. */
export const FRAMEWORK_STATUS_LABELS: Record<FrameworkStatus, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'Draft' },
  published: { zh: '已发布', en: 'Published' },
  archived: { zh: '已归档', en: 'Archived' },
};

/** Chinese and English names of answers (checklist buttons). */
export const ANSWER_LABELS: Record<AnswerKind, { zh: string; en: string }> = {
  pass: { zh: '达标', en: 'Pass' },
  fail: { zh: '不达标', en: 'Fail' },
  na: { zh: '不适用', en: 'Not applicable' },
  score: { zh: '评分', en: 'Score' },
};

/** Chinese and English names of plan reasons. */
export const PLAN_REASON_LABELS: Record<PlanReason, { zh: string; en: string }> = {
  must_check: { zh: '必查点', en: 'Must check' },
  new: { zh: '新增点', en: 'New' },
  weak: { zh: '薄弱点', en: 'Weak' },
  sampled: { zh: '随机抽取', en: 'Sampled' },
};

/** Chinese and English names of weakness reasons. */
export const WEAKNESS_KIND_LABELS: Record<WeaknessKind, { zh: string; en: string }> = {
  low_rate: { zh: '得分率偏低', en: 'Low score rate' },
  repeated_cases: { zh: '问题反复出现', en: 'Repeated cases' },
};

/** How 得分率 results can be grouped (测评结果 roll-ups, DOMAIN.md §3.1). */
export const RESULT_GROUPS = ['standard', 'point', 'pointType', 'indicator', 'item', 'unit', 'district', 'all'] as const;
/** One of {@link RESULT_GROUPS}. */
export type ResultGroup = (typeof RESULT_GROUPS)[number];

/** Time buckets of the trend: weeks start on Monday 00:00 China time; months on the 1st. */
export const TREND_BUCKETS = ['week', 'month'] as const;
/** One of {@link TREND_BUCKETS}. */
export type TrendBucket = (typeof TREND_BUCKETS)[number];

/** Series of the trend: one per district, one per item, or one for the whole city. */
export const TREND_GROUPS = ['district', 'item', 'all'] as const;
/** One of {@link TREND_GROUPS}. */
export type TrendGroup = (typeof TREND_GROUPS)[number];

/**
 * The three parts of the annual scheme (年度分 = 网上材料 40 + 实地测评 40 + 问卷调查 20).
 * A standard feeds the part of its method: online (网上申报) and material (材料审核) →
 * 网上材料; field (实地考察) → 实地测评; survey (问卷调查) → 问卷调查.
 */
export const ANNUAL_PARTS = ['online', 'field', 'survey'] as const;
/** One of {@link ANNUAL_PARTS}. */
export type AnnualPart = (typeof ANNUAL_PARTS)[number];

/** The annual part each check method feeds. */
export const ANNUAL_PART_OF_METHOD: Record<Method, AnnualPart> = { online: 'online', material: 'online', field: 'field', survey: 'survey' };

/** Chinese and English names of the annual scheme's parts. */
export const ANNUAL_PART_LABELS: Record<AnnualPart, { zh: string; en: string }> = {
  online: { zh: '网上材料', en: 'Online material' },
  field: { zh: '实地测评', en: 'Field evaluation' },
  survey: { zh: '问卷调查', en: 'Questionnaire survey' },
};
