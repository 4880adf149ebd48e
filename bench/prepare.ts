import { openDatabase, type Database } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { createServices, type Services } from '../src/services/index.js';
import { systemClock } from '../src/core/clock.js';
import { campaignRepository } from '../src/db/repositories/campaign.repository.js';
import { DEMO_LADDER } from '../src/demo/demo-ladder.js';
import { pgWriter, sqliteWriter } from './bulk.js';
import { loadCity, type BenchCity, type BenchUnit } from './city.js';
import { genContext } from './generate.js';
import { loadHistory, spanDaysFor, type LoadStats } from './load.js';
import type { BenchTarget } from './target.js';
import { publishBenchModel } from './assessment.js';
import type { Req } from './http-load.js';

/** The session secret the benchmark's server and in-process services share (token hashes). */
export const BENCH_SECRET = 'bench-secret-0123456789abcdef0123456789abcdef';

/** Services over the bench database, as the server wires them (system clock, real hasher unused). */
export function benchServices(database: Database, dataDir: string): Services {
  return createServices(
    database,
    {
      mode: 'production',
      sessionSecret: BENCH_SECRET,
      sessionIdleMinutes: 30,
      sessionAbsoluteHours: 12,
      lockoutMaxFailures: 5,
      lockoutWindowMinutes: 15,
      dataDir,
    },
    { clock: systemClock },
  );
}

/**
 * Migrates the empty target, seeds the case policy and the directory through the
 * application's own code, then bulk-loads `cases` cases of history as of `nowMs`.
 */
export async function prepareCity(
  target: BenchTarget,
  cases: number,
  nowMs: number,
): Promise<{ city: BenchCity; load: LoadStats; campaignId: number }> {
  const database = openDatabase(target.url);
  let city: BenchCity;
  let policy;
  let campaignId: number;
  try {
    await migrateToLatest(database);
    const services = benchServices(database, target.dir);
    await services.casePolicy.ensureDefaults();
    policy = await services.casePolicy.policy();
    // The directory exists before the first case of the history.
    const since = new Date(nowMs - (spanDaysFor(cases) + 1) * 86_400_000).toISOString();
    city = await loadCity(database, BENCH_SECRET, since);
    // A deployed city configures its escalation ladder (the product's default names no
    // issuer). The bench city is the demo's directory, so it runs under the demo's ladder,
    // stored as HQ's campaign settings would store it.
    campaignId = await campaignRepository.insert(database.db, {
      name: 'bench',
      framework_id: null,
      settings: JSON.stringify({ ladder: DEMO_LADDER }),
      created_at: since,
    });
    // The campaign's 考核 model in force, for assessment_month_s.
    await publishBenchModel(database, campaignId, since);
  } finally {
    await database.close();
  }
  const writer = target.file ? sqliteWriter(target.file) : await pgWriter(target.url);
  // Check every case against the repository at small scales (CI), a sample at large ones.
  const load = await loadHistory(genContext(city, policy, nowMs), writer, cases, { checkEvery: cases <= 20_000 ? 1 : 997 });
  return { city, load, campaignId };
}

/**
 * The `i`-th report of an intake load: one video report in one of the city's areas, the
 * category and position varying with `i`. `tag` names the run in the description.
 */
export function reportRequest(areas: readonly BenchUnit[], i: number, tag: string): Req {
  const area = areas[i % areas.length]!;
  return {
    method: 'POST',
    path: '/api/cases',
    body: JSON.stringify({
      source: 'video',
      categoryCode: i % 3 ? 'E01-01' : 'C02-01',
      description: `${area.name}视频巡查发现问题（${tag} ${i}）`,
      lon: 114.6 + (i % 100) / 1000,
      lat: 33.6 + (i % 77) / 1000,
      areaUnitId: area.id,
    }),
  };
}
