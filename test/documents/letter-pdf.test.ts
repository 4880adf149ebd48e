import { inflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { FONT_DIR_ENV, FontNotFoundError, resolveLetterFonts } from '../../src/documents/letters/fonts.js';
import { renderLetterPdf } from '../../src/documents/letters/letter-pdf.js';
import { sampleLetter } from '../../src/documents/letters/sample-letter.js';
import { ATTACHMENT_TITLE, type LetterDocument } from '../../src/domain/letters/letter-document.js';

const NOW = new Date('2026-03-05T02:00:00Z');

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

/** The objects of an uncompressed-xref PDF (what pdfkit writes): dictionary text and raw stream bytes. */
function pdfObjects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  for (const m of text.matchAll(/(\d+) 0 obj\s*/g)) {
    const start = m.index + m[0].length;
    let depth = 0;
    let i = start;
    // Walk to the end of the top-level dictionary, counting << and >>.
    do {
      const step = text.startsWith('<<', i) ? 1 : text.startsWith('>>', i) ? -1 : 0;
      depth += step;
      i += step === 0 ? 1 : 2;
    } while (depth > 0 && i < text.length);
    const dict = text.slice(start, i);
    const after = /^\s*stream\r?\n/.exec(text.slice(i, i + 20));
    const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
    const stream = after && Number.isFinite(length) ? pdf.subarray(i + after[0].length, i + after[0].length + length) : undefined;
    objects.set(Number(m[1]), stream ? { dict, stream } : { dict });
  }
  return objects;
}

const streamText = (o: PdfObject): string => {
  const raw = o.stream ?? Buffer.alloc(0);
  return (o.dict.includes('/FlateDecode') ? inflateSync(raw) : raw).toString('latin1');
};

/** Parses a ToUnicode CMap (bfchar and bfrange) into code → text. */
function parseCmap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const utf16 = (hex: string) => Buffer.from(hex, 'hex').swap16().toString('utf16le');
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code, uni] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(parseInt(code!, 16), utf16(uni!));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, rest] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
      const from = parseInt(lo!, 16);
      const to = parseInt(hi!, 16);
      if (rest!.startsWith('[')) {
        [...rest!.matchAll(/<([0-9a-fA-F]+)>/g)].forEach(([, u], k) => map.set(from + k, utf16(u!)));
      } else {
        const base = parseInt(rest!.slice(1, -1), 16);
        for (let c = from; c <= to; c++) map.set(c, String.fromCodePoint(base + c - from));
      }
    }
  }
  return map;
}

/** The decoded content streams of the pages, in page order. */
function pageContents(objects: Map<number, PdfObject>): string[] {
  const contents: string[] = [];
  for (const o of objects.values()) {
    if (!/\/Type \/Page\b/.test(o.dict)) continue;
    const c = objects.get(Number(/\/Contents (\d+) 0 R/.exec(o.dict)?.[1]));
    if (c) contents.push(streamText(c));
  }
  return contents;
}

/**
 * The text of a pdfkit PDF in drawing order, decoded through each font's ToUnicode
 * CMap (pdfkit shows 2-byte glyph codes as hex strings in TJ arrays).
 */
function extractText(pdf: Buffer): string {
  return extractPages(pdf).join('');
}

/** The text of each page, in page order (see {@link extractText}). */
function extractPages(pdf: Buffer): string[] {
  const objects = pdfObjects(pdf);
  const fontCmaps = new Map<string, Map<number, string>>();
  for (const o of objects.values()) {
    // Font resource names (F1, F2…) are unique per document in pdfkit.
    for (const [, name, ref] of o.dict.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
      const font = objects.get(Number(ref));
      const cmapRef = font && /\/ToUnicode (\d+) 0 R/.exec(font.dict)?.[1];
      const cmap = cmapRef ? objects.get(Number(cmapRef)) : undefined;
      if (cmap) fontCmaps.set(name!, parseCmap(streamText(cmap)));
    }
  }
  const pages: string[] = [];
  for (const content of pageContents(objects)) {
    let out = '';
    let cmap = new Map<number, string>();
    for (const [, font, arr] of content.matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\] TJ/g)) {
      if (font) cmap = fontCmaps.get(font) ?? new Map<number, string>();
      for (const [, hex] of (arr ?? '').matchAll(/<([0-9a-fA-F]*)>/g)) {
        for (let k = 0; k + 4 <= hex!.length; k += 4) out += cmap.get(parseInt(hex!.slice(k, k + 4), 16)) ?? '\uFFFD';
      }
    }
    pages.push(out);
  }
  return pages;
}

describe('letter PDF (GB/T 9704-2012 信函格式)', () => {
  let letter: LetterDocument;
  let pdf: Buffer;
  let text: string;

  beforeAll(async () => {
    letter = sampleLetter('督办函', NOW);
    pdf = await renderLetterPdf(letter);
    text = extractText(pdf);
  });

  it('embeds subsets of CJK fonts', () => {
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/FontFile[23]? \d+ 0 R/);
    const baseFonts = [...raw.matchAll(/\/BaseFont \/([A-Z]{6})\+(\S+)/g)].map((m) => m[2]!);
    expect(baseFonts.length).toBeGreaterThan(0);
    expect(baseFonts.some((n) => /CJK|Song|Fang|Hei|Kai|SC/i.test(n))).toBe(true);
  });

  it('is A4 and carries the title, number, addressee, body, date and attachment', () => {
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.27\d* 841\.88\d*\]/);
    expect(text).toContain(letter.title);
    expect(text).toContain('周创指督〔2026〕7号');
    expect(text).toContain(letter.issuerName);
    expect(text).toContain(letter.addressee);
    expect(text).toContain('2026年3月5日');
    expect(text).toContain('问题清单');
    for (const h of ['序号', '案卷编号', '超期天数']) expect(text).toContain(h);
    expect(text).toContain('2026-000123');
    expect(text).toContain('— 2 —');
  });

  it('draws the issuer name and the lines in red #E60012', () => {
    // pdfkit writes colours as fractions: E6 00 12 → 0.90196… 0 0.07058…, then draws the
    // name (Tj/TJ) and fills the line rectangles (re … f) on page 1.
    const page1 = pageContents(pdfObjects(pdf))[0] ?? '';
    const red = String.raw`0\.90196\d* 0 0\.07058\d* (?:rg|scn)`;
    // The red fill is set right before the 30 pt issuer name is shown.
    expect(page1).toMatch(new RegExp(String.raw`${red}\s+q\s+[-\d. ]+ cm\s+BT\s+[-\d. ]+ Tm\s+/F\d+ 30 Tf\s+\[<`));
    // Two double lines = four red rectangles (x y w h re, colour, f).
    expect(page1.match(new RegExp(String.raw`re\s+/DeviceRGB cs\s+${red}\s+f`, 'g'))?.length).toBe(4);
  });

  it('sets continuation pages on the 22 × 28 grid starting at the 37 mm margin', async () => {
    const long = {
      ...letter,
      cases: [],
      contact: undefined,
      bodyParagraphs: Array.from({ length: 12 }, () => '市创建指挥部督查发现问题整改不到位。'.repeat(8)),
    };
    const page2 = pageContents(pdfObjects(await renderLetterPdf(long)))[1] ?? '';
    // Body lines: a 16 pt font, then the glyph codes of one line.
    const lines = [...page2.matchAll(/1 0 0 1 ([\d.]+) ([\d.]+) Tm\s+\/F\d+ 16 Tf\s+(?:[-\d.]+ Tc\s+)?\[<([0-9a-f]+)>/g)];
    expect(lines).toHaveLength(22);
    // Tm y counts up from the bottom of the page; turn it into distance from the top.
    const ys = lines.map((m) => (297 / 25.4) * 72 - Number(m[2]));
    const pitch = ((225 / 25.4) * 72) / 22;
    ys.slice(1).forEach((y, i) => expect(y - ys[i]!).toBeCloseTo(pitch, 2));
    // Baseline of line 1: top margin + half the leading + the em box ascent (0.88 em).
    expect(ys[0]).toBeCloseTo((37 / 25.4) * 72 + (pitch - 16) / 2 + 0.88 * 16, 2);
    // A full line holds 28 characters (4 hex digits a glyph) and starts at the 28 mm margin.
    const full = lines.filter((m) => m[3]!.length === 28 * 4);
    expect(full.length).toBeGreaterThanOrEqual(12);
    expect(lines.every((m) => m[3]!.length <= 28 * 4)).toBe(true);
    expect(Number(full[0]![1])).toBeCloseTo((28 / 25.4) * 72, 2);
  });

  it('never puts the 附件 line, signature and date on a page without body text (GB/T 9704 7.3.5.1)', { timeout: 60_000 }, async () => {
    // One-line paragraphs, so n paragraphs are n body lines. With the head, note and a
    // contact line, 13 and 14 body lines filled page 1 so that the old layout opened
    // page 2 with the 附件 line (see test/domain/letters/pagination.test.ts).
    for (const n of [13, 14]) {
      const body = Array.from({ length: n }, (_, i) => `测试正文第${i + 1}段用于检验分页效果。`);
      const pages = extractPages(await renderLetterPdf({ ...letter, bodyParagraphs: body }));
      const signaturePage = pages.findIndex((p) => p.includes('2026年3月5日') && p.includes(`附件：${ATTACHMENT_TITLE}`));
      expect(signaturePage, `${n} paragraphs`).toBeGreaterThan(0);
      const page = pages[signaturePage]!;
      // The last two body lines moved over and open the page, before the 附件 line.
      expect(page.indexOf(`测试正文第${n}段`), `${n} paragraphs`).toBeGreaterThanOrEqual(0);
      expect(page.indexOf(`测试正文第${n - 1}段`)).toBeLessThan(page.indexOf(`测试正文第${n}段`));
      expect(page.indexOf(`测试正文第${n}段`)).toBeLessThan(page.indexOf('附件：'));
      expect(pages[signaturePage - 1]).not.toContain(`测试正文第${n - 1}段`);
      expect(pages[signaturePage - 1]).toContain(`测试正文第${n - 2}段`);
    }
  });

  it('names the folders it searched when no CJK font is installed', () => {
    let error: unknown;
    try {
      resolveLetterFonts({ [FONT_DIR_ENV]: '/nonexistent/fonts' }, () => false);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FontNotFoundError);
    const message = (error as Error).message;
    expect(message).toMatch(/^no CJK font found for 仿宋/);
    expect(message).toContain('\n  /nonexistent/fonts\n  /usr/share/fonts/opentype/noto\n');
    expect(message).toMatch(/for any of: 仿宋_GB2312\.ttf, .*simfang\.ttf, .*NotoSerifCJK-Regular\.ttc/);
    expect(message).toContain(FONT_DIR_ENV);
  });

  it('prefers fonts in the operator folder', () => {
    const installed = new Set([
      '/opt/fonts/simfang.ttf',
      '/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc',
      '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc',
    ]);
    const fonts = resolveLetterFonts({ [FONT_DIR_ENV]: '/opt/fonts' }, (p) => installed.has(p));
    expect(fonts.fangsong).toEqual({ path: '/opt/fonts/simfang.ttf' });
    expect(fonts.xiaobiaosong).toEqual({
      path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc',
      postscriptName: 'NotoSerifCJKsc-Bold',
    });
  });
});
