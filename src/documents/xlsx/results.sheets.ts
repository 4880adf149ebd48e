import type ExcelJS from 'exceljs';
import { chinaDay, shiftDay } from '../../domain/calendar/work-calendar.js';
import { ANNUAL_PART_LABELS, ANNUAL_PARTS, METHOD_LABELS, type AnnualPart, type ResultGroup } from '../../shared/evaluation-enums.js';
import { inLang, type Bilingual, type ExportLang } from '../../shared/export-lang.js';
import { formatChinaTime } from '../../shared/time.js';
import { loadExcelJS } from './exceljs.js';
import type { DistrictIndexRow, NamedRateCell, ResultsExport } from '../../shared/contracts/results.contract.js';

/** Number formats: 得分率 as a percentage, scores with two decimals. */
const PCT = '0.0%';
const NUM = '0.00';

type Value = string | number | null;

/** Picks the text of the workbook's language. */
type Say = (zh: string, en: string) => string;

interface Column {
  header: string;
  width?: number;
  numFmt?: string;
}

/** Sheet names of the rate roll-ups, in workbook order. */
export const RATE_SHEETS: Record<Exclude<ResultGroup, 'all'>, { sheet: Bilingual; what: Bilingual }> = {
  district: { sheet: { zh: '区县得分率', en: 'District rates' }, what: { zh: '区县', en: 'District' } },
  unit: { sheet: { zh: '责任单位得分率', en: 'Unit rates' }, what: { zh: '责任单位', en: 'Unit' } },
  item: { sheet: { zh: '测评项目得分率', en: 'Item rates' }, what: { zh: '测评项目', en: 'Item' } },
  indicator: { sheet: { zh: '指标得分率', en: 'Indicator rates' }, what: { zh: '指标', en: 'Indicator' } },
  pointType: { sheet: { zh: '点位类型得分率', en: 'Point type rates' }, what: { zh: '点位类型', en: 'Point type' } },
  point: { sheet: { zh: '点位得分率', en: 'Point rates' }, what: { zh: '点位', en: 'Point' } },
  standard: { sheet: { zh: '测评标准得分率', en: 'Standard rates' }, what: { zh: '测评标准', en: 'Standard' } },
};

const INDEX_SHEET = { zh: '区县指数', en: 'District index' };
const TREND_SHEET = { zh: '趋势', en: 'Trend' };
const NOTES_SHEET = { zh: '说明', en: 'Notes' };

/** The sheet names of the export in `lang`, in order. */
export function resultsSheetNames(lang: ExportLang = 'zh-CN'): string[] {
  return [INDEX_SHEET, ...Object.values(RATE_SHEETS).map((s) => s.sheet), TREND_SHEET, NOTES_SHEET].map((b) => inLang(b, lang));
}

/** The Chinese sheet names of the export, in order. */
export const RESULTS_SHEET_NAMES = resultsSheetNames('zh-CN');

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

function indexSheet(wb: ExcelJS.Workbook, data: ResultsExport, lang: ExportLang, say: Say): void {
  const { items } = data.index;
  const partName = (p: AnnualPart) => inLang(ANNUAL_PART_LABELS[p], lang);
  const list = say('、', ', ');
  const columns: Column[] = [
    { header: say('排名', 'Rank'), width: 6 },
    { header: say('区县', 'District'), width: 16 },
    { header: say('模拟测评指数', 'Simulated index'), width: 13, numFmt: NUM },
    { header: say('覆盖权重', 'Covered weight'), width: 9, numFmt: NUM },
    { header: say('未测项目', 'Items not evaluated'), width: 16 },
    { header: say('得分率', 'Rate'), width: 9, numFmt: PCT },
    { header: say('实得分', 'Earned'), width: 10, numFmt: NUM },
    { header: say('应得分', 'Possible'), width: 10, numFmt: NUM },
    ...ANNUAL_PARTS.map((p) => ({ header: say(`${partName(p)}得分率`, `${partName(p)} rate`), width: 13, numFmt: PCT })),
    { header: say('年度分', 'Annual score'), width: 9, numFmt: NUM },
    { header: say('年度分覆盖权重', 'Annual covered weight'), width: 14, numFmt: NUM },
    { header: say('年度分缺项', 'Annual parts missing'), width: 14 },
    ...items.map((i) => ({ header: say(`${i.code} ${i.name}得分率`, `${i.code} ${i.name} rate`), width: 16, numFmt: PCT })),
  ];
  const row = (d: DistrictIndexRow): Value[] => [
    d.districtId === null ? say('全市', 'City') : d.rank,
    d.name,
    d.index,
    d.coveredWeight,
    d.missingItems.join(list),
    d.rate,
    d.earned,
    d.possible,
    ...ANNUAL_PARTS.map((p) => d.annual.parts[p].rate),
    d.annual.score,
    d.annual.coveredWeight,
    d.annual.missingParts.map(partName).join(list),
    ...items.map((i) => d.items[i.code]?.rate ?? null),
  ];
  addTable(wb, inLang(INDEX_SHEET, lang), columns, [...data.index.districts.map(row), row(data.index.city)]);
}

function rateSheet(wb: ExcelJS.Workbook, sheet: string, what: string, cells: NamedRateCell[], say: Say): void {
  const sorted = [...cells].sort((a, b) => a.code.localeCompare(b.code, 'zh-CN', { numeric: true }));
  addTable(
    wb,
    sheet,
    [
      { header: say(`${what}编码`, `${what} code`), width: 16 },
      { header: say(`${what}名称`, `${what} name`), width: 28 },
      { header: say('实得分', 'Earned'), width: 10, numFmt: NUM },
      { header: say('应得分', 'Possible'), width: 10, numFmt: NUM },
      { header: say('得分率', 'Rate'), width: 9, numFmt: PCT },
      { header: say('已测条目', 'Answered'), width: 9 },
      { header: say('不适用', 'Not applicable'), width: 8 },
    ],
    sorted.map((c) => [c.code, c.name, c.earned, c.possible, c.rate, c.answered, c.na]),
  );
}

function trendSheet(wb: ExcelJS.Workbook, data: ResultsExport, lang: ExportLang, say: Say): void {
  const { trend, trendCity } = data;
  const series = trend.series.filter((s) => s.cells.some((c) => c.possible > 0));
  addTable(
    wb,
    inLang(TREND_SHEET, lang),
    [
      ...(trend.bucket === 'week'
        ? [
            { header: say('周起始（周一）', 'Week from (Monday)'), width: 14 },
            { header: say('周结束（周日）', 'Week to (Sunday)'), width: 14 },
          ]
        : [
            { header: say('月初', 'Month from'), width: 14 },
            { header: say('月末', 'Month to'), width: 14 },
          ]),
      ...series.map((s) => ({ header: s.name, width: 12, numFmt: PCT })),
      { header: say('全市', 'City'), width: 10, numFmt: PCT },
    ],
    trend.buckets.map((b, i) => [
      b.start,
      shiftDay(b.end, -1),
      ...series.map((s) => s.cells[i]?.rate ?? null),
      trendCity.series[0]?.cells[i]?.rate ?? null,
    ]),
  );
}

function notesSheet(wb: ExcelJS.Workbook, data: ResultsExport, lang: ExportLang, say: Say): void {
  const { index } = data;
  const w = index.annualWeights;
  const lastDay = chinaDay(new Date(Date.parse(index.to) - 1));
  const m = (k: keyof typeof METHOD_LABELS) => inLang(METHOD_LABELS[k], lang);
  const notes: [string, string][] = [
    [say('测评体系', 'Framework'), `${index.framework.name} v${index.framework.version}`],
    [
      say('时间范围', 'Period'),
      say(
        `${formatChinaTime(index.from)} 至 ${lastDay}（含，北京时间）`,
        `${formatChinaTime(index.from)} to ${lastDay} (inclusive, Beijing time)`,
      ),
    ],
    [
      say('得分率', 'Rate'),
      say(
        '实得分 ÷ 应得分；各层级汇总时先合计分数再相除（不适用的条目不计入应得分）',
        'earned ÷ possible; roll-ups add the points first, then divide (not-applicable answers count in neither)',
      ),
    ],
    [
      say('模拟测评指数', 'Simulated index'),
      say(
        'Σ 测评项目权重 × 得分率；未测的项目不计入，其余权重按比例折算到 100（见“覆盖权重”“未测项目”）',
        'Σ item weight × rate; items not evaluated are left out and the other weights scaled to 100 (see "Covered weight", "Items not evaluated")',
      ),
    ],
    [
      say('项目权重', 'Item weights'),
      `${index.weightsSource === 'campaign' ? say('创建活动设置', 'campaign settings') : say('测评体系自带', 'the framework')}${say('：', ': ')}${index.items.map((i) => `${i.code} ${i.name} ${i.weight}`).join(say('；', '; '))}`,
    ],
    [
      say('年度分', 'Annual score'),
      say(
        `网上材料 ${w.online} + 实地测评 ${w.field} + 问卷调查 ${w.survey}；没有数据的部分不计入，其余按比例折算到 100（见“年度分覆盖权重”“年度分缺项”）`,
        `online material ${w.online} + field evaluation ${w.field} + survey ${w.survey}; parts without data are left out and the rest scaled to 100`,
      ),
    ],
    [
      say('方法归属', 'Methods'),
      say(
        `${m('online')}、${m('material')} → 网上材料；${m('field')} → 实地测评；${m('survey')} → 问卷调查`,
        `${m('online')}, ${m('material')} → online material; ${m('field')} → field evaluation; ${m('survey')} → survey`,
      ),
    ],
    [
      say('趋势', 'Trend'),
      data.trend.bucket === 'week'
        ? say(
            '按周统计，每周从周一 00:00（北京时间）开始；空白 = 该周没有测评',
            'by week, each from Monday 00:00 Beijing time; blank = no evaluation that week',
          )
        : say(
            '时间范围较长，按月统计（北京时间）；空白 = 该月没有测评',
            'by month (Beijing time) for a long period; blank = no evaluation that month',
          ),
    ],
    [say('无法计入的答案', 'Answers not counted'), String(index.rejected)],
  ];
  const ws = addTable(
    wb,
    inLang(NOTES_SHEET, lang),
    [
      { header: say('项目', 'Topic'), width: 16 },
      { header: say('说明', 'Note'), width: 110 },
    ],
    notes,
  );
  ws.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
}

/** The results workbook: 区县指数, the seven 得分率 roll-ups, 趋势 (weekly by district, with the city) and 说明. */
export async function renderResultsWorkbook(data: ResultsExport, lang: ExportLang = 'zh-CN'): Promise<Buffer> {
  const { Workbook } = await loadExcelJS();
  const wb = new Workbook();
  wb.creator = 'Dudao';
  const say: Say = (zh, en) => (lang === 'en-US' ? en : zh);
  indexSheet(wb, data, lang, say);
  for (const [g, s] of Object.entries(RATE_SHEETS) as [keyof typeof RATE_SHEETS, (typeof RATE_SHEETS)[keyof typeof RATE_SHEETS]][])
    rateSheet(wb, inLang(s.sheet, lang), inLang(s.what, lang), data.rates[g], say);
  trendSheet(wb, data, lang, say);
  notesSheet(wb, data, lang, say);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
