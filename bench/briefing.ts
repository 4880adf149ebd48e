import { renderBriefingDocx } from '../src/documents/briefings/briefing-docx.js';
import { renderBriefingPdf } from '../src/documents/briefings/briefing-pdf.js';
import type { Services } from '../src/services/index.js';
import type { Actor } from '../src/domain/policies/permissions.js';

/** The briefing figures of a run (issue 13 Speed: `briefing_docx_ms` ≤ 1 000, `briefing_pdf_ms` ≤ 3 000). */
export interface BriefingFigures {
  /** Units in the briefing's ranking (every unit with work in the 28 days or owing older work). */
  units: number;
  /** Composing the draft from the record (not a target; for reference). */
  generate_ms: number;
  /** The first render of each in the process: loads the docx / pdfkit / sharp modules, the fonts and fontconfig. */
  docx_first_ms: number;
  pdf_first_ms: number;
  /** Median of the next renders: what a download costs on a running server. */
  docx_ms: number;
  pdf_ms: number;
  docx_kb: number;
  pdf_kb: number;
  /** Pages of the PDF. */
  pdf_pages: number;
}

const ROUNDS = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Generates the briefing of the last 28 days of the bench city (~500 units ranked,
 * every section filled, its charts drawn) through BriefingService as HQ, then renders it
 * as DOCX and as PDF the way GET /api/briefings/:id.docx|.pdf does: once cold, then
 * ROUNDS times, the median reported.
 */
export async function measureBriefing(services: Services, hq: Actor, now: Date): Promise<BriefingFigures> {
  const ctx = { actor: hq, requestId: 'bench-briefing', clientIp: null };
  // The 28 days before today (every scale's history spans at least 28 days): a month's meeting.
  const day = (back: number) => new Date(now.getTime() - back * 86_400_000).toISOString().slice(0, 10);
  let t = performance.now();
  const draft = await services.briefings.generate(ctx, { periodKind: 'custom', from: day(28), to: day(1) });
  const generateMs = performance.now() - t;
  const b = await services.briefings.get(ctx, draft.id);
  t = performance.now();
  const docx = await renderBriefingDocx(b);
  const docxFirst = performance.now() - t;
  t = performance.now();
  const pdf = await renderBriefingPdf(b);
  const pdfFirst = performance.now() - t;
  const docxTimes: number[] = [];
  const pdfTimes: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    t = performance.now();
    await renderBriefingDocx(b);
    docxTimes.push(performance.now() - t);
    t = performance.now();
    await renderBriefingPdf(b);
    pdfTimes.push(performance.now() - t);
  }
  return {
    units: b.content.ranking.length,
    generate_ms: round1(generateMs),
    docx_first_ms: round1(docxFirst),
    pdf_first_ms: round1(pdfFirst),
    docx_ms: round1(median(docxTimes)),
    pdf_ms: round1(median(pdfTimes)),
    docx_kb: Math.round(docx.length / 1024),
    pdf_kb: Math.round(pdf.length / 1024),
    pdf_pages: (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length,
  };
}
