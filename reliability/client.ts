import { DEMO_PASSWORD } from '../src/demo/demo-city.js';

/** What one request came back with. `status` 0: no answer (connection refused or reset). */
export interface Reply {
  status: number;
  text: string;
  /** The parsed JSON body, or undefined when it is none. */
  json: unknown;
  ms: number;
}

/** A body to send: JSON, raw bytes with a content type, or multipart form data. */
export type Body = { json: unknown } | { raw: string | Buffer; contentType: string | null } | { form: FormData } | undefined;

/** Per-request timeout: a hung request counts as an error, it never stalls a run. */
const TIMEOUT_MS = 30_000;

/**
 * One logged-in user as the web app is: the session cookie and the CSRF header on
 * every write. `login` is repeated when the session has gone (a restart keeps sessions,
 * a fuzzed logout may not).
 */
export class Client {
  private cookie = '';
  private csrf = '';
  userId = 0;

  constructor(
    readonly url: string,
    readonly username: string | null,
  ) {}

  /** Logs in with the demo password; throws unless 200. */
  async login(): Promise<this> {
    if (!this.username) return this;
    const res = await fetch(`${this.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: this.username, password: DEMO_PASSWORD }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (res.status !== 200) throw new Error(`login ${this.username}: ${res.status} ${await res.text()}`);
    const me = (await res.json()) as { csrfToken: string; user: { id: number } };
    this.csrf = me.csrfToken;
    this.userId = me.user.id;
    this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    return this;
  }

  /** Sends one request; never throws (a network failure is status 0). */
  async request(method: string, path: string, body?: Body, extraHeaders: Record<string, string> = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...extraHeaders };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    let payload: string | Blob | FormData | undefined;
    if (body && 'json' in body) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body.json);
    } else if (body && 'raw' in body) {
      if (body.contentType !== null) headers['content-type'] = body.contentType;
      payload = typeof body.raw === 'string' ? body.raw : new Blob([new Uint8Array(body.raw)]);
    } else if (body && 'form' in body) payload = body.form;
    const t0 = performance.now();
    try {
      const res = await fetch(`${this.url}${path}`, { method, headers, body: payload, signal: AbortSignal.timeout(TIMEOUT_MS) });
      const buf = Buffer.from(await res.arrayBuffer());
      const text = (res.headers.get('content-type') ?? '').includes('json')
        ? buf.toString('utf8')
        : `<${buf.length} bytes ${res.headers.get('content-type') ?? ''}>`;
      let json: unknown;
      try {
        json = text.startsWith('<') ? undefined : JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, text, json, ms: performance.now() - t0 };
    } catch (e) {
      return { status: 0, text: String((e as Error).cause ?? e), json: undefined, ms: performance.now() - t0 };
    }
  }

  /** Like {@link request}, logging in again once on a 401. */
  async call(method: string, path: string, body?: Body, extraHeaders?: Record<string, string>): Promise<Reply> {
    const r = await this.request(method, path, body, extraHeaders);
    if (r.status !== 401 || !this.username) return r;
    try {
      await this.login();
    } catch {
      return r;
    }
    return this.request(method, path, body, extraHeaders);
  }
}

/** Logs in every named demo account. */
export async function loginAll(url: string, usernames: readonly string[]): Promise<Map<string, Client>> {
  const m = new Map<string, Client>();
  for (const u of usernames) m.set(u, await new Client(url, u).login());
  return m;
}
