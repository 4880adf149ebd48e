import type ExcelJS from 'exceljs';
import {
  LIST_KIND_LABELS,
  RANK_MOVE_LABELS,
  RUN_STATUS_LABELS,
  SCORE_PART_KINDS,
  SCORE_PART_LABELS,
  type ScorePartKind,
} from '../../shared/assessment-enums.js';
import type { AssessmentRun, AssessmentRunItem } from '../../shared/contracts/assessment.contract.js';
import { formatChinaTime } from '../../shared/time.js';
import { loadExcelJS } from './exceljs.js';

type Value = string | number | null;

/** Excel refuses these in sheet names, and names longer than 31 characters. */
function sheetName(name: string, taken: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, '·').slice(0, 28);
  let out = base;
  for (let n = 2; taken.has(out); n++) out = `${base}(${n})`;
  taken.add(out);
  return out;
}

function addTable(wb: ExcelJS.Workbook, name: string, columns: { header: string; width?: number }[], rows: Value[][]): void {
  const ws = wb.addWorksheet(name);
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width ?? 12 }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const r of rows) ws.addRow(r.map((v) => (v === null ? undefined : v)));
}

function change(i: AssessmentRunItem): string {
  const c = i.change;
  if (c.move === 'up' || c.move === 'down') return `${c.move === 'up' ? '↑' : '↓'}${Math.abs(c.places ?? 0)}`;
  return RANK_MOVE_LABELS[c.move].zh;
}

/**
 * A results run as an Excel workbook (issue 13 point 11), in Chinese and by unit names: one
 * sheet per group (名次, 单位, 得分, 较上期, 红黑榜 and the points of each part), the 红黑榜
 * of every group, and a 说明 sheet naming the period, version, status and snapshot hash.
 */
export async function renderAssessmentWorkbook(run: AssessmentRun): Promise<Buffer> {
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Dudao';
  const taken = new Set<string>();
  for (const g of run.groups) {
    const kinds = SCORE_PART_KINDS.filter((k) => g.items.some((i) => i.parts.some((p) => p.kind === k)));
    const points = (i: AssessmentRunItem, k: ScorePartKind): Value => i.parts.find((p) => p.kind === k)?.points ?? null;
    addTable(
      wb,
      sheetName(g.name, taken),
      [
        { header: '名次', width: 8 },
        { header: '单位', width: 28 },
        { header: '得分', width: 10 },
        { header: '较上期', width: 10 },
        { header: '红黑榜', width: 8 },
        ...kinds.map((k) => ({ header: SCORE_PART_LABELS[k].zh, width: 14 })),
      ],
      g.items.map((i) => [
        i.rank,
        i.unitName,
        i.score,
        change(i),
        i.list ? LIST_KIND_LABELS[i.list].zh : '',
        ...kinds.map((k) => points(i, k)),
      ]),
    );
  }
  addTable(
    wb,
    sheetName('红黑榜', taken),
    [
      { header: '组别', width: 20 },
      { header: '榜单', width: 8 },
      { header: '名次', width: 8 },
      { header: '单位', width: 28 },
      { header: '得分', width: 10 },
    ],
    run.groups.flatMap((g) => g.lists.map((l): Value[] => [g.name, LIST_KIND_LABELS[l.list].zh, l.rank, l.unitName, l.score])),
  );
  addTable(
    wb,
    sheetName('说明', taken),
    [
      { header: '项目', width: 16 },
      { header: '内容', width: 70 },
    ],
    [
      ['考核活动', run.campaignName],
      ['考核办法', `${run.modelName}（第${run.modelVersion}版）`],
      ['考核周期', run.period.label],
      ['结果版本', `第${run.version}版${run.correctsRunId !== null ? `（更正：${run.correctionReason ?? ''}）` : ''}`],
      ['状态', RUN_STATUS_LABELS[run.status].zh],
      ['计算时间', formatChinaTime(run.computedAt)],
      ['发布时间', run.publishedAt ? formatChinaTime(run.publishedAt) : '未发布'],
      ['申诉截止', run.appealDeadline ? formatChinaTime(run.appealDeadline) : ''],
      ['快照哈希（SHA-256）', run.hash ?? ''],
    ],
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
