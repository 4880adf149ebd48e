import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import SQLite from 'better-sqlite3';
import type { Config } from '../config/config.js';
import { AppError } from '../core/errors.js';
import { redactUrl } from '../config/config.js';
import { defaultFilesDir } from '../storage/file-storage.js';

/** Where an executable named `name` is on PATH, or null. */
function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

/**
 * The pg_dump format for a file name: plain SQL for `.sql` (restored with psql),
 * the custom archive otherwise (restored with pg_restore: compressed, selective).
 */
export function pgDumpFormat(dest: string): 'plain' | 'custom' {
  return /\.sql$/i.test(dest) ? 'plain' : 'custom';
}

/** The URL without its password, which goes to pg_dump through PGPASSWORD (never on a command line others can read). */
function splitPassword(url: string): { url: string; password: string | null } {
  try {
    const u = new URL(url);
    const password = u.password ? decodeURIComponent(u.password) : null;
    u.password = '';
    return { url: u.toString(), password };
  } catch {
    return { url, password: null };
  }
}

/** What else a restore needs besides the database, with the configured paths. */
function alsoKeep(config: Pick<Config, 'dataDir' | 'sessionSecretGenerated' | 'auditKeyFromDataDir' | 'auditAnchorFile'>): string[] {
  return [
    `Also keep (not in this file):`,
    `  - photos and documents: ${defaultFilesDir(config.dataDir)} (or the bucket, with object storage) — copy it AFTER the database backup, e.g. \`rsync -a ${defaultFilesDir(config.dataDir)}/ <backup dir>/files/\`: a file is stored before the record naming it, so a copy taken after the dump holds every file the dump refers to`,
    `  - the audit anchors: ${config.auditAnchorFile} — copy it BEFORE the database backup (docs/AUDIT.md)`,
    `  - the audit key: ${config.auditKeyFromDataDir ? join(config.dataDir, 'audit-key') : 'DUDAO_AUDIT_KEY of your configuration'} — apart from the database backup`,
    `  - the session secret: ${config.sessionSecretGenerated ? join(config.dataDir, 'session-secret') : 'DUDAO_SESSION_SECRET of your configuration'} (without it every session and API token ends on restore)`,
  ];
}

/**
 * `dudao backup <dest>`. SQLite: copies the live database with the online backup API
 * (consistent while the server writes). PostgreSQL: runs pg_dump (a consistent snapshot
 * while the server writes) in the format the name implies ({@link pgDumpFormat}), or,
 * when pg_dump is not on PATH, says how to install it and the exact command, and fails.
 * Both end with what else a restore needs (files, anchors, keys).
 */
export async function backupDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'sessionSecretGenerated' | 'auditKeyFromDataDir' | 'auditAnchorFile'>,
  dest: string,
): Promise<string> {
  const url = config.databaseUrl;
  if (url.startsWith('sqlite:')) {
    const db = new SQLite(url.slice('sqlite:'.length), { readonly: true, fileMustExist: true });
    try {
      await db.backup(dest);
    } finally {
      db.close();
    }
    return [
      `backup written to ${dest} (restore: stop the server, put the file in place of ${url.slice('sqlite:'.length)})`,
      ...alsoKeep(config),
    ].join('\n');
  }
  const format = pgDumpFormat(dest);
  const shown = `pg_dump --format=${format} --file=${JSON.stringify(dest)} "${redactUrl(url).replace('***', '<password>')}"`;
  const pgDump = onPath('pg_dump');
  if (!pgDump)
    throw new AppError(
      500,
      'pg_dump_missing',
      `pg_dump is not on PATH: install the PostgreSQL client of the server's major version (Debian: apt-get install postgresql-client-15) or put its bin folder on PATH, then run dudao backup again; or run yourself\n  ${shown}`,
    );
  const { url: bare, password } = splitPassword(url);
  const r = spawnSync(pgDump, [`--format=${format}`, `--file=${dest}`, '--no-owner', bare], {
    env: { ...process.env, ...(password !== null ? { PGPASSWORD: password } : {}) },
    encoding: 'utf8',
  });
  if (r.status !== 0)
    throw new AppError(
      500,
      'pg_dump_failed',
      `pg_dump failed (exit ${r.status ?? r.signal}): ${(r.stderr || r.error?.message || '').trim()}`,
    );
  const restore =
    format === 'custom'
      ? `pg_restore --no-owner --exit-on-error --dbname=<new empty database URL> ${JSON.stringify(dest)}`
      : `psql --set ON_ERROR_STOP=1 --file=${JSON.stringify(dest)} <new empty database URL>`;
  return [`backup written to ${dest} (pg_dump --format=${format}; restore into an empty database: ${restore})`, ...alsoKeep(config)].join(
    '\n',
  );
}
