import { join } from 'node:path';
import { auditAnchorSweep } from './jobs/audit-anchor.sweep.js';
import { escalationSweep } from './jobs/escalation.sweep.js';
import { reportLapseSweep } from './jobs/report-lapse.sweep.js';
import { fileCleanupSweep } from './jobs/file-cleanup.sweep.js';
import pino from 'pino';
import { ConfigError, loadConfig, redactUrl, serveProblems, type Config } from './config/config.js';
import { defaultFilesDir } from './storage/file-storage.js';
import { describeStorage } from './storage/storage-config.js';
import { openDatabase, type Database } from './db/database.js';
import { migrateToLatest } from './db/migrator.js';
import { DEMO_CASE_ACCOUNTS } from './demo/demo-cases.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo/demo-city.js';
import { DEMO_PROJECT_ACCOUNTS } from './demo/demo-projects-data.js';
import { demoAccountsProblem, demoAccountsWithDemoPassword } from './demo/demo-leftovers.js';
import { buildApp } from './http/app.js';
import { sessionCleanupSweep } from './jobs/session-cleanup.sweep.js';
import { SweepRunner } from './jobs/sweep-runner.js';
import { channelsFromConfig } from './notify/channels.js';
import { outboxSweep } from './notify/outbox.sweep.js';
import { createServices } from './services/index.js';

/** A running server, for the CLI and for tests that start one in-process. */
export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Opens the database, migrates it, loads the demo city into a new database in
 * demo mode, and serves the API and web app until closed.
 */
export async function startServer(config: Config = loadConfig()): Promise<RunningServer> {
  const problems = serveProblems(config);
  if (problems.length) throw new ConfigError(problems);
  const logger = pino({ level: config.logLevel });
  const database: Database = openDatabase(config.databaseUrl, { groupCommit: config.groupCommit });
  try {
    const applied = await migrateToLatest(database);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    const services = createServices(database, config, { onAnchorError: (message, err) => logger.warn({ err }, message) });
    // A wrong bucket, endpoint or key stops the start here, not at the first photo.
    try {
      await services.files.checkStorage();
    } catch (e) {
      throw new ConfigError([(e as Error).message]);
    }
    // A chain from before the keyed audit log is verified and re-anchored once (AUDIT.md).
    const rekey = await services.audit.rekey();
    if (rekey.rekeyed) {
      if (rekey.legacyBreak)
        logger.error(
          { legacyBreak: rekey.legacyBreak },
          'legacy audit chain did not verify; keyed from here on, the break stays reported by dudao audit verify',
        );
      else logger.info({ legacyHeadSeq: rekey.legacyHeadSeq }, 'legacy audit chain verified and re-anchored under the audit key');
    }
    // Production seeds the categories without the demo city's departments (HQ sets them).
    await services.casePolicy.ensureDefaults({ demoUnits: config.mode === 'demo' });
    if (config.mode === 'production') await productionChecks(database, services, config, logger);
    if (config.mode === 'demo' && (await services.demo.isEmpty())) {
      const r = await services.demo.load();
      logger.info(r, 'demo city loaded (周口市)');
    }
    const app = await buildApp({
      database,
      services,
      logger,
      logRequests: config.logRequests,
      bodyLimitBytes: config.bodyLimitBytes,
      importLimitBytes: config.importLimitBytes,
      sessionAbsoluteHours: config.sessionAbsoluteHours,
      trustProxy: config.trustProxy,
      cspImgSrc: config.cspImgSrc,
      checkReplies: config.checkReplies,
      // Next to the database and files: the data dir is sized for uploads, /tmp may be a small tmpfs.
      uploadTmpDir: join(config.dataDir, 'tmp', 'uploads'),
    });
    const runner = new SweepRunner(database, services.clock, [
      sessionCleanupSweep(database, { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours }),
      outboxSweep(database, services.clock, channelsFromConfig(config, services.clock), {
        intervalMs: config.outboxIntervalSeconds * 1000,
      }),
      escalationSweep(services.escalation, { intervalMs: config.escalationIntervalSeconds * 1000 }),
      fileCleanupSweep(services.files),
      auditAnchorSweep(services.audit, config.auditAnchorIntervalMinutes),
      reportLapseSweep(services.projectReportLapses),
    ]);
    await app.listen({ host: config.host, port: config.port });
    runner.start((e) => logger.error({ err: e }, 'sweep failed'));
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.port;
    const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
    logger.info(
      {
        url,
        database: redactUrl(config.databaseUrl),
        files: describeStorage(config.storage, defaultFilesDir(config.dataDir)),
        mode: config.mode,
      },
      'Dudao listening',
    );
    let closing: Promise<void> | null = null;
    return {
      url,
      close: () =>
        (closing ??= (async () => {
          await runner.stop();
          await app.close();
          // The tail written since the last anchor is anchored too (a clean stop leaves no gap).
          await services.audit.anchorNow('shutdown').catch((err: unknown) => logger.warn({ err }, 'audit anchor at shutdown failed'));
          await services.audit.settleAnchors();
          await database.close();
        })()),
    };
  } catch (e) {
    await database.close();
    throw e;
  }
}

/**
 * What production mode refuses or warns about once the database is open: demo accounts
 * still open with the published password (refused), categories routed to no unit of this
 * city, and an audit key kept in one instance's data dir.
 */
async function productionChecks(
  database: Database,
  services: ReturnType<typeof createServices>,
  config: Config,
  logger: pino.Logger,
): Promise<void> {
  const demo = await demoAccountsWithDemoPassword(database);
  if (demo.length) throw new ConfigError([demoAccountsProblem(demo)]);
  const unrouted = await services.casePolicy.unroutedCategories();
  if (unrouted.length)
    logger.warn(
      { categories: unrouted.map((c) => (c.unitCode ? `${c.code} ${c.name} → ${c.unitCode} (no such unit)` : `${c.code} ${c.name}`)) },
      `${unrouted.length} case categories have no responsible unit of this city: set each with PATCH /api/cases/categories/<code> {"defaultUnitCode": "<unit code>"} (permission case.configure); until then dispatch suggests no unit`,
    );
  if (config.auditKeyFromDataDir && config.databaseUrl.startsWith('postgres'))
    logger.warn(
      { auditKeyFile: `${config.dataDir}/audit-key` },
      "the audit key is kept in this instance's data dir: every instance (and the CLI) must use the same key, give it as DUDAO_AUDIT_KEY",
    );
}

/** What the terminal says after start: where to go and how to log in. */
export function startBanner(url: string, config: Config): string {
  const lines = [``, `  督导 Dudao is running at ${url}`, `  API docs: ${url}/api/docs`, `  Database: ${redactUrl(config.databaseUrl)}`];
  if (config.mode === 'demo') {
    lines.push(`  Demo city 周口市. Log in with any of these accounts, password ${DEMO_PASSWORD}:`);
    lines.push(`    ${DEMO_ACCOUNTS.map((a) => a.username).join(', ')}`);
    lines.push(`    and the department handlers ${DEMO_CASE_ACCOUNTS.map((a) => a.username).join(', ')}`);
    lines.push(`    and the major projects' people ${DEMO_PROJECT_ACCOUNTS.map((a) => a.username).join(', ')}`);
  } else {
    // Runnable as printed once the placeholders are filled (the same environment as this start).
    lines.push(
      `  Production mode. Create the first administrator with: npx dudao user add <username> --name <display name> --unit <unit-code> --role sysadmin@<unit-code>`,
    );
    lines.push(
      `    then the security administrator and the auditor as separate accounts (三员分立): --role security_admin@<unit-code>, --role auditor@<unit-code>`,
    );
  }
  lines.push(`  Stop with Ctrl+C.`, ``);
  return lines.join('\n');
}
