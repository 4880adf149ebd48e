/**
 * Pagination of a letter's text flow on the 22-line grid (layout.ts): where each line
 * goes, and how the signature is kept with the text. GB/T 9704-2012 7.3.5.1 wants the
 * seal on the same page as the text and forbids solving it with 此页无正文: the
 * 附件说明, signature and date must never stand on a page without at least one line of
 * the body. Pure: line kinds and points in, places out; both renderers follow it (the
 * PDF by the places, the DOCX by keep-with-next on the paragraphs it names).
 */

import {
  CHARS_PER_LINE,
  LINE_PITCH_PT,
  MARGINS_MM,
  SIZES_PT,
  TYPE_AREA_MM,
  breakLines,
  letterHeadGeometry,
  mmToPt,
  textWidthEm,
} from './layout.js';

/** One line of the flow: text, or a blank line (dropped when it would open a page). */
export type FlowLine = 'text' | 'blank';

/** Where one line goes: page (0 = first) and top in points, or top null for a blank dropped at a page top. */
export interface LinePlace {
  page: number;
  top: number | null;
}

/** Top of the first line box of the flow on page 1 (the number's grid line), in points from the top of the page. */
export function firstFlowTopPt(issuerName: string): number {
  return mmToPt(letterHeadGeometry(issuerName).numberTopMm) - (LINE_PITCH_PT - SIZES_PT.number) / 2;
}

const TOP_PT = mmToPt(MARGINS_MM.top);
const BOTTOM_PT = mmToPt(MARGINS_MM.top + TYPE_AREA_MM.height);

/**
 * Places lines on the grid from `firstTopPt` on page 1, a new page whenever the next
 * line would cross the bottom of the 版心 (or before line `breakBefore`, unless that
 * line already opens a page). A blank line that would open a page (after the first) is
 * dropped: it takes no room.
 */
export function paginateFlow(lines: readonly FlowLine[], firstTopPt: number, breakBefore = -1): LinePlace[] {
  let page = 0;
  let y = firstTopPt;
  return lines.map((line, i) => {
    if ((i === breakBefore && y > TOP_PT + 0.01) || y + LINE_PITCH_PT > BOTTOM_PT + 0.01) {
      page += 1;
      y = TOP_PT;
    }
    if (line === 'blank' && page > 0 && y === TOP_PT) return { page, top: null };
    y += LINE_PITCH_PT;
    return { page, top: y - LINE_PITCH_PT };
  });
}

/** The parts of a letter's flow, in order: number to addressee, body, 附件说明 (may be empty), signature and date. */
export interface LetterFlowParts {
  head: readonly FlowLine[];
  body: readonly FlowLine[];
  note: readonly FlowLine[];
  signature: readonly FlowLine[];
}

/**
 * The flow as laid out: `lines` is head, body, note, `blanks` blank lines for the seal,
 * signature; `at` places each; `breakBefore` is the line a page break was forced
 * before (−1 for none).
 */
export interface LetterFlow {
  blanks: number;
  breakBefore: number;
  lines: FlowLine[];
  at: LinePlace[];
}

/** How many lines of the body are carried over with the signature when it would otherwise stand without any. */
export const BODY_LINES_WITH_SIGNATURE = 2;

/**
 * Lays out a letter's flow so the signature block (附件说明, signature, date, contact
 * line) shares one page with at least one line of the body: two blank lines for the seal, else one (the
 * seal may overlap the line above), else a page break before the last
 * {@link BODY_LINES_WITH_SIGNATURE} body lines, which then open the page the signature
 * is on. A letter without body lines keeps the signature with the head instead.
 */
export function letterFlow(parts: LetterFlowParts, firstTopPt: number): LetterFlow {
  const before = [...parts.head, ...parts.body, ...parts.note];
  // The last line of text the signature must share a page with.
  const anchor = parts.body.length > 0 ? parts.head.length + parts.body.length - 1 : parts.head.length - 1;
  const attempt = (blanks: number, breakBefore = -1): LetterFlow & { together: boolean } => {
    const lines: FlowLine[] = [...before, ...Array<FlowLine>(blanks).fill('blank'), ...parts.signature];
    const at = paginateFlow(lines, firstTopPt, breakBefore);
    const signatureStart = before.length + blanks;
    // The whole block, contact line included, on the page of the anchor line.
    const together = anchor < 0 || at.slice(signatureStart).every((a) => a.page === at[anchor]?.page);
    return { blanks, breakBefore, lines, at, together };
  };
  const carried = parts.head.length + Math.max(0, parts.body.length - BODY_LINES_WITH_SIGNATURE);
  let flow = attempt(2);
  if (!flow.together) flow = attempt(1);
  if (!flow.together) flow = attempt(2, carried);
  return { blanks: flow.blanks, breakBefore: flow.breakBefore, lines: flow.lines, at: flow.at };
}

/**
 * For DOCX, where Word paginates: the index of the first body paragraph to keep with
 * the next one, so that the paragraphs from there to the end hold at least
 * {@link BODY_LINES_WITH_SIGNATURE} lines (counted on the 28-character grid, first lines
 * indented two characters). Those paragraphs get keep-with-next; the first of them also
 * widow control, so when Word splits it, at least two of its lines go with the rest.
 */
export function firstParagraphKeptWithSignature(paragraphs: readonly string[]): number {
  let lines = 0;
  for (let i = paragraphs.length - 1; i >= 0; i--) {
    lines += breakLines(paragraphs[i] ?? '', { width: CHARS_PER_LINE, firstLineIndent: 2, measure: textWidthEm }).length;
    if (lines >= BODY_LINES_WITH_SIGNATURE) return i;
  }
  return 0;
}
