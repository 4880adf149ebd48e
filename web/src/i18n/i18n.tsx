import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { LOCALES, type Locale } from '../../../src/shared/enums.js';
import { zhCN, type MessageKey } from './zh-CN.js';
import { enUS } from './en-US.js';

const STORAGE_KEY = 'dudao.locale';
const DICTS: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS };

export type TFunction = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface I18n {
  locale: Locale;
  setLocale: (l: Locale) => void;
  t: TFunction;
  /** Picks the right half of a `{ zh, en }` label from src/shared/labels.ts. */
  label: (l: { zh: string; en: string } | undefined, fallback?: string) => string;
}

function readStored(): Locale {
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
    const l = readStored();
    applyLocale(l);
    return l;
  });

  useEffect(() => applyLocale(locale), [locale]);

  const setLocale = useCallback((l: Locale) => {
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      // Not persisted, but still switched for this page.
    }
    setLocaleState(l);
  }, []);

  const value = useMemo<I18n>(() => {
    const dict = DICTS[locale];
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
