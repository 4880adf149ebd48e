/**
 * Enumerations of major projects (重大项目, "三个一批", DOMAIN.md §3.7), shared by server and
 * web. Plain values without TypeBox (the web bundle imports them); the wire shapes are in
 * src/shared/contracts/projects.contract.ts, the rules in src/domain/projects.
 */

type Label = { zh: string; en: string };

/**
 * A project's stages in order: 谋划 → 签约 → 履约 → 开工 → 投产 → 达产. 部分投产 sits between
 * 开工 and 投产 ("部分车间已于日前投产运营"): it counts as started, not yet as in production.
 */
export const PROJECT_STAGES = ['planning', 'signed', 'performing', 'started', 'partly_producing', 'producing', 'at_capacity'] as const;
export type ProjectStage = (typeof PROJECT_STAGES)[number];

export const PROJECT_STAGE_LABELS: Record<ProjectStage, Label> = {
  planning: { zh: '谋划', en: 'Planning' },
  signed: { zh: '签约', en: 'Signed' },
  performing: { zh: '履约', en: 'Performing' },
  started: { zh: '开工', en: 'Construction started' },
  partly_producing: { zh: '部分投产', en: 'Partly in production' },
  producing: { zh: '投产', en: 'In production' },
  at_capacity: { zh: '达产', en: 'At full capacity' },
};

/** How a recorded stage moves a project: the ordinary next stage, over a stage (with a reason), or back (with a reason). */
export const STAGE_MOVES = ['next', 'skip', 'back'] as const;
export type StageMove = (typeof STAGE_MOVES)[number];

/** Whether a project goes on or was stopped (终止, with a reason). */
export const PROJECT_STATUSES = ['active', 'terminated'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const PROJECT_STATUS_LABELS: Record<ProjectStatus, Label> = {
  active: { zh: '推进中', en: 'Active' },
  terminated: { zh: '已终止', en: 'Terminated' },
};

/** A recorded stage: entered by the project unit, confirmed by the work team or the county, or sent back. */
export const STAGE_RECORD_STATUSES = ['pending', 'confirmed', 'rejected'] as const;
export type StageRecordStatus = (typeof STAGE_RECORD_STATUSES)[number];

export const STAGE_RECORD_STATUS_LABELS: Record<StageRecordStatus, Label> = {
  pending: { zh: '待确认', en: 'Awaiting confirmation' },
  confirmed: { zh: '已确认', en: 'Confirmed' },
  rejected: { zh: '已退回', en: 'Sent back' },
};

/** 重点项目 level. */
export const PROJECT_LEVELS = ['provincial', 'municipal', 'county'] as const;
export type ProjectLevel = (typeof PROJECT_LEVELS)[number];

export const PROJECT_LEVEL_LABELS: Record<ProjectLevel, Label> = {
  provincial: { zh: '省重点', en: 'Provincial key project' },
  municipal: { zh: '市重点', en: 'Municipal key project' },
  county: { zh: '县重点', en: 'County key project' },
};

/** Project categories of the register. */
export const PROJECT_CATEGORIES = [
  'advanced_manufacturing',
  'strategic_emerging',
  'infrastructure',
  'services',
  'livelihood',
  'other',
] as const;
export type ProjectCategory = (typeof PROJECT_CATEGORIES)[number];

export const PROJECT_CATEGORY_LABELS: Record<ProjectCategory, Label> = {
  advanced_manufacturing: { zh: '先进制造业', en: 'Advanced manufacturing' },
  strategic_emerging: { zh: '战略性新兴产业', en: 'Strategic emerging industry' },
  infrastructure: { zh: '基础设施', en: 'Infrastructure' },
  services: { zh: '服务业', en: 'Services' },
  livelihood: { zh: '民生', en: 'Public welfare' },
  other: { zh: '其他', en: 'Other' },
};

/** A project's role in a "三个一批" batch: signed, started or put into production together. */
export const BATCH_ROLES = ['sign', 'start', 'produce'] as const;
export type BatchRole = (typeof BATCH_ROLES)[number];

export const BATCH_ROLE_LABELS: Record<BatchRole, Label> = {
  sign: { zh: '签约', en: 'Signed' },
  start: { zh: '开工', en: 'Started' },
  produce: { zh: '投产', en: 'Put into production' },
};

/** The rates of a batch or a set of projects (DOMAIN.md §3.7). */
export const PROJECT_RATES = ['performance', 'start', 'production', 'capacity'] as const;
export type ProjectRate = (typeof PROJECT_RATES)[number];

export const PROJECT_RATE_LABELS: Record<ProjectRate, Label> = {
  performance: { zh: '履约率', en: 'Performance rate' },
  start: { zh: '开工率', en: 'Start rate' },
  production: { zh: '投产率', en: 'Production rate' },
  capacity: { zh: '达产率', en: 'Capacity rate' },
};

/** Investment progress against 序时进度: 红 not started when planned, 黄 behind, 绿 on track. */
export const INVESTMENT_STATUSES = ['red', 'yellow', 'green'] as const;
export type InvestmentStatus = (typeof INVESTMENT_STATUSES)[number];

export const INVESTMENT_STATUS_LABELS: Record<InvestmentStatus, Label> = {
  red: { zh: '红灯', en: 'Red' },
  yellow: { zh: '黄灯', en: 'Yellow' },
  green: { zh: '绿灯', en: 'Green' },
};

/** 要素保障: what an obstacle a project unit raises is about (each becomes a case). */
export const OBSTACLE_KINDS = ['land', 'funding', 'approval', 'utilities', 'labour', 'other'] as const;
export type ObstacleKind = (typeof OBSTACLE_KINDS)[number];

export const OBSTACLE_KIND_LABELS: Record<ObstacleKind, Label> = {
  land: { zh: '用地', en: 'Land' },
  funding: { zh: '资金', en: 'Funding' },
  approval: { zh: '审批', en: 'Approvals' },
  utilities: { zh: '水电气', en: 'Water, power and gas' },
  labour: { zh: '用工', en: 'Labour' },
  other: { zh: '其他', en: 'Other' },
};
