import { CATEGORY_CLASSES, SEVERITIES, type CategoryClass, type Severity } from '../../shared/case-enums.js';
import { checkDeadlineRule, DEFAULT_SEVERITY_RULES, type DeadlineRule } from './deadline-rules.js';

/**
 * Case categories (DOMAIN.md §3.2): the 部件 and 事件 classes of the 数字化城管
 * standard as top-level categories, plus finer campaign categories under them.
 * Each category names a default responsible unit, optionally by area, so HQ gets
 * a suggestion when dispatching; HQ may always pick another unit.
 */

/**
 * Which unit a category's cases go to. Unit codes (not ids) are used so the rules
 * survive re-imports of the directory and read the same in every database.
 */
export interface ResponsibleUnitRule {
  /** Unit code used when no area rule matches. */
  defaultUnitCode: string;
  /** Area unit code (district, county, street …) → responsible unit code. */
  byArea?: Readonly<Record<string, string>>;
}

/** One category of problem. */
export interface CaseCategory {
  /** Stable code, e.g. `C01` (部件 class), `E05` (事件 class), `E05-01` (finer category). */
  code: string;
  class: CategoryClass;
  /** Chinese name shown to users. */
  name: string;
  /** Code of the parent category, null for the top-level classes. */
  parentCode: string | null;
  /** Severity proposed when reporting. */
  defaultSeverity: Severity;
  /**
   * Replaces the severity's deadline rule for every case of this category when set
   * (e.g. 井盖缺损 is dangerous and gets hours whatever the reported severity).
   */
  deadlineRule?: DeadlineRule;
  responsibleUnitRule: ResponsibleUnitRule;
  /** Campaign the category was added for (e.g. 创文), absent for standard ones. */
  campaign?: string;
}

// Demo city (周口市) department codes, spelled once.
const CGJ = '411600-CGJ'; // 市城市管理局
const ZJJ = '411600-ZJJ'; // 市住房和城乡建设局
const JTJ = '411600-JTJ'; // 市交通运输局
const GAJ = '411600-GAJ'; // 市公安局
const STHJJ = '411600-STHJJ'; // 市生态环境局
const YZGLJ = '411600-YZGLJ'; // 市园林绿化中心
const SCJ = '411600-SCJ'; // 市市场监督管理局

/**
 * In the demo city the city departments serve the central district; street-level
 * order problems in the counties go to the county government, which has its own
 * departments outside the demo directory. Used as an example of area rules.
 */
const COUNTIES_HANDLE_LOCALLY: Readonly<Record<string, string>> = Object.fromEntries(
  ['411621', '411622', '411623', '411624', '411625', '411627', '411628', '411681'].map((c) => [c, c]),
);

const CREATE_CITY = '创文'; // 创建全国文明城市 campaign

/** The default categories shipped with Dudao; deployments extend or replace them. */
export const DEFAULT_CATEGORIES: readonly CaseCategory[] = [
  // 部件 classes
  {
    code: 'C01',
    class: 'component',
    name: '公用设施',
    parentCode: null,
    defaultSeverity: 'normal',
    responsibleUnitRule: { defaultUnitCode: ZJJ },
  },
  {
    code: 'C02',
    class: 'component',
    name: '道路交通',
    parentCode: null,
    defaultSeverity: 'normal',
    responsibleUnitRule: { defaultUnitCode: JTJ },
  },
  {
    code: 'C03',
    class: 'component',
    name: '市容环境',
    parentCode: null,
    defaultSeverity: 'normal',
    responsibleUnitRule: { defaultUnitCode: CGJ },
  },
  {
    code: 'C04',
    class: 'component',
    name: '园林绿化',
    parentCode: null,
    defaultSeverity: 'minor',
    responsibleUnitRule: { defaultUnitCode: YZGLJ },
  },
  {
    code: 'C05',
    class: 'component',
    name: '房屋土地',
    parentCode: null,
    defaultSeverity: 'normal',
    responsibleUnitRule: { defaultUnitCode: ZJJ },
  },
  {
    code: 'C06',
    class: 'component',
    name: '其他设施',
    parentCode: null,
    defaultSeverity: 'minor',
    responsibleUnitRule: { defaultUnitCode: CGJ },
  },
  // 事件 classes
  {
    code: 'E01',
    class: 'event',
    name: '市容环境',
    parentCode: null,
    defaultSeverity: 'normal',
    responsibleUnitRule: { defaultUnitCode: CGJ },
  },
  {
    code: 'E02',
    class: 'event',
    name: '宣传广告',
    parentCode: null,
    defaultSeverity: 'normal',
    responsibleUnitRule: { defaultUnitCode: CGJ },
  },
  {
    code: 'E03',
    class: 'event',
    name: '施工管理',
    parentCode: null,
    defaultSeverity: 'normal',
    responsibleUnitRule: { defaultUnitCode: ZJJ },
  },
  {
    code: 'E04',
    class: 'event',
    name: '突发事件',
    parentCode: null,
    defaultSeverity: 'urgent',
    responsibleUnitRule: { defaultUnitCode: GAJ },
  },
  {
    code: 'E05',
    class: 'event',
    name: '街面秩序',
    parentCode: null,
    defaultSeverity: 'normal',
    responsibleUnitRule: { defaultUnitCode: CGJ },
  },
  {
    code: 'E06',
    class: 'event',
    name: '扩展事件',
    parentCode: null,
    defaultSeverity: 'normal',
    responsibleUnitRule: { defaultUnitCode: CGJ },
  },
  // Finer campaign categories
  {
    code: 'C01-01',
    class: 'component',
    name: '井盖缺损',
    parentCode: 'C01',
    defaultSeverity: 'major',
    campaign: CREATE_CITY,
    // An open manhole is a hazard to pedestrians at night: hours, not working days.
    deadlineRule: { unit: 'hours', amount: 24 },
    responsibleUnitRule: { defaultUnitCode: ZJJ },
  },
  {
    code: 'C02-01',
    class: 'component',
    name: '道路破损',
    parentCode: 'C02',
    defaultSeverity: 'normal',
    campaign: CREATE_CITY,
    responsibleUnitRule: { defaultUnitCode: JTJ },
  },
  {
    code: 'C03-01',
    class: 'component',
    name: '公厕脏乱',
    parentCode: 'C03',
    defaultSeverity: 'normal',
    campaign: CREATE_CITY,
    responsibleUnitRule: { defaultUnitCode: CGJ, byArea: COUNTIES_HANDLE_LOCALLY },
  },
  {
    code: 'E01-01',
    class: 'event',
    name: '垃圾暴露',
    parentCode: 'E01',
    defaultSeverity: 'normal',
    campaign: CREATE_CITY,
    responsibleUnitRule: { defaultUnitCode: CGJ, byArea: COUNTIES_HANDLE_LOCALLY },
  },
  {
    code: 'E02-01',
    class: 'event',
    name: '乱贴乱画',
    parentCode: 'E02',
    defaultSeverity: 'minor',
    campaign: CREATE_CITY,
    responsibleUnitRule: { defaultUnitCode: CGJ },
  },
  // Misleading advertising content is a market-supervision matter, unlike the physical sign.
  {
    code: 'E02-02',
    class: 'event',
    name: '违规广告',
    parentCode: 'E02',
    defaultSeverity: 'normal',
    campaign: CREATE_CITY,
    responsibleUnitRule: { defaultUnitCode: SCJ },
  },
  // Dust is an air-quality matter first; the environment bureau enforces it on sites.
  {
    code: 'E03-01',
    class: 'event',
    name: '工地扬尘',
    parentCode: 'E03',
    defaultSeverity: 'major',
    campaign: CREATE_CITY,
    responsibleUnitRule: { defaultUnitCode: STHJJ },
  },
  {
    code: 'E05-01',
    class: 'event',
    name: '占道经营',
    parentCode: 'E05',
    defaultSeverity: 'normal',
    campaign: CREATE_CITY,
    responsibleUnitRule: { defaultUnitCode: CGJ, byArea: COUNTIES_HANDLE_LOCALLY },
  },
];

/** The category with `code`, or undefined. */
export function findCategory(categories: readonly CaseCategory[], code: string): CaseCategory | undefined {
  return categories.find((c) => c.code === code);
}

/**
 * The unit code suggested for a problem of `category` located in the area whose
 * unit codes, from the city down to the township, are `areaUnitCodePath`. The most
 * specific area with a rule wins (a street's rule beats its district's), else the
 * category's default.
 */
export function suggestResponsibleUnit(category: CaseCategory, areaUnitCodePath: readonly string[]): string {
  const byArea = category.responsibleUnitRule.byArea;
  if (byArea) {
    for (let i = areaUnitCodePath.length - 1; i >= 0; i--) {
      const code = areaUnitCodePath[i];
      // Object.hasOwn, not `in`: an area code like "constructor" must not hit the prototype.
      if (code !== undefined && Object.hasOwn(byArea, code)) return byArea[code] as string;
    }
  }
  return category.responsibleUnitRule.defaultUnitCode;
}

/**
 * The deadline rule for a case: the category's override when it has one, else the
 * severity's rule from `severityRules` (the configured table, defaults otherwise).
 */
export function deadlineRuleFor(
  category: CaseCategory | undefined,
  severity: Severity,
  severityRules: Readonly<Record<Severity, DeadlineRule>> = DEFAULT_SEVERITY_RULES,
): DeadlineRule {
  return category?.deadlineRule ?? severityRules[severity];
}

/**
 * Problems with a category list (configuration or a campaign import), empty when
 * fine: duplicate codes, unknown classes or severities, missing parents, a child
 * in a different class than its parent, parent cycles, bad deadline rules, and
 * empty unit codes.
 */
export function checkCategories(categories: readonly CaseCategory[]): string[] {
  const problems: string[] = [];
  const byCode = new Map<string, CaseCategory>();
  for (const c of categories) {
    if (byCode.has(c.code)) problems.push(`duplicate category code ${c.code}`);
    byCode.set(c.code, c);
  }
  for (const c of categories) {
    if (!CATEGORY_CLASSES.includes(c.class)) problems.push(`${c.code}: unknown class ${c.class}`);
    if (!SEVERITIES.includes(c.defaultSeverity)) problems.push(`${c.code}: unknown severity ${c.defaultSeverity}`);
    if (!c.name.trim()) problems.push(`${c.code}: name is empty`);
    if (!c.responsibleUnitRule.defaultUnitCode.trim()) problems.push(`${c.code}: default responsible unit is empty`);
    if (c.deadlineRule) {
      const why = checkDeadlineRule(c.deadlineRule);
      if (why) problems.push(`${c.code}: ${why}`);
    }
    if (c.parentCode !== null) {
      const parent = byCode.get(c.parentCode);
      if (!parent) problems.push(`${c.code}: parent ${c.parentCode} does not exist`);
      else if (parent.class !== c.class) problems.push(`${c.code}: class ${c.class} differs from parent ${parent.code} (${parent.class})`);
    }
    // Walk up the parents; revisiting a code means a cycle.
    const seen = new Set<string>([c.code]);
    for (let p = c.parentCode; p !== null; p = byCode.get(p)?.parentCode ?? null) {
      if (seen.has(p)) {
        problems.push(`${c.code}: parent chain loops`);
        break;
      }
      seen.add(p);
    }
  }
  return problems;
}
