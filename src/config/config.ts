import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { isAbsolute, join, resolve } from 'node:path';
import { parseAuditKey, readOrCreateAuditKeyFile } from './audit-key.js';
import { ConfigReader, KEYS, label } from './config-reader.js';
import { textOf } from '../shared/text.js';
import { parseStorageUrl, type S3StorageConfig } from '../storage/storage-config.js';

/** Validated runtime configuration. */
export interface Config {
  mode: 'demo' | 'production';
  dataDir: string;
  databaseUrl: string;
  host: string;
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Log each request at info (else at debug, hidden at the default level): on in production mode unless set. */
  logRequests: boolean;
  /** Check every reply against its route's response schema (a 500 naming the field on a mismatch); for tests and staging. */
  checkReplies: boolean;
  sessionSecret: string;
  /**
   * True when the session secret was generated into the data dir rather than given: each instance
   * with its own data dir then has its own, and sessions and API tokens fail on the others.
   */
  sessionSecretGenerated?: boolean;
  /** True when the audit key was read from or generated into the data dir rather than given (DUDAO_AUDIT_KEY). */
  auditKeyFromDataDir?: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** Failed logins for one account from one address before that pair gets 429 (names kept from when it locked the account). */
  lockoutMaxFailures: number;
  /** The window every login limit counts failures in, minutes. */
  lockoutWindowMinutes: number;
  trustProxy: boolean;
  /** SQLite: commit concurrent writes together (one fsync for all); off only to measure what it gains. */
  groupCommit: boolean;
  bodyLimitBytes: number;
  importLimitBytes: number;
  /**
   * The city's area: [minLon, minLat, maxLon, maxLat] in degrees; reports and check points outside it
   * are refused. No default: null in demo mode means the demo city's area; production refuses to serve without one.
   */
  cityBbox: [number, number, number, number] | null;
  /** Largest photo accepted, bytes ({@link DEFAULT_PHOTO_LIMIT_BYTES} unless set). */
  photoLimitBytes: number;
  /** Notification delivery; null = that channel is off. */
  smtpUrl: string | null;
  mailFrom: string | null;
  dingtalkWebhook: string | null;
  dingtalkSecret: string | null;
  wecomWebhook: string | null;
  /** Failed logins from one address (any names) within the login window before it gets 429. */
  loginAddressMaxFailures: number;
  /** Failed logins on one account (all addresses) within the window before it is slowed (never locked). */
  loginAccountMaxFailures: number;
  /** While an account is slowed: seconds between attempts from addresses that already failed on it. */
  loginAccountDelaySeconds: number;
  /** Open311's jurisdiction_id (e.g. the city's web domain); null: the root unit's code (the division code). */
  open311JurisdictionId: string | null;
  /** How long a rendered Open311 list answer is reused while nothing changed, ms (0: never). */
  open311CacheMs: number;
  /** API token lifetime when the request names none, days. */
  tokenDefaultDays: number;
  /** Longest API token lifetime a request may ask for, days. */
  tokenMaxDays: number;
  /** Origins the web app may load images from besides itself (a map tile server), for its Content-Security-Policy. */
  cspImgSrc: string[];
  /** HMAC key of the audit chain: DUDAO_AUDIT_KEY, or <dataDir>/audit-key (created, mode 0600). Never in the database. */
  auditKey: Buffer;
  /** Anchor the audit head after this many records. */
  auditAnchorEvery: number;
  /** …and at least this often (minutes) when records were added. */
  auditAnchorIntervalMinutes: number;
  /** JSON-lines file the anchors are appended to. */
  auditAnchorFile: string;
  /** Copy of each anchor to syslog: udp://host:port (RFC 5424); null = off. */
  auditAnchorSyslog: string | null;
  /** Copy of each anchor POSTed as JSON; null = off. */
  auditAnchorWebhook: string | null;
  /**
   * OC4IDS project identifier prefix assigned by the OC4IDS Helpdesk (`oc4ids-` + 6 letters or
   * digits); null = the OC4IDS export refuses with 409 (demo mode uses an unregistered test prefix).
   */
  oc4idsPrefix: string | null;
  /** This Dudao's public origin (https://dudao.example.gov.cn), for absolute links in exports; null = the request's origin. */
  publicUrl: string | null;
  /** The day (1–28) of the next month by which a project's monthly investment report is due (default 5). */
  projectReportDueDay: number;
  /** "4个1": site visits the leader in charge owes each of his projects per week (default 3). */
  visitWeeklyTarget: number;
  /** "4个1": metres within which a visit's reported position counts as on site (default 1 000). */
  visitRadiusM: number;
  /**
   * Where photos and documents are stored: null = the folder `<dataDir>/files` (default); else an
   * S3-compatible bucket from `DUDAO_STORAGE_URL` (s3://bucket[/prefix]?endpoint=…&region=…&pathStyle=…)
   * with keys from DUDAO_S3_ACCESS_KEY_ID / DUDAO_S3_SECRET_ACCESS_KEY (src/storage/storage-config.ts).
   */
  storage: S3StorageConfig | null;
  /** Seconds between outbox sweeps (default 15); across all instances together, under the sweep lease. */
  outboxIntervalSeconds: number;
  /** Seconds between escalation sweeps (default 300); across all instances together, under the sweep lease. */
  escalationIntervalSeconds: number;
}

/** The largest photo accepted unless `photoLimitBytes` says otherwise: 15 MiB, ample for a phone's full-size JPEG. */
export const DEFAULT_PHOTO_LIMIT_BYTES = 15 * 1024 * 1024;

/** Raised with every problem found, so an operator fixes them in one go. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Reads configuration from (lowest to highest precedence) defaults, an optional
 * JSON file (`DUDAO_CONFIG` or `./dudao.config.json`), and environment variables.
 * Creates the data directory and, when no session secret is given, generates one
 * and keeps it there so sessions survive restarts.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const r = new ConfigReader(env, cwd);
  const base = serverSettings(r, cwd);
  const accounts = accountSettings(r);
  const notify = notifySettings(r);
  const city = citySettings(r);
  const audit = auditSettings(r, cwd, base.dataDir);
  const jobs = {
    outboxIntervalSeconds: r.int('outboxIntervalSeconds', 15, 1, 3600),
    escalationIntervalSeconds: r.int('escalationIntervalSeconds', 300, 1, 24 * 3600),
  };
  const storage = parseStorageUrl(
    r.str('storageUrl', '').trim(),
    { accessKeyId: r.str('s3AccessKeyId', '').trim(), secretAccessKey: r.str('s3SecretAccessKey', '').trim() },
    label('storageUrl'),
  );
  r.problems.push(...storage.problems);
  const sessionSecretGiven = r.str('sessionSecret', '');
  if (sessionSecretGiven && sessionSecretGiven.length < 32) r.problem('sessionSecret', 'must be at least 32 characters');

  if (r.problems.length) throw new ConfigError(r.problems);

  mkdirSync(base.dataDir, { recursive: true });
  const sessionSecret = sessionSecretGiven || readOrCreateSecret(join(base.dataDir, 'session-secret'));
  let auditKey = audit.auditKeyGiven;
  if (!auditKey) {
    const found = readOrCreateAuditKeyFile(join(base.dataDir, 'audit-key'));
    if ('problem' in found) throw new ConfigError([found.problem]);
    auditKey = found.key;
  }
  const { auditKeyGiven, ...anchors } = audit;
  return {
    ...base,
    ...accounts,
    ...notify,
    ...city,
    ...anchors,
    ...jobs,
    sessionSecret,
    sessionSecretGenerated: !sessionSecretGiven,
    auditKey,
    auditKeyFromDataDir: !auditKeyGiven,
    storage: storage.config,
  };
}

/** Where Dudao runs: mode, data, database, address, logs and request limits. */
function serverSettings(r: ConfigReader, cwd: string) {
  const mode = r.str('mode', 'demo');
  if (mode !== 'demo' && mode !== 'production') r.problem('mode', `must be "demo" or "production", got "${mode}"`);
  const dataDirRaw = r.str('dataDir', './data');
  const dataDir = isAbsolute(dataDirRaw) ? dataDirRaw : resolve(cwd, dataDirRaw);
  const databaseUrl = r.str('databaseUrl', `sqlite:${join(dataDir, 'dudao.sqlite')}`);
  if (!/^(sqlite:|postgres:\/\/|postgresql:\/\/)/.test(databaseUrl)) {
    r.problem('databaseUrl', `must start with "sqlite:" or "postgres://", got "${databaseUrl}"`);
  }
  const logLevel = r.str('logLevel', 'info');
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    r.problem('logLevel', `must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  return {
    mode: mode as Config['mode'],
    dataDir,
    databaseUrl,
    logLevel: logLevel as Config['logLevel'],
    // A demo run on a laptop should keep its start banner in view, not scroll it away with a line per request.
    logRequests: r.bool('logRequests', mode === 'production'),
    checkReplies: r.bool('checkReplies', false),
    host: r.str('host', '127.0.0.1'),
    port: r.int('port', 8080, 0, 65535),
    trustProxy: r.bool('trustProxy', false),
    groupCommit: r.bool('groupCommit', true),
    bodyLimitBytes: r.int('bodyLimitBytes', 1024 * 1024, 1024, 1024 * 1024 * 1024),
    importLimitBytes: r.int('importLimitBytes', 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    photoLimitBytes: r.int('photoLimitBytes', DEFAULT_PHOTO_LIMIT_BYTES, 1024, 200 * 1024 * 1024),
  };
}

/** Sessions, login limits and API tokens. */
function accountSettings(r: ConfigReader) {
  const tokenMaxDays = r.int('tokenMaxDays', 365, 1, 3650);
  const tokenDefaultDays = r.int('tokenDefaultDays', Math.min(90, tokenMaxDays), 1, 3650);
  if (tokenDefaultDays > tokenMaxDays) r.problem('tokenDefaultDays', `must not exceed ${KEYS.tokenMaxDays} (${tokenMaxDays})`);
  return {
    sessionIdleMinutes: r.int('sessionIdleMinutes', 30, 1, 24 * 60),
    sessionAbsoluteHours: r.int('sessionAbsoluteHours', 12, 1, 24 * 30),
    lockoutMaxFailures: r.int('lockoutMaxFailures', 5, 1, 1000),
    lockoutWindowMinutes: r.int('lockoutWindowMinutes', 15, 1, 24 * 60),
    loginAddressMaxFailures: r.int('loginAddressMaxFailures', 20, 1, 100_000),
    loginAccountMaxFailures: r.int('loginAccountMaxFailures', 10, 1, 100_000),
    loginAccountDelaySeconds: r.int('loginAccountDelaySeconds', 60, 1, 24 * 3600),
    tokenMaxDays,
    tokenDefaultDays,
  };
}

/** Where notices go besides the inbox: e-mail, DingTalk, WeCom. */
function notifySettings(r: ConfigReader) {
  const smtpUrl = r.url('smtpUrl', ['smtp:', 'smtps:']);
  const dingtalkWebhook = r.url('dingtalkWebhook', ['https:', 'http:']);
  const wecomWebhook = r.url('wecomWebhook', ['https:', 'http:']);
  const mailFrom = r.optional('mailFrom');
  if (mailFrom && !/^([^<>]*<)?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>?$/.test(mailFrom.trim())) {
    r.problem('mailFrom', 'must be an e-mail address, optionally as "Name <address>"');
  }
  if (smtpUrl && !mailFrom) r.problem('mailFrom', `required when ${KEYS.smtpUrl} is set`);
  const dingtalkSecret = r.optional('dingtalkSecret');
  if (dingtalkSecret && !dingtalkWebhook) r.problem('dingtalkSecret', `set only together with ${KEYS.dingtalkWebhook}`);
  return { smtpUrl, mailFrom, dingtalkWebhook, dingtalkSecret, wecomWebhook };
}

/** The city's area, what its public pages and exports say, and its project and visit rules. */
function citySettings(r: ConfigReader) {
  // No city's area by default: each deployment names its own (the demo's is in src/demo/).
  const bboxRaw = r.raw('cityBbox');
  let cityBbox: [number, number, number, number] | null = null;
  if (bboxRaw !== undefined) {
    const parts = (Array.isArray(bboxRaw) ? bboxRaw : textOf(bboxRaw).split(',')).map((x) => Number(String(x).trim()));
    const [a, b, c, d] = parts;
    if (
      parts.length !== 4 ||
      parts.some((x) => !Number.isFinite(x)) ||
      a! >= c! ||
      b! >= d! ||
      a! < -180 ||
      c! > 180 ||
      b! < -90 ||
      d! > 90
    ) {
      r.problem('cityBbox', `must be "minLon,minLat,maxLon,maxLat" with min < max, got "${textOf(bboxRaw)}"`);
    } else cityBbox = [a!, b!, c!, d!];
  }
  // Origins only (scheme://host[:port]): a path or a quote would widen or break the policy.
  const cspImgSrc = r.list('cspImgSrc').map((x) => x.replace(/\/$/, ''));
  for (const origin of cspImgSrc) {
    let ok = false;
    try {
      const u = new URL(origin);
      ok = (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === origin;
    } catch {
      ok = false;
    }
    if (!ok) r.problem('cspImgSrc', `each entry must be an origin like https://tiles.example, got "${origin}"`);
  }
  const oc4idsPrefix = r.optional('oc4idsPrefix');
  if (oc4idsPrefix && !/^oc4ids-[a-z0-9]{6}$/.test(oc4idsPrefix))
    r.problem('oc4idsPrefix', `must be the prefix the OC4IDS Helpdesk assigned, "oc4ids-" and 6 letters or digits, got "${oc4idsPrefix}"`);
  const publicUrl = r.url('publicUrl', ['https:', 'http:'])?.replace(/\/+$/, '') || null;
  const projectReportDueDay = r.int('projectReportDueDay', 5, 1, 28);
  const visitWeeklyTarget = r.int('visitWeeklyTarget', 3, 1, 21);
  const visitRadiusM = r.int('visitRadiusM', 1000, 50, 50_000);
  const open311JurisdictionId = r.str('open311JurisdictionId', '').trim() || null;
  const open311CacheMs = r.int('open311CacheMs', 2000, 0, 60_000);
  if (open311JurisdictionId && !/^[A-Za-z0-9.-]{1,100}$/.test(open311JurisdictionId))
    r.problem('open311JurisdictionId', `must be a domain or code (letters, digits, dots, hyphens), got "${open311JurisdictionId}"`);
  return {
    cityBbox,
    cspImgSrc,
    oc4idsPrefix,
    publicUrl,
    projectReportDueDay,
    visitWeeklyTarget,
    visitRadiusM,
    open311JurisdictionId,
    open311CacheMs,
  };
}

/** The audit chain's key (when given) and where and how often its head is anchored. */
function auditSettings(r: ConfigReader, cwd: string, dataDir: string) {
  const auditKeyText = r.str('auditKey', '');
  const auditKeyGiven = auditKeyText ? parseAuditKey(auditKeyText) : null;
  if (auditKeyText && !auditKeyGiven) r.problem('auditKey', 'must be hex or base64 of at least 32 bytes');
  const auditAnchorEvery = r.int('auditAnchorEvery', 100, 1, 1_000_000);
  const auditAnchorIntervalMinutes = r.int('auditAnchorIntervalMinutes', 60, 1, 24 * 60);
  const anchorFileRaw = r.str('auditAnchorFile', join(dataDir, 'audit-anchors.jsonl'));
  const auditAnchorFile = isAbsolute(anchorFileRaw) ? anchorFileRaw : resolve(cwd, anchorFileRaw);
  const auditAnchorSyslog = r.optional('auditAnchorSyslog');
  if (auditAnchorSyslog && !/^udp:\/\/(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+):\d{1,5}$/.test(auditAnchorSyslog)) {
    r.problem('auditAnchorSyslog', `must be udp://host:port, got "${auditAnchorSyslog}"`);
  }
  const auditAnchorWebhook = r.url('auditAnchorWebhook', ['https:', 'http:']);
  return { auditKeyGiven, auditAnchorEvery, auditAnchorIntervalMinutes, auditAnchorFile, auditAnchorSyslog, auditAnchorWebhook };
}

function readOrCreateSecret(path: string): string {
  if (existsSync(path)) {
    const s = readFileSync(path, 'utf8').trim();
    if (s.length >= 32) return s;
  }
  const s = randomBytes(32).toString('hex');
  writeFileSync(path, `${s}\n`, { mode: 0o600 });
  return s;
}

/**
 * Problems that keep a server from starting though the configuration is valid for
 * other commands: production serves only with the city's area named
 * (`DUDAO_CITY_BBOX`), since there is no default city, and on PostgreSQL with a session
 * secret given (the same on every instance), not generated into the data dir.
 */
export function serveProblems(
  config: Pick<Config, 'mode' | 'cityBbox'> & Partial<Pick<Config, 'databaseUrl' | 'sessionSecretGenerated'>>,
): string[] {
  if (config.mode !== 'production') return [];
  const problems: string[] = [];
  if (!config.cityBbox)
    problems.push(
      `${KEYS.cityBbox} (cityBbox): required in production mode: the city's area as "minLon,minLat,maxLon,maxLat" (reports outside it are refused)`,
    );
  // On PostgreSQL several instances may serve one database; a secret generated into each
  // one's data dir would log everyone out on every other instance and void their API tokens.
  if (config.sessionSecretGenerated && config.databaseUrl?.startsWith('postgres'))
    problems.push(
      `${KEYS.sessionSecret} (sessionSecret): required in production mode on PostgreSQL, the same on every instance (e.g. \`openssl rand -hex 32\`); a secret generated into each instance's data dir would end sessions and API tokens on the others`,
    );
  return problems;
}

/** The database URL with any password masked, for logs. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
