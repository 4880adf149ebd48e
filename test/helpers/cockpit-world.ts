import type { UnitRow } from '../../src/db/schema.js';
import type { RequestContext } from '../../src/core/context.js';
import type { Role } from '../../src/shared/enums.js';
import { contextFor, makeUser, type makeCity, type TestEnv } from './factories.js';
import { photos } from './images.js';

/** A report that needs no photo (video patrol), 垃圾暴露. */
const REPORT = { source: 'video' as const, categoryCode: 'E01-01', description: '垃圾暴露', lon: 114.65, lat: 33.62 };

/** Friday 6 March 2026, 10:00 China time: the cockpit's "now". */
export const COCKPIT_NOW = '2026-03-06T02:00:00.000Z';

/**
 * The history the cockpit tests read, arranged through the services at past clock times.
 * Now is Friday 6 March 2026 (week 2–8 March, month March; the week before 23 Feb–1 Mar,
 * the month before February). Cases dispatched on both sides of China midnight:
 *
 * | case | first dispatched (UTC)      | China day  | unit   | state now                      |
 * |------|-----------------------------|------------|--------|--------------------------------|
 * | a    | 2026-03-01T15:59:59Z        | Sun 1 Mar  | dept   | dispatched, deadline 3 Mar: overdue |
 * | b    | 2026-03-01T16:00:00Z        | Mon 2 Mar  | dept   | closed on time                 |
 * | c    | 2026-02-28T15:59:59Z        | Sat 28 Feb | street | rectified (handled) on time    |
 * | d    | 2026-02-28T16:00:00Z        | Sun 1 Mar  | street | dispatched, not yet due        |
 * | e    | 2026-03-04T02:00:00Z        | Wed 4 Mar  | street | dispatched, deadline 5 Mar: overdue |
 * | f    | 2026-02-10T02:00:00Z        | Tue 10 Feb | dept   | dispatched, deadline 12 Feb: overdue |
 *
 * Letters: to dept on Wed 25 Feb (unsigned), to dept on Tue 3 Mar (unsigned), to the
 * street on Wed 4 Mar (signed for), and a draft to dept (never issued, counted nowhere).
 */
export async function cockpitWorld(env: TestEnv, city: Awaited<ReturnType<typeof makeCity>>) {
  const s = env.services;
  const db = env.database;
  const person = async (unit: UnitRow, role: Role) => {
    const u = await makeUser(db, { unit, roles: [{ role, unit }] });
    return { ...u, ctx: await contextFor(db, u.id) };
  };
  const people = {
    hq: await person(city.city, 'hq_dispatcher'),
    leader: await person(city.city, 'leader'),
    insp: await person(city.city, 'inspector'),
    deptHandler: await person(city.dept, 'unit_handler'),
    streetHandler: await person(city.street, 'unit_handler'),
    citizen: await person(city.city, 'citizen'),
  };
  const act = async (who: { ctx: RequestContext }, id: number, body: Record<string, unknown>, photo = false) => {
    const c = await s.caseQuery.get(people.hq.ctx, id);
    await s.cases.act(who.ctx, id, { version: c.version, ...body } as never, photo ? await photos(1) : []);
  };
  const dispatched = async (at: string, unit: UnitRow, deadline?: string): Promise<number> => {
    env.clock.set(at);
    const { id } = await s.cases.report(people.insp.ctx, REPORT, []);
    await act(people.hq, id, { action: 'accept' });
    await act(people.hq, id, { action: 'dispatch', unitId: unit.id, ...(deadline ? { deadline, reason: '测试期限' } : {}) });
    return id;
  };
  const f = await dispatched('2026-02-10T02:00:00.000Z', city.dept, '2026-02-12');
  const c = await dispatched('2026-02-28T15:59:59.000Z', city.street);
  await act(people.streetHandler, c, { action: 'acknowledge' });
  await act(people.streetHandler, c, { action: 'rectify' }, true);
  const d = await dispatched('2026-02-28T16:00:00.000Z', city.street, '2026-03-20');
  const a = await dispatched('2026-03-01T15:59:59.000Z', city.dept, '2026-03-03');
  const b = await dispatched('2026-03-01T16:00:00.000Z', city.dept);
  await act(people.deptHandler, b, { action: 'acknowledge' });
  await act(people.deptHandler, b, { action: 'rectify' }, true);
  await act(people.insp, b, { action: 'verify_close' }, true);
  const e = await dispatched('2026-03-04T02:00:00.000Z', city.street, '2026-03-05');

  const letter = async (at: string, unit: UnitRow, caseIds: number[], issue = true) => {
    env.clock.set(at);
    const draft = await s.letters.draft(people.hq.ctx, { unitId: unit.id, type: '工作联系函', caseIds });
    if (issue) await s.letters.issue(people.hq.ctx, draft.id);
    return draft.id;
  };
  const letters = {
    feb: await letter('2026-02-25T02:00:00.000Z', city.dept, [f]),
    dept: await letter('2026-03-03T02:00:00.000Z', city.dept, [a]),
    street: await letter('2026-03-04T03:00:00.000Z', city.street, [e]),
    draft: await letter('2026-03-04T04:00:00.000Z', city.dept, [b], false),
  };
  env.clock.set('2026-03-04T05:00:00.000Z');
  await s.letters.sign(people.streetHandler.ctx, letters.street);
  env.clock.set(COCKPIT_NOW);
  return { people, cases: { a, b, c, d, e, f }, letters };
}
