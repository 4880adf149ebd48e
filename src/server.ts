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
    await services.casePolicy.ensureDefaults();
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

/** What the terminal says after start: where to go and how to log in. */
export function startBanner(url: string, config: Config): string {
  const lines = [``, `  督导 Dudao is running at ${url}`, `  API docs: ${url}/api/docs`, `  Database: ${redactUrl(config.databaseUrl)}`];
  if (config.mode === 'demo') {
    lines.push(`  Demo city 周口市. Log in with any of these accounts, password ${DEMO_PASSWORD}:`);
    lines.push(`    ${DEMO_ACCOUNTS.map((a) => a.username).join(', ')}`);
    lines.push(`    and the department handlers ${DEMO_CASE_ACCOUNTS.map((a) => a.username).join(', ')}`);
    lines.push(`    and the major projects' people ${DEMO_PROJECT_ACCOUNTS.map((a) => a.username).join(', ')}`);
  } else {
    lines.push(`  Production mode. Create the first administrator with: dudao user add <name> --role sysadmin@<unit-code>`);
  }
  lines.push(`  Stop with Ctrl+C.`, ``);
  return lines.join('\n');
}
