import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UnitRow } from '../../src/db/schema.js';
import { chinaDay } from '../../src/domain/calendar/work-calendar.js';
import type { Role } from '../../src/shared/enums.js';
import type { HeadlineView, RankingView } from '../../src/shared/contracts/dashboard.contract.js';
import { DIALECTS } from '../helpers/db.js';
import { makeUser } from '../helpers/factories.js';
import { createTestApp, loginClient, type Client, type TestApp } from '../helpers/http.js';

/**
 * What each role SEES, not only whether it gets a 2xx: every figure a role can read is
 * limited to the units it covers (its grants' subtrees), like the dashboards. Each unit
 * gets a distinct number of dispatched cases, so a sum tells which units it covers.
 */
for (const dialect of DIALECTS) {
  describe(`figures each role sees on ${dialect}`, () => {
    let t: TestApp;
    let today: string;
    /** Dispatched cases per unit today: a power of two each, so a sum names its units. */
    const dispatched = new Map<number, number>();
    const viewers: { name: string; client: Client; covers: UnitRow[] }[] = [];

    let paths = new Map<number, string>();
    const unitPath = (id: number) => paths.get(id)!;
    /** The units (with figures) in the subtrees a viewer covers. */
    const coveredIds = (covers: UnitRow[]) => [...dispatched.keys()].filter((id) => covers.some((c) => unitPath(id).startsWith(c.path)));

    beforeAll(async () => {
      t = await createTestApp(dialect);
      const { city, district, street, otherDistrict, dept } = t.city;
      paths = new Map([city, district, street, otherDistrict, dept].map((u) => [u.id, u.path]));
      today = chinaDay(t.env.clock.now());
      [street, district, otherDistrict, dept, city].forEach((u, i) => dispatched.set(u.id, 2 ** i));
      for (const [unitId, n] of dispatched) {
        await t.database.db
          .insertInto('case_aggregates')
          .values({
            unit_id: unitId,
            day: today,
            dispatched: n,
            handled: 0,
            handled_on_time: 0,
            closed: 0,
            closed_on_time: 0,
            reopened: 0,
            extended: 0,
            suspended: 0,
            rerouted: 0,
          })
          .execute();
      }
      const at = new Date().toISOString();
      for (const u of [street, otherDistrict, dept]) {
        await t.database.db
          .insertInto('checkpoints')
          .values({
            code: `CP-${u.id}`,
            name: `点 ${u.id}`,
            type: 'park',
            responsible_unit_id: u.id,
            must_check: 0,
            is_new: 0,
            active: 1,
            created_at: at,
            updated_at: at,
          })
          .execute();
      }
      const viewer = async (name: string, role: Role, unit: UnitRow) =>
        viewers.push({ name, client: await loginClient(t, await makeUser(t.database, { unit, roles: [{ role, unit }] })), covers: [unit] });
      await viewer('hq_dispatcher@city', 'hq_dispatcher', city);
      await viewer('inspector@city', 'inspector', city);
      await viewer('leader@district', 'leader', district);
      await viewer('unit_head@otherDistrict', 'unit_head', otherDistrict);
      await viewer('unit_handler@street', 'unit_handler', street);
      viewers.push({ name: 'handler (demo: unit_handler@dept)', client: await loginClient(t, t.city.handler), covers: [dept] });
    });
    afterAll(async () => t.close());

    const sumOf = (ids: number[]) => ids.reduce((s, id) => s + dispatched.get(id)!, 0);

    it('indicators without unitId: the sum of exactly the units each role covers', async () => {
      for (const v of viewers) {
        const res = await v.client.get(`/api/cases/indicators?from=${today}&to=${today}`);
        expect(res.statusCode, `${v.name}: ${res.body}`).toBe(200);
        expect(res.json<{ sums: { dispatched: number } }>().sums.dispatched, v.name).toBe(sumOf(coveredIds(v.covers)));
      }
    });

    it('indicators of a unit: its own subtree → 200 with its figures; any other unit → 403', async () => {
      for (const v of viewers) {
        for (const id of dispatched.keys()) {
          const res = await v.client.get(`/api/cases/indicators?unitId=${id}&from=${today}&to=${today}`);
          const covered = v.covers.some((c) => unitPath(id).startsWith(c.path));
          expect(res.statusCode, `${v.name} unit ${id}: ${res.body}`).toBe(covered ? 200 : 403);
          if (covered)
            expect(res.json<{ sums: { dispatched: number } }>().sums.dispatched).toBe(
              sumOf([...dispatched.keys()].filter((u) => unitPath(u).startsWith(unitPath(id)))),
            );
        }
      }
    });

    it('dashboards: every unit ranked, and the headline sums, lie within the coverage', async () => {
      for (const v of viewers) {
        for (const period of ['week', 'month']) {
          const r = await v.client.get(`/api/dashboard/ranking?period=${period}`);
          expect(r.statusCode, v.name).toBe(200);
          const ids = r.json<RankingView>().items.map((i) => i.unitId);
          expect(
            ids.every((id) => coveredIds(v.covers).includes(id)),
            `${v.name}: ${ids.join(',')}`,
          ).toBe(true);
        }
        const h = await v.client.get('/api/dashboard/headline');
        expect(h.json<HeadlineView>().week.sums.dispatched, v.name).toBe(sumOf(coveredIds(v.covers)));
      }
    });

    it('check points (with their weakness) of covered units only; another unit → 403', async () => {
      for (const v of viewers) {
        const res = await v.client.get('/api/checkpoints');
        expect(res.statusCode, `${v.name}: ${res.body}`).toBe(200);
        const owners = res
          .json<{ items: { responsibleUnitId: number }[] }>()
          .items.map((p) => p.responsibleUnitId)
          .sort();
        const expected = [t.city.street.id, t.city.otherDistrict.id, t.city.dept.id]
          .filter((id) => coveredIds(v.covers).includes(id))
          .sort();
        expect(owners, v.name).toEqual(expected);
        for (const id of dispatched.keys()) {
          const covered = v.covers.some((c) => unitPath(id).startsWith(c.path));
          expect((await v.client.get(`/api/checkpoints?unitId=${id}`)).statusCode, `${v.name} points of ${id}`).toBe(covered ? 200 : 403);
        }
      }
    });

    it('case lists and letters filtered by another unit → 403, by an own unit → 200', async () => {
      for (const v of viewers) {
        for (const id of dispatched.keys()) {
          const covered = v.covers.some((c) => unitPath(id).startsWith(c.path));
          const cases = await v.client.get(`/api/cases?unitId=${id}`);
          expect(cases.statusCode, `${v.name} cases of ${id}`).toBe(covered ? 200 : 403);
          const exp = await v.client.get(`/api/cases/export?unitId=${id}`);
          expect(exp.statusCode, `${v.name} export of ${id}`).toBe(covered ? 200 : 403);
          const letters = await v.client.get(`/api/letters?unitId=${id}`);
          // Roles without letter.read get 403 anyway.
          if (letters.statusCode !== 403) expect(covered, `${v.name} letters of ${id}`).toBe(true);
        }
      }
    });
  });
}
