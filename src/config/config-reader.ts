import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { textOf } from '../shared/text.js';
import type { Config } from './config.js';

/** What can be set: every setting of {@link Config} except those derived, and the storage URL and keys it is parsed from. */
type Settable =
  | Exclude<keyof Config, 'storage' | 'sessionSecretGenerated' | 'auditKeyFromDataDir'>
  | 'storageUrl'
  | 's3AccessKeyId'
  | 's3SecretAccessKey';

/** Keys accepted in the config file, each with the environment variable that overrides it. */
export const KEYS = {
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
} as const satisfies Record<Settable, string>;

/** A configuration key, as written in `dudao.config.json`. */
export type ConfigKey = keyof typeof KEYS;

/** How a problem names its key: the environment variable and the file's key, e.g. `DUDAO_PORT (port)`. */
export const label = (key: ConfigKey): string => `${KEYS[key]} (${key})`;

/**
 * Typed reads of the configuration from (lowest to highest precedence) an optional JSON file
 * (`DUDAO_CONFIG` or `./dudao.config.json`) and environment variables. A bad value is not
 * thrown at once: it is added to `problems` and the default is used, so that the operator
 * reads every problem of a configuration in one go.
 */
export class ConfigReader {
  readonly problems: string[] = [];
  private file: Record<string, unknown> = {};

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    cwd: string,
  ) {
    const filePath = env.DUDAO_CONFIG ? resolve(cwd, env.DUDAO_CONFIG) : join(cwd, 'dudao.config.json');
    if (env.DUDAO_CONFIG && !existsSync(filePath)) this.problems.push(`DUDAO_CONFIG: file not found: ${filePath}`);
    if (!existsSync(filePath)) return;
    try {
      const parsed: unknown = JSON.parse(readFileSync(filePath, 'utf8'));
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      this.file = parsed as Record<string, unknown>;
      for (const k of Object.keys(this.file)) {
        if (!(k in KEYS)) this.problems.push(`${filePath}: unknown key "${k}" (known: ${Object.keys(KEYS).join(', ')})`);
      }
    } catch (e) {
      this.problems.push(`${filePath}: not valid JSON object (${(e as Error).message})`);
    }
  }

  /** The value as given (an empty variable counts as not given), or undefined. */
  raw(key: ConfigKey): unknown {
    const v = this.env[KEYS[key]];
    return v !== undefined && v !== '' ? v : this.file[key];
  }

  /** Records a problem with `key`'s value. */
  problem(key: ConfigKey, message: string): void {
    this.problems.push(`${label(key)}: ${message}`);
  }

  str(key: ConfigKey, def: string): string {
    const v = this.raw(key);
    if (v === undefined) return def;
    if (typeof v !== 'string') this.problem(key, 'must be a string');
    return textOf(v);
  }

  /** A string that may be left out: null when not given. */
  optional(key: ConfigKey): string | null {
    return this.str(key, '') || null;
  }

  int(key: ConfigKey, def: number, min: number, max: number): number {
    const v = this.raw(key);
    if (v === undefined) return def;
    const n = typeof v === 'number' ? v : Number(textOf(v).trim());
    if (!Number.isInteger(n) || n < min || n > max) {
      this.problem(key, `must be an integer from ${min} to ${max}, got "${textOf(v)}"`);
      return def;
    }
    return n;
  }

  bool(key: ConfigKey, def: boolean): boolean {
    const v = this.raw(key);
    if (v === undefined) return def;
    if (typeof v === 'boolean') return v;
    const s = textOf(v).toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(s)) return true;
    if (['0', 'false', 'no', 'off'].includes(s)) return false;
    this.problem(key, `must be true or false, got "${textOf(v)}"`);
    return def;
  }

  /** An optional URL with one of `protocols`; at most 300 characters, since webhooks end up in outbox.target, a varchar(300). */
  url(key: ConfigKey, protocols: string[]): string | null {
    const v = this.str(key, '');
    if (!v) return null;
    let ok = false;
    try {
      ok = protocols.includes(new URL(v).protocol) && v.length <= 300;
    } catch {
      ok = false;
    }
    if (!ok) this.problem(key, `must be a ${protocols.map((p) => `${p}//`).join(' or ')} URL of at most 300 characters`);
    return v;
  }

  /** A list given as an array in the file or as text split at commas and spaces. */
  list(key: ConfigKey): string[] {
    const v = this.raw(key);
    return (Array.isArray(v) ? v.map(String) : textOf(v ?? '').split(/[\s,]+/)).filter((x) => x !== '');
  }
}
