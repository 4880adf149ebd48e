import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { isAbsolute, join, resolve } from 'node:path';
import { parseAuditKey, readOrCreateAuditKeyFile } from './audit-key.js';
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

type Source = Record<string, unknown>;

/** Keys accepted in the config file and their environment variables. */
const KEYS: Record<
  keyof Omit<Config, 'storage' | 'sessionSecretGenerated' | 'auditKeyFromDataDir'> | 'storageUrl' | 's3AccessKeyId' | 's3SecretAccessKey',
  string
> = {
  mode: 'DUDAO_MODE',
  dataDir: 'DUDAO_DATA_DIR',
  databaseUrl: 'DUDAO_DATABASE_URL',
  host: 'DUDAO_HOST',
  port: 'DUDAO_PORT',
  logLevel: 'DUDAO_LOG_LEVEL',
  logRequests: 'DUDAO_LOG_REQUESTS',
  checkReplies: 'DUDAO_CHECK_REPLIES',
  sessionSecret: 'DUDAO_SESSION_SECRET',
  sessionIdleMinutes: 'DUDAO_SESSION_IDLE_MINUTES',
  sessionAbsoluteHours: 'DUDAO_SESSION_ABSOLUTE_HOURS',
  lockoutMaxFailures: 'DUDAO_LOCKOUT_MAX_FAILURES',
  lockoutWindowMinutes: 'DUDAO_LOCKOUT_WINDOW_MINUTES',
  trustProxy: 'DUDAO_TRUST_PROXY',
  groupCommit: 'DUDAO_GROUP_COMMIT',
  bodyLimitBytes: 'DUDAO_BODY_LIMIT_BYTES',
  importLimitBytes: 'DUDAO_IMPORT_LIMIT_BYTES',
  cityBbox: 'DUDAO_CITY_BBOX',
  photoLimitBytes: 'DUDAO_PHOTO_LIMIT_BYTES',
  smtpUrl: 'DUDAO_SMTP_URL',
  mailFrom: 'DUDAO_MAIL_FROM',
  dingtalkWebhook: 'DUDAO_DINGTALK_WEBHOOK',
  dingtalkSecret: 'DUDAO_DINGTALK_SECRET',
  wecomWebhook: 'DUDAO_WECOM_WEBHOOK',
  loginAddressMaxFailures: 'DUDAO_LOGIN_ADDRESS_MAX_FAILURES',
  loginAccountMaxFailures: 'DUDAO_LOGIN_ACCOUNT_MAX_FAILURES',
  loginAccountDelaySeconds: 'DUDAO_LOGIN_ACCOUNT_DELAY_SECONDS',
  tokenDefaultDays: 'DUDAO_TOKEN_DEFAULT_DAYS',
  tokenMaxDays: 'DUDAO_TOKEN_MAX_DAYS',
  cspImgSrc: 'DUDAO_CSP_IMG_SRC',
  auditKey: 'DUDAO_AUDIT_KEY',
  auditAnchorEvery: 'DUDAO_AUDIT_ANCHOR_EVERY',
  auditAnchorIntervalMinutes: 'DUDAO_AUDIT_ANCHOR_INTERVAL_MINUTES',
  auditAnchorFile: 'DUDAO_AUDIT_ANCHOR_FILE',
  auditAnchorSyslog: 'DUDAO_AUDIT_ANCHOR_SYSLOG',
  auditAnchorWebhook: 'DUDAO_AUDIT_ANCHOR_WEBHOOK',
  oc4idsPrefix: 'DUDAO_OC4IDS_PREFIX',
  publicUrl: 'DUDAO_PUBLIC_URL',
  open311JurisdictionId: 'DUDAO_OPEN311_JURISDICTION_ID',
  open311CacheMs: 'DUDAO_OPEN311_CACHE_MS',
  projectReportDueDay: 'DUDAO_PROJECT_REPORT_DUE_DAY',
  visitWeeklyTarget: 'DUDAO_VISIT_WEEKLY_TARGET',
  visitRadiusM: 'DUDAO_VISIT_RADIUS_M',
  storageUrl: 'DUDAO_STORAGE_URL',
  s3AccessKeyId: 'DUDAO_S3_ACCESS_KEY_ID',
  s3SecretAccessKey: 'DUDAO_S3_SECRET_ACCESS_KEY',
  outboxIntervalSeconds: 'DUDAO_OUTBOX_INTERVAL_SECONDS',
  escalationIntervalSeconds: 'DUDAO_ESCALATION_INTERVAL_SECONDS',
};

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Reads configuration from (lowest to highest precedence) defaults, an optional
 * JSON file (`DUDAO_CONFIG` or `./dudao.config.json`), and environment variables.
 * Creates the data directory and, when no session secret is given, generates one
 * and keeps it there so sessions survive restarts.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const problems: string[] = [];
  let file: Source = {};
  const filePath = env.DUDAO_CONFIG ? resolve(cwd, env.DUDAO_CONFIG) : join(cwd, 'dudao.config.json');
  if (env.DUDAO_CONFIG && !existsSync(filePath)) problems.push(`DUDAO_CONFIG: file not found: ${filePath}`);
  if (existsSync(filePath)) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(filePath, 'utf8'));
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      file = parsed as Source;
      for (const k of Object.keys(file)) {
        if (!(k in KEYS)) problems.push(`${filePath}: unknown key "${k}" (known: ${Object.keys(KEYS).join(', ')})`);
      }
    } catch (e) {
      problems.push(`${filePath}: not valid JSON object (${(e as Error).message})`);
    }
  }
  const raw = (key: keyof typeof KEYS): unknown => {
    const v = env[KEYS[key]];
    return v !== undefined && v !== '' ? v : file[key];
  };
  const label = (key: keyof typeof KEYS) => `${KEYS[key]} (${key})`;
  const str = (key: keyof typeof KEYS, def: string): string => {
    const v = raw(key);
    if (v === undefined) return def;
    if (typeof v !== 'string') problems.push(`${label(key)}: must be a string`);
    return textOf(v);
  };
  const int = (key: keyof typeof KEYS, def: number, min: number, max: number): number => {
    const v = raw(key);
    if (v === undefined) return def;
    const n = typeof v === 'number' ? v : Number(textOf(v).trim());
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${label(key)}: must be an integer from ${min} to ${max}, got "${textOf(v)}"`);
      return def;
    }
    return n;
  };
  const bool = (key: keyof typeof KEYS, def: boolean): boolean => {
    const v = raw(key);
    if (v === undefined) return def;
    if (typeof v === 'boolean') return v;
    const s = textOf(v).toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(s)) return true;
    if (['0', 'false', 'no', 'off'].includes(s)) return false;
    problems.push(`${label(key)}: must be true or false, got "${textOf(v)}"`);
    return def;
  };

  const mode = str('mode', 'demo');
  if (mode !== 'demo' && mode !== 'production') problems.push(`${label('mode')}: must be "demo" or "production", got "${mode}"`);
  const dataDirRaw = str('dataDir', './data');
  const dataDir = isAbsolute(dataDirRaw) ? dataDirRaw : resolve(cwd, dataDirRaw);
  const databaseUrl = str('databaseUrl', `sqlite:${join(dataDir, 'dudao.sqlite')}`);
  if (!/^(sqlite:|postgres:\/\/|postgresql:\/\/)/.test(databaseUrl)) {
    problems.push(`${label('databaseUrl')}: must start with "sqlite:" or "postgres://", got "${databaseUrl}"`);
  }
  const logLevel = str('logLevel', 'info');
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    problems.push(`${label('logLevel')}: must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  // A demo run on a laptop should keep its start banner in view, not scroll it away with a line per request.
  const logRequests = bool('logRequests', mode === 'production');
  const checkReplies = bool('checkReplies', false);
  const host = str('host', '127.0.0.1');
  const port = int('port', 8080, 0, 65535);
  const sessionIdleMinutes = int('sessionIdleMinutes', 30, 1, 24 * 60);
  const sessionAbsoluteHours = int('sessionAbsoluteHours', 12, 1, 24 * 30);
  const lockoutMaxFailures = int('lockoutMaxFailures', 5, 1, 1000);
  const lockoutWindowMinutes = int('lockoutWindowMinutes', 15, 1, 24 * 60);
  const trustProxy = bool('trustProxy', false);
  const groupCommit = bool('groupCommit', true);
  const bodyLimitBytes = int('bodyLimitBytes', 1024 * 1024, 1024, 1024 * 1024 * 1024);
  const importLimitBytes = int('importLimitBytes', 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024);
  // Optional URLs; webhooks end up in outbox.target, a varchar(300).
  const url = (key: keyof typeof KEYS, protocols: string[]): string | null => {
    const v = str(key, '');
    if (!v) return null;
    let ok = false;
    try {
      ok = protocols.includes(new URL(v).protocol) && v.length <= 300;
    } catch {
      ok = false;
    }
    if (!ok) problems.push(`${label(key)}: must be a ${protocols.map((p) => `${p}//`).join(' or ')} URL of at most 300 characters`);
    return v;
  };
  const smtpUrl = url('smtpUrl', ['smtp:', 'smtps:']);
  const dingtalkWebhook = url('dingtalkWebhook', ['https:', 'http:']);
  const wecomWebhook = url('wecomWebhook', ['https:', 'http:']);
  const mailFrom = str('mailFrom', '') || null;
  if (mailFrom && !/^([^<>]*<)?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>?$/.test(mailFrom.trim())) {
    problems.push(`${label('mailFrom')}: must be an e-mail address, optionally as "Name <address>"`);
  }
  if (smtpUrl && !mailFrom) problems.push(`${label('mailFrom')}: required when ${KEYS.smtpUrl} is set`);
  const dingtalkSecret = str('dingtalkSecret', '') || null;
  if (dingtalkSecret && !dingtalkWebhook) problems.push(`${label('dingtalkSecret')}: set only together with ${KEYS.dingtalkWebhook}`);
  const photoLimitBytes = int('photoLimitBytes', DEFAULT_PHOTO_LIMIT_BYTES, 1024, 200 * 1024 * 1024);
  // No city's area by default: each deployment names its own (the demo's is in src/demo/).
  const bboxRaw = raw('cityBbox');
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
      problems.push(`${label('cityBbox')}: must be "minLon,minLat,maxLon,maxLat" with min < max, got "${textOf(bboxRaw)}"`);
    } else cityBbox = [a!, b!, c!, d!];
  }
  const loginAddressMaxFailures = int('loginAddressMaxFailures', 20, 1, 100_000);
  const loginAccountMaxFailures = int('loginAccountMaxFailures', 10, 1, 100_000);
  const loginAccountDelaySeconds = int('loginAccountDelaySeconds', 60, 1, 24 * 3600);
  const tokenMaxDays = int('tokenMaxDays', 365, 1, 3650);
  const tokenDefaultDays = int('tokenDefaultDays', Math.min(90, tokenMaxDays), 1, 3650);
  if (tokenDefaultDays > tokenMaxDays)
    problems.push(`${label('tokenDefaultDays')}: must not exceed ${KEYS.tokenMaxDays} (${tokenMaxDays})`);
  // Origins only (scheme://host[:port]): a path or a quote would widen or break the policy.
  const cspRaw = raw('cspImgSrc');
  const cspImgSrc = (Array.isArray(cspRaw) ? cspRaw.map(String) : textOf(cspRaw ?? '').split(/[\s,]+/))
    .filter((x) => x !== '')
    .map((x) => x.replace(/\/$/, ''));
  for (const origin of cspImgSrc) {
    let ok = false;
    try {
      const u = new URL(origin);
      ok = (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === origin;
    } catch {
      ok = false;
    }
    if (!ok) problems.push(`${label('cspImgSrc')}: each entry must be an origin like https://tiles.example, got "${origin}"`);
  }
  const auditKeyText = str('auditKey', '');
  const auditKeyGiven = auditKeyText ? parseAuditKey(auditKeyText) : null;
  if (auditKeyText && !auditKeyGiven) problems.push(`${label('auditKey')}: must be hex or base64 of at least 32 bytes`);
  const auditAnchorEvery = int('auditAnchorEvery', 100, 1, 1_000_000);
  const auditAnchorIntervalMinutes = int('auditAnchorIntervalMinutes', 60, 1, 24 * 60);
  const anchorFileRaw = str('auditAnchorFile', join(dataDir, 'audit-anchors.jsonl'));
  const auditAnchorFile = isAbsolute(anchorFileRaw) ? anchorFileRaw : resolve(cwd, anchorFileRaw);
  const auditAnchorSyslog = str('auditAnchorSyslog', '') || null;
  if (auditAnchorSyslog && !/^udp:\/\/(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+):\d{1,5}$/.test(auditAnchorSyslog)) {
    problems.push(`${label('auditAnchorSyslog')}: must be udp://host:port, got "${auditAnchorSyslog}"`);
  }
  const auditAnchorWebhook = url('auditAnchorWebhook', ['https:', 'http:']);
  const oc4idsPrefix = str('oc4idsPrefix', '') || null;
  if (oc4idsPrefix && !/^oc4ids-[a-z0-9]{6}$/.test(oc4idsPrefix))
    problems.push(
      `${label('oc4idsPrefix')}: must be the prefix the OC4IDS Helpdesk assigned, "oc4ids-" and 6 letters or digits, got "${oc4idsPrefix}"`,
    );
  const publicUrlRaw = url('publicUrl', ['https:', 'http:']);
  const publicUrl = publicUrlRaw ? publicUrlRaw.replace(/\/+$/, '') : null;
  const projectReportDueDay = int('projectReportDueDay', 5, 1, 28);
  const visitWeeklyTarget = int('visitWeeklyTarget', 3, 1, 21);
  const visitRadiusM = int('visitRadiusM', 1000, 50, 50_000);
  const outboxIntervalSeconds = int('outboxIntervalSeconds', 15, 1, 3600);
  const escalationIntervalSeconds = int('escalationIntervalSeconds', 300, 1, 24 * 3600);
  const open311JurisdictionId = str('open311JurisdictionId', '').trim() || null;
  const open311CacheMs = int('open311CacheMs', 2000, 0, 60_000);
  if (open311JurisdictionId && !/^[A-Za-z0-9.-]{1,100}$/.test(open311JurisdictionId))
    problems.push(
      `${label('open311JurisdictionId')}: must be a domain or code (letters, digits, dots, hyphens), got "${open311JurisdictionId}"`,
    );
  const storage = parseStorageUrl(
    str('storageUrl', '').trim(),
    { accessKeyId: str('s3AccessKeyId', '').trim(), secretAccessKey: str('s3SecretAccessKey', '').trim() },
    label('storageUrl'),
  );
  problems.push(...storage.problems);
  let sessionSecret = str('sessionSecret', '');
  if (sessionSecret && sessionSecret.length < 32) problems.push(`${label('sessionSecret')}: must be at least 32 characters`);

  if (problems.length) throw new ConfigError(problems);

  mkdirSync(dataDir, { recursive: true });
  const sessionSecretGenerated = !sessionSecret;
  if (!sessionSecret) sessionSecret = readOrCreateSecret(join(dataDir, 'session-secret'));
  let auditKey = auditKeyGiven;
  if (!auditKey) {
    const r = readOrCreateAuditKeyFile(join(dataDir, 'audit-key'));
    if ('problem' in r) throw new ConfigError([r.problem]);
    auditKey = r.key;
  }

  return {
    mode: mode as Config['mode'],
    dataDir,
    databaseUrl,
    host,
    port,
    logLevel: logLevel as Config['logLevel'],
    logRequests,
    checkReplies,
    sessionSecret,
    sessionSecretGenerated,
    auditKeyFromDataDir: !auditKeyGiven,
    sessionIdleMinutes,
    sessionAbsoluteHours,
    lockoutMaxFailures,
    lockoutWindowMinutes,
    trustProxy,
    groupCommit,
    bodyLimitBytes,
    importLimitBytes,
    cityBbox,
    photoLimitBytes,
    smtpUrl,
    mailFrom,
    dingtalkWebhook,
    dingtalkSecret,
    wecomWebhook,
    loginAddressMaxFailures,
    loginAccountMaxFailures,
    loginAccountDelaySeconds,
    tokenDefaultDays,
    tokenMaxDays,
    cspImgSrc,
    auditKey,
    auditAnchorEvery,
    auditAnchorIntervalMinutes,
    auditAnchorFile,
    oc4idsPrefix,
    publicUrl,
    open311JurisdictionId,
    open311CacheMs,
    projectReportDueDay,
    auditAnchorSyslog,
    auditAnchorWebhook,
    visitWeeklyTarget,
    visitRadiusM,
    storage: storage.config,
    outboxIntervalSeconds,
    escalationIntervalSeconds,
  };
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
