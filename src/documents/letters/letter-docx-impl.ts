import {
  AlignmentType,
  BorderStyle,
  Document,
  DocumentGridType,
  Footer,
  FrameAnchorType,
  FrameWrap,
  HeightRule,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IParagraphOptions,
  type IRunOptions,
} from 'docx';
import {
  ATTACHMENT_COLUMNS,
  BOTTOM_LINE_FROM_PAGE_BOTTOM_MM,
  CHAR_PITCH_PT,
  DOCX_DOUBLE_LINE,
  DOCX_GRID_CHAR_SPACE,
  DOUBLE_LINE_LENGTH_MM,
  ISSUER_TO_LINE_MM,
  LETTER_RED,
  LINE_PITCH_TWIPS,
  MARGINS_MM,
  MARGINS_TWIPS,
  PAGE_MM,
  PAGE_NUMBER_BELOW_TYPE_AREA_MM,
  PAGE_TWIPS,
  SIZES_PT,
  TABLE_CELL_PADDING_MM,
  TYPE_AREA_MM,
  formatChineseDate,
  letterHeadGeometry,
  mmToPt,
  mmToTwips,
  officialFont,
  ptToHalfPoints,
  ptToTwips,
  signatureRightIndents,
  type FontRole,
} from '../../domain/letters/layout.js';
import { ATTACHMENT_TITLE, attachmentRow, type LetterDocument } from '../../domain/letters/letter-document.js';
import { firstParagraphKeptWithSignature } from '../../domain/letters/pagination.js';

/**
 * Renders a letter as DOCX in the 信函格式 of GB/T 9704-2012 with the `docx` package.
 *
 * Page, margins and the 22 × 28 grid come from layout.ts in twips (`w:docGrid
 * linesAndChars`, linePitch 579, charSpace −849, as the usual 公文 templates have it;
 * body paragraphs also carry an exact 579-twip line so 22 lines fill the 版心 whatever
 * the reader does with the grid).
 *
 * The issuer name must start 30 mm from the top of the page, *above* the 37 mm top
 * margin, so it cannot be in the text flow. It is a frame (`w:framePr`) anchored to
 * the page at y = 30 mm, 170 mm wide and centred, holding the red name on a line
 * exactly one em high; the frame paragraph's bottom border, 11 pt (≈ 4 mm) below the
 * name, is the red double line (`thickThinSmallGap`: for a bottom border Word draws
 * the thick line inside, i.e. above, so it reads thick over thin) and, being a border
 * of a 170 mm frame, it is exactly 170 mm long. Word and LibreOffice both position
 * frames relative to the page, and since the flow's first paragraph (the number) is
 * given enough space before it to start below the frame, the frame never pushes text.
 * The second double line (thin over thick, 20 mm above the page bottom) is a framed
 * paragraph's top border in the first-page footer, so it appears on page 1 only, which
 * also has no page number. Other pages carry `— n —` (4号宋体), odd right, even left.
 */

const RED = LETTER_RED;
const EXACT = LineRuleType.EXACT;

/** `w:rFonts` naming the official font of a role for every script (see FONT_FALLBACKS for the chain). */
function fontOf(role: FontRole): { ascii: string; hAnsi: string; eastAsia: string; cs: string } {
  const name = officialFont(role);
  return { ascii: name, hAnsi: name, eastAsia: name, cs: name };
}

function run(text: string, role: FontRole, sizePt: number, extra: Partial<IRunOptions> = {}): TextRun {
  return new TextRun({ text, font: fontOf(role), size: ptToHalfPoints(sizePt), ...extra });
}

/** Twips of `n` body characters (on the 15.79 pt grid pitch). */
const chars = (n: number): number => ptToTwips(n * CHAR_PITCH_PT);

/** A body-grid paragraph: exact line pitch, no spacing unless given. */
function line(o: IParagraphOptions & { before?: number }): Paragraph {
  const { before, ...rest } = o;
  return new Paragraph({ spacing: { line: LINE_PITCH_TWIPS, lineRule: EXACT, before: before ?? 0, after: 0 }, ...rest });
}

/** The red double line as a paragraph border (see the module comment for the style). */
const DOUBLE_LINE_BORDER = { style: BorderStyle.THICK_THIN_SMALL_GAP, size: DOCX_DOUBLE_LINE.size, color: RED } as const;

/** The head on page 1: issuer frame with the first double line, then the number flush right. */
function head(doc: LetterDocument): Paragraph[] {
  const g = letterHeadGeometry(doc.issuerName);
  const issuer = new Paragraph({
    frame: {
      type: 'absolute',
      position: { x: mmToTwips((PAGE_MM.width - DOUBLE_LINE_LENGTH_MM) / 2), y: mmToTwips(g.issuerTopMm) },
      width: mmToTwips(DOUBLE_LINE_LENGTH_MM),
      anchor: { horizontal: FrameAnchorType.PAGE, vertical: FrameAnchorType.PAGE },
      wrap: FrameWrap.AROUND,
      rule: HeightRule.AUTO,
      space: { horizontal: 0, vertical: 0 },
    },
    alignment: AlignmentType.CENTER,
    spacing: { line: ptToTwips(g.issuerSizePt), lineRule: EXACT, before: 0, after: 0 },
    border: { bottom: { ...DOUBLE_LINE_BORDER, space: Math.round(mmToPt(ISSUER_TO_LINE_MM)) } },
    children: [run(doc.issuerName, 'xiaobiaosong', g.issuerSizePt, { color: RED })],
  });
  // The number's line is exactly one 3号 em high, so its characters start where the
  // standard wants them: 7/8 of a character below the line.
  const number = new Paragraph({
    alignment: AlignmentType.RIGHT,
    spacing: { line: ptToTwips(SIZES_PT.number), lineRule: EXACT, before: mmToTwips(g.numberTopMm) - MARGINS_TWIPS.top, after: 0 },
    children: [run(doc.number, 'fangsong', SIZES_PT.number)],
  });
  return [issuer, number];
}

/**
 * Body text: justified, first line indented two characters. `keep` ties it to what
 * follows: `split` keeps it with the next paragraph and, with widow control, carries at
 * least two of its lines along when Word breaks it; `whole` keeps it in one piece too.
 */
function bodyParagraph(text: string, keep: 'split' | 'whole' | null = null): Paragraph {
  return line({
    alignment: AlignmentType.BOTH,
    indent: { firstLineChars: 200, firstLine: chars(2) },
    ...(keep ? { keepNext: true, widowControl: true } : {}),
    ...(keep === 'whole' ? { keepLines: true } : {}),
    children: [run(text, 'fangsong', SIZES_PT.body)],
  });
}

/** Text and signature on page 1 and after. */
function letterText(doc: LetterDocument): Paragraph[] {
  // Title two blank grid lines below the number. The number's line box is one em; a
  // grid line centres its em, so the title's box starts three pitches below the
  // number's (centred) grid line.
  const numberLine = ptToTwips(SIZES_PT.number);
  const titleBefore = 3 * LINE_PITCH_TWIPS - numberLine - Math.round((LINE_PITCH_TWIPS - numberLine) / 2);
  const title = line({ alignment: AlignmentType.CENTER, before: titleBefore, children: [run(doc.title, 'xiaobiaosong', SIZES_PT.title)] });
  const addressee = line({ before: LINE_PITCH_TWIPS, children: [run(doc.addressee, 'fangsong', SIZES_PT.body)] });
  const hasAttachment = doc.cases.length > 0;
  // keepNext from the last two body lines down to the date keeps the signature from
  // standing on a page without text (the standard forbids 此页无正文), as the PDF does.
  const kept = firstParagraphKeptWithSignature(doc.bodyParagraphs);
  const body = doc.bodyParagraphs.map((p, i) => bodyParagraph(p, i < kept ? null : i === kept ? 'split' : 'whole'));
  const note = hasAttachment
    ? [
        line({
          before: LINE_PITCH_TWIPS,
          indent: { left: chars(2) },
          keepNext: true,
          children: [run(`附件：${ATTACHMENT_TITLE}`, 'fangsong', SIZES_PT.body)],
        }),
      ]
    : [];
  const date = formatChineseDate(doc.issueDay);
  const ind = signatureRightIndents(doc.signatory, date);
  // Two blank lines leave room for the seal, which presses on signature and date (7.3.5.1).
  const signatory = line({
    before: 2 * LINE_PITCH_TWIPS,
    alignment: AlignmentType.RIGHT,
    indent: { right: chars(ind.signatoryChars) },
    keepNext: true,
    children: [run(doc.signatory, 'fangsong', SIZES_PT.body)],
  });
  const dateLine = line({
    alignment: AlignmentType.RIGHT,
    indent: { right: chars(ind.dateChars) },
    ...(doc.contact ? { keepNext: true } : {}),
    children: [run(date, 'fangsong', SIZES_PT.body)],
  });
  const contact = doc.contact
    ? [line({ indent: { left: chars(2) }, children: [run(`（${doc.contact}）`, 'fangsong', SIZES_PT.body)] })]
    : [];
  return [title, addressee, ...body, ...note, signatory, dateLine, ...contact];
}

/** The attachment on a new page: 附件 (3号黑体) on line 1, the title on line 3, the table below. */
function attachment(doc: LetterDocument): (Paragraph | Table)[] {
  const padX = mmToTwips(TABLE_CELL_PADDING_MM.x);
  const padY = mmToTwips(TABLE_CELL_PADDING_MM.y);
  const tableLine = ptToTwips(SIZES_PT.table * 1.5);
  const cell = (text: string, i: number, header: boolean) => {
    const col = ATTACHMENT_COLUMNS[i];
    return new TableCell({
      width: { size: mmToTwips(col?.widthMm ?? 0), type: WidthType.DXA },
      verticalAlign: VerticalAlignTable.CENTER,
      children: [
        new Paragraph({
          alignment: col?.align === 'left' && !header ? AlignmentType.LEFT : AlignmentType.CENTER,
          spacing: { line: tableLine, lineRule: EXACT, before: 0, after: 0 },
          children: [run(text, header ? 'heiti' : 'fangsong', SIZES_PT.table)],
        }),
      ],
    });
  };
  const rows = [
    // tableHeader repeats the heading row on every page the table runs onto.
    new TableRow({ tableHeader: true, cantSplit: true, children: ATTACHMENT_COLUMNS.map((c, i) => cell(c.header, i, true)) }),
    ...doc.cases.map((c, n) => new TableRow({ cantSplit: true, children: attachmentRow(c, n).map((t, i) => cell(t, i, false)) })),
  ];
  return [
    line({ pageBreakBefore: true, children: [run('附件', 'heiti', SIZES_PT.number)] }),
    line({ alignment: AlignmentType.CENTER, before: LINE_PITCH_TWIPS, children: [run(ATTACHMENT_TITLE, 'xiaobiaosong', SIZES_PT.title)] }),
    line({ children: [] }),
    new Table({
      width: { size: mmToTwips(TYPE_AREA_MM.width), type: WidthType.DXA },
      columnWidths: ATTACHMENT_COLUMNS.map((c) => mmToTwips(c.widthMm)),
      layout: TableLayoutType.FIXED,
      margins: { left: padX, right: padX, top: padY, bottom: padY },
      rows,
    }),
  ];
}

/** Footer of pages 2…: `— n —` in 4号宋体, odd pages right and even pages left, one character in. */
function pageNumberFooter(odd: boolean): Footer {
  const size = SIZES_PT.pageNumber;
  const indent = ptToTwips(size);
  return new Footer({
    children: [
      new Paragraph({
        alignment: odd ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: odd ? { right: indent } : { left: indent },
        spacing: { line: ptToTwips(size), lineRule: EXACT, before: 0, after: 0 },
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: fontOf('song'), size: ptToHalfPoints(size) })],
      }),
    ],
  });
}

/** Footer of page 1: no page number, the second red double line 20 mm above the page bottom. */
function firstPageFooter(): Footer {
  const lineTwips = Math.round(DOCX_DOUBLE_LINE.size * 2.5); // 1/8 pt → twips
  return new Footer({
    children: [
      new Paragraph({
        frame: {
          type: 'absolute',
          position: {
            x: mmToTwips((PAGE_MM.width - DOUBLE_LINE_LENGTH_MM) / 2),
            y: mmToTwips(PAGE_MM.height - BOTTOM_LINE_FROM_PAGE_BOTTOM_MM) - lineTwips,
          },
          width: mmToTwips(DOUBLE_LINE_LENGTH_MM),
          anchor: { horizontal: FrameAnchorType.PAGE, vertical: FrameAnchorType.PAGE },
          wrap: FrameWrap.AROUND,
          rule: HeightRule.AUTO,
          space: { horizontal: 0, vertical: 0 },
        },
        // A top border with thickThin has its thick line inside (below): thin over thick.
        border: { top: { ...DOUBLE_LINE_BORDER, space: 0 } },
        spacing: { line: 20, lineRule: EXACT, before: 0, after: 0 },
        children: [new TextRun({ text: '', size: 2 })],
      }),
      new Paragraph({ spacing: { line: 20, lineRule: EXACT, before: 0, after: 0 }, children: [] }),
    ],
  });
}

/** Renders `doc` as a DOCX file. */
export async function renderLetterDocx(doc: LetterDocument): Promise<Buffer> {
  // The page-number line sits 7 mm below the 版心; a footer grows up from its distance.
  const footerDistance = mmToTwips(MARGINS_MM.bottom - PAGE_NUMBER_BELOW_TYPE_AREA_MM) - ptToTwips(SIZES_PT.pageNumber);
  const document = new Document({
    title: doc.title,
    subject: `${doc.typeLabel} ${doc.number}`,
    creator: doc.issuerName,
    description: `${doc.issuerName} ${doc.number}`,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: fontOf('fangsong'), size: ptToHalfPoints(SIZES_PT.body), language: { value: 'zh-CN', eastAsia: 'zh-CN' } },
          paragraph: { spacing: { line: LINE_PITCH_TWIPS, lineRule: EXACT, before: 0, after: 0 } },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE_TWIPS.width, height: PAGE_TWIPS.height },
            margin: { ...MARGINS_TWIPS, header: mmToTwips(15), footer: footerDistance, gutter: 0 },
          },
          grid: { type: DocumentGridType.LINES_AND_CHARS, linePitch: LINE_PITCH_TWIPS, charSpace: DOCX_GRID_CHAR_SPACE },
          titlePage: true,
        },
        footers: { first: firstPageFooter(), default: pageNumberFooter(true), even: pageNumberFooter(false) },
        children: [...head(doc), ...letterText(doc), ...(doc.cases.length > 0 ? attachment(doc) : [])],
      },
    ],
  });
  return Packer.toBuffer(document);
}
