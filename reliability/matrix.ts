import type { BenchTarget } from '../bench/target.js';
import { DEMO_ACCOUNTS } from '../src/demo/demo-city.js';
import { DEMO_PROJECT_ACCOUNTS } from '../src/demo/demo-projects-data.js';
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

/**
 * The project module's accounts walked too (issue 14 point 10), one or more of each project
 * role: the city's and a county's projects office, a work team, a project unit (the demo `owner`,
 * another one, is walked with DEMO_ACCOUNTS), the city's and a county's leader. Their case,
 * letter and file details are sampled and the documents and exports skipped, to keep the
 * short run's time: the rules there are the same as for the other roles.
 */
export const PROJECT_WALKERS = ['projects', 'xhoffice', 'team-znlbj', 'gengde', 'secretary', 'xh-lead1'] as const;
/** Projects each account opens (every GET /api/projects/{id}… route): some it may see, more it may not. */
const PROJECT_PROBES = { visible: 2, hidden: 4, hiddenWithoutProjectRole: 2 };
/** Documents and exports: no ids to check, slow to make; the project accounts skip them. */
const DOCUMENT = /(\.xlsx|\.docx|\.pdf|\/export|\/template|\/files\/\{[^}]+\})$/;
/** Lists paged through (their items are checked one by one). */
const PAGED = new Set(['/api/cases', '/api/notifications', '/api/projects', '/api/project-obstacles', '/api/project-meetings']);
/** Routes whose `projectId`s follow the visit rule (read scope or led). */
const VISIT_ROUTES = [/^\/api\/project-visits\//, /^\/api\/projects\/\{id\}\/visits/];

/** Every number under a `projectId` key anywhere in a JSON value. */
function projectIdsIn(v: unknown, out: number[] = []): number[] {
  if (Array.isArray(v)) for (const x of v) projectIdsIn(x, out);
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      if (k === 'projectId' && typeof x === 'number') out.push(x);
      else projectIdsIn(x, out);
    }
  return out;
}

/** `n` entries spread evenly over `xs` (all of them when fewer). */
function spread<T>(xs: readonly T[], n: number): T[] {
  if (xs.length <= n) return [...xs];
  return Array.from({ length: n }, (_, i) => xs[Math.floor((i * xs.length) / n)]!);
}

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
  const projectWalkers = DEMO_PROJECT_ACCOUNTS.filter((a) => (PROJECT_WALKERS as readonly string[]).includes(a.username));
  if (projectWalkers.length !== PROJECT_WALKERS.length)
    throw new Error(`matrix: demo project accounts missing: ${PROJECT_WALKERS.join(', ')}`);
  const usernames = [...DEMO_ACCOUNTS, ...projectWalkers].map((a) => a.username);
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
  // GET /api/projects/{id}… routes with no other id in the path (a year is filled in).
  const projectDetails = gets.filter((g) => g.path.startsWith('/api/projects/{id}') && !/\{(?!id\}|year\})/.test(g.path));
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
    // Project ids a reply names: under `projectId` keys anywhere, plus the project lists' own ids.
    const checkProjects = (route: string, path: string, r: Reply) => {
      if (!/^\/api\/project/.test(route)) return;
      const allowed = VISIT_ROUTES.some((re) => re.test(route)) ? vis.projectsLedOrRead : vis.projects;
      const named = projectIdsIn(r.json);
      if (route === '/api/project-rollups/points' || route === '/api/projects') named.push(...idsOf(r));
      if (route === '/api/projects/oc4ids') {
        const pkg = r.json as { projects?: { identifiers?: { id?: string }[] }[] } | undefined;
        for (const p of pkg?.projects ?? []) for (const x of p.identifiers ?? []) named.push(truth.projectByCode.get(x.id ?? '') ?? -1);
      }
      const outside = [...new Set(named)].filter((id) => !allowed.has(id));
      if (outside.length) leak('project outside scope', user, `${path} names projects ${outside.slice(0, 5).join(', ')}`);
    };
    const pages = async (base: string) => {
      const ids: number[] = [];
      for (let page = 1; page <= 50; page++) {
        const r = await get(`${base}${base.includes('?') ? '&' : '?'}page=${page}&pageSize=100`);
        const got = idsOf(r);
        ids.push(...got);
        if (r.status === 200) checkProjects(base, `${base}?page=${page}`, r);
        if (r.status !== 200 || got.length < 100) break;
      }
      return ids;
    };
    // Lists.
    const sampled = (PROJECT_WALKERS as readonly string[]).includes(user);
    for (const g of gets.filter((x) => !x.path.includes('{') && !(sampled && DOCUMENT.test(x.path)))) {
      const q = ['from', 'to'].every((k) => g.query.includes(k)) ? '?from=2026-01-01&to=2027-01-01' : '';
      if (PAGED.has(g.path)) {
        const ids = await pages(g.path);
        const [allowed, kind] = (
          {
            '/api/cases': [vis.cases, 'case in list'],
            '/api/notifications': [vis.notifications, 'notification of another person'],
            '/api/projects': [vis.projects, 'project in list'],
            '/api/project-meetings': [vis.meetings, 'meeting in list'],
          } as Record<string, [Set<number>, string]>
        )[g.path] ?? [null, ''];
        if (allowed) for (const id of ids) if (!allowed.has(id)) leak(kind, user, `${g.path} has ${id}`);
        if (g.path === '/api/projects') {
          const listed = new Set(ids);
          res.hidden_from_owner += [...vis.projects].filter((id) => !listed.has(id)).length;
        }
        continue;
      }
      const r = await get(`${g.path}${q}`);
      if (r.status !== 200) continue;
      checkProjects(g.path, `${g.path}${q}`, r);
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
    // Projects: the detail and every sub-resource of a few the account may see and more it may not.
    const seen = [...vis.projects];
    const unseen = truth.projectIds.filter((id) => !vis.projects.has(id));
    const hiddenProbes = seen.length ? PROJECT_PROBES.hidden : PROJECT_PROBES.hiddenWithoutProjectRole;
    for (const id of [...spread(seen, PROJECT_PROBES.visible), ...spread(unseen, hiddenProbes)])
      for (const g of projectDetails) {
        const path = g.path.replace('{id}', String(id)).replace('{year}', '2026');
        const r = await get(path);
        const allowed = VISIT_ROUTES.some((re) => re.test(g.path)) ? vis.projectsLedOrRead : vis.projects;
        if (r.status === 200 && !allowed.has(id)) leak('project detail', user, path);
        if (r.status === 200) checkProjects(g.path, path, r);
        if (g.path === '/api/projects/{id}' && r.status !== 200 && allowed.has(id)) res.hidden_from_owner += 1;
      }
    // Filters naming a project the account may not see (its county, team or leader) must not widen the lists.
    const other = unseen.length ? truth.projectPlace.get(unseen[Math.floor(unseen.length / 2)]!) : undefined;
    if (other)
      for (const g of gets.filter((x) => /^\/api\/project/.test(x.path) && !x.path.includes('{') && !DOCUMENT.test(x.path))) {
        const params = (
          [
            ['county', other.county],
            ['countyUnitId', other.county],
            ['workTeam', other.workTeam],
            ['workTeamUnitId', other.workTeam],
            ['leader', other.leader],
          ] as const
        ).filter(([k, v]) => v !== null && g.query.includes(k));
        if (!params.length) continue;
        const path = `${g.path}?${params.map(([k, v]) => `${k}=${v}`).join('&')}`;
        const r = await get(path);
        if (r.status === 200) checkProjects(g.path, path, r);
      }
    for (const id of truth.meetingIds) {
      const r = await get(`/api/project-meetings/${id}`);
      if (r.status === 200 && !vis.meetings.has(id)) leak('meeting detail', user, `/api/project-meetings/${id}`);
      if (r.status !== 200 && vis.meetings.has(id)) res.hidden_from_owner += 1;
    }
    // Details (sampled for the project accounts).
    const caseStep = sampled ? Math.max(1, Math.floor(truth.caseIds.length / 25)) : 1;
    for (let i = 0; i < truth.caseIds.length; i += caseStep) {
      const id = truth.caseIds[i]!;
      const r = await get(`/api/cases/${id}`);
      if (r.status === 200 && !vis.cases.has(id)) leak('case detail', user, `/api/cases/${id}`);
      if (r.status !== 200 && vis.cases.has(id)) res.hidden_from_owner += 1;
    }
    const letterStep = sampled ? Math.max(1, Math.floor(truth.letterIds.length / 6)) : 1;
    for (let i = 0; i < truth.letterIds.length; i += letterStep) {
      const id = truth.letterIds[i]!;
      for (const suffix of ['', '/document']) {
        const r = await get(`/api/letters/${id}${suffix}`);
        if (r.status === 200 && !vis.letters.has(id)) leak('letter detail', user, `/api/letters/${id}${suffix}`);
      }
    }
    const step = Math.max(1, Math.floor(truth.fileIds.length / (sampled ? 15 : 60)));
    for (let i = 0; i < truth.fileIds.length; i += step) {
      const id = truth.fileIds[i]!;
      const r = await get(`/api/files/${id}/thumb`);
      if (r.status === 200 && !vis.files.has(id)) leak('file', user, `/api/files/${id}/thumb`);
    }
    // The other detail routes, once each, for the 5xx count and the call total (the project
    // accounts: the project module's only).
    for (const g of gets.filter(
      (x) =>
        x.path.includes('{') &&
        !/^\/api\/(cases|letters|files)\//.test(x.path) &&
        !projectDetails.includes(x) &&
        x.path !== '/api/project-meetings/{id}' &&
        !(sampled && (DOCUMENT.test(x.path) || !x.path.startsWith('/api/project'))),
    )) {
      const path = g.path.replace(/\{[^}]+\}/g, (m) => (m === '{pointType}' ? 'back_street' : '1'));
      const r = await get(path);
      if (r.status === 200) checkProjects(g.path, path, r);
    }
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
