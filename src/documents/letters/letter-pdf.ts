import type PDFDocument from 'pdfkit';
import {
  ATTACHMENT_COLUMNS,
  BODY_CHARACTER_SPACING_PT,
  BOTTOM_LINE_FROM_PAGE_BOTTOM_MM,
  CHAR_PITCH_PT,
  DOUBLE_LINE_LENGTH_MM,
  DOUBLE_LINE_PT,
  LETTER_RED,
  LINE_PITCH_PT,
  MARGINS_MM,
  PAGE_MM,
  PAGE_NUMBER_BELOW_TYPE_AREA_MM,
  SIZES_PT,
  TABLE_CELL_PADDING_MM,
  TYPE_AREA_MM,
  breakLines,
  breakLinesBalanced,
  formatChineseDate,
  letterHeadGeometry,
  mmToPt,
  signatureRightIndents,
} from '../../domain/letters/layout.js';
import { ATTACHMENT_TITLE, attachmentRow, type LetterDocument } from '../../domain/letters/letter-document.js';
import { firstFlowTopPt, letterFlow, type FlowLine } from '../../domain/letters/pagination.js';
import { resolveLetterFonts, type LetterFonts, type PdfFontRole } from './fonts.js';

/**
 * Renders a letter as PDF in the 信函格式 of GB/T 9704-2012 with pdfkit, embedding
 * subsets of CJK fonts (see fonts.ts). Every position is computed here from layout.ts
 * rather than left to pdfkit's text flow, so the page holds exactly 22 lines of 28
 * characters and the head sits where the standard puts it:
 *
 * - the issuer name's characters start 30 mm from the top of the page (their em box:
 *   CJK glyphs fill the em square, so the em top is where the ink starts);
 * - the red double line (thick over thin) 4 mm below, 170 mm long, centred on the page;
 * - the number flush right, 7/8 of a 3号 character below the line; the title two blank
 *   lines lower; a second double line (thin over thick) 20 mm above the bottom edge;
 * - body lines on a 225 mm / 22 pitch, 28 characters each (characters 0.21 pt tighter
 *   than 16 pt), justified by spreading the characters of all but a paragraph's last line;
 * - the signature never on a page without body text (pagination.ts); the 问题清单 on pages of
 *   its own with its header row repeated; `— n —` from page 2 on, odd right, even left.
 *
 * Page 1 shows no page number (10.1), but counts: the next page is `— 2 —`.
 */

let pdfkit: Promise<typeof PDFDocument> | null = null;
const loadPdfKit = () => (pdfkit ??= import('pdfkit').then((m) => m.default));

/** Top of the ideographic em box above the baseline, as a fraction of the size (Noto CJK, SimSun and 仿宋 all put it at ~0.88). */
const EM_ASCENT = 0.88;
/** Table text: line pitch. */
const TABLE_LINE_PT = SIZES_PT.table * 1.5;

const LEFT = mmToPt(MARGINS_MM.left);
const WIDTH = mmToPt(TYPE_AREA_MM.width);
const TOP = mmToPt(MARGINS_MM.top);
const BOTTOM = mmToPt(MARGINS_MM.top + TYPE_AREA_MM.height);
const RED = `#${LETTER_RED}`;

interface DrawOptions {
  font: PdfFontRole;
  size: number;
  color?: string;
  characterSpacing?: number;
}

/**
 * The registered font name of each role in a document. Roles that share a file (仿宋 and
 * 宋体 both fall back to Noto Serif) share one registration, so the file is parsed and
 * its subset embedded once.
 */
const fontNames = new WeakMap<PDFKit.PDFDocument, Record<PdfFontRole, string>>();

function registerFonts(pdf: PDFKit.PDFDocument, fonts: LetterFonts): void {
  const byFile = new Map<string, string>();
  const names = {} as Record<PdfFontRole, string>;
  for (const role of Object.keys(fonts) as PdfFontRole[]) {
    const { path, postscriptName } = fonts[role];
    const key = `${path}#${postscriptName ?? ''}`;
    let name = byFile.get(key);
    if (!name) {
      name = role;
      pdf.registerFont(name, path, postscriptName);
      byFile.set(key, name);
    }
    names[role] = name;
  }
  fontNames.set(pdf, names);
}

function useFont(pdf: PDFKit.PDFDocument, role: PdfFontRole, size: number): PDFKit.PDFDocument {
  return pdf.font(fontNames.get(pdf)?.[role] ?? role).fontSize(size);
}

/** Draws one line of text whose em box is centred in a line box of `lineHeight` starting at `top`. */
function drawText(pdf: PDFKit.PDFDocument, text: string, x: number, top: number, lineHeight: number, o: DrawOptions): void {
  const baseline = top + (lineHeight - o.size) / 2 + EM_ASCENT * o.size;
  useFont(pdf, o.font, o.size).fillColor(o.color ?? 'black');
  pdf.text(text, x, baseline, { lineBreak: false, baseline: 'alphabetic', characterSpacing: o.characterSpacing ?? 0 });
}

/** Width of a text as drawn (with `characterSpacing` after every character, as PDF's Tc does). */
function measure(pdf: PDFKit.PDFDocument, font: PdfFontRole, size: number, characterSpacing: number): (s: string) => number {
  return (s) => useFont(pdf, font, size).widthOfString(s) + characterSpacing * Array.from(s).length;
}

/** Draws a red double line: strokes as filled rectangles, so their widths are exact. */
function doubleLine(pdf: PDFKit.PDFDocument, top: number, thickFirst: boolean): void {
  const x = mmToPt((PAGE_MM.width - DOUBLE_LINE_LENGTH_MM) / 2);
  const w = mmToPt(DOUBLE_LINE_LENGTH_MM);
  const [first, second] = thickFirst ? [DOUBLE_LINE_PT.thick, DOUBLE_LINE_PT.thin] : [DOUBLE_LINE_PT.thin, DOUBLE_LINE_PT.thick];
  pdf.rect(x, top, w, first).fill(RED);
  pdf.rect(x, top + first + DOUBLE_LINE_PT.gap, w, second).fill(RED);
}

/**
 * One line of the letter's text flow: something to draw in a line box whose top is
 * given, or nothing (a blank line, dropped when it would open a page).
 */
type Line = ((top: number) => void) | null;

/** Lines of a 3号仿宋 paragraph: first line indented, all but the last justified. */
function paragraph(
  pdf: PDFKit.PDFDocument,
  text: string,
  o: { indentChars?: number; rightIndentChars?: number; align?: 'left' | 'right' | 'justify' },
): Line[] {
  const cs = BODY_CHARACTER_SPACING_PT;
  const m = measure(pdf, 'fangsong', SIZES_PT.body, cs);
  const indent = (o.indentChars ?? 0) * CHAR_PITCH_PT;
  const width = WIDTH - (o.rightIndentChars ?? 0) * CHAR_PITCH_PT;
  const lines = breakLines(text, { width, firstLineIndent: indent, measure: m });
  return lines.map((line, i) => (top: number) => {
    const avail = width - (i === 0 ? indent : 0);
    const w = m(line);
    const n = Array.from(line).length;
    let spacing = cs;
    // Justify by spreading the slack over the gaps, at most half a character each (a
    // line cut short before a long case number stays ragged rather than gappy).
    if ((o.align ?? 'justify') === 'justify' && i < lines.length - 1 && n > 1)
      spacing += Math.min((avail - w) / (n - 1), SIZES_PT.body / 2);
    const x = o.align === 'right' ? LEFT + avail - w : LEFT + (i === 0 ? indent : 0);
    drawText(pdf, line, x, top, LINE_PITCH_PT, { font: 'fangsong', size: SIZES_PT.body, characterSpacing: spacing });
  });
}

/** Lines of a title (2号小标宋): balanced (标题回行时排列对称) and centred. */
function title(pdf: PDFKit.PDFDocument, text: string): Line[] {
  const m = measure(pdf, 'xiaobiaosong', SIZES_PT.title, 0);
  return breakLinesBalanced(text, { width: WIDTH, measure: m }).map((line) => (top: number) => {
    drawText(pdf, line, LEFT + (WIDTH - m(line)) / 2, top, LINE_PITCH_PT, { font: 'xiaobiaosong', size: SIZES_PT.title });
  });
}

/** The attachment: 附件 label, centred title on line 3, then the 问题清单 table with its header repeated on every page. */
function attachment(pdf: PDFKit.PDFDocument, doc: LetterDocument): void {
  pdf.addPage();
  drawText(pdf, '附件', LEFT, TOP, LINE_PITCH_PT, { font: 'heiti', size: SIZES_PT.number, characterSpacing: BODY_CHARACTER_SPACING_PT });
  const titleLines = title(pdf, ATTACHMENT_TITLE);
  titleLines.forEach((draw, i) => draw?.(TOP + (2 + i) * LINE_PITCH_PT));
  const pad = mmToPt(TABLE_CELL_PADDING_MM.x);
  const widths = ATTACHMENT_COLUMNS.map((c) => mmToPt(c.widthMm));
  const cellLines = (cells: string[], font: PdfFontRole) =>
    cells.map((c, i) => breakLinesBalanced(c, { width: (widths[i] ?? 0) - 2 * pad, measure: measure(pdf, font, SIZES_PT.table, 0) }));
  const rowHeight = (lines: string[][]) => Math.max(...lines.map((l) => l.length)) * TABLE_LINE_PT + 2 * mmToPt(TABLE_CELL_PADDING_MM.y);
  const drawRow = (lines: string[][], font: PdfFontRole, y: number, height: number) => {
    let x = LEFT;
    lines.forEach((block, i) => {
      const w = widths[i] ?? 0;
      pdf.lineWidth(0.5).rect(x, y, w, height).stroke('black');
      // Cells are centred vertically, as the DOCX cells are (vAlign center).
      let ty = y + (height - block.length * TABLE_LINE_PT) / 2;
      for (const line of block) {
        const lw = measure(pdf, font, SIZES_PT.table, 0)(line);
        const left = ATTACHMENT_COLUMNS[i]?.align === 'left' && font !== 'heiti';
        drawText(pdf, line, left ? x + pad : x + (w - lw) / 2, ty, TABLE_LINE_PT, { font, size: SIZES_PT.table });
        ty += TABLE_LINE_PT;
      }
      x += w;
    });
  };
  const header = cellLines(
    ATTACHMENT_COLUMNS.map((c) => c.header),
    'heiti',
  );
  const headerHeight = rowHeight(header);
  let y = TOP + (2 + titleLines.length + 0.5) * LINE_PITCH_PT;
  drawRow(header, 'heiti', y, headerHeight);
  y += headerHeight;
  doc.cases.forEach((c, i) => {
    const lines = cellLines(attachmentRow(c, i), 'fangsong');
    const h = rowHeight(lines);
    // A row never splits; a row taller than a page (never seen) is drawn anyway.
    if (y + h > BOTTOM && y > TOP + headerHeight + 0.01) {
      pdf.addPage();
      y = TOP;
      drawRow(header, 'heiti', y, headerHeight);
      y += headerHeight;
    }
    drawRow(lines, 'fangsong', y, h);
    y += h;
  });
}

/** Page numbers `— 2 —` (4号宋体) from the second page on: odd pages right, even pages left, one character in. */
function pageNumbers(pdf: PDFKit.PDFDocument): void {
  const range = pdf.bufferedPageRange();
  const top = mmToPt(MARGINS_MM.top + TYPE_AREA_MM.height + PAGE_NUMBER_BELOW_TYPE_AREA_MM);
  const size = SIZES_PT.pageNumber;
  for (let i = range.start + 1; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    const n = i + 1;
    const text = `— ${n} —`;
    const w = measure(pdf, 'song', size, 0)(text);
    const x = n % 2 === 1 ? LEFT + WIDTH - size - w : LEFT + size;
    drawText(pdf, text, x, top, size, { font: 'song', size });
  }
}

/**
 * Renders `doc` as a PDF. `fonts` defaults to {@link resolveLetterFonts}: the machine's CJK
 * fonts, else the ones shipped in resources/fonts/; it throws a FontNotFoundError naming the
 * paths searched only when those are missing too.
 */
export async function renderLetterPdf(doc: LetterDocument, fonts: LetterFonts = resolveLetterFonts()): Promise<Buffer> {
  // pdfkit (with fontkit, brotli, linebreak…) is loaded on the first letter, not at server start.
  const PDF = await loadPdfKit();
  const pdf = new PDF({
    size: [mmToPt(PAGE_MM.width), mmToPt(PAGE_MM.height)],
    margin: 0,
    bufferPages: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: { Title: doc.title, Subject: `${doc.typeLabel} ${doc.number}`, Author: doc.issuerName, Creator: 'Dudao' },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  registerFonts(pdf, fonts);

  // Head (10.1): issuer name, first double line, number.
  const g = letterHeadGeometry(doc.issuerName);
  const issuerWidth = measure(pdf, 'xiaobiaosong', g.issuerSizePt, 0)(doc.issuerName);
  drawText(pdf, doc.issuerName, (mmToPt(PAGE_MM.width) - issuerWidth) / 2, mmToPt(g.issuerTopMm), g.issuerSizePt, {
    font: 'xiaobiaosong',
    size: g.issuerSizePt,
    color: RED,
  });
  doubleLine(pdf, mmToPt(g.lineTopMm), true);
  doubleLine(
    pdf,
    mmToPt(PAGE_MM.height - BOTTOM_LINE_FROM_PAGE_BOTTOM_MM) - (DOUBLE_LINE_PT.thick + DOUBLE_LINE_PT.gap + DOUBLE_LINE_PT.thin),
    false,
  );

  // The text flow: number; title two lines below; addressee one line below the title
  // (7.3.1, 7.3.2); body; 附件说明 one line below the body (7.3.4); then the signature
  // (7.3.5.1): room for the seal, the issuer centred over the date, date four characters in.
  const head: Line[] = [
    ...paragraph(pdf, doc.number, { align: 'right' }),
    null,
    null,
    ...title(pdf, doc.title),
    null,
    ...paragraph(pdf, doc.addressee, { align: 'left' }),
  ];
  const body = doc.bodyParagraphs.flatMap((p) => paragraph(pdf, p, { indentChars: 2 }));
  const note: Line[] =
    doc.cases.length > 0 ? [null, ...paragraph(pdf, `附件：${ATTACHMENT_TITLE}`, { indentChars: 2, align: 'left' })] : [];
  const date = formatChineseDate(doc.issueDay);
  const ind = signatureRightIndents(doc.signatory, date);
  const signature: Line[] = [
    ...paragraph(pdf, doc.signatory, { align: 'right', rightIndentChars: ind.signatoryChars }),
    ...paragraph(pdf, date, { align: 'right', rightIndentChars: ind.dateChars }),
    ...(doc.contact ? paragraph(pdf, `（${doc.contact}）`, { indentChars: 2, align: 'left' }) : []),
  ];
  // The signature block never stands on a page without body text (此页无正文 is not
  // allowed): room for the seal, else the last body lines carried over (pagination.ts).
  const kinds = (ls: Line[]): FlowLine[] => ls.map((l) => (l === null ? 'blank' : 'text'));
  const flow = letterFlow(
    { head: kinds(head), body: kinds(body), note: kinds(note), signature: kinds(signature) },
    firstFlowTopPt(doc.issuerName),
  );
  const lines = [...head, ...body, ...note, ...Array<Line>(flow.blanks).fill(null), ...signature];
  lines.forEach((line, i) => {
    const { page, top } = flow.at[i] as { page: number; top: number | null };
    while (pdf.bufferedPageRange().count <= page) pdf.addPage();
    if (line && top !== null) line(top);
  });

  if (doc.cases.length > 0) attachment(pdf, doc);
  pageNumbers(pdf);
  pdf.end();
  return done;
}
