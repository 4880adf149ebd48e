import type { ObstacleKind } from '../../shared/project-enums.js';
import type { CaseCategory } from '../cases/categories.js';

/**
 * Obstacles (要素保障, DOMAIN.md §3.7): each kind a project can raise is a case category of its
 * own, a child of 扩展事件 (E06). So routing and deadlines are the case module's configurable
 * category rules — HQ changes a kind's responsible department (default and by county) and its
 * deadline with the category settings like any other category — and the case workflow,
 * indicators and letters treat an obstacle as the case it is.
 */

/** The case category of each obstacle kind. */
export const OBSTACLE_CATEGORY_CODES: Readonly<Record<ObstacleKind, string>> = {
  land: 'E06-YD',
  funding: 'E06-ZJ',
  approval: 'E06-SP',
  utilities: 'E06-SDQ',
  labour: 'E06-YG',
  other: 'E06-QT',
};

/** The obstacle kind of a case category, or null when it is no obstacle category. */
export function obstacleKindOf(categoryCode: string): ObstacleKind | null {
  for (const [kind, code] of Object.entries(OBSTACLE_CATEGORY_CODES)) if (code === categoryCode) return kind as ObstacleKind;
  return null;
}

/** The campaign tag of the obstacle categories (they are grouped under it in the category settings). */
export const OBSTACLE_CAMPAIGN = '重大项目';

// Demo city (周口市) department codes of the default routing; deployments change them in the settings.
const ZRZYJ = '411600-ZRZYJ'; // 市自然资源和规划局: land use (用地)
const CZJ = '411600-CZJ'; // 市财政局: funding (资金)
const XZSPJ = '411600-XZSPJ'; // 市行政审批和政务信息管理局: approvals (审批)
const GDJ = '411600-GDJ'; // 市供电公司: water, power and gas (水电气)
const RSJ = '411600-RSJ'; // 市人力资源和社会保障局: labour (用工)
const FGW = '411600-FGW'; // 市发展和改革委员会 (the projects office's department): anything else

function category(kind: ObstacleKind, name: string, unit: string, workingDays: number): CaseCategory {
  return {
    code: OBSTACLE_CATEGORY_CODES[kind],
    class: 'event',
    name,
    parentCode: 'E06',
    defaultSeverity: 'major',
    // Obstacles take days of a department's work, not the hours of street-order cases.
    deadlineRule: { unit: 'working_days', amount: workingDays },
    responsibleUnitRule: { defaultUnitCode: unit },
    campaign: OBSTACLE_CAMPAIGN,
  };
}

/**
 * The default obstacle categories: responsible department and deadline (working days from
 * dispatch) per kind. Approvals and utilities are routine services with short statutory
 * times; land and funding need procedures and get longer.
 */
export const OBSTACLE_CATEGORIES: readonly CaseCategory[] = [
  category('land', '要素保障-用地', ZRZYJ, 15),
  category('funding', '要素保障-资金', CZJ, 15),
  category('approval', '要素保障-审批', XZSPJ, 10),
  category('utilities', '要素保障-水电气', GDJ, 5),
  category('labour', '要素保障-用工', RSJ, 10),
  category('other', '要素保障-其他', FGW, 10),
];
