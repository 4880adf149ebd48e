import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { LOCALES, type Locale } from '../../../src/shared/enums.js';
import { zhCN, type MessageKey } from './zh-CN.js';
import type { LabelFunction, TFunction } from './keys.js';

const STORAGE_KEY = 'dudao.locale';
/**
 * The texts of each language loaded so far. Chinese, the default, is in the main bundle;
 * English is its own chunk, fetched when chosen (or before the first render when it is the
 * stored choice), so the login route does not carry a second dictionary.
 */
const DICTS: Partial<Record<Locale, Record<MessageKey, string>>> = { 'zh-CN': zhCN };

/** Loads a language's texts once; resolves when `t` can speak it. */
export async function loadLocale(l: Locale): Promise<void> {
  if (DICTS[l]) return;
  if (l === 'en-US') DICTS[l] = (await import('./en-US.js')).enUS;
}

export { isMessageKey, type TFunction } from './keys.js';

interface I18n {
  locale: Locale;
  setLocale: (l: Locale) => void;
  t: TFunction;
  /** Picks the right half of a `{ zh, en }` label from src/shared/labels.ts. */
  label: LabelFunction;
}

/** The language chosen on this device earlier (Chinese when none, or when storage is blocked). */
export function readStored(): Locale {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (v && (LOCALES as readonly string[]).includes(v)) return v as Locale;
  } catch {
    // localStorage can be blocked (privacy mode); the default language is fine then.
  }
  return 'zh-CN';
}

function applyLocale(l: Locale): void {
  document.documentElement.lang = l;
  dayjs.locale(l === 'zh-CN' ? 'zh-cn' : 'en');
}

const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => {
    // main.tsx loads the stored language before the first render; if that failed, Chinese.
    const stored = readStored();
    const l = DICTS[stored] ? stored : 'zh-CN';
    applyLocale(l);
    return l;
  });

  useEffect(() => applyLocale(locale), [locale]);

  const setLocale = useCallback((l: Locale) => {
    loadLocale(l).then(
      () => {
        try {
          localStorage.setItem(STORAGE_KEY, l);
        } catch {
          // Not persisted, but still switched for this page.
        }
        setLocaleState(l);
      },
      // The chunk could not be fetched (offline): the page stays in the language it speaks.
      (e: unknown) => console.error(e),
    );
  }, []);

  const value = useMemo<I18n>(() => {
    const dict = DICTS[locale] ?? zhCN;
    const t: TFunction = (key, vars) => {
      const s = dict[key] ?? key;
      return vars ? s.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : s;
    };
    const label: I18n['label'] = (l, fallback = '') => (l ? (locale === 'zh-CN' ? l.zh : l.en) : fallback);
    return { locale, setLocale, t, label };
  }, [locale, setLocale]);

  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}

/** Times are formatted in one place, in Beijing time (components/time.ts). */
export { fmtTime } from '../components/time.js';
