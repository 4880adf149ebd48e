/**
 * The citizens' pages' client (issue 15; routes in src/shared/contracts/public.contract.ts).
 * Its own small fetch rather than `api()`: no session, no CSRF, no redirect to /login,
 * and the device id header on writes. Only `ApiError` comes from the staff client.
 */
import type {
  PlusOneReply,
  PowChallenge,
  PublicCaseView,
  PublicConfig,
  PublicMap,
  PublicReportReply,
  SatisfactionBody,
  SatisfactionReply,
} from '../../../src/shared/contracts/public.contract.js';
import { ApiError } from './client.js';

export { ApiError };

const DEVICE_KEY = 'dudao.public.device';

/** A random id this browser keeps, so the server can count reports per device. */
export function deviceId(): string {
  try {
    let id = localStorage.getItem(DEVICE_KEY);
    if (!id) {
      id = crypto.randomUUID();
      localStorage.setItem(DEVICE_KEY, id);
    }
    return id;
  } catch {
    return 'no-storage';
  }
}

/** Seconds of a 429's Retry-After, if it has one. */
function retryAfter(res: Response): number | undefined {
  const s = Number(res.headers.get('retry-after'));
  return Number.isFinite(s) && s > 0 ? s : undefined;
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set('accept', 'application/json');
  headers.set('accept-language', document.documentElement.lang || 'zh-CN');
  if (init.method && init.method !== 'GET') headers.set('x-device-id', deviceId());
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers, credentials: 'omit' });
  } catch (e) {
    throw new ApiError(0, 'network', e instanceof Error ? e.message : 'network error');
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (res.ok) return body as T;
  const p = (body ?? {}) as { error?: string; message?: string; details?: Record<string, unknown> };
  const wait = retryAfter(res);
  const details = wait === undefined ? p.details : { ...p.details, retryAfter: wait };
  throw new ApiError(res.status, p.error ?? `http_${res.status}`, p.message ?? res.statusText, details);
}

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const enc = encodeURIComponent;
const tokenQuery = (token?: string | null) => (token ? `?token=${enc(token)}` : '');

/** The public side's API. */
export const publicApi = {
  config: () => call<PublicConfig>('/api/public/config'),
  challenge: () => call<PowChallenge>('/api/public/challenge'),
  /** 201 PublicReportReply; 409 `duplicate_candidates` with details.candidates. */
  report: (form: FormData) => call<PublicReportReply>('/api/public/reports', { method: 'POST', body: form }),
  plusOne: (number: string, form: FormData) =>
    call<PlusOneReply>(`/api/public/cases/${enc(number)}/plus-ones`, { method: 'POST', body: form }),
  track: (number: string, token?: string | null) => call<PublicCaseView>(`/api/public/cases/${enc(number)}${tokenQuery(token)}`),
  rate: (number: string, body: SatisfactionBody) =>
    call<SatisfactionReply>(`/api/public/cases/${enc(number)}/satisfaction`, json('POST', body)),
  map: () => call<PublicMap>('/api/public/map'),
};
