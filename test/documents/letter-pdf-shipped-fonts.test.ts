import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  BUNDLED_FONT_DIR,
  FONT_DIR_ENV,
  FontNotFoundError,
  SYSTEM_FONT_DIRS,
  SYSTEM_FONT_DIRS_ENV,
  resolveLetterFonts,
} from '../../src/documents/letters/fonts.js';
import { renderLetterPdf } from '../../src/documents/letters/letter-pdf.js';
import { sampleLetter } from '../../src/documents/letters/sample-letter.js';
import { extractText } from '../helpers/pdf-text.js';

const NOW = new Date('2026-03-05T02:00:00Z');

/** The names of the embedded font subsets (`/BaseFont /ABCDEF+Name`). */
const embeddedFonts = (pdf: Buffer): string[] => [
  ...new Set([...pdf.toString('latin1').matchAll(/\/BaseFont \/[A-Z]{6}\+(\S+)/g)].map((m) => m[1]!)),
];

describe('letter PDF with no system CJK font (the fonts Dudao ships)', () => {
  let empty: string;
  const saved = process.env[SYSTEM_FONT_DIRS_ENV];

  beforeAll(() => {
    empty = mkdtempSync(join(tmpdir(), 'dudao-no-fonts-'));
  });

  afterEach(() => {
    if (saved === undefined) delete process.env[SYSTEM_FONT_DIRS_ENV];
    else process.env[SYSTEM_FONT_DIRS_ENV] = saved;
  });

  it('falls back to the shipped fonts when the system folders are empty', () => {
    const fonts = resolveLetterFonts({ [SYSTEM_FONT_DIRS_ENV]: empty });
    expect(fonts).toEqual({
      fangsong: { path: join(BUNDLED_FONT_DIR, 'FandolFang-Regular-GB2312.otf') },
      xiaobiaosong: { path: join(BUNDLED_FONT_DIR, 'NotoSerifSC-Bold-GB2312.otf') },
      heiti: { path: join(BUNDLED_FONT_DIR, 'NotoSerifSC-Bold-GB2312.otf') },
      song: { path: join(BUNDLED_FONT_DIR, 'NotoSerifSC-Regular-GB2312.otf') },
    });
  });

  it('renders the sample letter with the CJK text embedded and extractable', { timeout: 60_000 }, async () => {
    process.env[SYSTEM_FONT_DIRS_ENV] = empty;
    const letter = sampleLetter('督办函', NOW);
    const pdf = await renderLetterPdf(letter); // default fonts: resolved from process.env
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.subarray(-6).toString()).toMatch(/%%EOF\s*$/);
    expect(pdf.toString('latin1')).toMatch(/\/FontFile3 \d+ 0 R/);
    expect(embeddedFonts(pdf).sort()).toEqual(['FandolFang-Regular', 'NotoSerifCJKsc-Bold', 'NotoSerifCJKsc-Regular']);
    const text = extractText(pdf);
    for (const s of [letter.issuerName, letter.title, letter.number, letter.addressee, '2026年3月5日', '问题清单', '— 2 —']) {
      expect(text).toContain(s);
    }
    expect(text).not.toContain('\uFFFD');
  });

  it('still prefers the system fonts when they are there', () => {
    const system = '/usr/share/fonts/opentype/noto';
    const installed = new Set([
      `${system}/NotoSerifCJK-Regular.ttc`,
      ...['FandolFang', 'NotoSerifSC-Bold', 'NotoSerifSC-Regular'].map((f) => join(BUNDLED_FONT_DIR, `${f}-GB2312.otf`)),
    ]);
    const fonts = resolveLetterFonts({}, (p) => installed.has(p));
    for (const role of ['fangsong', 'xiaobiaosong', 'heiti', 'song'] as const) {
      expect(fonts[role]).toEqual({ path: `${system}/NotoSerifCJK-Regular.ttc`, postscriptName: 'NotoSerifCJKsc-Regular' });
    }
  });

  it('reads the system folders from the environment, separated by the path delimiter', () => {
    const installed = new Set(['/b/simfang.ttf', '/c/NotoSerifCJK-Regular.ttc']);
    const env = { [SYSTEM_FONT_DIRS_ENV]: ['/a', '/b', '/c'].join(process.platform === 'win32' ? ';' : ':') };
    const fonts = resolveLetterFonts(env, (p) => installed.has(p), { bundled: null });
    expect(fonts.fangsong).toEqual({ path: '/b/simfang.ttf' });
    expect(fonts.song).toEqual({ path: '/c/NotoSerifCJK-Regular.ttc', postscriptName: 'NotoSerifCJKsc-Regular' });
    expect(SYSTEM_FONT_DIRS).toContain('/usr/share/fonts/opentype/noto');
  });

  it('names the shipped folder too when even the shipped fonts are gone', () => {
    let error: unknown;
    try {
      resolveLetterFonts({ [FONT_DIR_ENV]: '/nonexistent/fonts', [SYSTEM_FONT_DIRS_ENV]: '' }, () => false);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FontNotFoundError);
    expect((error as FontNotFoundError).folders).toEqual(['/nonexistent/fonts', BUNDLED_FONT_DIR]);
    expect((error as Error).message).toMatch(/FandolFang-Regular-GB2312\.otf, NotoSerifSC-Regular-GB2312\.otf\.\n/);
  });

  it('renders characters outside GB 2312 without failing (they have no glyph in the shipped subsets)', { timeout: 60_000 }, async () => {
    const letter = sampleLetter('督办函', NOW);
    const fonts = resolveLetterFonts({ [SYSTEM_FONT_DIRS_ENV]: empty });
    // 喆 and 堃 (common in names) are outside GB 2312: drawn as the empty .notdef glyph.
    const pdf = await renderLetterPdf({ ...letter, addressee: '王喆、李堃同志：' }, fonts);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(extractText(pdf)).toContain('同志：');
  });
});
