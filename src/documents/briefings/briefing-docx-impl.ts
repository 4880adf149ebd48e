import {
  AlignmentType,
  BorderStyle,
  Document,
  ImageRun,
  DocumentGridType,
  LineRuleType,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  WidthType,
  type IRunOptions,
} from 'docx';
import type { BriefingDocument, DocChart, DocTable } from '../../domain/briefings/briefing-document.js';
import { renderCharts, type ChartImage } from './briefing-charts.js';
import {
  CHAR_PITCH_PT,
  DOCX_GRID_CHAR_SPACE,
  LETTER_RED,
  LINE_PITCH_TWIPS,
  MARGINS_TWIPS,
  PAGE_TWIPS,
  SIZES_PT,
  TYPE_AREA_MM,
  ZIHAO_PT,
  mmToTwips,
  officialFont,
  ptToHalfPoints,
  ptToTwips,
  type FontRole,
} from '../../domain/letters/layout.js';
import type { Briefing } from '../../shared/contracts/briefings.contract.js';
import { layOutBriefing, MASTHEAD_PT } from './briefing-layout.js';

/**
 * A briefing as DOCX after GB/T 9704-2012 like the letters (A4, the same margins and
 * 22 × 28 grid from layout.ts): the red 版头 in 小标宋 centred, the 期号 under it, the
 * issuer flush left and the date flush right over a red rule, the title in 2号小标宋,
 * sections headed in 3号黑体 with the body in 3号仿宋 and tables in 小4号, then the
 * 抄送 and 印发 lines between black rules at the end (版记).
 */

const EXACT = LineRuleType.EXACT;
const WIDTH = mmToTwips(TYPE_AREA_MM.width);

function fontOf(role: FontRole): { ascii: string; hAnsi: string; eastAsia: string; cs: string } {
  const name = officialFont(role);
  return { ascii: name, hAnsi: name, eastAsia: name, cs: name };
}

function run(text: string, role: FontRole, sizePt: number, extra: Partial<IRunOptions> = {}): TextRun {
  return new TextRun({ text, font: fontOf(role), size: ptToHalfPoints(sizePt), ...extra });
}

const grid = (before = 0) => ({ line: LINE_PITCH_TWIPS, lineRule: EXACT, before, after: 0 });

function head(d: BriefingDocument): Paragraph[] {
  const masthead = new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { line: ptToTwips(MASTHEAD_PT * 1.3), lineRule: EXACT, before: 0, after: 0 },
    children: [run(d.masthead, 'xiaobiaosong', MASTHEAD_PT, { color: LETTER_RED })],
  });
  const number = new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: grid(LINE_PITCH_TWIPS),
    children: [run(d.issueNumber, 'fangsong', SIZES_PT.number)],
  });
  const issuerLine = new Paragraph({
    spacing: grid(LINE_PITCH_TWIPS / 2),
    tabStops: [{ type: TabStopType.RIGHT, position: WIDTH }],
    border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: LETTER_RED, space: 4 } },
    children: [run(d.issuer, 'fangsong', SIZES_PT.number), run(`\t${d.date}`, 'fangsong', SIZES_PT.number)],
  });
  const title = new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: grid(2 * LINE_PITCH_TWIPS),
    children: [run(d.title, 'xiaobiaosong', SIZES_PT.title)],
  });
  return [masthead, number, issuerLine, title];
}

/** Paragraph styles of table cells: their runs carry no properties of their own (see table()). */
const CELL_STYLE = 'BriefingCell';
const HEAD_STYLE = 'BriefingHead';

function cellStyles() {
  const paragraph = { spacing: { line: ptToTwips(SIZES_PT.table * 1.4), lineRule: EXACT, before: 0, after: 0 } };
  const size = ptToHalfPoints(SIZES_PT.table);
  return [
    { id: CELL_STYLE, name: 'Briefing table cell', run: { font: fontOf('fangsong'), size }, paragraph },
    {
      id: HEAD_STYLE,
      name: 'Briefing table head',
      run: { font: fontOf('heiti'), size },
      paragraph: { ...paragraph, alignment: AlignmentType.CENTER },
    },
  ];
}

/**
 * A table laid out on the fixed grid. A briefing of ~500 units has thousands of cells, so
 * each cell is as small as the format allows: its font, size and spacing come from a
 * paragraph style and its margins from the table, not repeated per cell (most of the
 * DOCX time was the docx package building and serializing those repeated properties).
 */
function table(t: DocTable): Table {
  const sum = t.widths.reduce((a, b) => a + b, 0);
  const widths = t.widths.map((w) => Math.floor((WIDTH * w) / sum));
  const cell = (text: string, style: string) => new TableCell({ children: [new Paragraph({ style, children: [new TextRun(text)] })] });
  return new Table({
    width: { size: WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    margins: { left: 60, right: 60, top: 40, bottom: 40 },
    rows: [
      new TableRow({ tableHeader: true, children: t.columns.map((c) => cell(c, HEAD_STYLE)) }),
      ...t.rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c) => cell(c, CELL_STYLE)) })),
    ],
  });
}

/** Type area width in CSS pixels (96 dpi), the unit docx sizes images in. */
const WIDTH_PX = Math.round((TYPE_AREA_MM.width / 25.4) * 96);

function chart(img: ChartImage): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { before: 60, after: 60 },
    children: [
      new ImageRun({
        type: 'png',
        data: img.png,
        transformation: { width: WIDTH_PX, height: Math.round((WIDTH_PX * img.height) / img.width) },
      }),
    ],
  });
}

function body(d: BriefingDocument, charts: ReadonlyMap<DocChart, ChartImage>): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  const indent = { firstLine: ptToTwips(2 * CHAR_PITCH_PT) };
  for (const s of d.sections) {
    out.push(new Paragraph({ spacing: grid(), indent, keepNext: true, children: [run(s.heading, 'heiti', SIZES_PT.body)] }));
    for (const p of s.paragraphs)
      out.push(new Paragraph({ alignment: AlignmentType.BOTH, spacing: grid(), indent, children: [run(p, 'fangsong', SIZES_PT.body)] }));
    const img = s.chart ? charts.get(s.chart) : undefined;
    if (img) out.push(chart(img));
    if (s.table) out.push(table(s.table), new Paragraph({ spacing: { line: ptToTwips(6), lineRule: EXACT, before: 0, after: 0 } }));
  }
  return out;
}

/** 版记: 抄送 and 印发 between rules, 4号仿宋, indented one character (GB/T 9704 §7.4). */
function footnote(d: BriefingDocument): Paragraph[] {
  const rule = (size: number) => ({ style: BorderStyle.SINGLE, size, color: '000000', space: 4 });
  const size = ZIHAO_PT.si;
  const indent = { left: ptToTwips(size), right: ptToTwips(size) };
  return [
    new Paragraph({
      spacing: grid(2 * LINE_PITCH_TWIPS),
      indent,
      border: { top: rule(12), bottom: rule(6) },
      children: [run(d.cc, 'fangsong', size)],
    }),
    new Paragraph({
      spacing: grid(),
      indent,
      tabStops: [{ type: TabStopType.RIGHT, position: WIDTH - 2 * ptToTwips(size) }],
      border: { bottom: rule(12) },
      children: [run(d.printLine.issuer, 'fangsong', size), run(`\t${d.printLine.date}`, 'fangsong', size)],
    }),
  ];
}

/** Renders a briefing as a DOCX file. */
export async function renderBriefingDocx(b: Briefing): Promise<Buffer> {
  const d = layOutBriefing(b);
  const charts = await renderCharts(d.sections.flatMap((s) => (s.chart ? [s.chart] : [])));
  const document = new Document({
    title: d.title,
    subject: `${d.masthead} ${d.issueNumber}`,
    creator: d.issuer,
    styles: {
      default: {
        document: {
          run: { font: fontOf('fangsong'), size: ptToHalfPoints(SIZES_PT.body), language: { value: 'zh-CN', eastAsia: 'zh-CN' } },
          paragraph: { spacing: grid() },
        },
      },
      paragraphStyles: cellStyles(),
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE_TWIPS.width, height: PAGE_TWIPS.height },
            margin: { ...MARGINS_TWIPS, header: mmToTwips(15), footer: mmToTwips(20), gutter: 0 },
          },
          grid: { type: DocumentGridType.LINES_AND_CHARS, linePitch: LINE_PITCH_TWIPS, charSpace: DOCX_GRID_CHAR_SPACE },
        },
        children: [...head(d), ...body(d, charts), ...footnote(d)],
      },
    ],
  });
  return Packer.toBuffer(document);
}
