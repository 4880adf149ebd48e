/**
 * Letter numbers stay gapless and unique when several app instances issue at once:
 * four processes on one PostgreSQL database issue 50 letters each → 1..200.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, PG_URL, type TestDatabase } from '../../helpers/db.js';
import { contextFor, makeCity, makeEnv, makeUser } from '../../helpers/factories.js';
import { photos } from '../../helpers/images.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/issue-letters.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../../node_modules/tsx/dist/cli.mjs', import.meta.url));

describe.skipIf(!PG_URL)('letter numbers across processes on PostgreSQL', { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let url: string;
  let hqId: number;
  let unitId: number;
  let caseId: number;

  beforeAll(async () => {
    database = await createTestDatabase('pg');
    url = database.url!;
    const env = makeEnv(database);
    await env.services.casePolicy.ensureDefaults();
    const city = await makeCity(database);
    hqId = (await makeUser(database, { unit: city.city, roles: [{ role: 'hq_dispatcher', unit: city.city }] })).id;
    const hq = await contextFor(database, hqId);
    const insp = await contextFor(
      database,
      (await makeUser(database, { unit: city.city, roles: [{ role: 'inspector', unit: city.city }] })).id,
    );
    const r = await env.services.cases.report(
      insp,
      { source: 'inspection', categoryCode: 'E01-01', description: '占道经营', lon: 114.65, lat: 33.62 },
      await photos(1),
    );
    for (const action of ['accept', 'dispatch'] as const) {
      const c = await env.services.caseQuery.get(hq, r.id);
      await env.services.cases.act(
        hq,
        r.id,
        { action, version: c.version, ...(action === 'dispatch' ? { unitId: city.dept.id } : {}) } as never,
        [],
      );
    }
    unitId = city.dept.id;
    caseId = r.id;
  }, 60_000);
  afterAll(async () => database?.drop());

  it('four processes issuing 50 letters each get numbers 1..200 without gaps or duplicates', async () => {
    const runs = Array.from({ length: 4 }, () => {
      const child = spawn(
        process.execPath,
        [TSX, FIXTURE, url, String(hqId), String(unitId), String(caseId), process.env.LETTERS_PER_PROCESS ?? '50'],
        { stdio: ['pipe', 'pipe', 'pipe'] },
      );
      let out = '';
      let err = '';
      let markReady: () => void = () => undefined;
      const ready = new Promise<void>((r) => (markReady = r));
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        if (err.includes('ready')) markReady();
      });
      const done = new Promise<string[]>((resolve, reject) =>
        child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as string[]) : reject(new Error(`exit ${code}: ${err}`)))),
      );
      return { child, done, ready };
    });
    // All four are connected and waiting; let them go together.
    await Promise.race([Promise.all(runs.map((r) => r.ready)), Promise.all(runs.map((r) => r.done))]);
    for (const r of runs) r.child.stdin.write('go\n');
    const numbers = (await Promise.all(runs.map((r) => r.done))).flat();
    const serials = numbers.map((n) => Number(/〔2026〕(\d+)号$/.exec(n)![1])).sort((a, b) => a - b);
    expect(serials).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const stored = await database.db.selectFrom('letters').select('number').where('status', '=', 'issued').execute();
    expect(new Set(stored.map((s) => s.number)).size).toBe(200);
  });
});
