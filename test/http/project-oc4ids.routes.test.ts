import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from '../../src/shared/contracts/projects.contract.js';
import type { Role } from '../../src/shared/enums.js';
import type { UnitRow } from '../../src/db/schema.js';
import { DIALECTS } from '../helpers/db.js';
import { contextFor, makeUnit, makeUser } from '../helpers/factories.js';
import { pdf, upload } from '../helpers/images.js';
import { createTestApp, loginClient, type Client, type TestApp } from '../helpers/http.js';
import { packageErrors, projectErrors } from '../documents/oc4ids/oc4ids-validator.js';

for (const dialect of DIALECTS) {
  describe(`OC4IDS routes on ${dialect}`, () => {
    let t: TestApp;
    let officeA: Client;
    let officeB: Client;
    let project: Project;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      t.env.clock.set(new Date('2026-03-20T02:00:00.000Z'));
      const team = await makeUnit(t.database, { code: 'WT-O', name: '智能零部件产业链专班', kind: 'work_team', parent: t.city.city });
      const person = async (unit: UnitRow, role: Role) => makeUser(t.database, { unit, roles: [{ role, unit }] });
      const a = await person(t.city.district, 'projects_office');
      officeA = await loginClient(t, a);
      officeB = await loginClient(t, await person(t.city.otherDistrict, 'projects_office'));
      const owner = await person(t.city.city, 'project_owner');
      project = await t.env.services.projects.create(await contextFor(t.database, a.id), {
        code: 'XM-OC-1',
        name: '河南凯旺电子安防设备生产基地',
        countyUnitId: t.city.district.id,
        industryChain: '智能零部件',
        level: 'municipal',
        category: 'advanced_manufacturing',
        investor: '河南凯旺电子科技有限公司',
        totalInvestment: 52000.5,
        expectedAnnualOutput: 25000,
        jobs: 1200,
        lon: 114.7,
        lat: 33.6,
        workTeamUnitId: team.id,
        members: [{ userId: owner.id, title: '联系人' }],
        milestones: [
          { stage: 'signed', name: '签约', plannedDate: '2026-04-01' },
          { stage: 'started', name: '开工', plannedDate: '2026-06-01' },
          { name: '主体厂房封顶', plannedDate: '2026-10-01' },
        ],
      });
      // 签约 recorded with the agreement as evidence and confirmed: an actual date and a document.
      const recorded = await t.env.services.projectStages.record(
        await contextFor(t.database, owner.id),
        project.id,
        { stage: 'signed', actualDate: '2026-03-18' },
        [upload(pdf('合同'), 'evidence', 'contract.pdf')],
      );
      project = await t.env.services.projectStages.confirm(await contextFor(t.database, a.id), project.id, recorded.stages[0]!.id);
    });
    afterAll(async () => t.close());

    it('one project is a valid OC4IDS project with the configured prefix, the division code and absolute links', async () => {
      const res = await officeA.get(`/api/projects/${project.id}/oc4ids`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<{ id: string; locations: { gazetteer?: { identifiers: string[] } }[]; budget: unknown }>();
      expect(projectErrors(body)).toEqual([]);
      expect(body.id).toBe('oc4ids-zk2022-XM-OC-1');
      expect(body.locations[0]?.gazetteer?.identifiers).toEqual(['411602']);
      const doc = (body as unknown as { documents: { url: string; documentType: string }[] }).documents[0]!;
      expect(doc.documentType).toBe('contractSigned');
      expect(doc.url).toMatch(new RegExp(`^https?://[^/]+/api/projects/${project.id}/stages/\\d+/files/\\d+$`));
      expect(body.budget).toMatchObject({ amount: { amount: 520_005_000, currency: 'CNY' } });
    });

    const exports = async () =>
      (await t.database.db.selectFrom('audit_log').select('summary').where('action', '=', 'data.export').orderBy('seq').execute()).map(
        (r) => JSON.parse(r.summary) as Record<string, unknown>,
      );

    it('the package of the visible projects is valid; the list filters apply; an empty selection is a 404', async () => {
      const before = (await exports()).length;
      const res = await officeA.get('/api/projects/oc4ids');
      expect(res.statusCode, res.body).toBe(200);
      const pkg = res.json<{ projects: { id: string }[]; uri: string; publisher: { name: string } }>();
      expect(packageErrors(pkg)).toEqual([]);
      expect(pkg.projects.map((p) => p.id)).toEqual(['oc4ids-zk2022-XM-OC-1']);
      expect(pkg.uri).toMatch(/^https?:\/\/.+\/api\/projects\/oc4ids$/);
      expect(pkg.publisher.name).toBe('周口市');
      const none = await officeA.get('/api/projects/oc4ids?category=livelihood');
      expect(none.statusCode).toBe(404);
      expect(none.json<{ message: string }>().message).toMatch(/no project/);
      // Another county's office sees none of them.
      expect((await officeB.get('/api/projects/oc4ids')).statusCode).toBe(404);
      // The package is a bulk export of the register: audited like its .xlsx; a refused one is not.
      expect((await exports()).slice(before)).toEqual([{ what: 'projects.oc4ids', file: 'oc4ids.json', rows: 1 }]);
    });

    it("another county's office gets 404 for a project it cannot see; bad ids are 4xx", async () => {
      expect((await officeB.get(`/api/projects/${project.id}/oc4ids`)).statusCode).toBe(404);
      expect((await officeA.get('/api/projects/999999/oc4ids')).statusCode).toBe(404);
      expect((await officeA.get('/api/projects/abc/oc4ids')).statusCode).toBe(400);
    });
  });
}

describe('OC4IDS without a configured prefix (production)', () => {
  it('refuses with 409 naming the setting, not a 500', async () => {
    const t = await createTestApp('sqlite', { env: { mode: 'production' } });
    try {
      const a = await makeUser(t.database, { unit: t.city.district, roles: [{ role: 'projects_office', unit: t.city.district }] });
      const c = await loginClient(t, a);
      const res = await c.get('/api/projects/oc4ids');
      expect(res.statusCode).toBe(409);
      expect(res.body).toMatch(/DUDAO_OC4IDS_PREFIX/);
    } finally {
      await t.close();
    }
  });
});
