/**
 * Conformance with the GeoReport v2 spec's example responses (test/fixtures/open311/, see
 * PROVENANCE.md): Dudao's JSON and XML for services, a service definition, the POST reply,
 * the request list, one request and an error have the spec's element names, nesting and types.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextFor } from '../helpers/factories.js';
import { DIALECTS } from '../helpers/db.js';
import { caseWorld, createTestApp, type CaseWorld, type TestApp } from '../helpers/http.js';
import { fixture, jsonShapeDiff, lenientJson, parseXml, xmlPaths } from '../helpers/open311.js';

/** Dudao's XML element paths that the example lacks; an empty list (`attributes=`) matches the example's filled one. */
function xmlDiff(actual: string, example: string): string[] {
  const a = xmlPaths(parseXml(actual));
  const e = xmlPaths(parseXml(example));
  const out: string[] = [];
  for (const p of a) {
    const emptyList = p.endsWith('=') && [...e].some((x) => x.startsWith(p.slice(0, -1) + '/'));
    if (!e.has(p) && !emptyList) out.push(`${p}: not in the spec`);
  }
  for (const p of e) if (!a.has(p) && ![...a].some((x) => x.endsWith('=') && p.startsWith(x.slice(0, -1) + '/'))) out.push(`${p}: missing`);
  return out;
}

describe('the spec examples as copied', () => {
  it('three JSON examples are not strict JSON (leading zeros) and are read leniently; every XML example is well-formed', () => {
    expect(() => JSON.parse(fixture('json-service-list.json')) as unknown).toThrow();
    expect(lenientJson(fixture('json-service-list.json'))).toMatchObject([
      { service_code: '001' },
      { service_code: '002' },
      { service_code: '003' },
    ]);
    expect(lenientJson(fixture('json-errors.json'))).toEqual([{ code: 403, description: expect.any(String) }]);
    for (const f of ['errors', 'service-definition', 'service-list', 'service-request-post', 'service-request', 'service-requests'])
      expect(() => parseXml(fixture(`xml-${f}.xml`))).not.toThrow();
    expect(() => parseXml('<a><b></a>')).toThrow();
    // The comparers do see a difference.
    expect(jsonShapeDiff([{ a: 1, c: 'x' }], [{ a: 1, b: 2, c: true }])).toEqual([
      '$[0].b: missing',
      '$[0].c: string where the spec has boolean',
    ]);
    expect(xmlDiff('<r><a>1</a><x/></r>', '<r><a>1</a><b/></r>')).toEqual(['r/x=: not in the spec', 'r/b=: missing']);
    expect(() => parseXml('<a>x & y</a>')).toThrow();
  });
});

for (const dialect of DIALECTS) {
  describe(`Open311 conformance on ${dialect}`, () => {
    let t: TestApp;
    let w: CaseWorld;
    let secret: string;
    let number: string;
    let postJson: string;
    let postXml: string;

    const get = (url: string) => t.app.inject({ method: 'GET', url });
    const post = (fmt: string, fields: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: `/open311/v2/requests.${fmt}`,
        payload: new URLSearchParams(fields).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });

    beforeAll(async () => {
      t = await createTestApp(dialect);
      w = await caseWorld(t);
      await t.env.services.publicSettings.update(await contextFor(t.database, w.users.hq.id), { categoryCodes: ['E01-01', 'E02-01'] });
      secret = (await w.hq.post('/api/api-keys', { name: '城市APP', source: 'citizen', ratePerMinute: 100 })).json<{ secret: string }>()
        .secret;
      const fields = {
        api_key: secret,
        service_code: 'E01-01',
        lat: '33.62',
        long: '114.65',
        address_string: '八一路',
        description: '垃圾',
      };
      const j = await post('json', fields);
      expect(j.statusCode, j.body).toBe(200);
      postJson = j.body;
      number = j.json<{ service_request_id: string }[]>()[0]!.service_request_id;
      const x = await post('xml', fields);
      expect(x.statusCode, x.body).toBe(200);
      postXml = x.body;
      // Dispatch the first one, so it has an agency, a deadline and a notice.
      const caseId = (await t.database.db.selectFrom('cases').select('id').where('number', '=', number).executeTakeFirstOrThrow()).id;
      for (const body of [{ action: 'accept' }, { action: 'dispatch', unitId: w.units.cgj.id }]) {
        const version = (await w.hq.get(`/api/cases/${caseId}`)).json<{ version: number }>().version;
        const res = await w.hq.post(`/api/cases/${caseId}/actions`, { ...body, version });
        expect(res.statusCode, res.body).toBe(200);
      }
    });
    afterAll(async () => t.close());

    it('GET services: JSON and XML as the spec’s service list', async () => {
      const j = await get('/open311/v2/services.json');
      expect(j.statusCode).toBe(200);
      expect(jsonShapeDiff(j.json(), lenientJson(fixture('json-service-list.json')))).toEqual([]);
      expect(j.json()).toMatchObject([
        { service_code: 'E01-01', service_name: '垃圾暴露', metadata: false, type: 'realtime', group: '市容环境' },
        { service_code: 'E02-01' },
      ]);
      expect(xmlDiff((await get('/open311/v2/services.xml')).body, fixture('xml-service-list.xml'))).toEqual([]);
    });

    it('GET services/{code}: JSON and XML as the spec’s service definition (no attributes)', async () => {
      const j = await get('/open311/v2/services/E01-01.json');
      expect(j.json()).toEqual({ service_code: 'E01-01', attributes: [] });
      expect(jsonShapeDiff(j.json(), lenientJson(fixture('json-service-definition.json')))).toEqual([]);
      expect(xmlDiff((await get('/open311/v2/services/E01-01.xml')).body, fixture('xml-service-definition.xml'))).toEqual([]);
    });

    it('POST requests: JSON and XML as the spec’s reply (the id at once, no token)', () => {
      expect(jsonShapeDiff(JSON.parse(postJson), lenientJson(fixture('json-service-request-post.json')))).toEqual([]);
      expect(xmlDiff(postXml, fixture('xml-service-request-post.xml'))).toEqual([]);
    });

    it('GET requests and requests/{id}: JSON and XML as the spec’s examples', async () => {
      const list = await get('/open311/v2/requests.json');
      expect(list.json<unknown[]>().length).toBe(2);
      expect(jsonShapeDiff(list.json(), lenientJson(fixture('json-service-requests.json')))).toEqual([]);
      expect(xmlDiff((await get('/open311/v2/requests.xml')).body, fixture('xml-service-requests.xml'))).toEqual([]);
      const one = await get(`/open311/v2/requests/${number}.json`);
      expect(jsonShapeDiff(one.json(), lenientJson(fixture('json-service-request.json')))).toEqual([]);
      expect(one.json()).toMatchObject([
        {
          status: 'open',
          status_notes: '责任单位处置中',
          agency_responsible: '城管局（案卷测试）',
          expected_datetime: expect.stringMatching(/\+08:00$/),
        },
      ]);
      expect(xmlDiff((await get(`/open311/v2/requests/${number}.xml`)).body, fixture('xml-service-request.xml'))).toEqual([]);
      // Filters: status, service_code, the id list, a date window.
      expect((await get('/open311/v2/requests.json?status=closed')).json()).toEqual([]);
      expect((await get('/open311/v2/requests.json?status=open,closed')).json<unknown[]>().length).toBe(2);
      expect((await get('/open311/v2/requests.json?service_code=E02-01')).json()).toEqual([]);
      expect((await get(`/open311/v2/requests.json?service_request_id=${number},1999-000001`)).json<unknown[]>().length).toBe(1);
      expect((await get('/open311/v2/requests.json?end_date=2025-01-01')).json()).toEqual([]);
      expect((await get('/open311/v2/requests.json?start_date=2026-03-01T00:00:00%2B08:00')).json<unknown[]>().length).toBe(2);
    });

    it('errors: JSON and XML as the spec’s error example, with the HTTP status as the code', async () => {
      const j = await post('json', { service_code: 'E01-01', lat: '33.62', long: '114.65', description: 'x' });
      expect(j.statusCode).toBe(403);
      expect(jsonShapeDiff(j.json(), lenientJson(fixture('json-errors.json')))).toEqual([]);
      const x = await post('xml', { service_code: 'E01-01', lat: '33.62', long: '114.65', description: 'x' });
      expect(x.statusCode).toBe(403);
      expect(xmlDiff(x.body, fixture('xml-errors.xml'))).toEqual([]);
    });

    it('discovery document lists the endpoint and both formats', async () => {
      const j = await get('/open311/v2/discovery.json');
      expect(j.json()).toMatchObject({
        endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', formats: ['text/xml', 'application/json'] }],
      });
      const x = parseXml((await get('/open311/v2/discovery.xml')).body);
      expect(x.name).toBe('discovery');
      expect([...xmlPaths(x)]).toContain('discovery/endpoints/endpoint/formats/format=');
    });
  });
}
