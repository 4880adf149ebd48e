import type { Locale } from '../../../src/shared/enums.js';
import { isBilingual } from '../../../src/shared/import-problems.js';
import { isMessageKey as isKey, type TFunction } from '../i18n/keys.js';
import type { MessageKey } from '../i18n/zh-CN.js';

/** What the web knows of a server error reply (ApiError's fields). */
export interface ServerError {
  status: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

const CJK = /[\u4e00-\u9fff]/;

function statusKey(status: number): MessageKey {
  const key = `error.status.${status >= 500 ? 500 : status}`;
  if (isKey(key)) return key;
  return status === 413 ? 'error.status.413' : status >= 500 ? 'error.status.500' : 'error.status.400';
}

/**
 * A server error as the user reads it. The server writes its messages in English for
 * integrators and logs, naming ids and fields; the English UI shows them as they are. The
 * Chinese UI says the reply's code in Chinese (web/src/i18n/errors.zh-CN.ts, one text per
 * ERROR_CODES entry), an unknown code by its status, and keeps a message that is already
 * Chinese (the public routes and a few domain refusals write Chinese). A refusal that says
 * its reason in both languages (`details.text`: the field checks of units, users, projects,
 * positions and passwords) is said in Chinese from there, more precisely than by its code.
 */
export function apiErrorText(e: ServerError, t: TFunction, locale: Locale): string {
  if (locale !== 'zh-CN' && e.message) return e.message;
  if (isBilingual(e.details?.text)) return e.details.text.zh;
  if (CJK.test(e.message)) return e.message;
  const key = `error.code.${e.code}`;
  if (!isKey(key)) return t(statusKey(e.status));
  const resource = typeof e.details?.resource === 'string' ? `error.resource.${e.details.resource}` : '';
  return t(key, { what: isKey(resource) ? t(resource) : t('error.record') });
}
