/**
 * Page layout of official letters (提醒函 / 督办函 / 问责函) in the 信函格式 of
 * GB/T 9704-2012 《党政机关公文格式》, as numbers both renderers share: the DOCX
 * renderer converts them to twips and half-points, the PDF renderer to points.
 *
 * Pure: no IO and no clock. Dates come in as `YYYY-MM-DD` strings.
 *
 * What the standard fixes (section numbers of GB/T 9704-2012):
 * - 5.2.1 A4 paper; 5.2.2 上白边 37 mm, 订口 (left) 28 mm, 版心 156 × 225 mm.
 * - 5.2.2 正文 3号仿宋, 22 lines per page, 28 characters per line.
 * - 7.3.1 标题 2号小标宋; 7.3.5 dates in Arabic numerals, year in full, no leading zeros.
 * - 7.2.4 / 7.4.5 发文字号 `代字〔年份〕序号号` with 六角括号.
 * - 7.5 page numbers 4号半角宋体 `— 1 —`, 7 mm below the 版心, odd right / even left, one
 *   character in from the edge.
 * - 10.1 信函格式: issuer name (发文机关标志) centred, top edge 30 mm from the top of the page,
 *   red 小标宋; 4 mm below it a red double line, thick above thin; 20 mm above the bottom
 *   of the page a red double line, thin above thick; both lines 170 mm long and centred
 *   (wider than the 156 mm 版心, so they are centred on the page, not on the 版心). The
 *   number sits flush right below the first line, 7/8 of a 3号 character's height from it;
 *   the title two lines below the number. The first page shows no page number.
 */

import { isValidDay } from '../calendar/work-calendar.js';

// One implementation of 发文字号 formatting for the domain: numbering.ts owns the series.
export { formatLetterNumber } from './numbering.js';

// ---------------------------------------------------------------------------
// Units

const MM_PER_INCH = 25.4;
const PT_PER_INCH = 72;
const TWIPS_PER_PT = 20;

/** Millimetres to twips (1/20 pt, the DOCX length unit), rounded to whole twips. */
export function mmToTwips(mm: number): number {
  return Math.round((mm / MM_PER_INCH) * PT_PER_INCH * TWIPS_PER_PT);
}

/** Millimetres to PostScript points (the PDF unit), unrounded. */
export function mmToPt(mm: number): number {
  return (mm / MM_PER_INCH) * PT_PER_INCH;
}

/** Points to millimetres. */
export function ptToMm(pt: number): number {
  return (pt / PT_PER_INCH) * MM_PER_INCH;
}

/** Points to twips, rounded. */
export function ptToTwips(pt: number): number {
  return Math.round(pt * TWIPS_PER_PT);
}

/** Points to half-points (the unit of DOCX `w:sz`), rounded. */
export function ptToHalfPoints(pt: number): number {
  return Math.round(pt * 2);
}

// ---------------------------------------------------------------------------
// Page

/** A4, portrait. */
export const PAGE_MM = { width: 210, height: 297 } as const;
/** A4 in twips: 11906 × 16838, the values Word itself writes. */
export const PAGE_TWIPS = { width: mmToTwips(PAGE_MM.width), height: mmToTwips(PAGE_MM.height) } as const;

/** The 版心 (type area). */
export const TYPE_AREA_MM = { width: 156, height: 225 } as const;

/**
 * Margins. Top and left (订口, the binding side) are given by the standard; right and
 * bottom follow from the 版心: 210 − 28 − 156 = 26 mm, 297 − 37 − 225 = 35 mm.
 */
export const MARGINS_MM = {
  top: 37,
  left: 28,
  right: PAGE_MM.width - 28 - TYPE_AREA_MM.width,
  bottom: PAGE_MM.height - 37 - TYPE_AREA_MM.height,
} as const;

/** Margins in twips: top 2098, left 1587, right 1474, bottom 1984. */
export const MARGINS_TWIPS = {
  top: mmToTwips(MARGINS_MM.top),
  left: mmToTwips(MARGINS_MM.left),
  right: mmToTwips(MARGINS_MM.right),
  bottom: mmToTwips(MARGINS_MM.bottom),
} as const;

// ---------------------------------------------------------------------------
// Type sizes (字号) and the body grid

/** Chinese type sizes in points (初号 … 五号). */
export const ZIHAO_PT = {
  chu: 42,
  xiaochu: 36,
  yi: 26,
  xiaoyi: 24,
  er: 22,
  xiaoer: 18,
  san: 16,
  xiaosan: 15,
  si: 14,
  xiaosi: 12,
  wu: 10.5,
} as const;

/** Sizes of the letter's parts, in points. */
export const SIZES_PT = {
  /** Cap on the issuer name; long names are set smaller (see {@link issuerNameSizePt}). */
  issuerMax: ZIHAO_PT.xiaochu,
  title: ZIHAO_PT.er,
  body: ZIHAO_PT.san,
  /** 附件 label (3号黑体) and the 发文字号 (3号仿宋). */
  number: ZIHAO_PT.san,
  /** The 问题清单 table: 小4号, so seven columns fit in 156 mm. */
  table: ZIHAO_PT.xiaosi,
  pageNumber: ZIHAO_PT.si,
} as const;

export const LINES_PER_PAGE = 22;
export const CHARS_PER_LINE = 28;

/** Line pitch: 225 mm / 22 lines ≈ 28.99 pt. */
export const LINE_PITCH_PT = mmToPt(TYPE_AREA_MM.height) / LINES_PER_PAGE;

/**
 * Line pitch in twips, rounded *down* (579): 22 × 580 = 12760 twips would overflow the
 * 12756-twip 版心 and leave 21 lines per page; 22 × 579 fits with 18 twips to spare. The
 * same value appears as `w:linePitch="579"` in the usual 公文 Word templates.
 */
export const LINE_PITCH_TWIPS = Math.floor((PAGE_TWIPS.height - MARGINS_TWIPS.top - MARGINS_TWIPS.bottom) / LINES_PER_PAGE);

/**
 * Character pitch: 156 mm / 28 ≈ 15.79 pt. That is *less* than the 16 pt of a 3号
 * character (28 × 16 pt = 158 mm), so characters are drawn 0.21 pt closer together,
 * as every 公文 template does.
 */
export const CHAR_PITCH_PT = mmToPt(TYPE_AREA_MM.width) / CHARS_PER_LINE;

/** Extra spacing added after each body character (negative: tighter), in points. */
export const BODY_CHARACTER_SPACING_PT = CHAR_PITCH_PT - SIZES_PT.body;

/**
 * `w:docGrid w:charSpace` for the body: (pitch − Normal font size) × 4096, rounded
 * down so 28 characters always fit (−848; templates carry −849, from a slightly
 * different rounding of 156 mm).
 */
export const DOCX_GRID_CHAR_SPACE = Math.floor(BODY_CHARACTER_SPACING_PT * 4096);

// ---------------------------------------------------------------------------
// 信函格式 first page

/** Red of the issuer name and the lines. The standard says only 红色; #E60012 is the sRGB
 *  rendering of the print red M100 Y100 (专色红) used for 红头, so screen and print agree. */
export const LETTER_RED = 'E60012';

/** Top edge of the issuer name, from the top of the page. */
export const ISSUER_TOP_MM = 30;
/** Widest the issuer name may run: inside the 版心 with a little air either side. */
export const ISSUER_MAX_WIDTH_MM = 150;
/** Gap between the bottom of the issuer name and the top of the first double line. */
export const ISSUER_TO_LINE_MM = 4;
/** Both double lines are 170 mm long, centred on the page. */
export const DOUBLE_LINE_LENGTH_MM = 170;
/** Distance of the second double line from the bottom of the page. */
export const BOTTOM_LINE_FROM_PAGE_BOTTOM_MM = 20;
/**
 * Stroke widths of the double lines, in points. The standard gives no widths; these
 * match the look of printed 红头 letters (a ~0.8 mm rule over a hairline).
 */
export const DOUBLE_LINE_PT = { thick: 2.25, gap: 1, thin: 0.75 } as const;
/** DOCX border for the double lines: Word's compound style, nominal width 3 pt (sz in 1/8 pt). */
export const DOCX_DOUBLE_LINE = { style: 'thickThinSmallGap', size: 24 } as const;
/** Gap between the first double line and the top of the number: 7/8 of a 3号 character. */
export const LINE_TO_NUMBER_MM = (7 / 8) * ptToMm(ZIHAO_PT.san);
/** Page number: its line sits this far below the 版心. */
export const PAGE_NUMBER_BELOW_TYPE_AREA_MM = 7;

/**
 * Size of the issuer name: as large as 小初 (36 pt) but never wider than
 * {@link ISSUER_MAX_WIDTH_MM}, in half points so DOCX can carry it exactly.
 * 周口市创建全国文明城市指挥部 (14 characters) comes out at 30 pt.
 */
export function issuerNameSizePt(name: string): number {
  const width = Math.max(1, textWidthEm(name));
  const fit = mmToPt(ISSUER_MAX_WIDTH_MM) / width;
  return Math.min(SIZES_PT.issuerMax, Math.floor(fit * 2) / 2);
}

/** Vertical positions of the 信函格式 head, in mm from the top of the page. */
export interface LetterHeadGeometry {
  issuerSizePt: number;
  issuerTopMm: number;
  issuerBottomMm: number;
  /** Top of the thick line. */
  lineTopMm: number;
  /** Bottom of the thin line. */
  lineBottomMm: number;
  /** Top of the number's characters. */
  numberTopMm: number;
}

/** Where the issuer name, the first double line and the number go (10.1 of the standard). */
export function letterHeadGeometry(issuerName: string): LetterHeadGeometry {
  const issuerSizePt = issuerNameSizePt(issuerName);
  const issuerBottomMm = ISSUER_TOP_MM + ptToMm(issuerSizePt);
  const lineTopMm = issuerBottomMm + ISSUER_TO_LINE_MM;
  const lineBottomMm = lineTopMm + ptToMm(DOUBLE_LINE_PT.thick + DOUBLE_LINE_PT.gap + DOUBLE_LINE_PT.thin);
  return {
    issuerSizePt,
    issuerTopMm: ISSUER_TOP_MM,
    issuerBottomMm,
    lineTopMm,
    lineBottomMm,
    numberTopMm: lineBottomMm + LINE_TO_NUMBER_MM,
  };
}

// ---------------------------------------------------------------------------
// Fonts

/**
 * Font families by role, official name first, then fallbacks. DOCX can name only one
 * East Asian font per run, so it names the first and leaves substitution to the
 * reader (WPS and Word map 仿宋_GB2312 → 仿宋 themselves); the chain documents what a
 * reader without the official fonts should use. The PDF embeds real font files,
 * resolved separately (src/documents/letters/fonts.ts).
 */
export const FONT_FALLBACKS = {
  /** Body text, number, date: 仿宋_GB2312. */
  fangsong: ['仿宋_GB2312', '仿宋', 'FangSong', 'STFangsong'],
  /** Issuer name and titles: 方正小标宋简体. */
  xiaobiaosong: ['方正小标宋简体', '方正小标宋_GBK', '华文中宋', 'STZhongsong', '宋体', 'SimSun'],
  /** 附件 label and table headings: 黑体. */
  heiti: ['黑体', 'SimHei', 'STHeiti'],
  /** Second-level headings (not used by the letters yet): 楷体_GB2312. */
  kaiti: ['楷体_GB2312', '楷体', 'KaiTi', 'STKaiti'],
  /** Page numbers: 宋体 (7.5: 4号半角宋体). */
  song: ['宋体', 'SimSun', 'STSong'],
} as const;

export type FontRole = keyof typeof FONT_FALLBACKS;

/** The official font name of a role, as DOCX runs name it. */
export function officialFont(role: FontRole): string {
  return FONT_FALLBACKS[role][0];
}

// ---------------------------------------------------------------------------
// Text

/**
 * Formats a China date `YYYY-MM-DD` the way 7.3.5 wants it: Arabic numerals, the year
 * in full, no leading zeros — `formatChineseDate('2026-03-05')` → `2026年3月5日`.
 */
export function formatChineseDate(day: string): string {
  if (!isValidDay(day)) throw new RangeError(`not a YYYY-MM-DD date: ${day}`);
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return `${year}年${month}月${date}日`;
}

/** Whether a character is set half width (Latin letters, digits, ASCII punctuation). */
function isHalfWidth(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return c < 0x2e80 && !(c >= 0x2014 && c <= 0x2026); // — and … are full width in Chinese fonts
}

/** Width of a text in ems (full-width character = 1, half-width = ½), for rough layout. */
export function textWidthEm(text: string): number {
  let w = 0;
  for (const ch of text) w += isHalfWidth(ch) ? 0.5 : 1;
  return w;
}

/**
 * Where the signature goes, in characters from the right edge of the 版心 (7.3.5.1,
 * sealed letters): the date four characters in, the issuer name centred over the
 * date — or flush right when it is the longer, so it never runs out of the 版心.
 */
export function signatureRightIndents(signatory: string, date: string): { signatoryChars: number; dateChars: number } {
  const dateChars = 4;
  const offset = dateChars + (textWidthEm(date) - textWidthEm(signatory)) / 2;
  return { signatoryChars: Math.max(0, offset), dateChars };
}

/** Characters that must not begin a line (避头点, GB/T 15834 style). */
const NO_LINE_START = new Set('，。、；：？！）》」』】〕〉’”…—%,.;:?!)]}·');
/** Characters that must not end a line (避尾点). */
const NO_LINE_END = new Set('（《「『【〔〈‘“([{');

/**
 * Breaks one paragraph into lines no wider than `width`, in the units `measure` returns.
 * Chinese characters break anywhere; runs of Latin letters and digits (case numbers,
 * years) stay whole unless longer than a line. Closing punctuation never starts a line
 * and opening punctuation never ends one: the character before is carried down with it,
 * as Word's 中文版式 rules do.
 */
export function breakLines(text: string, opts: { width: number; firstLineIndent?: number; measure: (s: string) => number }): string[] {
  const tokens = text.match(/[A-Za-z0-9][A-Za-z0-9.\-_/:%]*|[\s\S]/gu) ?? [];
  const lines: string[] = [];
  let line: string[] = [];
  let lineWidth = 0;
  let available = opts.width - (opts.firstLineIndent ?? 0);
  const EPS = 1e-6;
  const push = (t: string) => {
    line.push(t);
    lineWidth += opts.measure(t);
  };
  for (const token of tokens) {
    // A Latin run too long for any line is split after its hyphens, else character by character.
    const tooLong = (t: string) => opts.measure(t) > opts.width;
    const parts = tooLong(token) ? token.split(/(?<=-)/).flatMap((p) => (tooLong(p) ? Array.from(p) : [p])) : [token];
    for (const t of parts) {
      if (line.length > 0 && lineWidth + opts.measure(t) > available + EPS) {
        const carry: string[] = [];
        if (NO_LINE_START.has(t[0] ?? '') && line.length > 1) carry.unshift(line.pop() as string);
        while (line.length > 1 && NO_LINE_END.has((line[line.length - 1] ?? '').slice(-1))) carry.unshift(line.pop() as string);
        lines.push(line.join(''));
        line = [];
        lineWidth = 0;
        available = opts.width;
        for (const c of carry) push(c);
      }
      push(t);
    }
  }
  if (line.length > 0 || lines.length === 0) lines.push(line.join(''));
  return lines;
}

// ---------------------------------------------------------------------------
// Attachment table (问题清单)

/** Cell padding of the 问题清单, left/right and top/bottom. */
export const TABLE_CELL_PADDING_MM = { x: 1, y: 1.2 } as const;

/**
 * Columns of the 问题清单, widths summing to the 156 mm 版心; long texts are left-aligned.
 * Sized for 小4号 (12 pt): 序号 and 超期天数 hold two characters a line, 案卷编号 holds
 * 2026-000123 on one line, 整改期限 2026年2月 on its first line, 责任单位 市城市/管理局.
 */
export const ATTACHMENT_COLUMNS: readonly { header: string; widthMm: number; align: 'center' | 'left' }[] = [
  { header: '序号', widthMm: 11, align: 'center' },
  { header: '案卷编号', widthMm: 28, align: 'center' },
  { header: '问题描述', widthMm: 34, align: 'left' },
  { header: '地址', widthMm: 28, align: 'left' },
  { header: '责任单位', widthMm: 21, align: 'center' },
  { header: '整改期限', widthMm: 23, align: 'center' },
  { header: '超期天数', widthMm: 11, align: 'center' },
];

/**
 * Like {@link breakLines}, but with lines of even length: the narrowest width that
 * needs no more lines than the greedy break. For titles (标题回行时排列对称) and short
 * table cells, where 市城市/管理局 reads better than 市城市管理/局.
 */
export function breakLinesBalanced(text: string, opts: { width: number; measure: (s: string) => number }): string[] {
  const greedy = breakLines(text, opts);
  if (greedy.length < 2) return greedy;
  const step = opts.width / 100;
  for (let w = opts.measure(text) / greedy.length; w < opts.width; w += step) {
    const lines = breakLines(text, { ...opts, width: w });
    if (lines.length <= greedy.length) return lines;
  }
  return greedy;
}
