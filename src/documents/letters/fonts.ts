import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
 *
 * When neither folder has a font for a role, the fonts Dudao ships in `resources/fonts/`
 * serve (see its PROVENANCE.md): FandolFang (a real 仿宋) for the body, Noto Serif CJK SC
 * Regular and Bold for the rest, each cut down to GB 2312 plus ASCII, Latin-1 and common
 * punctuation. A character outside that set has no glyph there and prints as a blank,
 * so a deployment whose letters need rarer characters installs fonts-noto-cjk.
 */

/** Environment variable naming an extra folder of fonts, searched before the system folders. */
export const FONT_DIR_ENV = 'DUDAO_CJK_FONT_DIR';

/**
 * Environment variable replacing {@link SYSTEM_FONT_DIRS}: folders separated by the path
 * delimiter (`:`; `;` on Windows), an empty value meaning none. Tests use it to hide the
 * machine's fonts; an operator can use it to skip folders that hold unwanted fonts.
 */
export const SYSTEM_FONT_DIRS_ENV = 'DUDAO_SYSTEM_FONT_DIRS';

/** The folder of the fonts shipped with Dudao (resources/fonts/), searched after all others. */
export const BUNDLED_FONT_DIR = fileURLToPath(new URL('../../../resources/fonts/', import.meta.url));

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

const BUNDLED_SERIF = 'NotoSerifSC-Regular-GB2312.otf';
const BUNDLED_SERIF_BOLD = 'NotoSerifSC-Bold-GB2312.otf';
const BUNDLED_FANGSONG = 'FandolFang-Regular-GB2312.otf';

/**
 * The shipped fonts per role, best first, looked for in {@link BUNDLED_FONT_DIR} only and
 * only after every {@link FONT_CANDIDATES} entry failed everywhere, so a system font always
 * wins. Each role ends with the regular serif, so that file alone is enough.
 */
export const BUNDLED_FONT_CANDIDATES: Record<PdfFontRole, FontCandidate[]> = {
  fangsong: [{ file: BUNDLED_FANGSONG }, { file: BUNDLED_SERIF }],
  xiaobiaosong: [{ file: BUNDLED_SERIF_BOLD }, { file: BUNDLED_SERIF }],
  heiti: [{ file: BUNDLED_SERIF_BOLD }, { file: BUNDLED_SERIF }],
  song: [{ file: BUNDLED_SERIF }],
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
        `Restore Dudao's own fonts (resources/fonts/ of the repository), install Noto CJK (Debian/Ubuntu: apt-get install fonts-noto-cjk) or set ${FONT_DIR_ENV} to a folder holding e.g. simfang.ttf or NotoSerifCJK-Regular.ttc.`,
    );
    this.name = 'FontNotFoundError';
  }
}

/** Where {@link resolveLetterFonts} looks; each field left out takes its default. */
export interface FontSearchDirs {
  /** System folders; default {@link SYSTEM_FONT_DIRS_ENV} when set, else {@link SYSTEM_FONT_DIRS}. */
  system?: readonly string[];
  /** The shipped fonts' folder, or null for none; default {@link BUNDLED_FONT_DIR}. */
  bundled?: string | null;
}

/** The system folders: {@link SYSTEM_FONT_DIRS_ENV} when set (empty: none), else {@link SYSTEM_FONT_DIRS}. */
function systemDirs(env: NodeJS.ProcessEnv): readonly string[] {
  const value = env[SYSTEM_FONT_DIRS_ENV];
  if (value === undefined) return SYSTEM_FONT_DIRS;
  return value
    .split(delimiter)
    .map((d) => d.trim())
    .filter((d) => d !== '');
}

/**
 * Finds a file for every role. Candidates are tried best first, each in
 * {@link FONT_DIR_ENV} and then in the system folders: an official font anywhere beats
 * Noto anywhere, and for the same file the operator's folder wins. Only then are the
 * shipped fonts ({@link BUNDLED_FONT_CANDIDATES}) tried, so a machine without any CJK
 * font still renders letters.
 */
export function resolveLetterFonts(
  env: NodeJS.ProcessEnv = process.env,
  exists: (path: string) => boolean = existsSync,
  search: FontSearchDirs = {},
): LetterFonts {
  const custom = env[FONT_DIR_ENV]?.trim();
  const dirs = [...(custom ? [custom] : []), ...(search.system ?? systemDirs(env))];
  const bundled = search.bundled === undefined ? BUNDLED_FONT_DIR : search.bundled;
  const found = (dir: string, c: FontCandidate): ResolvedFont | undefined => {
    const path = join(dir, c.file);
    if (!exists(path)) return undefined;
    return c.postscriptName ? { path, postscriptName: c.postscriptName } : { path };
  };
  const resolveRole = (role: PdfFontRole): ResolvedFont => {
    for (const c of FONT_CANDIDATES[role]) {
      for (const dir of dirs) {
        const font = found(dir, c);
        if (font) return font;
      }
    }
    if (bundled !== null) {
      for (const c of BUNDLED_FONT_CANDIDATES[role]) {
        const font = found(bundled, c);
        if (font) return font;
      }
    }
    const files = [...FONT_CANDIDATES[role], ...(bundled === null ? [] : BUNDLED_FONT_CANDIDATES[role])].map((c) => c.file);
    throw new FontNotFoundError(role, bundled === null ? dirs : [...dirs, bundled], [...new Set(files)]);
  };
  return {
    fangsong: resolveRole('fangsong'),
    xiaobiaosong: resolveRole('xiaobiaosong'),
    heiti: resolveRole('heiti'),
    song: resolveRole('song'),
  };
}
