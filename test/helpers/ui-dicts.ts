/**
 * The web's dictionaries and its `t` as the I18nProvider makes them (web/src/i18n/i18n.tsx),
 * for tests that check how server problems are said in each UI language.
 */
import { expect } from 'vitest';
import { enUS } from '../../web/src/i18n/en-US.js';
import { zhCN } from '../../web/src/i18n/zh-CN.js';

export type UiLocale = 'zh' | 'en';
export const DICTS: Record<UiLocale, Record<string, string>> = { zh: zhCN, en: enUS };

/** `t(key, vars)` over one dictionary: the key itself when missing, unknown placeholders kept. */
export function translator(locale: UiLocale): (key: string, vars?: Record<string, string | number>) => string {
  const dict = DICTS[locale];
  return (key, vars) => {
    const s = dict[key] ?? key;
    return vars ? s.replace(/\{(\w+)\}/g, (m, n: string) => (n in vars ? String(vars[n]) : m)) : s;
  };
}

/** `label(l)` of one language. */
export const labeler =
  (locale: UiLocale) =>
  (l: { zh: string; en: string } | undefined | null, fallback = ''): string =>
    l ? l[locale] : fallback;

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/**
 * Every code has a Chinese and an English text under `prefix` with the same placeholders,
 * the Chinese without Latin letters outside them; and no text exists for a code the server
 * does not send.
 */
export function expectTextForEveryCode(prefix: string, codes: readonly string[]): void {
  for (const code of codes) {
    const key = `${prefix}${code}`;
    const zh = DICTS.zh[key];
    const en = DICTS.en[key];
    expect(zh, key).toBeTruthy();
    expect(en, key).toBeTruthy();
    expect(placeholders(zh!), key).toEqual(placeholders(en!));
    expect(zh!.replace(/\{\w+\}/g, ''), key).not.toMatch(/[A-Za-z]/);
  }
  const known = new Set(codes);
  for (const dict of Object.values(DICTS))
    for (const key of Object.keys(dict).filter((k) => k.startsWith(prefix))) expect(known.has(key.slice(prefix.length)), key).toBe(true);
}
