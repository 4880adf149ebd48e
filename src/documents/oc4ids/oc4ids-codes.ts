/**
 * The OC4IDS codes the export writes and the tables that choose them (docs/OC4IDS.md explains
 * each choice). Every code here is in the codelist CSVs shipped in resources/oc4ids/0.9.5/
 * (test/documents/oc4ids/oc4ids-codelists.test.ts checks them), closed codelists included.
 */
import type { BatchRole, ProjectCategory, ProjectStage } from '../../shared/project-enums.js';
import type { Oc4idsBuildNature, Oc4idsDocumentKind } from './oc4ids-input.js';

export type ProjectStatusCode = 'identification' | 'preparation' | 'implementation' | 'completion' | 'cancelled';
export type ProjectTypeCode = 'construction' | 'expansion' | 'rehabilitation';
/** milestoneStatus (closed), all four used. */
export const MILESTONE_STATUSES = ['scheduled', 'met', 'notMet', 'partiallyMet'] as const;
export type MilestoneStatusCode = (typeof MILESTONE_STATUSES)[number];
export type MilestoneTypeCode = 'preProcurement' | 'approval' | 'delivery';
export type MilestoneCodeCode = 'commencement' | 'completion';
export type PartyRoleCode = 'publicAuthority' | 'funder';
export type DocumentTypeCode = 'illustration' | 'projectPlan' | 'physicalProgressReport' | 'contractSigned' | 'cancellationDetails';
export type ProjectSectorCode = (typeof SECTOR_RULES)[number]['sectors'][number] | 'economy';

/**
 * projectStatus (closed) of an active project by its current stage. 谋划 is identification;
 * 签约 and 履约 (agreement signed, investor fulfilling it: company, land, approvals) are
 * preparation; 开工 and 部分投产 (construction going on, some workshops producing) are
 * implementation; 投产 and 达产 (works finished, the plant running) are completion — Dudao follows
 * a project only until 达产, so maintenance (operation) is never claimed. 终止 is `cancelled`.
 */
export const STAGE_PROJECT_STATUS: Record<ProjectStage, ProjectStatusCode> = {
  planning: 'identification',
  signed: 'preparation',
  performing: 'preparation',
  started: 'implementation',
  partly_producing: 'implementation',
  producing: 'completion',
  at_capacity: 'completion',
};

/** projectStatus of a terminated (终止) project, whatever its stage. */
export const TERMINATED_PROJECT_STATUS: ProjectStatusCode = 'cancelled';

/** projectType (closed) by 建设性质: 新建 / 扩建 / 改建. */
export const BUILD_NATURE_TYPE: Record<Oc4idsBuildNature, ProjectTypeCode> = {
  new: 'construction',
  expansion: 'expansion',
  renovation: 'rehabilitation',
};

/**
 * One milestone per stage: milestoneType (open) and, where the codelist has the event,
 * milestoneCode (open). 履约 and 部分投产 name no codelist event and carry no code; 履约 has no
 * type either (none of approval, financing, delivery… describes "the investor performs the
 * agreement").
 */
export const STAGE_MILESTONE: Record<ProjectStage, { type?: MilestoneTypeCode; code?: MilestoneCodeCode }> = {
  planning: { type: 'preProcurement' },
  signed: { type: 'approval' },
  performing: {},
  started: { type: 'delivery', code: 'commencement' },
  partly_producing: { type: 'delivery' },
  producing: { type: 'delivery', code: 'completion' },
  at_capacity: { type: 'delivery' },
};

/** The stage a "三个一批" batch role is about (its milestone carries the membership). */
export const BATCH_ROLE_STAGE: Record<BatchRole, ProjectStage> = {
  sign: 'signed',
  start: 'started',
  produce: 'producing',
};

/** Categories whose projects are industry and business investment: sector `economy`. */
const ECONOMY_CATEGORIES: ReadonlySet<ProjectCategory> = new Set(['advanced_manufacturing', 'strategic_emerging', 'services']);

/**
 * projectSector (open) for the other categories (基础设施, 民生, 其他): the first rules whose
 * words occur in the industry chain or the name, in this order; a subsector brings its parent
 * (as the codelist asks). No match → no sector rather than a guess.
 */
export const SECTOR_RULES = [
  { words: /铁路|高铁|城际/, sectors: ['transport', 'transport.rail'] },
  { words: /机场|航空港|通用航空/, sectors: ['transport', 'transport.air'] },
  { words: /港口|码头|航道|航运|船闸/, sectors: ['transport', 'transport.water'] },
  { words: /公交|地铁|轨道交通|慢行系统|停车/, sectors: ['transport', 'transport.urban'] },
  { words: /公路|道路|大道|高速|桥梁|大桥|立交|快速路/, sectors: ['transport', 'transport.road'] },
  { words: /光伏|太阳能/, sectors: ['energy', 'energy.solar'] },
  { words: /风电|风力发电/, sectors: ['energy', 'energy.wind'] },
  { words: /水电站/, sectors: ['energy', 'energy.hydropower'] },
  { words: /生物质发电|生物质能/, sectors: ['energy', 'energy.biomass'] },
  { words: /地热/, sectors: ['energy', 'energy.geothermal'] },
  { words: /电网|变电站|输变电|供电|燃气|供热|热电|储能|充电桩/, sectors: ['energy'] },
  { words: /供水|自来水|污水|排水|垃圾|固废|环卫/, sectors: ['waterAndWaste'] },
  { words: /防洪|堤防|排涝|蓄滞洪/, sectors: ['naturalResources', 'naturalResources.floodProtection'] },
  { words: /水利|灌区|水土保持|造林|土地整治/, sectors: ['naturalResources'] },
  { words: /学校|中学|小学|幼儿园|大学|学院|职教|教育|实训基地/, sectors: ['education'] },
  { words: /医院|卫生院|卫生服务|疾控|养老|康养|福利院/, sectors: ['health'] },
  { words: /保障房|保障性住房|安置房|棚户区|公租房|廉租房/, sectors: ['socialHousing'] },
  { words: /5G|通信|数据中心|宽带|邮政/, sectors: ['communications'] },
  { words: /文化|体育|图书馆|博物馆|公园|旅游|景区|全民健身/, sectors: ['cultureSportsAndRecreation'] },
  { words: /政务|党校|法院|检察院|公安|消防|应急/, sectors: ['governance'] },
] as const;

/** The project's sectors from its category, industry chain and name (see SECTOR_RULES). */
export function projectSectors(category: ProjectCategory, industryChain: string | null | undefined, name: string): ProjectSectorCode[] {
  if (ECONOMY_CATEGORIES.has(category)) return ['economy'];
  const text = `${industryChain ?? ''} ${name}`;
  const sectors = new Set<ProjectSectorCode>();
  for (const rule of SECTOR_RULES) if (rule.words.test(text)) for (const s of rule.sectors) sectors.add(s);
  return [...sectors];
}

/**
 * documentType (open) of a file: photos are `illustration`; the plan (一套方案) `projectPlan`;
 * monthly-report files and evidence of 开工 … 达产 `physicalProgressReport`; evidence of 签约
 * (the agreement) `contractSigned`; anything else has no type.
 */
export function documentTypeOf(
  mime: string,
  kind: Oc4idsDocumentKind,
  stage: ProjectStage | null | undefined,
): DocumentTypeCode | undefined {
  if (/^image\//i.test(mime)) return 'illustration';
  if (kind === 'plan') return 'projectPlan';
  if (kind === 'monthly_report') return 'physicalProgressReport';
  if (kind !== 'stage_evidence' || !stage) return undefined;
  if (stage === 'signed') return 'contractSigned';
  if (stage === 'started' || stage === 'partly_producing' || stage === 'producing' || stage === 'at_capacity')
    return 'physicalProgressReport';
  return undefined;
}

/** The reason of a 终止 is published as a text-only document of this type. */
export const TERMINATION_DOCUMENT_TYPE: DocumentTypeCode = 'cancellationDetails';

/**
 * The gazetteer scheme of a location's division code. Not in OC4IDS' open locationGazetteers
 * codelist (which has no Chinese scheme): documented as this publisher's extension.
 */
export const DIVISION_GAZETTEER = 'CN-NBS-DIVISION';

/** Every code the export can write, per codelist (the codelist test reads this). */
export const OC4IDS_CODES_USED: Readonly<Record<string, readonly string[]>> = {
  projectStatus: [...new Set([...Object.values(STAGE_PROJECT_STATUS), TERMINATED_PROJECT_STATUS])],
  projectType: Object.values(BUILD_NATURE_TYPE),
  projectSector: [...new Set<string>(['economy', ...SECTOR_RULES.flatMap((r) => r.sectors)])],
  milestoneType: [...new Set(Object.values(STAGE_MILESTONE).flatMap((m) => (m.type ? [m.type] : [])))],
  milestoneCode: [...new Set(Object.values(STAGE_MILESTONE).flatMap((m) => (m.code ? [m.code] : [])))],
  milestoneStatus: MILESTONE_STATUSES,
  partyRole: ['publicAuthority', 'funder'],
  documentType: ['illustration', 'projectPlan', 'physicalProgressReport', 'contractSigned', TERMINATION_DOCUMENT_TYPE],
  currency: ['CNY'],
  geometryType: ['Point'],
  metricID: ['financialProgress'],
};
