/**
 * `npm run bench -- [--db sqlite|pg] [--scale smoke|10k|100k|1m] [--pg-url URL] [--no-write]`
 * `npm run bench -- --projects 10000 [--db sqlite|pg]`: only the projects roll-up figure (bench/projects.ts).
 * `npm run bench -- --open311 [--scale 10k|1m] [--db sqlite|pg]`: only open311_get_requests (bench/open311.ts).
 * `npm run bench -- --multi [--instances N] [--pg-url URL]`: only multi_instance, several servers on one PostgreSQL (bench/multi.ts).
 * `npm run bench -- --demo [--db sqlite|pg] [--rounds N]`: only demo_load, the demo city on a fresh database (bench/demo.ts).
 *
 * Generates a city at the scale on a fresh database, measures the seven figures of
 * docs/PERFORMANCE.md, prints them with the targets, and writes
 * bench/results/<db>-<scale>.json. PostgreSQL: a database is created and dropped on
 * the server of --pg-url (else DUDAO_BENCH_PG_URL, DUDAO_TEST_PG_URL, or the local
 * postgres://postgres@127.0.0.1:55432/postgres).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runBench, SCALES, type Scale } from './harness.js';
import { formatResult, type BenchResult } from './report.js';
import { runProjectsBench } from './projects.js';
import { runOpen311Bench } from './open311.js';
import { runMultiBench } from './multi.js';
import { runDemoBench } from './demo.js';
import { DEFAULT_PG_URL } from './target.js';

const RESULTS = resolve(import.meta.dirname, 'results');

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    scale: { type: 'string', default: 'smoke' },
    'pg-url': { type: 'string' },
    'no-write': { type: 'boolean', default: false },
    projects: { type: 'string' },
    open311: { type: 'boolean', default: false },
    multi: { type: 'boolean', default: false },
    demo: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '3' },
    instances: { type: 'string', default: '3' },
    help: { type: 'boolean', default: false },
  },
});
const db = values.db;
if (db !== 'sqlite' && db !== 'pg') throw new Error(`--db must be sqlite or pg, not ${db}`);
const scale = SCALES[values.scale as Scale['name']];
if (!scale) throw new Error(`--scale must be one of ${Object.keys(SCALES).join(', ')}`);
const pgUrl = values['pg-url'] ?? process.env.DUDAO_BENCH_PG_URL ?? process.env.DUDAO_TEST_PG_URL ?? DEFAULT_PG_URL;

/** Writes a mode's result to bench/results/<name> unless --no-write. */
function writeResult(name: string, r: unknown): void {
  if (values['no-write']) return;
  mkdirSync(RESULTS, { recursive: true });
  const file = join(RESULTS, name);
  writeFileSync(file, `${JSON.stringify(r, null, 2)}\n`);
  process.stdout.write(`wrote ${file}\n`);
}

if (values.help) {
  process.stdout.write(
    'npm run bench -- [--db sqlite|pg] [--scale smoke|10k|100k|1m] [--pg-url URL] [--no-write]\n' +
      'npm run bench -- --open311 [--scale S] [--db sqlite|pg]   only open311_get_requests, on a city of the scale\n' +
      'npm run bench -- --multi [--instances N] [--pg-url URL] [--no-write]   only multi_instance: N servers (default 3) on one PostgreSQL\n' +
      'npm run bench -- --projects N [--db sqlite|pg] [--pg-url URL] [--no-write]   only projects_rollup, on N projects\n' +
      'npm run bench -- --demo [--db sqlite|pg] [--rounds N] [--no-write]   only demo_load: migrate and load the demo city on a fresh database\n',
  );
  process.exit(0);
}
if (values.projects !== undefined) {
  const n = Number(values.projects);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--projects must be a positive integer, not ${values.projects}`);
  const r = await runProjectsBench({ db, pgUrl, projects: n, rounds: n >= 5000 ? 40 : 10 });
  process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
  writeResult(`${db}-projects.json`, r);
  process.exit(0);
}

if (values.demo) {
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 20) throw new Error(`--rounds must be 1 to 20, not ${values.rounds}`);
  const r = await runDemoBench({ db, pgUrl, rounds });
  process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
  writeResult(`${db}-demo.json`, r);
  process.exit(0);
}

if (values.multi) {
  const instances = Number(values.instances);
  if (!Number.isInteger(instances) || instances < 2 || instances > 8)
    throw new Error(`--instances must be 2 to 8, not ${values.instances}`);
  const r = await runMultiBench({ pgUrl, instances, cases: 10_000, seconds: 10, raceCases: 200 });
  process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
  writeResult('pg-multi.json', r);
  // Correctness is what a run fails on, as with recompute: the numbers must be gapless.
  if (!r.multi_instance.numbers_gapless) {
    process.stderr.write('case numbers are not gapless after the multi-instance run\n');
    process.exitCode = 1;
  }
  process.exit();
}

if (values.open311) {
  const base = join(RESULTS, `${db}-open311-10k.json`);
  const baselineP95 =
    scale.name !== '10k' && existsSync(base)
      ? (JSON.parse(readFileSync(base, 'utf8')) as { open311_get_requests: { p95_ms: number } }).open311_get_requests.p95_ms
      : null;
  const r = await runOpen311Bench({ db, pgUrl, scale, rounds: scale.name === 'smoke' ? 20 : 200, baselineP95 });
  process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
  writeResult(`${db}-open311-${scale.name}.json`, r);
  process.exit(0);
}

const baselineFile = join(RESULTS, `${db}-10k.json`);
const baseline10k =
  scale.name !== '10k' && existsSync(baselineFile) ? (JSON.parse(readFileSync(baselineFile, 'utf8')) as BenchResult) : null;

const result = await runBench({ db, scale, pgUrl, baseline10k });
process.stdout.write(`\n${formatResult(result)}`);
if (!values['no-write']) {
  mkdirSync(RESULTS, { recursive: true });
  const file = join(RESULTS, `${db}-${scale.name}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`\nwrote ${file}\n`);
}
// The recompute check is the one thing a run fails on: timings never do.
if (!result.recompute.equal) {
  process.stderr.write(`recompute differs from the maintained aggregates:\n${result.recompute.differences.join('\n')}\n`);
  process.exitCode = 1;
}
