import { describe, expect, it } from 'vitest';
import { DEMO_ISSUER_NAME } from '../../../src/demo/demo-ladder.js';
import {
  BODY_LINES_WITH_SIGNATURE,
  firstFlowTopPt,
  firstParagraphKeptWithSignature,
  letterFlow,
  paginateFlow,
  type FlowLine,
  type LetterFlowParts,
} from '../../../src/domain/letters/pagination.js';

const text = (n: number): FlowLine[] => Array<FlowLine>(n).fill('text');
/** Number, two blanks, a one-line title, a blank, the addressee. */
const HEAD: FlowLine[] = ['text', 'blank', 'blank', 'text', 'blank', 'text'];
/** One blank, then 附件：问题清单. */
const NOTE: FlowLine[] = ['blank', 'text'];
/** Signatory, date, contact line. */
const SIGNATURE = text(3);
const TOP = firstFlowTopPt(DEMO_ISSUER_NAME);

const parts = (bodyLines: number, note = NOTE): LetterFlowParts => ({ head: HEAD, body: text(bodyLines), note, signature: SIGNATURE });

/** What the renderer did before: the signature only had to share a page with the line before it (the 附件 line). */
function oldFlow(p: LetterFlowParts) {
  const before = [...p.head, ...p.body, ...p.note];
  const attempt = (blanks: number, breakBefore = -1) => {
    const at = paginateFlow([...before, ...Array<FlowLine>(blanks).fill('blank'), ...p.signature], TOP, breakBefore);
    return { at, together: at[before.length - 1]?.page === at[before.length + blanks]?.page };
  };
  let flow = attempt(2);
  if (!flow.together) flow = attempt(1);
  if (!flow.together) flow = attempt(2, p.head.length + Math.max(0, p.body.length - 2));
  return flow.at;
}

/** Body lines on the page the signature starts on. */
function bodyLinesWithSignature(p: LetterFlowParts, at: { page: number; top: number | null }[], blanks: number): number {
  const signaturePage = at[HEAD.length + p.body.length + p.note.length + blanks]!.page;
  return at.slice(HEAD.length, HEAD.length + p.body.length).filter((a) => a.page === signaturePage && a.top !== null).length;
}

describe('letter pagination (GB/T 9704 7.3.5.1: no signature without text)', () => {
  it('places lines on the 22-line grid, dropping a blank that would open a page', () => {
    const at = paginateFlow(['text', ...Array<FlowLine>(40).fill('text'), 'blank', 'text'], TOP);
    const page2 = at.filter((a) => a.page === 1);
    expect(page2.length).toBeGreaterThan(0);
    expect(at.filter((a) => a.page === 1 && a.top !== null).length).toBeLessThanOrEqual(22);
  });

  it('the old rule left the 附件 line, signature and date alone on a page for some body lengths; now never', () => {
    const badBefore: number[] = [];
    for (let n = 1; n <= 80; n++) {
      const p = parts(n);
      const flow = letterFlow(p, TOP);
      // Every body length: at least one body line shares the signature's page, and the whole signature is on one page.
      const lines = bodyLinesWithSignature(p, flow.at, flow.blanks);
      expect(lines, `${n} body lines`).toBeGreaterThanOrEqual(1);
      const sig = flow.at.slice(-SIGNATURE.length);
      expect(new Set(sig.map((a) => a.page)).size).toBe(1);
      // When a break had to be forced, the last two body lines moved together.
      if (flow.breakBefore >= 0) expect(lines).toBe(BODY_LINES_WITH_SIGNATURE);
      if (bodyLinesWithSignature(p, oldFlow(p), 2) === 0) badBefore.push(n);
    }
    // The bad breaks the issue found are real under the old rule (one per page's worth of body).
    expect(badBefore.length).toBeGreaterThanOrEqual(3);
    for (const n of badBefore) {
      const flow = letterFlow(parts(n), TOP);
      expect(flow.breakBefore, `${n} body lines`).toBe(HEAD.length + n - 2);
    }
  });

  it('without an attachment the signature also keeps text, and a short letter needs no forced break', () => {
    for (let n = 1; n <= 60; n++) {
      const p = parts(n, []);
      const flow = letterFlow(p, TOP);
      expect(bodyLinesWithSignature(p, flow.at, flow.blanks), `${n}`).toBeGreaterThanOrEqual(1);
    }
    expect(letterFlow(parts(5), TOP)).toMatchObject({ blanks: 2, breakBefore: -1 });
  });

  it('DOCX: keeps with the signature the last paragraphs that hold two lines', () => {
    const oneLine = '特此函告。';
    const threeLines = '请你单位'.repeat(18);
    expect(firstParagraphKeptWithSignature([threeLines, threeLines, oneLine])).toBe(1);
    expect(firstParagraphKeptWithSignature([oneLine, threeLines])).toBe(1);
    expect(firstParagraphKeptWithSignature([oneLine, oneLine, oneLine])).toBe(1);
    expect(firstParagraphKeptWithSignature([oneLine])).toBe(0);
    expect(firstParagraphKeptWithSignature([])).toBe(0);
  });
});
