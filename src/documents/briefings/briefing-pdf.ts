import { readFileSync } from 'node:fs';
import type PDFDocument from 'pdfkit';
import type { BriefingDocument, DocChart, DocTable } from '../../domain/briefings/briefing-document.js';
import { renderCharts, type ChartImage } from './briefing-charts.js';
import { LETTER_RED, MARGINS_MM, PAGE_MM, SIZES_PT, TYPE_AREA_MM, ZIHAO_PT, mmToPt } from '../../domain/letters/layout.js';
import type { Briefing } from '../../shared/contracts/briefings.contract.js';
import { resolveLetterFonts, type LetterFonts, type PdfFontRole } from '../letters/fonts.js';
import { layOutBriefing, MASTHEAD_PT } from './briefing-layout.js';

/**
 * A briefing as PDF with the same layout as the DOCX (briefing-docx-impl.ts): A4 with the
 * GB/T 9704 margins, red 版头, 期号, issuer and date over a red rule, title, sections with
 * tables, 抄送 and 印发 lines. Fonts are resolved like the letters' (fonts.ts). Text flows
 * with pdfkit's line breaking (CJK breaks between characters); tables are drawn row by
 * row and move to a new page when a row does not fit.
 */

let pdfkit: Promise<typeof PDFDocument> | null = null;
const loadPdfKit = () => (pdfkit ??= import('pdfkit').then((m) => m.default));

const LEFT = mmToPt(MARGINS_MM.left);
const WIDTH = mmToPt(TYPE_AREA_MM.width);
const TOP = mmToPt(MARGINS_MM.top);
const BOTTOM = mmToPt(MARGINS_MM.top + TYPE_AREA_MM.height);
const RED = `#${LETTER_RED}`;
const LINE_GAP = 6;

type Pdf = PDFKit.PDFDocument;

/**
 * The font files' bytes, kept between renders for a while. The CJK fonts are 4–27 MB each;
 * reading them again for every download was a third of a briefing PDF's time. They are
 * dropped FONT_KEEP_MS after the last render, so an idle server does not hold them.
 */
const FONT_KEEP_MS = 120_000;
const fontBytes = new Map<string, Buffer>();
let dropTimer: NodeJS.Timeout | null = null;

function fontFile(path: string): Buffer {
  let bytes = fontBytes.get(path);
  if (!bytes) fontBytes.set(path, (bytes = readFileSync(path)));
  if (dropTimer) clearTimeout(dropTimer);
  dropTimer = setTimeout(() => fontBytes.clear(), FONT_KEEP_MS);
  dropTimer.unref();
  return bytes;
}

function registerFonts(pdf: Pdf, fonts: LetterFonts): void {
  for (const role of Object.keys(fonts) as PdfFontRole[]) pdf.registerFont(role, fontFile(fonts[role].path), fonts[role].postscriptName);
}

function ensureRoom(pdf: Pdf, height: number): void {
  if (pdf.y + height > BOTTOM) {
    pdf.addPage();
    pdf.y = TOP;
  }
}

function para(pdf: Pdf, text: string, role: PdfFontRole, size: number, opts: PDFKit.Mixins.TextOptions = {}): void {
  pdf.font(role).fontSize(size);
  ensureRoom(pdf, size + LINE_GAP);
  pdf.text(text, LEFT, pdf.y, { width: WIDTH, lineGap: LINE_GAP, ...opts });
}

function table(pdf: Pdf, t: DocTable): void {
  const size = SIZES_PT.table;
  const sum = t.widths.reduce((a, b) => a + b, 0);
  const widths = t.widths.map((w) => (WIDTH * w) / sum);
  const pad = 3;
  const drawRow = (cells: string[], header: boolean) => {
    const role: PdfFontRole = header ? 'heiti' : 'fangsong';
    pdf.font(role).fontSize(size);
    const h = Math.max(...cells.map((c, i) => pdf.heightOfString(c || ' ', { width: widths[i]! - 2 * pad }))) + 2 * pad;
    ensureRoom(pdf, h);
    const y = pdf.y;
    let x = LEFT;
    cells.forEach((c, i) => {
      pdf.lineWidth(0.5).strokeColor('#000000').rect(x, y, widths[i]!, h).stroke();
      pdf.fillColor('#000000').text(c, x + pad, y + pad, { width: widths[i]! - 2 * pad, align: header ? 'center' : 'left' });
      x += widths[i]!;
    });
    pdf.y = y + h;
  };
  drawRow(t.columns, true);
  for (const r of t.rows) drawRow(r, false);
  pdf.y += LINE_GAP;
}

/** A chart image across the type area, on a new page when it does not fit. */
function chart(pdf: Pdf, img: ChartImage): void {
  const h = (WIDTH * img.height) / img.width;
  ensureRoom(pdf, h + LINE_GAP);
  const y = pdf.y;
  pdf.image(img.png, LEFT, y, { width: WIDTH, height: h });
  pdf.y = y + h + LINE_GAP;
}

function draw(pdf: Pdf, d: BriefingDocument, charts: ReadonlyMap<DocChart, ChartImage>): void {
  pdf.y = TOP - mmToPt(12);
  pdf.fillColor(RED);
  para(pdf, d.masthead, 'xiaobiaosong', MASTHEAD_PT, { align: 'center', lineGap: 0 });
  pdf.fillColor('#000000');
  pdf.y += 10;
  para(pdf, d.issueNumber, 'fangsong', SIZES_PT.number, { align: 'center' });
  const y = pdf.y + 4;
  pdf.font('fangsong').fontSize(SIZES_PT.number);
  pdf.text(d.issuer, LEFT, y, { lineBreak: false });
  pdf.text(d.date, LEFT + WIDTH - pdf.widthOfString(d.date), y, { lineBreak: false });
  const ruleY = y + SIZES_PT.number + 6;
  pdf
    .lineWidth(1.5)
    .strokeColor(RED)
    .moveTo(LEFT, ruleY)
    .lineTo(LEFT + WIDTH, ruleY)
    .stroke();
  pdf.y = ruleY + 24;
  para(pdf, d.title, 'xiaobiaosong', SIZES_PT.title, { align: 'center' });
  pdf.y += 12;
  const indent = SIZES_PT.body * 2;
  for (const s of d.sections) {
    para(pdf, s.heading, 'heiti', SIZES_PT.body, { indent });
    for (const p of s.paragraphs) para(pdf, p, 'fangsong', SIZES_PT.body, { indent, align: 'justify' });
    const img = s.chart ? charts.get(s.chart) : undefined;
    if (img) chart(pdf, img);
    if (s.table) table(pdf, s.table);
  }
  // 版记: 抄送 and 印发 between black rules.
  const size = ZIHAO_PT.si;
  ensureRoom(pdf, 4 * (size + LINE_GAP) + 24);
  pdf.y += 18;
  const rule = (yy: number, w: number) =>
    pdf
      .lineWidth(w)
      .strokeColor('#000000')
      .moveTo(LEFT, yy)
      .lineTo(LEFT + WIDTH, yy)
      .stroke();
  rule(pdf.y, 1);
  pdf.y += 4;
  pdf.font('fangsong').fontSize(size).fillColor('#000000');
  pdf.text(d.cc, LEFT + size, pdf.y, { width: WIDTH - 2 * size, lineGap: LINE_GAP });
  rule(pdf.y + 2, 0.5);
  const py = pdf.y + 6;
  pdf.text(d.printLine.issuer, LEFT + size, py, { lineBreak: false });
  pdf.text(d.printLine.date, LEFT + WIDTH - size - pdf.widthOfString(d.printLine.date), py, { lineBreak: false });
  rule(py + size + 6, 1);
}

/** Renders a briefing as PDF; `fonts` defaults to the letters' font resolution. */
export async function renderBriefingPdf(b: Briefing, fonts: LetterFonts = resolveLetterFonts()): Promise<Buffer> {
  const d = layOutBriefing(b);
  const [PDF, charts] = await Promise.all([loadPdfKit(), renderCharts(d.sections.flatMap((s) => (s.chart ? [s.chart] : [])))]);
  const pdf = new PDF({
    size: [mmToPt(PAGE_MM.width), mmToPt(PAGE_MM.height)],
    margins: { top: TOP, bottom: mmToPt(PAGE_MM.height) - BOTTOM, left: LEFT, right: mmToPt(PAGE_MM.width) - LEFT - WIDTH },
    lang: 'zh-CN',
    displayTitle: true,
    info: { Title: d.title, Subject: `${d.masthead} ${d.issueNumber}`, Author: d.issuer, Creator: 'Dudao' },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  registerFonts(pdf, fonts);
  draw(pdf, d, charts);
  pdf.end();
  return done;
}
