import type { Locale } from '../../../src/shared/enums.js';
import type { TFunction } from '../i18n/keys.js';
import type { MessageKey } from '../i18n/zh-CN.js';
import { apiErrorText, type ServerError } from './apiErrors.js';

/**
 * Errors the browser raises (geolocation, camera, storage, network) carry English text
 * meant for developers ("User denied Geolocation", "Failed to fetch"). The user is told,
 * in their language, what happened and what to do; this is the one place that maps them.
 */

/** GeolocationPositionError codes (PERMISSION_DENIED, POSITION_UNAVAILABLE, TIMEOUT). */
const GEO_CODES: Record<number, MessageKey> = { 1: 'error.geo.denied', 2: 'error.geo.unavailable', 3: 'error.geo.timeout' };

/** DOMException names from getUserMedia, IndexedDB/localStorage and fetch. */
const DOM_NAMES: Record<string, MessageKey> = {
  NotAllowedError: 'error.camera.denied',
  SecurityError: 'error.camera.denied',
  PermissionDeniedError: 'error.camera.denied',
  NotFoundError: 'error.camera.notFound',
  DevicesNotFoundError: 'error.camera.notFound',
  OverconstrainedError: 'error.camera.notFound',
  NotReadableError: 'error.camera.busy',
  TrackStartError: 'error.camera.busy',
  NotSupportedError: 'error.camera.unsupported',
  QuotaExceededError: 'error.quota',
  NS_ERROR_DOM_QUOTA_REACHED: 'error.quota',
  AbortError: 'error.aborted',
  TimeoutError: 'error.timeout',
  NetworkError: 'error.network',
};

/** What browsers say when fetch cannot reach the server (Chromium, Firefox, Safari). */
const NETWORK_TEXT = /failed to fetch|networkerror|load failed|network request failed|network error/i;

/**
 * The message key for a browser error, or null when it is not one (for example a
 * server reply, whose message is already written for people).
 */
export function browserErrorKey(e: unknown): MessageKey | null {
  if (typeof e !== 'object' || e === null) return null;
  const err = e as { code?: unknown; name?: unknown; message?: unknown };
  // GeolocationPositionError is no Error subclass; it is known by its constants.
  if ('PERMISSION_DENIED' in err && typeof err.code === 'number') return GEO_CODES[err.code] ?? 'error.geo.unavailable';
  if (err.code === 'network') return 'error.network'; // ApiError of a failed fetch
  if (typeof err.name === 'string' && err.name in DOM_NAMES) return DOM_NAMES[err.name]!;
  if (err.code === 22) return 'error.quota'; // old WebKit's QUOTA_EXCEEDED_ERR
  if (err.name === 'TypeError' && typeof err.message === 'string' && NETWORK_TEXT.test(err.message)) return 'error.network';
  return null;
}

/**
 * An error as a sentence for the user, in the current language: a browser error by its
 * kind, a server reply by its code (apiErrors.ts), the unknown as "the operation failed".
 */
export function browserErrorText(e: unknown, t: TFunction, locale: Locale): string {
  const key = browserErrorKey(e);
  if (key) return t(key);
  if (e instanceof Error && e.name === 'ApiError') return apiErrorText(e as Error & ServerError, t, locale);
  return t('error.generic');
}
