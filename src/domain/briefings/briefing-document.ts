import { ACTION_ITEM_PROGRESS_LABELS } from '../../shared/action-item-enums.js';
import { BRIEFING_MASTHEAD } from '../../shared/briefing-enums.js';
import type { Briefing, BriefingFigures } from '../../shared/contracts/briefings.contract.js';
import { chineseDate } from './briefing-period.js';

/**
 * A briefing laid out as an official document (GB/T 9704-2012, the 简报/通报 form):
 * the red 版头, the 期号 line (第N期, the issuer, the date), the title, the body in
 * sections with tables, and the 抄送 and 印发 lines. DOCX and PDF render this one
 * model, so both say the same thing.
 */

/** A table of the body: column heads and rows of text. */
export interface DocTable {
  columns: string[];
  /** Relative column widths (sum arbitrary). */
  widths: number[];
  rows: string[][];
}

/**
 * A bar chart of a section (issue 13 point 7: "charts as images"): categories along one
 * axis, one bar per series in each. The documents draw it as an image.
 */
export interface DocChart {
  title: string;
  categories: string[];
  series: { name: string; values: number[] }[];
  /** Bars left to right from the category labels (long unit names), else upright. */
  horizontal: boolean;
}

/** One numbered section: a heading (一、…), its paragraphs, at most one chart and at most one table. */
export interface DocSection {
  heading: string;
  paragraphs: string[];
  table: DocTable | null;
  chart?: DocChart | null;
}

/** Units shown in the chart of overdue work. */
export const CHART_UNITS = 10;

export interface BriefingDocument {
  masthead: string;
  /** 2026年第1期, or 草稿 for a draft. */
  issueNumber: string;
  issuer: string;
  /** 2026年3月12日: the publication (or, for a draft, generation) day. */
  date: string;
  title: string;
  sections: DocSection[];
  cc: string;
  /** 〇〇办公室 2026年3月12日印发 */
  printLine: { issuer: string; date: string };
  draft: boolean;
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

/** A rate as 87.5%, or — without one. */
export function pct(rate: number | null): string {
  return rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** A signed change: +3, −2, 0; rates in percentage points (+1.5个百分点). */
function signed(n: number | null, unit = ''): string {
  if (n === null) return '—';
  const abs = Math.abs(Math.round(n * 100) / 100);
  return `${n > 0 ? '+' : n < 0 ? '−' : ''}${abs}${unit}`;
}

function figureRows(cur: BriefingFigures, prev: BriefingFigures, change: Briefing['content']['headline']['change']): string[][] {
  return [
    ['新派遣案件（件）', String(cur.newCases), String(prev.newCases), signed(change.newCases)],
    ['已处置（件）', String(cur.handled), String(prev.handled), signed(change.handled)],
    ['已结案（件）', String(cur.closed), String(prev.closed), signed(change.closed)],
    ['处置率', pct(cur.disposalRate), pct(prev.disposalRate), signed(change.disposalRate, '个百分点')],
    ['按期处置率', pct(cur.onTimeDisposalRate), pct(prev.onTimeDisposalRate), signed(change.onTimeDisposalRate, '个百分点')],
    ['超期待处置（件）', String(cur.overduePending), String(prev.overduePending), signed(change.overduePending)],
  ];
}

/** The document of a briefing (China days; instants shown in China time). */
export function briefingDocument(b: Briefing, chinaDayOf: (iso: string) => string): BriefingDocument {
  const c = b.content;
  const day = chineseDate(chinaDayOf(b.publishedAt ?? b.createdAt));
  const sections: DocSection[] = [];
  const add = (heading: string, paragraphs: string[], table: DocTable | null = null, chart: DocChart | null = null) =>
    sections.push({ heading: `${NUMERALS[sections.length] ?? sections.length + 1}、${heading}`, paragraphs, table, chart });
  const h = c.headline;
  add(
    '总体情况',
    [
      `${chineseDate(c.period.from)}至${chineseDate(c.period.to)}，全市新派遣案件${h.current.newCases}件，已处置${h.current.handled}件，已结案${h.current.closed}件，处置率${pct(h.current.disposalRate)}，按期处置率${pct(h.current.onTimeDisposalRate)}；截至通报生成时，全市超期未处置案件${h.overdueNow}件。`,
    ],
    { columns: ['指标', '本期', '上期', '变化'], widths: [3, 2, 2, 3], rows: figureRows(h.current, h.previous, h.change) },
    {
      title: '本期与上期案件情况（件）',
      categories: ['新派遣', '已处置', '已结案', '超期待处置'],
      series: [
        { name: '本期', values: [h.current.newCases, h.current.handled, h.current.closed, h.current.overduePending] },
        { name: '上期', values: [h.previous.newCases, h.previous.handled, h.previous.closed, h.previous.overduePending] },
      ],
      horizontal: false,
    },
  );
  if (b.commentary.situation.length) add('形势分析', b.commentary.situation);
  add(
    '单位排名',
    c.ranking.length ? [] : ['本期无参与排名的单位。'],
    c.ranking.length
      ? {
          columns: ['名次', '单位', '综合得分', '处置率', '按期处置率', '超期', '积压', '变化'],
          widths: [1, 4, 2, 2, 2, 1, 1, 1],
          rows: c.ranking.map((r) => [
            String(r.rank),
            r.name,
            r.composite === null ? '—' : r.composite.toFixed(2),
            pct(r.disposalRate),
            pct(r.onTimeDisposalRate),
            String(r.overdue),
            String(r.backlogOwed),
            r.change === null ? '新' : r.change > 0 ? `↑${r.change}` : r.change < 0 ? `↓${-r.change}` : '—',
          ]),
        }
      : null,
  );
  if (c.assessment !== null) {
    const a = c.assessment;
    const names = (xs: string[]) => (xs.length ? xs.join('、') : '无');
    const move = (r: (typeof a.groups)[number]['items'][number]) =>
      r.move === 'up'
        ? `↑${r.places ?? ''}`
        : r.move === 'down'
          ? `↓${r.places === null ? '' : Math.abs(r.places)}`
          : r.move === 'new'
            ? '新'
            : '—';
    add(
      '考核结果及红黑榜',
      [
        `${a.periodLabel}考核结果已发布（${a.campaignName}${a.version > 1 ? `，第${a.version}版` : ''}）。`,
        ...a.groups.map((g) => `${g.name}：红榜 ${names(g.red)}；黑榜 ${names(g.black)}。`),
      ],
      {
        columns: ['组别', '名次', '单位', '得分', '变化', '榜单'],
        widths: [3, 1, 4, 2, 1, 1],
        rows: a.groups.flatMap((g) =>
          g.items.map((r) => [
            g.name,
            r.rank === null ? '—' : String(r.rank),
            r.unitName,
            r.score === null ? '—' : r.score.toFixed(2),
            move(r),
            r.list === 'red' ? '红榜' : r.list === 'black' ? '黑榜' : '',
          ]),
        ),
      },
    );
  }
  add(
    '超期未处置案件',
    c.overdueByUnit.length ? [] : ['目前无超期未处置案件。'],
    c.overdueByUnit.length
      ? { columns: ['单位', '超期案件（件）'], widths: [4, 2], rows: c.overdueByUnit.map((u) => [u.name, String(u.overdue)]) }
      : null,
    c.overdueByUnit.length
      ? {
          title: `超期未处置案件最多的${Math.min(CHART_UNITS, c.overdueByUnit.length)}个单位（件）`,
          categories: c.overdueByUnit.slice(0, CHART_UNITS).map((u) => u.name),
          series: [{ name: '超期案件', values: c.overdueByUnit.slice(0, CHART_UNITS).map((u) => u.overdue) }],
          horizontal: true,
        }
      : null,
  );
  const caseTable = (list: Briefing['content']['newCases']): DocTable => ({
    columns: ['案件编号', '类别', '责任单位', '地址'],
    widths: [3, 2, 3, 4],
    rows: list.items.map((x) => [x.number, x.category, x.unitName, x.address ?? '']),
  });
  const listed = (list: Briefing['content']['newCases'], what: string) =>
    list.total > list.items.length ? [`本期${what}${list.total}件，列出前${list.items.length}件。`] : [`本期${what}${list.total}件。`];
  add('新派遣案件', listed(c.newCases, '新派遣案件'), c.newCases.items.length ? caseTable(c.newCases) : null);
  add('结案案件', listed(c.closedCases, '结案'), c.closedCases.items.length ? caseTable(c.closedCases) : null);
  const byType = c.letters.byType.map((t) => `${t.type}${t.count}件（${t.numbers.join('、')}）`);
  add(
    '督办函件印发情况',
    [byType.length ? `本期共印发${byType.join('，')}。` : '本期未印发督办函件。'],
    c.letters.items.length
      ? {
          columns: ['文号', '类型', '收文单位'],
          widths: [4, 2, 4],
          rows: c.letters.items.map((l) => [l.number, l.type, l.unitName]),
        }
      : null,
  );
  if (c.weakCheckpoints?.length)
    add('薄弱点位', [], {
      columns: ['点位编号', '点位', '得分率'],
      widths: [2, 5, 2],
      rows: c.weakCheckpoints.map((p) => [p.code, p.name, pct(p.rate)]),
    });
  if (c.evaluationByDistrict?.length)
    add('各区测评情况', [], {
      columns: ['名次', '区县', '模拟指数', '得分率'],
      widths: [1, 4, 2, 2],
      rows: c.evaluationByDistrict.map((d) => [
        d.rank === null ? '—' : String(d.rank),
        d.name,
        d.index === null ? '—' : d.index.toFixed(2),
        pct(d.rate),
      ]),
    });
  if (c.actionItems.length) {
    // A deadline at a day's end is that day, not the midnight after it.
    const dayOf = (iso: string) => chineseDate(chinaDayOf(new Date(Date.parse(iso) - 1).toISOString()));
    const count = (p: string) => c.actionItems.filter((a) => a.progress === p).length;
    add(
      '上次会议交办事项落实情况',
      [
        `上次会议交办事项${c.actionItems.length}项，截至本期末已完成${count('done')}项，逾期未完成${count('overdue')}项，正在办理${count('in_progress')}项。`,
      ],
      {
        columns: ['事项', '责任单位', '期限', '状态', '完成日期'],
        widths: [5, 3, 3, 1, 3],
        rows: c.actionItems.map((a) => [
          a.title,
          a.unitName,
          dayOf(a.dueAt),
          ACTION_ITEM_PROGRESS_LABELS[a.progress].zh,
          a.doneAt ? chineseDate(chinaDayOf(a.doneAt)) : '',
        ]),
      },
    );
  }
  if (b.commentary.nextSteps.length) add('下步工作', b.commentary.nextSteps);
  return {
    masthead: BRIEFING_MASTHEAD,
    issueNumber: b.numberText ?? '草稿',
    issuer: b.issuer,
    date: day,
    title: b.title,
    sections,
    cc: '抄送：市委、市人大常委会、市政府、市政协主要领导，各区县、市直各单位。',
    printLine: { issuer: b.issuer.endsWith('办公室') ? b.issuer : `${b.issuer}办公室`, date: `${day}印发` },
    draft: b.status !== 'published',
  };
}
