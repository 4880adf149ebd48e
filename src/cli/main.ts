import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { ConfigError, loadConfig } from '../config/config.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';
import { AppError } from '../core/errors.js';
import { explainDatabaseError } from '../db/connect-errors.js';
import { auditCommands } from './audit.command.js';
import { backupDatabase } from './backup.js';
import { filesCommands } from './files.command.js';
import { letterCommands } from './letters.command.js';
import { unitCommands } from './unit.commands.js';
import { userCommands } from './user.commands.js';
import { withServices } from './with-services.js';

function program(): Command {
  const cmd = new Command('dudao')
    .description(
      '督导 Dudao — supervision platform for city governments.\nConfiguration comes from DUDAO_* environment variables or dudao.config.json (see README).',
    )
    .showHelpAfterError();

  cmd
    .command('serve')
    .description('migrate the database, load the demo city into a new database (demo mode), and serve web app + API')
    .action(async () => {
      const config = loadConfig();
      // Loaded on demand: the other commands need none of the HTTP stack.
      const { startBanner, startServer } = await import('../server.js');
      const server = await startServer(config);
      const stop = async (signal: string) => {
        process.stderr.write(`\n${signal}: finishing requests and closing the database…\n`);
        await server.close();
        process.exit(0);
      };
      // Before the banner: a supervisor (or a test) that stops the server as soon as it reads the
      // banner would otherwise find no handler yet, and the signal's default would kill it unclean.
      process.once('SIGTERM', () => void stop('SIGTERM'));
      process.once('SIGINT', () => void stop('SIGINT'));
      process.stdout.write(startBanner(server.url, config) + '\n');
    });

  cmd
    .command('migrate')
    .description('apply pending database migrations and exit')
    .action(async () => {
      const config = loadConfig();
      const database = openDatabase(config.databaseUrl);
      try {
        const applied = await migrateToLatest(database);
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
      } finally {
        await database.close();
      }
    });

  cmd
    .command('demo')
    .description('load the demo city (周口市) with one account per role; refused in production mode')
    .option('--reset', 'delete all units, users and sessions first (the audit log is kept)')
    .action(async (opts: { reset?: boolean }) => {
      await withServices(async (s) => {
        const r = opts.reset ? await s.demo.reset() : await s.demo.load();
        console.log(`demo city loaded: ${r.units} units, ${r.users} accounts`);
      });
    });

  cmd.addCommand(userCommands());
  cmd.addCommand(unitCommands());
  cmd.addCommand(letterCommands());
  cmd.addCommand(filesCommands());

  cmd.addCommand(auditCommands());

  cmd
    .command('cases')
    .description('case workflow tools')
    .addCommand(
      new Command('recompute')
        .description('rebuild the indicator aggregates from the event log and compare them with the maintained ones')
        .option('--write', 'replace the maintained aggregates with the recomputed ones')
        .action(async (opts: { write?: boolean }) => {
          await withServices(async (s) => {
            const r = await s.caseQuery.recompute({ write: opts.write });
            console.log(
              `${r.cases} cases, ${r.rows} aggregate rows: ${r.equal ? 'maintained aggregates equal the recompute' : 'DIFFERENCES found'}`,
            );
            for (const d of r.differences) console.log(`  ${d}`);
            if (!r.equal && !opts.write) process.exitCode = 1;
          });
        }),
    );

  cmd
    .command('backup')
    .description(
      'write a consistent online backup of the database to <file> (SQLite: its backup API; PostgreSQL: pg_dump, custom format, or plain SQL for a .sql name) and list what else to keep',
    )
    .argument('<file>', 'destination file')
    .addOption(new Option('--force', 'overwrite an existing file'))
    .action(async (file: string, opts: { force?: boolean }) => {
      const config = loadConfig();
      const dest = resolve(file);
      if (existsSync(dest) && !opts.force) throw new AppError(409, 'exists', `${dest} exists; use --force to overwrite`);
      console.log(await backupDatabase(config, dest));
    });

  return cmd;
}

/** The configured database URL without failing (the config may be what is broken). */
function databaseUrlForHints(): string {
  try {
    return loadConfig().databaseUrl;
  } catch {
    return process.env.DUDAO_DATABASE_URL ?? 'sqlite:';
  }
}

/** Entry point of `dudao`. */
export async function main(argv = process.argv): Promise<void> {
  try {
    await program().parseAsync(argv);
  } catch (e) {
    if (e instanceof ConfigError || e instanceof AppError) {
      console.error(`dudao: ${e.message}`);
      process.exitCode = 2;
      return;
    }
    // A database the operator has not set up right gets one line with the cause and the fix.
    const hint = explainDatabaseError(e, databaseUrlForHints());
    if (hint) {
      console.error(`dudao: ${hint}`);
      process.exitCode = 2;
      return;
    }
    console.error(`dudao: ${(e as Error).stack ?? String(e)}`);
    process.exitCode = 1;
  }
}
