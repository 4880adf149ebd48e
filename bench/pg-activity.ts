/**
 * `npx tsx bench/pg-activity.ts <pg-url> <application_name> [ms]`: samples `pg_stat_activity`
 * every `ms` (50) for the sessions of one application name, until interrupted (Ctrl-C / SIGTERM),
 * then prints what the sessions were doing while reports were being written (samples in which
 * some session ran a report's statements): on average how many were active, waiting on a lock
 * (and on which statement), or idle in a transaction. Give the server the name through the URL
 * (`npm run bench -- --db pg --pg-url 'postgres://…/postgres?application_name=bench_x'`).
 * How docs/PERFORMANCE.md found the sessions queuing on the case-number counter.
 */
import pg from 'pg';

const [url, app, every = '50'] = process.argv.slice(2);
if (!url || !app) throw new Error('usage: pg-activity.ts <pg-url> <application_name> [ms]');
const client = new pg.Client({ connectionString: url });
await client.connect();

type Row = { state: string | null; wait_event_type: string | null; wait_event: string | null; query: string };
let samples = 0;
const sums = { sessions: 0, active: 0, lockWait: 0, idleInTx: 0 };
const waitingOn = new Map<string, number>();
const holders = new Map<string, number>();
let stop = false;
process.on('SIGINT', () => (stop = true));
process.on('SIGTERM', () => (stop = true));

/** The first words of a statement, enough to tell which one it is. */
const label = (q: string) => q.replace(/\s+/g, ' ').trim().slice(0, 60);

while (!stop) {
  const { rows } = await client.query<Row>(
    'select state, wait_event_type, wait_event, query from pg_stat_activity where application_name = $1 and pid <> pg_backend_pid()',
    [app],
  );
  // Only samples taken while reports are written (their tail statements are on some session).
  if (rows.some((r) => /audit_log|audit_head|case_number_tail|"counters"/i.test(r.query))) {
    samples += 1;
    sums.sessions += rows.length;
    for (const r of rows) {
      if (r.state === 'active') sums.active += 1;
      if (r.state === 'active' && r.wait_event_type === 'Lock') {
        sums.lockWait += 1;
        waitingOn.set(label(r.query), (waitingOn.get(label(r.query)) ?? 0) + 1);
      }
      if (r.state === 'idle in transaction') {
        sums.idleInTx += 1;
        holders.set(label(r.query), (holders.get(label(r.query)) ?? 0) + 1);
      }
    }
  }
  await new Promise((r) => setTimeout(r, Number(every)));
}
await client.end();
const per = (n: number) => (samples ? Math.round((n / samples) * 100) / 100 : 0);
const top = (m: Map<string, number>) =>
  Object.fromEntries(
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([k, v]) => [k, per(v)]),
  );
process.stdout.write(
  `${JSON.stringify(
    {
      samples,
      perSample: { sessions: per(sums.sessions), active: per(sums.active), lockWait: per(sums.lockWait), idleInTx: per(sums.idleInTx) },
      lockWaitBy: top(waitingOn),
      idleInTxAfter: top(holders),
    },
    null,
    2,
  )}\n`,
);
