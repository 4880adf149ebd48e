import { CASE_SOURCE_LABELS, CASE_STATE_LABELS, SEVERITY_LABELS, type CaseSource, type CaseState, type Severity } from '../../shared/case-enums.js';
import { formatChinaTime } from '../../shared/time.js';
import { writeSheet, type SheetSpec } from './workbook.js';

/** Columns of the case list export. */
export const CASE_LIST_SHEET: SheetSpec = {
  name: '案卷',
  columns: [
    { key: 'number', header: '案卷号 number', width: 14, help: '案卷编号' },
    { key: 'state', header: '状态 state', width: 10, help: '当前状态' },
    { key: 'overdue', header: '超期 overdue', width: 8, help: '是否已超期' },
    { key: 'source', header: '来源 source', width: 10, help: '问题来源' },
    { key: 'categoryCode', header: '类别 category', width: 10, help: '问题类别编码' },
    { key: 'severity', header: '紧急程度 severity', width: 10, help: '紧急程度' },
    { key: 'unit', header: '责任单位 unit', width: 24, help: '当前责任单位' },
    { key: 'deadline', header: '处置时限 deadline', width: 18, help: '处置时限（北京时间）' },
    { key: 'address', header: '地址 address', width: 30, help: '问题地址' },
    { key: 'description', header: '描述 description', width: 40, help: '问题描述' },
    { key: 'createdAt', header: '上报时间 reported', width: 18, help: '上报时间（北京时间）' },
  ],
};

/** Renders listed cases as a workbook. */
export async function renderCaseList(
  items: { number: string; state: string; overdue: boolean; source: string; categoryCode: string; severity: string; assignedUnitName: string | null; deadline: string | null; address: string | null; description: string; createdAt: string }[],
): Promise<Buffer> {
  return writeSheet(
    CASE_LIST_SHEET,
    items.map((c) => ({
      number: c.number,
      state: CASE_STATE_LABELS[c.state as CaseState]?.zh ?? c.state,
      overdue: c.overdue ? '是' : '',
      source: CASE_SOURCE_LABELS[c.source as CaseSource]?.zh ?? c.source,
      categoryCode: c.categoryCode,
      severity: SEVERITY_LABELS[c.severity as Severity]?.zh ?? c.severity,
      unit: c.assignedUnitName ?? '',
      deadline: formatChinaTime(c.deadline),
      address: c.address ?? '',
      description: c.description,
      createdAt: formatChinaTime(c.createdAt),
    })),
    ['导出时间以北京时间显示。Times are China Standard Time.'],
  );
}
