import type { BenchServer } from '../bench/server.js';
import type { BenchTarget } from '../bench/target.js';
import { consistency, fileCheck, type FileCheck } from './checks.js';
import { Client } from './client.js';
import type { Rng } from './rng.js';
import { killServer, startServer } from './target.js';
import { missingAcks, startWriters, writeContext, type Ack } from './writers.js';

/** One kill -9 round as the results show it. */
export interface Kill9Round {
  round: number;
  /** How long the writers ran before SIGKILL. */
  killAfterMs: number;
  acknowledged: number;
  lost: number;
  refused: number;
  failed: number;
  auditOk: boolean;
  recomputeEqual: boolean;
  files: FileCheck;
  samples: string[];
}

export interface Kill9Result {
  rounds: number;
  acknowledged: number;
  lost: number;
  audit_failures: number;
  recompute_failures: number;
  rows_without_file: number;
  temp_files: number;
  unreferenced_files: number;
  left_after_sweep: number;
  details: Kill9Round[];
}

/**
 * `rounds` times: concurrent writers against the running server, SIGKILL at a random
 * moment (0.5–4 s in), restart, then every acknowledged write must be there, the audit
 * chain verify, the aggregates equal a recompute, and storage match the files table
 * (leftovers of the killed write allowed if the sweep clears them). Returns the last
 * (running) server for the phases after it.
 */
export async function runKill9(
  target: BenchTarget,
  server: BenchServer,
  rounds: number,
  rng: Rng,
  log: (s: string) => void,
): Promise<{ result: Kill9Result; server: BenchServer }> {
  const details: Kill9Round[] = [];
  let current = server;
  for (let round = 1; round <= rounds; round++) {
    const hq = await new Client(current.url, 'hq').login();
    const ctx = await writeContext(hq);
    const writers = startWriters(hq, ctx, rng, 6);
    // A random moment once writes are flowing (the first answers can take seconds on a busy machine).
    const t0 = performance.now();
    while (writers.stats.acks.length === 0 && performance.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, rng.int(3000)));
    const killAfterMs = Math.round(performance.now() - t0);
    await killServer(current);
    await writers.stop();
    const acks: Ack[] = writers.stats.acks;
    current = await startServer(target);
    const check = await missingAcks(await new Client(current.url, 'hq').login(), acks);
    const cons = await consistency(target);
    const files = await fileCheck(target);
    const r: Kill9Round = {
      round,
      killAfterMs,
      acknowledged: acks.length,
      lost: check.lost,
      refused: writers.stats.refused,
      failed: writers.stats.failed,
      auditOk: cons.auditOk,
      recomputeEqual: cons.recomputeEqual,
      files,
      samples: [
        ...check.samples,
        ...cons.problems,
        ...files.samples,
        ...writers.stats.failures.slice(0, 3),
        ...writers.stats.refusals.slice(0, 3),
      ],
    };
    details.push(r);
    log(
      `kill -9 round ${round}/${rounds}: killed after ${killAfterMs} ms, ${r.acknowledged} acknowledged (${r.refused} refused, ${r.failed} failed), ${r.lost} lost, audit ${r.auditOk ? 'ok' : 'BROKEN'}, recompute ${r.recomputeEqual ? 'equal' : 'DIFFERS'}, files: ${files.tempFiles} tmp + ${files.unreferenced} unreferenced (${files.remainingAfterSweep} left after sweep), ${files.rowsWithoutFile} rows without file`,
    );
  }
  const sum = (f: (r: Kill9Round) => number) => details.reduce((a, r) => a + f(r), 0);
  return {
    server: current,
    result: {
      rounds,
      acknowledged: sum((r) => r.acknowledged),
      lost: sum((r) => r.lost),
      audit_failures: sum((r) => (r.auditOk ? 0 : 1)),
      recompute_failures: sum((r) => (r.recomputeEqual ? 0 : 1)),
      rows_without_file: sum((r) => r.files.rowsWithoutFile),
      temp_files: sum((r) => r.files.tempFiles),
      unreferenced_files: sum((r) => r.files.unreferenced),
      left_after_sweep: sum((r) => r.files.remainingAfterSweep),
      details,
    },
  };
}
