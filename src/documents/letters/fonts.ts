import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Font files the PDF renderer embeds, by role.
 *
 * The official 公文 fonts (仿宋_GB2312, 方正小标宋简体, 黑体, 宋体) are commercial or
 * Windows fonts a Linux server rarely has, so the shipped list falls back to Noto CJK
 * (Debian/Ubuntu `fonts-noto-cjk`, also packaged by Fedora, Arch and Alpine), which is
 * free and covers GB 18030: Noto Serif CJK SC stands in for 仿宋 and 宋体, its Bold for
 * 小标宋, Noto Sans CJK SC Bold for 黑体. A deployment that owns the official fonts
 * puts them in a folder and points {@link FONT_DIR_ENV} at it; that folder is searched
 * first, for official and Noto file names alike.
 *
 * `.ttc` collections need the PostScript name of the face inside (pdfkit's `family`
 * argument), e.g. `NotoSerifCJKsc-Regular` picks the Simplified Chinese face.
 */

/** Environment variable naming an extra folder of fonts, searched before the system folders. */
export const FONT_DIR_ENV = 'DUDAO_CJK_FONT_DIR';

/** Roles the letter PDF needs (see FONT_FALLBACKS in src/domain/letters/layout.ts). */
export type PdfFontRole = 'fangsong' | 'xiaobiaosong' | 'heiti' | 'song';

/** One file that can serve a role. `postscriptName` is required for `.ttc` collections. */
export interface FontCandidate {
  file: string;
  postscriptName?: string;
}

/** A font found on disk. */
export interface ResolvedFont {
  path: string;
  postscriptName?: string;
}

export type LetterFonts = Record<PdfFontRole, ResolvedFont>;

const NOTO_SERIF: FontCandidate[] = [
  { file: 'NotoSerifCJK-Regular.ttc', postscriptName: 'NotoSerifCJKsc-Regular' },
  { file: 'NotoSerifCJKsc-Regular.otf' },
  { file: 'NotoSerifSC-Regular.otf' },
];
const NOTO_SERIF_BOLD: FontCandidate[] = [
  { file: 'NotoSerifCJK-Bold.ttc', postscriptName: 'NotoSerifCJKsc-Bold' },
  { file: 'NotoSerifCJKsc-Bold.otf' },
  { file: 'NotoSerifSC-Bold.otf' },
];
const NOTO_SANS_BOLD: FontCandidate[] = [
  { file: 'NotoSansCJK-Bold.ttc', postscriptName: 'NotoSansCJKsc-Bold' },
  { file: 'NotoSansCJKsc-Bold.otf' },
  { file: 'NotoSansCJK-Regular.ttc', postscriptName: 'NotoSansCJKsc-Regular' },
  { file: 'NotoSansCJKsc-Regular.otf' },
];

/**
 * Candidates per role, best first: the official fonts under their usual file names,
 * then Noto. Every role ends with the Noto serif so one installed Noto face is enough.
 */
export const FONT_CANDIDATES: Record<PdfFontRole, FontCandidate[]> = {
  fangsong: [{ file: '仿宋_GB2312.ttf' }, { file: 'FangSong_GB2312.ttf' }, { file: 'simfang.ttf' }, { file: 'SIMFANG.TTF' }, ...NOTO_SERIF],
  xiaobiaosong: [
    { file: '方正小标宋简体.ttf' },
    { file: 'FZXBSJW.TTF' },
    { file: 'FZXBSJW--GB1-0.ttf' },
    { file: 'STZHONGS.TTF' },
    ...NOTO_SERIF_BOLD,
    ...NOTO_SERIF,
  ],
  heiti: [{ file: '黑体.ttf' }, { file: 'simhei.ttf' }, { file: 'SIMHEI.TTF' }, ...NOTO_SANS_BOLD, ...NOTO_SERIF],
  song: [{ file: 'simsun.ttc', postscriptName: 'SimSun' }, { file: 'SIMSUN.TTC', postscriptName: 'SimSun' }, ...NOTO_SERIF],
};

/** System folders searched after {@link FONT_DIR_ENV}: Debian/Ubuntu, Fedora, Arch, Alpine, macOS, Windows. */
export const SYSTEM_FONT_DIRS: readonly string[] = [
  '/usr/share/fonts/opentype/noto',
  '/usr/share/fonts/opentype/noto-cjk',
  '/usr/share/fonts/google-noto-cjk',
  '/usr/share/fonts/google-noto-serif-cjk-fonts',
  '/usr/share/fonts/google-noto-sans-cjk-fonts',
  '/usr/share/fonts/noto-cjk',
  '/usr/share/fonts/noto',
  '/usr/share/fonts/truetype/noto',
  '/usr/local/share/fonts',
  '/Library/Fonts',
  'C:\\Windows\\Fonts',
];

const ROLE_LABELS: Record<PdfFontRole, string> = {
  fangsong: '仿宋 (body)',
  xiaobiaosong: '小标宋 (issuer name, titles)',
  heiti: '黑体 (headings)',
  song: '宋体 (page numbers)',
};

/** Thrown when some role has no font on disk; the message names every folder and file name tried. */
export class FontNotFoundError extends Error {
  constructor(
    readonly role: PdfFontRole,
    readonly folders: readonly string[],
    readonly files: readonly string[],
  ) {
    super(
      `no CJK font found for ${ROLE_LABELS[role]}.\n` +
        `Searched the folders:\n  ${folders.join('\n  ')}\nfor any of: ${files.join(', ')}.\n` +
        `Install Noto CJK (Debian/Ubuntu: apt-get install fonts-noto-cjk) or set ${FONT_DIR_ENV} to a folder holding e.g. simfang.ttf or NotoSerifCJK-Regular.ttc.`,
    );
    this.name = 'FontNotFoundError';
  }
}

/**
 * Finds a file for every role. Candidates are tried best first, each in
 * {@link FONT_DIR_ENV} and then in {@link SYSTEM_FONT_DIRS}: an official font anywhere
 * beats Noto anywhere, and for the same file the operator's folder wins.
 */
export function resolveLetterFonts(env: NodeJS.ProcessEnv = process.env, exists: (path: string) => boolean = existsSync): LetterFonts {
  const custom = env[FONT_DIR_ENV]?.trim();
  const dirs = [...(custom ? [custom] : []), ...SYSTEM_FONT_DIRS];
  const resolveRole = (role: PdfFontRole): ResolvedFont => {
    for (const c of FONT_CANDIDATES[role]) {
      for (const dir of dirs) {
        const path = join(dir, c.file);
        if (exists(path)) return c.postscriptName ? { path, postscriptName: c.postscriptName } : { path };
      }
    }
    throw new FontNotFoundError(role, dirs, [...new Set(FONT_CANDIDATES[role].map((c) => c.file))]);
  };
  return {
    fangsong: resolveRole('fangsong'),
    xiaobiaosong: resolveRole('xiaobiaosong'),
    heiti: resolveRole('heiti'),
    song: resolveRole('song'),
  };
}
