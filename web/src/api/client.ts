/**
 * The one place that talks HTTP. Keeps the CSRF token from the last `Me`, sends it on
 * every write, sends 401s to the login page and surfaces the server's `message`.
 */

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** An error reply from the server (or a network failure, code `network`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface Handlers {
  onUnauthorized: () => void;
  notifyError: (err: ApiError) => void;
}

let csrfToken: string | null = null;
let handlers: Handlers = {
  onUnauthorized: () => window.location.assign('/login'),
  notifyError: (err) => console.error(err),
};

/** The shell installs router navigation and antd's message here once mounted. */
export function configureApi(h: Partial<Handlers>): void {
  handlers = { ...handlers, ...h };
}

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** JSON body. */
  json?: unknown;
  /**
   * Raw body (file uploads); `contentType` names it. For `FormData` (multipart) leave
   * `contentType` unset: the browser writes the header with its boundary.
   */
  body?: BodyInit;
  contentType?: string;
  query?: Query;
  /** `true` silences every error toast; a list silences only those statuses (caller shows them). */
  quiet?: boolean | number[];
  /** The login form and the initial session probe handle 401 themselves. */
  noAuthRedirect?: boolean;
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

async function send(path: string, opts: RequestOptions): Promise<Response> {
  const method = opts.method ?? 'GET';
  // The UI's language (set on <html lang> by the i18n provider): exports come back in it.
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': document.documentElement.lang || 'zh-CN' };
  let body: BodyInit | undefined;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.body !== undefined) {
    body = opts.body;
    if (opts.contentType) headers['content-type'] = opts.contentType;
  }
  if (WRITE_METHODS.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), { method, headers, body, credentials: 'same-origin' });
  } catch (e) {
    throw report(new ApiError(0, 'network', e instanceof Error ? e.message : 'network error'), opts);
  }
  if (res.ok) return res;

  const err = await toApiError(res);
  if (res.status === 401 && !opts.noAuthRedirect) {
    csrfToken = null;
    handlers.onUnauthorized();
    throw err; // the login page says why; a toast on top would be noise
  }
  throw report(err, opts);
}

async function toApiError(res: Response): Promise<ApiError> {
  let payload: { error?: string; message?: string; details?: Record<string, unknown> } = {};
  try {
    payload = (await res.json()) as typeof payload;
  } catch {
    // Non-JSON error bodies (proxies, 502s) still get a readable message below.
  }
  return new ApiError(res.status, payload.error ?? `http_${res.status}`, payload.message ?? res.statusText, payload.details);
}

function report(err: ApiError, opts: RequestOptions): ApiError {
  const quiet = opts.quiet === true || (Array.isArray(opts.quiet) && opts.quiet.includes(err.status));
  if (!quiet) handlers.notifyError(err);
  return err;
}

/** JSON request; resolves to `undefined` for 204. */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await send(path, opts);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Downloads a file reply (xlsx exports and templates) under the server's file name. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const res = await send(path, {});
  const blob = await res.blob();
  const disposition = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  const name = star?.[1] ? decodeURIComponent(star[1]) : (plain?.[1] ?? fallbackName);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
