import { Command } from 'commander';
import { FILE_SWEEP_GRACE_MS, fileCleanupSweep } from '../jobs/file-cleanup.sweep.js';
import { SweepRunner } from '../jobs/sweep-runner.js';
import { invalid } from '../core/errors.js';
import { withServices } from './with-services.js';

/**
 * `dudao files sweep [--grace-minutes N]`: removes what failed writes left in file
 * storage (temporary files, objects no row refers to) now, as the server's hourly sweep
 * does: under the same lease, recorded in job_runs. Exit code 1 when another instance
 * holds the lease or a removal failed; 2 on bad input.
 */
export function filesCommands(): Command {
  const files = new Command('files').description('stored photos and evidence');
  files
    .command('sweep')
    .description('remove temporary files and stored files no record refers to, older than the grace period')
    .option(
      '--grace-minutes <n>',
      'leave files modified in the last n minutes (a running server may be about to reference them)',
      String(FILE_SWEEP_GRACE_MS / 60_000),
    )
    .action(async (o: { graceMinutes: string }) => {
      const minutes = Number(o.graceMinutes);
      if (!/^\d+$/.test(o.graceMinutes.trim()) || minutes < 1)
        throw invalid('--grace-minutes', `"${o.graceMinutes}" must be a whole number of minutes, at least 1`);
      await withServices(async (s, database) => {
        const sweep = fileCleanupSweep(s.files, { graceMs: minutes * 60_000 });
        const outcome = await new SweepRunner(database, s.clock, [sweep]).runOnce(sweep);
        if (!outcome.ran) {
          console.error('another instance is sweeping the files now; try again later');
          process.exitCode = 1;
          return;
        }
        const d = outcome.detail;
        if (outcome.status === 'failed') {
          console.error(`file sweep failed: ${String(d.error)}`);
          process.exitCode = 1;
          return;
        }
        console.log(
          `file sweep: ${String(d.scanned)} files scanned, ${String(d.tempRemoved)} temporary and ${String(d.orphansRemoved)} unreferenced removed, ` +
            `${String(d.young)} newer than ${minutes} min left, ${String(d.unknown)} unknown left alone, ${String(d.failed)} failed`,
        );
        if (Number(d.failed) > 0) process.exitCode = 1;
      });
    });
  return files;
}
