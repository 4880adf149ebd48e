/**
 * What the project service hands to the OC4IDS export (issue 14 point 8): one register entry
 * with its stages, evidence, monthly investment and batch memberships, already read, authorized
 * and converted from the database's units (wan_cents) to 万元. The mapping itself is pure
 * (oc4ids.ts); docs/OC4IDS.md has the field-by-field table.
 *
 * Dates are China calendar dates `YYYY-MM-DD` (Beijing time), instants ISO-8601 UTC strings,
 * money decimals in 万元 (10 000 CNY) as the wire shows them.
 */
import type { BatchRole, ProjectCategory, ProjectLevel, ProjectStage, ProjectStatus } from '../../shared/project-enums.js';

/** A China calendar date, `YYYY-MM-DD` in Beijing time. */
export type ChinaDate = string;

/** Planned and actual dates of one stage (谋划 … 达产, PROJECT_STAGES). */
export interface Oc4idsStageInput {
  stage: ProjectStage;
  /** The plan's date for the stage (一套方案), if any. */
  planned?: ChinaDate | null;
  /** The confirmed actual date; records awaiting confirmation or sent back are not handed over. */
  actual?: ChinaDate | null;
}

/** A step of the plan (一套方案) that is not a stage, e.g. 主体厂房封顶, with its planned day. */
export interface Oc4idsPlanStepInput {
  name: string;
  planned: ChinaDate;
  /** When it was done, if recorded. */
  actual?: ChinaDate | null;
}

/**
 * What an evidence or report file is (the project module's own words); with the file's MIME
 * type it decides the OC4IDS documentType (docs/OC4IDS.md, "Documents").
 */
export type Oc4idsDocumentKind = 'stage_evidence' | 'plan' | 'monthly_report' | 'other';

/** A stored file the project shows (stage evidence, the plan, a monthly report's attachment). */
export interface Oc4idsDocumentInput {
  /** Dudao's file id, unique within the project. */
  id: string | number;
  title: string;
  /** MIME type by content, e.g. `image/jpeg`, `application/pdf`. */
  mime: string;
  /** Path of the file's GET route, e.g. `/api/projects/12/files/34`; made absolute with `baseUrl`. */
  urlPath: string;
  kind: Oc4idsDocumentKind;
  /** The stage the file is evidence of (kind `stage_evidence`). */
  stage?: ProjectStage | null;
  /** When it was uploaded (ISO instant). */
  uploadedAt?: string | null;
}

/** Investment completed since the project started, as reported for one month (累计完成投资). */
export interface Oc4idsMonthlyInvestmentInput {
  /** `YYYY-MM`. */
  month: string;
  /** Cumulative since start, 万元. */
  completedToDateWan: number;
}

/** The project's place in a "三个一批" batch (e.g. 西华县第五期"三个一批", role 开工). */
export interface Oc4idsBatchInput {
  name: string;
  role: BatchRole;
  /** The batch event's date. */
  date?: ChinaDate | null;
}

/**
 * 建设性质 as registers record it: 新建 / 扩建 / 改建. Mapped to OC4IDS projectType
 * (construction / expansion / rehabilitation); absent → no `type`.
 */
export type Oc4idsBuildNature = 'new' | 'expansion' | 'renovation';

/** One register entry, as the project service hands it to `oc4idsProject`. */
export interface Oc4idsProjectInput {
  /** The register's project code, unique in this Dudao; the local part of the OC4IDS id. */
  code: string;
  name: string;
  /** One paragraph (项目简介); becomes `description`. */
  summary?: string | null;
  /** County or district (区/县) the project is in, e.g. 西华县. */
  countyName: string;
  /** Its division code (国家统计局统计用区划代码, e.g. 411622 for 西华县), if known. */
  divisionCode?: string | null;
  /** 产业链, e.g. 智能零部件. */
  industryChain?: string | null;
  level?: ProjectLevel | null;
  category: ProjectCategory;
  buildNature?: Oc4idsBuildNature | null;
  /** 投资方 (the company investing). */
  investorName?: string | null;
  /** 总投资, 万元 (1亿元 = 10 000 万元). */
  totalInvestmentWan?: number | null;
  /** 用地, 亩 (not exported: OC4IDS 0.9.5 has no field for it). */
  landMu?: number | null;
  /** 建筑面积, m² (not exported: no field for it). */
  floorAreaM2?: number | null;
  /** 预计年产值, 万元. */
  expectedAnnualOutputWan?: number | null;
  /** 预计年税收, 万元. */
  expectedAnnualTaxWan?: number | null;
  /** 带动就业, people. */
  expectedJobs?: number | null;
  /** Street address or site description (e.g. 西华县产业集聚区…), if recorded. */
  address?: string | null;
  /** Location point, WGS84 degrees. */
  location?: { lon: number; lat: number } | null;
  /** 工作专班 (not exported as a party: no partyRole fits; see docs/OC4IDS.md). */
  workTeamName?: string | null;
  /** 分包领导, a public official: exported as a person of the public authority. */
  leaderName?: string | null;
  /** The unit managing the project in the register (县项目办, 发改委); default: the county. */
  authorityName?: string | null;
  /** The current (confirmed) stage. */
  stage: ProjectStage;
  stages: readonly Oc4idsStageInput[];
  /** The plan's other steps (exported as milestones without a type). */
  planSteps?: readonly Oc4idsPlanStepInput[];
  status: ProjectStatus;
  /** 终止 reason and date (status `terminated`). */
  terminationReason?: string | null;
  terminatedOn?: ChinaDate | null;
  documents?: readonly Oc4idsDocumentInput[];
  monthlyInvestment?: readonly Oc4idsMonthlyInvestmentInput[];
  batches?: readonly Oc4idsBatchInput[];
  /** When the register entry last changed (ISO instant). */
  updatedAt?: string | null;
}

/** How one project is exported; the same for every project of a package. */
export interface Oc4idsProjectOptions {
  /**
   * The publisher's project identifier prefix assigned by the OC4IDS Helpdesk, e.g.
   * `oc4ids-qu8r7p`; project ids are `<prefix>-<code>`.
   */
  idPrefix: string;
  /** Absolute origin of this Dudao (e.g. `https://dudao.example.gov.cn`), for document URLs. */
  baseUrl: string;
  /** The instant the export describes (ISO); milestones not met by then are `notMet` or `scheduled`. */
  asOf: string;
  /** `address.region` of every location and the authority, e.g. 河南省周口市. */
  region?: string;
  /** `address.countryName`; default 中国. */
  countryName?: string;
  /** `accessDetails` of linked files, e.g. "登录督导平台后可查看". */
  documentAccessDetails?: string;
}

/** A package of the whole register (or any selection). */
export interface Oc4idsPackageOptions extends Omit<Oc4idsProjectOptions, 'asOf'> {
  /** The package's own URI (format uri), e.g. the GET route's absolute URL. */
  uri: string;
  publisher: { name: string; uid?: string; scheme?: string; uri?: string };
  /** ISO instant; also the projects' `asOf` unless given. */
  publishedDate: string;
  /** The OC4IDS schema version, major.minor. */
  version: '0.9';
  asOf?: string;
  /** URL of the data's licence, e.g. https://creativecommons.org/licenses/by/4.0/. */
  license?: string;
  publicationPolicy?: string;
}
