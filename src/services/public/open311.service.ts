import type { Database } from '../../db/database.js';
import { open311Repository } from '../../db/repositories/open311.repository.js';
import { publicRepository } from '../../db/repositories/public.repository.js';
import type { CaseCategory } from '../../domain/cases/categories.js';
import type { CaseService } from '../cases/case.service.js';
import type { CasePolicyService } from '../cases/case-policy.service.js';
import type { Upload } from '../files/file.service.js';
import type { ApiKeyService, ActiveApiKey } from './api-key.service.js';
import { intakeActor } from './intake-actor.js';
import {
  parseW3,
  presentCreated,
  presentDefinition,
  presentRequest,
  presentService,
  type Open311Created,
  type Open311Request,
  type Open311ServiceDefinition,
  type Open311ServiceItem,
} from './open311.presenter.js';
import type { PublicSettingsService } from './public-settings.service.js';
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';

/**
 * An error in the spec's own format: HTTP status and `<error><code>` are the same number
 * (400, 403, 404, 429); `retryAfter` (seconds) goes into a Retry-After header.
 */
export class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly retryAfter?: number,
  ) {
    super(description);
    this.name = 'Open311Error';
  }
}

/** The spec's default and largest window of GET requests, and its row limit. */
export const OPEN311_WINDOW_DAYS = 90;
export const OPEN311_LIMIT = 1000;
const DAY_MS = 86_400_000;
/** Distinct list queries kept rendered per instance (see Open311Service.listRendered). */
const ANSWER_CACHE_ENTRIES = 32;

/** The fields of POST requests (form-encoded or multipart), as strings. */
export type Open311Fields = Record<string, string | undefined>;

/** The query of GET requests. */
export interface Open311Query {
  service_request_id?: string;
  service_code?: string;
  start_date?: string;
  end_date?: string;
  status?: string;
}

/** The discovery document (Open311 Service Discovery). */
export interface Open311Discovery {
  changeset: string;
  contact: string;
  key_service: string;
  endpoints: { specification: string; url: string; changeset: string; type: string; formats: string[] }[];
}

/** When the server's interface last changed (discovery's changeset). */
const CHANGESET = '2026-12-06T00:00:00+08:00';

/**
 * The Open311 GeoReport v2 server over Dudao's cases (issue 15 point 6). Services are HQ's
 * public categories; a request is a case, created through the one case service on the API
 * key's intake account with the key's source. One jurisdiction: `jurisdiction_id` may be left
 * out; a different one is a 404. Requests are answered with the case number at once (every
 * service's type is `realtime`), so there are no tokens and no GET tokens/{token}.
 */
export class Open311Service {
  private jurisdictionCache: string | null = null;
  /** Rendered GET requests answers by format and query (see {@link listRendered}). */
  private readonly answers = new Map<string, { version: string; at: number; body: string }>();

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly deps: {
      publicSettings: PublicSettingsService;
      casePolicy: CasePolicyService;
      cases: CaseService;
      apiKeys: ApiKeyService;
      /** Config `open311JurisdictionId`; null → the root unit's code (the city's division code). */
      jurisdictionId: string | null;
      /** Config `open311CacheMs`: how long a rendered list answer may be reused while nothing changed (0: never). */
      cacheMs: number;
    },
  ) {}

  /** The jurisdiction this server serves. */
  async jurisdiction(): Promise<string> {
    if (this.deps.jurisdictionId) return this.deps.jurisdictionId;
    if (!this.jurisdictionCache) {
      const root = await publicRepository.rootUnit(this.database.db);
      this.jurisdictionCache = root
        ? (await this.database.db.selectFrom('units').select('code').where('id', '=', root.id).executeTakeFirstOrThrow()).code
        : 'dudao';
    }
    return this.jurisdictionCache;
  }

  /** Refuses a jurisdiction_id other than ours (404); an absent or empty one is ours. */
  async checkJurisdiction(given: string | undefined): Promise<void> {
    if (given === undefined || given === '') return;
    const ours = await this.jurisdiction();
    if (given !== ours) throw new Open311Error(404, `jurisdiction_id "${given}" not found; this endpoint serves "${ours}"`);
  }

  /** The discovery document; `baseUrl` is this server's /open311/v2 URL. */
  discovery(baseUrl: string): Open311Discovery {
    return {
      changeset: CHANGESET,
      contact: '城市管理指挥中心（督导平台）：接口问题请联系平台管理员',
      key_service: '接口密钥由指挥中心或系统管理员在督导平台“接口密钥”页面发放',
      endpoints: [
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: baseUrl,
          changeset: CHANGESET,
          type: 'production',
          formats: ['text/xml', 'application/json'],
        },
      ],
    };
  }

  /** HQ's public categories that still exist, with their parents (for the group). */
  private async publicCategories(): Promise<{ list: CaseCategory[]; all: Map<string, CaseCategory> }> {
    const [settings, policy] = await Promise.all([this.deps.publicSettings.current(), this.deps.casePolicy.policy()]);
    const all = new Map(policy.categories.map((c) => [c.code, c]));
    const list = settings.categoryCodes.map((c) => all.get(c)).filter((c): c is CaseCategory => c !== undefined);
    return { list, all };
  }

  /** GET services. */
  async services(): Promise<Open311ServiceItem[]> {
    const { list, all } = await this.publicCategories();
    return list.map((c) => presentService(c, c.parentCode ? all.get(c.parentCode) : undefined));
  }

  /** GET services/{code}: 404 unless it is a public category. */
  async definition(code: string): Promise<Open311ServiceDefinition> {
    const { list } = await this.publicCategories();
    const category = list.find((c) => c.code === code);
    if (!category) throw new Open311Error(404, `service_code "${code}" not found`);
    return presentDefinition(category);
  }

  /**
   * Checks an API key and counts its use in this minute's window: 403 when missing, unknown
   * or revoked; 429 with the seconds to the next window when over its rate.
   */
  async useKey(secret: string | undefined, required: boolean): Promise<ActiveApiKey | null> {
    if (!secret && !required) return null;
    const key = await this.deps.apiKeys.authenticate(secret);
    if (!key)
      throw new Open311Error(
        403,
        secret ? 'Invalid api_key received -- the key is unknown or revoked' : 'api_key is required to create a request',
      );
    const now = this.clock.now().getTime();
    const windowStart = Math.floor(now / 60_000) * 60_000;
    const hits = await publicRepository.hit(this.database.db, `open311:key:${key.id}`, windowStart);
    if (hits > key.ratePerMinute) {
      throw new Open311Error(
        429,
        `api_key "${key.name}" is over its limit of ${key.ratePerMinute} requests per minute`,
        Math.max(1, Math.ceil((windowStart + 60_000 - now) / 1000)),
      );
    }
    return key;
  }

  /** POST requests: creates a case and answers its number. */
  async create(
    fields: Open311Fields,
    files: Upload[],
    request: { requestId: string | null; clientIp: string | null },
  ): Promise<Open311Created[]> {
    await this.checkJurisdiction(fields.jurisdiction_id);
    const key = (await this.useKey(fields.api_key, true))!;
    const settings = await this.deps.publicSettings.current();
    if (!settings.intakeOpen) throw new Open311Error(400, `intake is paused: ${settings.pausedMessage}`);
    const code = fields.service_code?.trim();
    if (!code) throw new Open311Error(400, 'service_code was not provided');
    const { list } = await this.publicCategories();
    if (!list.some((c) => c.code === code)) throw new Open311Error(404, `service_code "${code}" not found`);

    const position = this.position(fields);
    const address = fields.address_string?.trim() || null;
    if (!position && !address)
      throw new Open311Error(
        400,
        fields.address_id
          ? 'address_id is not supported here; send lat and long, or address_string'
          : 'a location is required: lat and long, or address_string',
      );
    if (address && address.length > 300) throw new Open311Error(400, 'address_string must be at most 300 characters');

    let description = fields.description?.trim() ?? '';
    if (!description) throw new Open311Error(400, 'description was not provided');
    const mediaUrl = fields.media_url?.trim();
    if (mediaUrl) {
      // Recorded as text for staff to open themselves; the server never fetches a URL a client
      // gives (that would let anyone make it call internal addresses: SSRF).
      if (!/^https?:\/\/[^\s]+$/i.test(mediaUrl) || mediaUrl.length > 500)
        throw new Open311Error(400, 'media_url must be an http(s) URL of at most 500 characters');
      description = `${description}\n附件链接（接口提交，未下载）：${mediaUrl}`;
    }
    if (description.length > 2000) throw new Open311Error(400, 'description (with media_url) must be at most 2000 characters');

    const contact =
      [fields.phone, fields.email]
        .map((v) => v?.trim())
        .filter(Boolean)
        .join(' / ') || null;
    if (contact && contact.length > 200) throw new Open311Error(400, 'phone and email together must be at most 200 characters');
    const name =
      [fields.last_name, fields.first_name]
        .map((v) => v?.trim())
        .filter(Boolean)
        .join(' ') || null;
    if (name && name.length > 50) throw new Open311Error(400, 'first_name and last_name together must be at most 50 characters');

    const actor = await intakeActor(this.database, this.clock, { kind: 'api_key', keyId: key.id, keyName: key.name });
    const ctx = { actor, requestId: request.requestId, clientIp: request.clientIp };
    try {
      const created = await this.deps.cases.report(
        ctx,
        {
          source: key.source,
          categoryCode: code,
          description,
          address,
          lon: position?.lon ?? null,
          lat: position?.lat ?? null,
          reporterContact: contact,
        },
        files,
        (trx, c) => open311Repository.markFromKey(trx, c.id, key.id, name),
        { vouchedSource: key.source },
      );
      await this.deps.apiKeys.touch(key.id);
      return [presentCreated(created.number)];
    } catch (e) {
      // The case service's refusals (a point outside the city, a bad photo…) are the client's.
      if (e instanceof AppError && e.status >= 400 && e.status < 500) throw new Open311Error(400, e.message);
      throw e;
    }
  }

  private position(fields: Open311Fields): { lon: number; lat: number } | null {
    const lat = fields.lat?.trim();
    const lon = fields.long?.trim();
    if (!lat && !lon) return null;
    if (!lat || !lon) throw new Open311Error(400, 'lat and long must be sent together');
    const la = Number(lat);
    const lo = Number(lon);
    if (!Number.isFinite(la) || la < -90 || la > 90) throw new Open311Error(400, 'lat must be a number from -90 to 90');
    if (!Number.isFinite(lo) || lo < -180 || lo > 180) throw new Open311Error(400, 'long must be a number from -180 to 180');
    return { lon: lo, lat: la };
  }

  /** GET requests. */
  async list(query: Open311Query): Promise<Open311Request[]> {
    const settings = await this.deps.publicSettings.current();
    const { list, all } = await this.publicCategories();
    const codes = list.map((c) => c.code);
    const nameOf = (code: string) => all.get(code)?.name ?? code;
    const ids = splitList(query.service_request_id);
    if (ids.length) {
      if (ids.length > OPEN311_LIMIT) throw new Open311Error(400, `service_request_id: at most ${OPEN311_LIMIT} ids`);
      const rows = await open311Repository.byNumbers(this.database.db, ids, codes);
      return rows.map((r) => presentRequest(r, nameOf(r.category_code), settings.coarseGridM));
    }
    const wanted = splitList(query.service_code);
    const categoryCodes = wanted.length ? codes.filter((c) => wanted.includes(c)) : codes;
    const statuses = splitList(query.status);
    const bad = statuses.find((s) => s !== 'open' && s !== 'closed');
    if (bad !== undefined) throw new Open311Error(400, `status "${bad}" is not open or closed`);
    const status = statuses.length === 1 ? (statuses[0] as 'open' | 'closed') : null;
    const { from, to } = this.window(query.start_date, query.end_date);
    const rows = await open311Repository.list(this.database.db, {
      categoryCodes,
      from: from.toISOString(),
      to: to.toISOString(),
      status,
      limit: OPEN311_LIMIT,
    });
    return rows.map((r) => presentRequest(r, nameOf(r.category_code), settings.coarseGridM));
  }

  /**
   * GET requests rendered by `render` (the adapter's JSON or XML), reused for at most
   * `cacheMs` while nothing in the database changed. Integrators poll the same default query
   * (the last 90 days, 1 000 rows); between writes the answer is the same bytes, so rendering
   * it again per poll only costs the city. "Nothing changed" is the audit chain's head: every
   * write to a case, a category, a unit or the public settings appends to it in its own
   * transaction, so a committed change is seen by the next request on every instance. The time
   * limit bounds what no write marks: cases leaving the 90-day window as time passes.
   *
   * @param key the format and the query as sent (the cache key).
   */
  async listRendered(query: Open311Query, key: string, render: (rows: Open311Request[]) => string): Promise<string> {
    const ttl = this.deps.cacheMs;
    if (ttl <= 0) return render(await this.list(query));
    const version = await open311Repository.changeVersion(this.database.db);
    const now = this.clock.now().getTime();
    const hit = this.answers.get(key);
    if (hit && hit.version === version && now - hit.at >= 0 && now - hit.at < ttl) return hit.body;
    const body = render(await this.list(query));
    // A handful of distinct queries is the normal case; a client varying its query every time
    // must not grow the map without bound.
    if (this.answers.size >= ANSWER_CACHE_ENTRIES) this.answers.clear();
    this.answers.set(key, { version, at: now, body });
    return body;
  }

  /** The spec's window: the last 90 days by default, a missing end 90 days after the start, never longer. */
  private window(start: string | undefined, end: string | undefined): { from: Date; to: Date } {
    const parse = (name: string, v: string | undefined) => {
      if (v === undefined || v.trim() === '') return null;
      const d = parseW3(v);
      if (!d) throw new Open311Error(400, `${name} must be a w3 datetime, e.g. 2026-03-01T00:00:00+08:00`);
      return d;
    };
    const s = parse('start_date', start);
    const e = parse('end_date', end);
    const span = OPEN311_WINDOW_DAYS * DAY_MS;
    const to = e ?? (s ? new Date(s.getTime() + span) : this.clock.now());
    const from = s ?? new Date(to.getTime() - span);
    if (from.getTime() > to.getTime()) throw new Open311Error(400, 'start_date must not be after end_date');
    if (to.getTime() - from.getTime() > span)
      throw new Open311Error(400, `start_date and end_date may not span more than ${OPEN311_WINDOW_DAYS} days`);
    return { from, to };
  }

  /** GET requests/{id}: 404 unless it is a case of a public category. */
  async one(number: string): Promise<Open311Request[]> {
    const found = await this.list({ service_request_id: number });
    if (!found.length) throw new Open311Error(404, `service_request_id "${number}" not found`);
    return found;
  }
}

/** A comma list's non-empty entries. */
function splitList(v: string | undefined): string[] {
  return (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
