import type ExcelJS from 'exceljs';
import { chinaDay, shiftDay } from '../../domain/calendar/work-calendar.js';
import { ANNUAL_PART_LABELS, ANNUAL_PARTS, METHOD_LABELS, type AnnualPart, type ResultGroup } from '../../shared/evaluation-enums.js';
import { formatChinaTime } from '../../shared/time.js';
import { loadExcelJS } from './exceljs.js';
import type { DistrictIndexRow, NamedRateCell, ResultsExport } from '../../services/evaluation-results.service.js';

/** Number formats: 得分率 as a percentage, scores with two decimals. */
const PCT = '0.0%';
const NUM = '0.00';

type Value = string | number | null;

interface Column {
  header: string;
  width?: number;
  numFmt?: string;
}

/** Sheet names of the rate roll-ups, in workbook order. */
export const RATE_SHEETS: Record<Exclude<ResultGroup, 'all'>, { sheet: string; what: string }> = {
  district: { sheet: '区县得分率', what: '区县' },
  unit: { sheet: '责任单位得分率', what: '责任单位' },
  item: { sheet: '测评项目得分率', what: '测评项目' },
  indicator: { sheet: '指标得分率', what: '指标' },
  pointType: { sheet: '点位类型得分率', what: '点位类型' },
  point: { sheet: '点位得分率', what: '点位' },
  standard: { sheet: '测评标准得分率', what: '测评标准' },
};

/** The sheet names of the export, in order. */
export const RESULTS_SHEET_NAMES = ['区县指数', ...Object.values(RATE_SHEETS).map((s) => s.sheet), '趋势', '说明'];

function addTable(wb: ExcelJS.Workbook, name: string, columns: Column[], rows: Value[][]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name);
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width ?? 12 }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const r of rows) ws.addRow(r.map((v) => (v === null ? undefined : v)));
  columns.forEach((c, i) => {
    if (!c.numFmt) return;
    ws.getColumn(i + 1).eachCell((cell, n) => {
      if (n > 1) cell.numFmt = c.numFmt!;
    });
  });
  return ws;
}

const partName = (p: AnnualPart) => ANNUAL_PART_LABELS[p].zh;

function indexSheet(wb: ExcelJS.Workbook, data: ResultsExport): void {
  const { items } = data.index;
  const columns: Column[] = [
    { header: '排名', width: 6 },
    { header: '区县', width: 16 },
    { header: '模拟测评指数', width: 13, numFmt: NUM },
    { header: '覆盖权重', width: 9, numFmt: NUM },
    { header: '未测项目', width: 16 },
    { header: '得分率', width: 9, numFmt: PCT },
    { header: '实得分', width: 10, numFmt: NUM },
    { header: '应得分', width: 10, numFmt: NUM },
    ...ANNUAL_PARTS.map((p) => ({ header: `${partName(p)}得分率`, width: 13, numFmt: PCT })),
    { header: '年度分', width: 9, numFmt: NUM },
    { header: '年度分覆盖权重', width: 14, numFmt: NUM },
    { header: '年度分缺项', width: 14 },
    ...items.map((i) => ({ header: `${i.code} ${i.name}得分率`, width: 16, numFmt: PCT })),
  ];
  const row = (d: DistrictIndexRow): Value[] => [
    d.districtId === null ? '全市' : d.rank,
    d.name,
    d.index,
    d.coveredWeight,
    d.missingItems.join('、'),
    d.rate,
    d.earned,
    d.possible,
    ...ANNUAL_PARTS.map((p) => d.annual.parts[p].rate),
    d.annual.score,
    d.annual.coveredWeight,
    d.annual.missingParts.map(partName).join('、'),
    ...items.map((i) => d.items[i.code]?.rate ?? null),
  ];
  addTable(wb, '区县指数', columns, [...data.index.districts.map(row), row(data.index.city)]);
}

function rateSheet(wb: ExcelJS.Workbook, sheet: string, what: string, cells: NamedRateCell[]): void {
  const sorted = [...cells].sort((a, b) => a.code.localeCompare(b.code, 'zh-CN', { numeric: true }));
  addTable(
    wb,
    sheet,
    [
      { header: `${what}编码`, width: 16 },
      { header: `${what}名称`, width: 28 },
      { header: '实得分', width: 10, numFmt: NUM },
      { header: '应得分', width: 10, numFmt: NUM },
      { header: '得分率', width: 9, numFmt: PCT },
      { header: '已测条目', width: 9 },
      { header: '不适用', width: 8 },
    ],
    sorted.map((c) => [c.code, c.name, c.earned, c.possible, c.rate, c.answered, c.na]),
  );
}

function trendSheet(wb: ExcelJS.Workbook, data: ResultsExport): void {
  const { trend, trendCity } = data;
  const series = trend.series.filter((s) => s.cells.some((c) => c.possible > 0));
  addTable(
    wb,
    '趋势',
    [...(trend.bucket === 'week' ? [{ header: '周起始（周一）', width: 14 }, { header: '周结束（周日）', width: 14 }] : [{ header: '月初', width: 14 }, { header: '月末', width: 14 }]), ...series.map((s) => ({ header: s.name, width: 12, numFmt: PCT })), { header: '全市', width: 10, numFmt: PCT }],
    trend.buckets.map((b, i) => [b.start, shiftDay(b.end, -1), ...series.map((s) => s.cells[i]?.rate ?? null), trendCity.series[0]?.cells[i]?.rate ?? null]),
  );
}

function notesSheet(wb: ExcelJS.Workbook, data: ResultsExport): void {
  const { index } = data;
  const w = index.annualWeights;
  const lastDay = chinaDay(new Date(Date.parse(index.to) - 1));
  const notes: [string, string][] = [
    ['测评体系', `${index.framework.name} v${index.framework.version}`],
    ['时间范围', `${formatChinaTime(index.from)} 至 ${lastDay}（含，北京时间）`],
    ['得分率', '实得分 ÷ 应得分；各层级汇总时先合计分数再相除（不适用的条目不计入应得分）'],
    ['模拟测评指数', `Σ 测评项目权重 × 得分率；未测的项目不计入，其余权重按比例折算到 100（见“覆盖权重”“未测项目”）`],
    ['项目权重', `${index.weightsSource === 'campaign' ? '创建活动设置' : '测评体系自带'}：${index.items.map((i) => `${i.code} ${i.name} ${i.weight}`).join('；')}`],
    ['年度分', `网上材料 ${w.online} + 实地测评 ${w.field} + 问卷调查 ${w.survey}；没有数据的部分不计入，其余按比例折算到 100（见“年度分覆盖权重”“年度分缺项”）`],
    ['方法归属', `${METHOD_LABELS.online.zh}、${METHOD_LABELS.material.zh} → 网上材料；${METHOD_LABELS.field.zh} → 实地测评；${METHOD_LABELS.survey.zh} → 问卷调查`],
    ['趋势', data.trend.bucket === 'week' ? '按周统计，每周从周一 00:00（北京时间）开始；空白 = 该周没有测评' : '时间范围较长，按月统计（北京时间）；空白 = 该月没有测评'],
    ['无法计入的答案', String(index.rejected)],
  ];
  const ws = addTable(wb, '说明', [{ header: '项目', width: 16 }, { header: '说明', width: 110 }], notes);
  ws.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
}

/** The results workbook: 区县指数, the seven 得分率 roll-ups, 趋势 (weekly by district, with the city) and 说明. */
export async function renderResultsWorkbook(data: ResultsExport): Promise<Buffer> {
  const { Workbook } = await loadExcelJS();
  const wb = new Workbook();
  wb.creator = 'Dudao';
  indexSheet(wb, data);
  for (const [g, s] of Object.entries(RATE_SHEETS) as [keyof typeof RATE_SHEETS, (typeof RATE_SHEETS)[keyof typeof RATE_SHEETS]][]) rateSheet(wb, s.sheet, s.what, data.rates[g]);
  trendSheet(wb, data);
  notesSheet(wb, data);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
