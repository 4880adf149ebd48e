/**
 * The languages of Excel exports (headers, labels, sheet and file names): Chinese by
 * default, English on request (`?lang=en-US`, or Accept-Language, which the web
 * client sets to its UI language).
 */
export const EXPORT_LANGS = ['zh-CN', 'en-US'] as const;
export type ExportLang = (typeof EXPORT_LANGS)[number];

/** Text in both export languages. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** The text of `b` in `lang`. */
export function inLang(b: Bilingual, lang: ExportLang): string {
  return lang === 'en-US' ? b.en : b.zh;
}
