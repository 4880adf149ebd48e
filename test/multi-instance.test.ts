/**
 * Issue 16 point 4: three `dudao serve` processes on one PostgreSQL database, sharing the
 * session secret and the data folder (files, audit key), driven together. PostgreSQL only:
 * SQLite is one process's file by design.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/demo/demo-city.js';
import { PG_URL } from './helpers/db.js';
import { call, captureRobot, freshPgDatabase, gaplessProblems, login, type Session } from './helpers/instances.js';
import { startServer, type ServerProcess } from './helpers/server-process.js';

const SECRET = 'multi-instance-test-secret-0123456789abcdef';
const ESCALATION_S = 1;
/** Departments of the demo city that have handlers: cases are dispatched among them. */
const UNIT_CODES = ['411600-CGJ', '411600-ZJJ', '411600-JTJ', '411600-GAJ', '411600-STHJJ', '411600-SCJ'];

const suite = PG_URL ? describe : describe.skip;

suite('several instances on one PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof freshPgDatabase>>;
  let robot: Awaited<ReturnType<typeof captureRobot>>;
  let dataDir: string;
  let sql: pg.Client;
  const instances: ServerProcess[] = [];
  let urls: string[];
  let hq: Session;
  let units: Map<string, number>;

  beforeAll(async () => {
    database = await freshPgDatabase();
    robot = await captureRobot();
    dataDir = mkdtempSync(join(tmpdir(), 'dudao-multi-'));
    const env = { DUDAO_DATABASE_URL: database.url, DUDAO_SESSION_SECRET: SECRET };
    // The demo city is loaded by one first start, without the robot, so its own notices do not flood the outbox.
    const loader = await startServer({ dataDir, env });
    const code = await loader.stop();
    expect(code, loader.output()).toBe(0);
    const shared = {
      ...env,
      DUDAO_WECOM_WEBHOOK: robot.url,
      DUDAO_OUTBOX_INTERVAL_SECONDS: '1',
      DUDAO_ESCALATION_INTERVAL_SECONDS: String(ESCALATION_S),
    };
    instances.push(...(await Promise.all([0, 1, 2].map(() => startServer({ dataDir, env: shared })))));
    urls = instances.map((i) => i.url);
    expect(new Set(urls).size).toBe(3);
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    hq = await login(urls[0]!, 'hq', DEMO_PASSWORD);
    const list = await call<{ items: { id: number; code: string }[] }>(urls[0]!, hq, 'GET', '/api/units');
    units = new Map(list.body.items.map((u) => [u.code, u.id]));
  }, 180_000);

  afterAll(async () => {
    const codes = await Promise.all(instances.map((i) => i.stop()));
    await sql?.end();
    await robot?.close();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    expect(codes.every((c) => c === 0)).toBe(true);
  }, 60_000);

  it('a session made on one instance is valid on the others, for reads and writes', async () => {
    const s = await login(urls[1]!, 'hq', DEMO_PASSWORD);
    for (const url of urls) {
      const me = await call<{ user: { username: string } }>(url, s, 'GET', '/api/auth/me');
      expect(me.status, url).toBe(200);
      expect(me.body.user.username).toBe('hq');
    }
    // A write with the CSRF token from instance 1, on instance 2.
    const read = await call(urls[2]!, s, 'POST', '/api/notifications/read-all');
    expect([200, 204]).toContain(read.status);
    // Logging out on one instance ends the session on all of them.
    const out = await login(urls[0]!, 'inspector', DEMO_PASSWORD);
    expect((await call(urls[2]!, out, 'POST', '/api/auth/logout')).status).toBeLessThan(300);
    for (const url of urls) expect((await call(url, out, 'GET', '/api/auth/me')).status).toBe(401);
  });

  let reported: { id: number; number: string }[] = [];

  it('citizens and inspectors reporting on every instance at once get unique, gapless case numbers', async () => {
    const people = await Promise.all(urls.flatMap((url) => [login(url, 'inspector', DEMO_PASSWORD), login(url, 'citizen', DEMO_PASSWORD)]));
    const jobs = Array.from({ length: 90 }, (_, i) => {
      const url = urls[i % 3]!;
      const citizen = i % 2 === 1;
      const s = people[(i % 3) * 2 + (citizen ? 1 : 0)]!;
      return call<{ id: number; number: string }>(url, s, 'POST', '/api/cases', {
        source: citizen ? 'citizen' : 'video',
        categoryCode: i % 3 ? 'E01-01' : 'C02-01',
        description: `多实例测试 ${i}`,
        lon: 114.65 + (i % 10) / 1000,
        lat: 33.62 + (i % 7) / 1000,
        address: '七一路',
      });
    });
    const answers = await Promise.all(jobs);
    expect(answers.filter((a) => a.status !== 201).map((a) => a.body)).toEqual([]);
    reported = answers.map((a) => a.body);
    expect(new Set(reported.map((r) => r.number)).size).toBe(90);
    // Every number of every year, the demo's included, is 1..n exactly once.
    const { rows } = await sql.query<{ number: string }>('select number from cases');
    const byYear = new Map<string, number[]>();
    for (const r of rows) {
      const m = /(\d{4})-(\d{6})$/.exec(r.number);
      expect(m, r.number).not.toBeNull();
      byYear.set(m![1]!, [...(byYear.get(m![1]!) ?? []), Number(m![2])]);
    }
    for (const [year, serials] of byYear) expect(gaplessProblems(`cases ${year}`, serials)).toEqual([]);
  });

  /** Sends the same action with the same version to all three instances at once. */
  async function raceAction(id: number, body: Record<string, unknown>) {
    const version = (await call<{ version: number }>(urls[0]!, hq, 'GET', `/api/cases/${id}`)).body.version;
    return Promise.all(urls.map((url) => call(url, hq, 'POST', `/api/cases/${id}/actions`, { ...body, version })));
  }

  it('the same action on the same case on all instances at once: one wins, the others get 409', async () => {
    const cases = reported.slice(0, 36);
    for (const action of ['accept', 'dispatch'] as const) {
      const results = await Promise.all(
        cases.map((c, i) => raceAction(c.id, action === 'dispatch' ? { action, unitId: units.get(UNIT_CODES[i % 6]!)! } : { action })),
      );
      for (const r of results) {
        expect(r.map((a) => a.status).sort(), JSON.stringify(r.map((a) => a.body))).toEqual([200, 409, 409]);
      }
    }
    const { rows } = await sql.query<{ n: number }>(
      `select count(*)::int as n from case_events where case_id = any($1) and action in ('accept', 'dispatch')`,
      [cases.map((c) => c.id)],
    );
    expect(rows[0]!.n).toBe(72);
  });

  it('letters issued by hand and by the sweep on every instance at once: numbers unique and gapless per series', async () => {
    const dispatched = reported.slice(0, 36);
    const byHand = dispatched.slice(0, 12);
    const bySweep = dispatched.slice(12);
    const sweepRunsBefore = (await sql.query<{ n: number }>(`select count(*)::int as n from job_runs where name = 'escalation'`)).rows[0]!
      .n;
    // Three waves of cases falling overdue (by a whole week), picked up by the sweep on whichever instance runs it,
    // while HQ issues 提醒函 by hand on all three instances: both take numbers from the 周创指提 series.
    const waves = [bySweep.slice(0, 8), bySweep.slice(8, 16), bySweep.slice(16)];
    const overdue = (async () => {
      for (const wave of waves) {
        await sql.query(`update cases set deadline = $2, owed_deadline = $2 where id = any($1)`, [
          wave.map((c) => c.id),
          new Date(Date.now() - 7 * 86_400_000).toISOString(),
        ]);
        await new Promise((r) => setTimeout(r, ESCALATION_S * 1500));
      }
    })();
    const hand = await Promise.all(
      byHand.map(async (c, i) => {
        const url = urls[i % 3]!;
        const unitId = (await call<{ assignedUnitId: number }>(url, hq, 'GET', `/api/cases/${c.id}`)).body.assignedUnitId;
        const draft = await call<{ id: number; version: number }>(url, hq, 'POST', '/api/letters', {
          unitId,
          rungKey: 'reminder',
          caseIds: [c.id],
        });
        expect(draft.status, JSON.stringify(draft.body)).toBe(201);
        return call<{ number: string }>(url, hq, 'POST', `/api/letters/${draft.body.id}/issue`, { version: draft.body.version });
      }),
    );
    await overdue;
    expect(hand.filter((h) => h.status !== 200).map((h) => h.body)).toEqual([]);
    // Every overdue case gets its 提醒函 from the sweep.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const { rows } = await sql.query<{ n: number }>(
        `select count(distinct lc.case_id)::int as n from letter_cases lc join letters l on l.id = lc.letter_id
          where lc.case_id = any($1) and l.number is not null`,
        [bySweep.map((c) => c.id)],
      );
      if (rows[0]!.n === bySweep.length) break;
      if (Date.now() > deadline) throw new Error(`the sweep lettered ${rows[0]!.n} of ${bySweep.length} overdue cases`);
      await new Promise((r) => setTimeout(r, 300));
    }
    const { rows: issuedBySweep } = await sql.query<{ detail: string }>(
      `select detail from job_runs where name = 'escalation' and id > 0 order by id offset $1`,
      [sweepRunsBefore],
    );
    expect(issuedBySweep.filter((r) => (JSON.parse(r.detail ?? '{}') as { issued?: number }).issued).length).toBeGreaterThan(1);
    const { rows: letters } = await sql.query<{ number: string }>('select number from letters where number is not null');
    expect(new Set(letters.map((l) => l.number)).size).toBe(letters.length);
    const series = new Map<string, number[]>();
    for (const l of letters) {
      const m = /^(.+)〔(\d{4})〕(\d+)号$/.exec(l.number);
      expect(m, l.number).not.toBeNull();
      const key = `${m![1]}〔${m![2]}〕`;
      series.set(key, [...(series.get(key) ?? []), Number(m![3])]);
    }
    for (const [key, serials] of series) expect(gaplessProblems(key, serials)).toEqual([]);
  }, 60_000);

  it('each sweep runs once per interval across the three instances, never two at a time', async () => {
    const { rows } = await sql.query<{ name: string; holder: string; started_at: string; finished_at: string | null }>(
      `select name, holder, started_at, finished_at from job_runs where name in ('escalation', 'outbox') order by id`,
    );
    for (const name of ['escalation', 'outbox']) {
      const runs = rows.filter((r) => r.name === name);
      expect(runs.length, name).toBeGreaterThan(3);
      const intervalMs = (name === 'escalation' ? ESCALATION_S : 1) * 1000;
      for (let i = 1; i < runs.length; i++) {
        const gap = Date.parse(runs[i]!.started_at) - Date.parse(runs[i - 1]!.started_at);
        expect(gap, `${name} runs ${i - 1} and ${i}`).toBeGreaterThanOrEqual(intervalMs * 0.9);
        // The lease: a run starts only after the previous one finished.
        expect(Date.parse(runs[i]!.started_at), name).toBeGreaterThanOrEqual(Date.parse(runs[i - 1]!.finished_at!));
      }
    }
  });

  it('the outbox delivers each notice once', async () => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { rows } = await sql.query<{ n: number }>(`select count(*)::int as n from outbox where status = 'pending'`);
      if (rows[0]!.n === 0) break;
      if (Date.now() > deadline) throw new Error(`${rows[0]!.n} outbox rows still pending`);
      await new Promise((r) => setTimeout(r, 300));
    }
    const { rows } = await sql.query<{ payload: string; status: string; attempts: number }>(
      `select payload, status, attempts from outbox where channel = 'wecom'`,
    );
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.filter((r) => r.status !== 'sent' || r.attempts !== 1)).toEqual([]);
    const count = (list: string[]) => {
      const m = new Map<string, number>();
      for (const s of list) m.set(s, (m.get(s) ?? 0) + 1);
      return m;
    };
    const expected = count(rows.map((r) => (JSON.parse(r.payload) as { content: string }).content));
    expect(robot.received).toHaveLength(rows.length);
    expect(count(robot.received)).toEqual(expected);
  });

  it('the audit chain the three instances appended to at once verifies, with the anchors each wrote', async () => {
    const r = await promisify(execFile)(process.execPath, [resolve(import.meta.dirname, '../bin/dudao.js'), 'audit', 'verify'], {
      cwd: dataDir,
      env: { ...process.env, DUDAO_DATABASE_URL: database.url, DUDAO_DATA_DIR: dataDir, DUDAO_LOG_LEVEL: 'silent' },
    });
    expect(r.stdout + r.stderr).toMatch(/audit chain OK: \d+ records/);
  });
});
