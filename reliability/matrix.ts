import type { BenchTarget } from '../bench/target.js';
import { DEMO_ACCOUNTS } from '../src/demo/demo-city.js';
import { Client, loginAll, type Reply } from './client.js';
import { readTruth, type Visibility } from './truth.js';

export interface MatrixResult {
  roles: number;
  calls: number;
  leaks: number;
  /** 5xx met while walking the routes. */
  status_5xx: number;
  /** Things a role should see but got 403/404 for (not a leak; reported to spot over-tight scoping). */
  hidden_from_owner: number;
  by_kind: Record<string, number>;
  samples: string[];
}

/** Routes whose figures must be limited to the caller's units. */
const FIGURE_ROUTES = [/^\/api\/cases\/indicators$/, /^\/api\/dashboard\//, /^\/api\/results\//, /^\/api\/inspections\/results$/];
const UNIT_KEYS = new Set(['unitId', 'assignedUnitId']);

/** Every number under a unit key anywhere in a JSON value. */
function unitIdsIn(v: unknown, out: number[] = []): number[] {
  if (Array.isArray(v)) for (const x of v) unitIdsIn(x, out);
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      if (UNIT_KEYS.has(k) && typeof x === 'number') out.push(x);
      else unitIdsIn(x, out);
    }
  return out;
}

/** The `items[].id` of a list reply (or of a bare array). */
function idsOf(r: Reply): number[] {
  const j = r.json as { items?: { id?: number }[] } | { id?: number }[] | undefined;
  const items = Array.isArray(j) ? j : (j?.items ?? []);
  return items.map((x) => x.id).filter((x): x is number => typeof x === 'number');
}

/** JSON without the moment it was computed, to compare two figure replies. */
function figures(r: Reply): string {
  return JSON.stringify(r.json, (k, v: unknown) => (k === 'asOf' ? undefined : v));
}

/**
 * The role × route × visibility matrix: every demo account calls every GET route (lists
 * paged through, details for every case, letter and a sample of files), and what comes
 * back is compared with what the database says the account may see. A leak is a case,
 * letter, file, notification or token outside the account's coverage, a figure route
 * naming a unit outside it, or indicators for another unit than its own.
 */
export async function runMatrix(target: BenchTarget, url: string, log: (s: string) => void): Promise<MatrixResult> {
  const usernames = DEMO_ACCOUNTS.map((a) => a.username);
  const clients = await loginAll(url, usernames);
  // Tokens of other people to look for in everyone's token list.
  for (const name of ['sysadmin', 'secadmin']) {
    const c = clients.get(name)!;
    const opts = (await c.call('GET', '/api/auth/tokens/options')).json as { scopes?: string[] } | undefined;
    await c.call('POST', '/api/auth/tokens', { json: { name: `matrix-${name}`, scopes: opts?.scopes?.slice(0, 1) ?? [] } });
  }
  const truth = await readTruth(target, usernames);
  const doc = (await (await fetch(`${url}/api/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>>;
  };
  const gets = Object.entries(doc.paths)
    .filter(([, m]) => m.get)
    .map(([path, m]) => ({ path, query: (m.get!.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name) }));
  const res: MatrixResult = { roles: usernames.length, calls: 0, leaks: 0, status_5xx: 0, hidden_from_owner: 0, by_kind: {}, samples: [] };
  const leak = (kind: string, user: string, what: string) => {
    res.leaks += 1;
    res.by_kind[kind] = (res.by_kind[kind] ?? 0) + 1;
    if (res.samples.length < 60) res.samples.push(`${user}: ${kind}: ${what}`);
  };
  const hq = clients.get('hq')!;
  const hqFigures = new Map<number, string>();
  const hqIndicators = async (unitId: number) => {
    if (!hqFigures.has(unitId))
      hqFigures.set(unitId, figures(await hq.call('GET', `/api/cases/indicators?unitId=${unitId}&from=2026-01-01&to=2027-01-01`)));
    return hqFigures.get(unitId)!;
  };
  const walk = async (user: string) => {
    const c: Client = clients.get(user)!;
    const vis: Visibility = truth.of.get(user)!;
    const get = async (path: string) => {
      const r = await c.call('GET', path);
      res.calls += 1;
      if (r.status >= 500 || r.status === 0) {
        res.status_5xx += 1;
        if (res.samples.length < 60) res.samples.push(`${user}: ${r.status} on GET ${path}: ${r.text.slice(0, 200)}`);
      }
      return r;
    };
    const pages = async (base: string) => {
      const ids: number[] = [];
      for (let page = 1; page <= 50; page++) {
        const r = await get(`${base}${base.includes('?') ? '&' : '?'}page=${page}&pageSize=100`);
        const got = idsOf(r);
        ids.push(...got);
        if (r.status !== 200 || got.length < 100) break;
      }
      return ids;
    };
    // Lists.
    for (const g of gets.filter((x) => !x.path.includes('{'))) {
      const q = ['from', 'to'].every((k) => g.query.includes(k)) ? '?from=2026-01-01&to=2027-01-01' : '';
      if (g.path === '/api/cases' || g.path === '/api/notifications') {
        const ids = await pages(g.path);
        const allowed = g.path === '/api/cases' ? vis.cases : vis.notifications;
        for (const id of ids)
          if (!allowed.has(id))
            leak(g.path === '/api/cases' ? 'case in list' : 'notification of another person', user, `${g.path} has ${id}`);
        continue;
      }
      const r = await get(`${g.path}${q}`);
      if (r.status !== 200) continue;
      if (g.path === '/api/cases/map') for (const id of idsOf(r)) if (!vis.cases.has(id)) leak('case on map', user, `id ${id}`);
      if (g.path === '/api/letters') for (const id of idsOf(r)) if (!vis.letters.has(id)) leak('letter in list', user, `id ${id}`);
      if (g.path === '/api/auth/tokens')
        for (const id of idsOf(r)) if (!vis.tokens.has(id)) leak('token of another person', user, `id ${id}`);
      if (FIGURE_ROUTES.some((re) => re.test(g.path))) {
        const outside = [...new Set(unitIdsIn(r.json))].filter((id) => !vis.anyUnit.has(id));
        if (outside.length) leak('figures of other units', user, `${g.path}${q} names units ${outside.slice(0, 5).join(', ')}`);
      }
    }
    // Indicators: with no unit, or another unit's id, a single-unit role gets its own unit's figures or nothing.
    if (vis.grantUnits.length === 1 && vis.unitsWith('case.read').size > 0 && vis.unitsWith('case.read').size < truth.unitIds.length) {
      const own = await hqIndicators(vis.grantUnits[0]!);
      const others = truth.unitIds.filter((id) => !vis.unitsWith('case.read').has(id));
      for (const param of [
        '',
        ...[others[0], others[Math.floor(others.length / 2)], others[others.length - 1]].map((id) => `unitId=${id}&`),
      ]) {
        const r = await get(`/api/cases/indicators?${param}from=2026-01-01&to=2027-01-01`);
        if (r.status === 200 && figures(r) !== own)
          leak('indicators of other units', user, `/api/cases/indicators?${param || '(no unitId)'} differ from its own unit's`);
      }
    }
    // Details.
    for (const id of truth.caseIds) {
      const r = await get(`/api/cases/${id}`);
      if (r.status === 200 && !vis.cases.has(id)) leak('case detail', user, `/api/cases/${id}`);
      if (r.status !== 200 && vis.cases.has(id)) res.hidden_from_owner += 1;
    }
    for (const id of truth.letterIds) {
      for (const suffix of ['', '/document']) {
        const r = await get(`/api/letters/${id}${suffix}`);
        if (r.status === 200 && !vis.letters.has(id)) leak('letter detail', user, `/api/letters/${id}${suffix}`);
      }
    }
    const step = Math.max(1, Math.floor(truth.fileIds.length / 60));
    for (let i = 0; i < truth.fileIds.length; i += step) {
      const id = truth.fileIds[i]!;
      const r = await get(`/api/files/${id}/thumb`);
      if (r.status === 200 && !vis.files.has(id)) leak('file', user, `/api/files/${id}/thumb`);
    }
    // The other detail routes, once each, for the 5xx count and the call total.
    for (const g of gets.filter((x) => x.path.includes('{') && !/^\/api\/(cases|letters|files)\//.test(x.path)))
      await get(g.path.replace(/\{[^}]+\}/g, (m) => (m === '{pointType}' ? 'back_street' : '1')));
    log(`matrix: ${user} done (${res.calls} calls so far, ${res.leaks} leaks)`);
  };
  // Three accounts at a time: the reads are independent, and the server has more than one connection.
  const queue = [...usernames];
  await Promise.all(
    Array.from({ length: 3 }, async () => {
      for (let u = queue.shift(); u; u = queue.shift()) await walk(u);
    }),
  );
  log(`matrix: ${res.calls} calls by ${usernames.length} roles: ${res.leaks} leaks, ${res.status_5xx} × 5xx`);
  return res;
}
