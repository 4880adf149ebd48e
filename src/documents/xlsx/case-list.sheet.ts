import {
  CASE_SOURCE_LABELS,
  CASE_STATE_LABELS,
  SEVERITY_LABELS,
  type CaseSource,
  type CaseState,
  type Severity,
} from '../../shared/case-enums.js';
import { inLang, type ExportLang } from '../../shared/export-lang.js';
import { formatChinaTime } from '../../shared/time.js';
import { writeSheet, type SheetSpec } from './workbook.js';

/** Columns of the case list export. */
export const CASE_LIST_SHEET: SheetSpec = {
  name: { zh: '案卷', en: 'Cases' },
  columns: [
    { key: 'number', header: { zh: '案卷号', en: 'Case number' }, width: 14, help: { zh: '案卷编号', en: 'Case number' } },
    { key: 'state', header: { zh: '状态', en: 'State' }, width: 10, help: { zh: '当前状态', en: 'Current state' } },
    { key: 'overdue', header: { zh: '超期', en: 'Overdue' }, width: 8, help: { zh: '是否已超期', en: 'Whether the deadline has passed' } },
    { key: 'source', header: { zh: '来源', en: 'Source' }, width: 10, help: { zh: '问题来源', en: 'Where the case came from' } },
    { key: 'categoryName', header: { zh: '问题类别', en: 'Category' }, width: 20, help: { zh: '问题类别名称', en: 'Category name' } },
    { key: 'categoryCode', header: { zh: '类别编码', en: 'Category code' }, width: 10, help: { zh: '问题类别编码', en: 'Category code' } },
    { key: 'severity', header: { zh: '紧急程度', en: 'Severity' }, width: 10, help: { zh: '紧急程度', en: 'Severity' } },
    {
      key: 'unit',
      header: { zh: '责任单位', en: 'Responsible unit' },
      width: 24,
      help: { zh: '当前责任单位', en: 'Unit the case is assigned to' },
    },
    {
      key: 'deadline',
      header: { zh: '处置时限', en: 'Deadline' },
      width: 18,
      help: { zh: '处置时限（北京时间）', en: 'Deadline (Beijing time)' },
    },
    { key: 'address', header: { zh: '地址', en: 'Address' }, width: 30, help: { zh: '问题地址', en: 'Address' } },
    { key: 'description', header: { zh: '描述', en: 'Description' }, width: 40, help: { zh: '问题描述', en: 'Description' } },
    {
      key: 'createdAt',
      header: { zh: '上报时间', en: 'Reported' },
      width: 18,
      help: { zh: '上报时间（北京时间）', en: 'Reported at (Beijing time)' },
    },
  ],
};

/** Renders listed cases as a workbook in `lang`; `categoryName` gives a category's name by code. */
export async function renderCaseList(
  items: {
    number: string;
    state: string;
    overdue: boolean;
    source: string;
    categoryCode: string;
    severity: string;
    assignedUnitName: string | null;
    deadline: string | null;
    address: string | null;
    description: string;
    createdAt: string;
  }[],
  categoryName: (code: string) => string | undefined,
  lang: ExportLang = 'zh-CN',
): Promise<Buffer> {
  const label = (l: { zh: string; en: string } | undefined, raw: string) => (l ? inLang(l, lang) : raw);
  return writeSheet(
    CASE_LIST_SHEET,
    items.map((c) => ({
      number: c.number,
      state: label(CASE_STATE_LABELS[c.state as CaseState], c.state),
      overdue: c.overdue ? (lang === 'en-US' ? 'yes' : '是') : '',
      source: label(CASE_SOURCE_LABELS[c.source as CaseSource], c.source),
      categoryName: categoryName(c.categoryCode) ?? '',
      categoryCode: c.categoryCode,
      severity: label(SEVERITY_LABELS[c.severity as Severity], c.severity),
      unit: c.assignedUnitName ?? '',
      deadline: formatChinaTime(c.deadline),
      address: c.address ?? '',
      description: c.description,
      createdAt: formatChinaTime(c.createdAt),
    })),
    [{ zh: '时间均为北京时间。', en: 'Times are Beijing time (UTC+8).' }],
    lang,
  );
}
