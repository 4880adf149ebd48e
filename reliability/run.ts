/**
 * `npm run reliability -- [--db sqlite|pg] [--rounds N] [--fuzz N] [--soak-minutes M] [--seed S]
 *  [--only kill9,matrix,fuzz,soak,backup] [--soak-writers N] [--pg-url URL] [--no-write]`
 *
 * Runs the reliability suite (docs/RELIABILITY.md) against the real server process on a
 * fresh database with the demo city, prints a table and writes reliability/results/<db>.json.
 * Exits 1 when a write was lost, a 5xx seen, a leak found or a backup did not restore equal.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_PG_URL } from '../bench/target.js';
import { formatTable } from './table.js';
import { failures, PARTS, runSuite, type Part } from './suite.js';

const RESULTS = resolve(import.meta.dirname, 'results');

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    rounds: { type: 'string', default: '20' },
    fuzz: { type: 'string', default: '10000' },
    'soak-minutes': { type: 'string', default: '10' },
    'soak-writers': { type: 'string', default: '2' },
    seed: { type: 'string', default: '1' },
    only: { type: 'string' },
    'pg-url': { type: 'string' },
    'no-write': { type: 'boolean', default: false },
  },
});
const db = values.db;
if (db !== 'sqlite' && db !== 'pg') throw new Error(`--db must be sqlite or pg, not ${db}`);
const num = (name: string, v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number ≥ 0, not ${v}`);
  return n;
};
const only = values.only?.split(',').map((s) => s.trim()) as Part[] | undefined;
for (const p of only ?? []) if (!PARTS.includes(p)) throw new Error(`--only takes ${PARTS.join(', ')}; not ${p}`);
const pgUrl = values['pg-url'] ?? process.env.DUDAO_TEST_PG_URL ?? DEFAULT_PG_URL;

const result = await runSuite({
  db,
  pgUrl,
  rounds: Math.floor(num('rounds', values.rounds)),
  fuzz: Math.floor(num('fuzz', values.fuzz)),
  soakMinutes: num('soak-minutes', values['soak-minutes']),
  soakWriters: num('soak-writers', values['soak-writers']),
  seed: Math.floor(num('seed', values.seed)),
  only,
});
process.stdout.write(`\n${formatTable(result)}\n`);
if (!values['no-write']) {
  mkdirSync(RESULTS, { recursive: true });
  const file = join(RESULTS, `${db}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`wrote ${file}\n`);
}
const failed = failures(result);
if (failed.length) {
  process.stderr.write(`reliability FAILED:\n  ${failed.join('\n  ')}\n`);
  process.exitCode = 1;
}
