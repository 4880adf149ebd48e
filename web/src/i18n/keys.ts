import { zhCN, type MessageKey } from './zh-CN.js';

export type TFunction = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** Whether a key built at run time (e.g. from a server code) has a text. */
export const isMessageKey = (key: string): key is MessageKey => key in zhCN;

/** Picks the right half of a `{ zh, en }` label (useI18n's `label`). */
export type LabelFunction = (l: { zh: string; en: string } | undefined, fallback?: string) => string;
