/**
 * Open311 GeoReport v2 over HTTP (issue 15 points 6 and 7): API keys issued, used and revoked;
 * POST → GET round trips in JSON and XML; the spec's error format and codes (400/403/404/429);
 * paused intake; what an answer never contains.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextFor } from '../helpers/factories.js';
import { DIALECTS } from '../helpers/db.js';
import { caseWorld, multipartForm, type CaseWorld, createTestApp, loginClient, type TestApp } from '../helpers/http.js';
import { jpeg } from '../helpers/images.js';
import { parseXml, type XmlNode } from '../helpers/open311.js';

const POINT = { lat: '33.6234567', long: '114.6512345' };

function form(fields: Record<string, string>) {
  return {
    payload: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
  };
}

function child(node: XmlNode, name: string): XmlNode {
  const c = node.children.find((n) => n.name === name);
  if (!c) throw new Error(`<${node.name}> has no <${name}>`);
  return c;
}

interface Req {
  service_request_id: string;
  status: string;
  status_notes: string;
  service_code: string;
  description: string;
  agency_responsible: string | null;
  lat: number | null;
  long: number | null;
  address: string | null;
  requested_datetime: string;
}

for (const dialect of DIALECTS) {
  describe(`Open311 on ${dialect}`, () => {
    let t: TestApp;
    let w: CaseWorld;
    let secret: string;
    let keyId: number;

    const post = (fmt: string, fields: Record<string, string>) => {
      const f = form(fields);
      return t.app.inject({ method: 'POST', url: `/open311/v2/requests.${fmt}`, ...f });
    };
    const get = (url: string) => t.app.inject({ method: 'GET', url });

    beforeAll(async () => {
      t = await createTestApp(dialect);
      w = await caseWorld(t);
      const hq = await contextFor(t.database, w.users.hq.id);
      await t.env.services.publicSettings.update(hq, { categoryCodes: ['E01-01', 'E02-01'] });
      const res = await w.hq.post('/api/api-keys', { name: '12345热线平台', source: 'hotline', ratePerMinute: 100 });
      expect(res.statusCode, res.body).toBe(201);
      const issued = res.json<{ key: { id: number; prefix: string; source: string }; secret: string }>();
      secret = issued.secret;
      keyId = issued.key.id;
      expect(secret).toMatch(/^dd311_[A-Za-z0-9_-]{32}$/);
      expect(issued.key).toMatchObject({ prefix: secret.slice(0, 12), source: 'hotline' });
    });
    afterAll(async () => t.close());

    it('API keys: HQ and the city sysadmin issue and list them, the secret only once and only as a hash; others get 403', async () => {
      const list = await w.hq.get('/api/api-keys');
      expect(list.statusCode, list.body).toBe(200);
      expect(list.body).not.toContain(secret);
      expect(list.json<{ items: { name: string; createdBy: string | null }[] }>().items[0]).toMatchObject({ name: '12345热线平台' });
      const row = await t.database.db.selectFrom('api_keys').selectAll().where('id', '=', keyId).executeTakeFirstOrThrow();
      expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(row)).not.toContain(secret);

      const sys = await loginClient(t, t.city.sysadmin);
      const bySys = await sys.post('/api/api-keys', { name: '市政务APP', source: 'citizen', ratePerMinute: 10 });
      expect(bySys.statusCode, bySys.body).toBe(201);
      for (const c of [w.handler, w.insp, w.citizen, await loginClient(t, t.city.districtAdmin)]) {
        expect((await c.post('/api/api-keys', { name: 'x', source: 'citizen', ratePerMinute: 1 })).statusCode).toBe(403);
        expect((await c.get('/api/api-keys')).statusCode).toBe(403);
      }
      const dup = await w.hq.post('/api/api-keys', { name: '12345热线平台', source: 'hotline', ratePerMinute: 1 });
      expect(dup.statusCode).toBe(409);
      const long = await w.hq.post('/api/api-keys', { name: 'n'.repeat(61), source: 'hotline', ratePerMinute: 1 });
      expect(long.statusCode).toBe(422);
      const badSource = await w.hq.post('/api/api-keys', { name: 'y', source: 'inspection', ratePerMinute: 1 });
      expect(badSource.statusCode).toBe(400);
      const audit = await t.database.db
        .selectFrom('audit_log')
        .select(['action', 'actor_name'])
        .where('action', '=', 'api_key.issue')
        .execute();
      expect(audit.length).toBe(2);
    });

    it('POST requests (form-encoded) → GET requests/{id} in JSON and XML; the case has the key, its source, its reporter; the audit names the key', async () => {
      const res = await post('json', {
        api_key: secret,
        service_code: 'E01-01',
        ...POINT,
        address_string: '八一大道与七一路交叉口',
        description: '路口垃圾堆积',
        email: 'li@example.com',
        phone: '13800138000',
        first_name: '四',
        last_name: '李',
        media_url: 'http://169.254.169.254/latest/meta-data',
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json; charset=utf-8/);
      const [created] = res.json<{ service_request_id: string; service_notice: string; account_id: null }[]>();
      expect(created!.service_request_id).toMatch(/^\d{4}-\d{6}$/);
      const number = created!.service_request_id;

      const row = await t.database.db.selectFrom('cases').selectAll().where('number', '=', number).executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        source: 'hotline',
        api_key_id: keyId,
        reporter_name: '李 四',
        reporter_contact: '13800138000 / li@example.com',
      });
      // media_url is kept as text, never fetched.
      expect(row.description).toContain('http://169.254.169.254/latest/meta-data');
      const audit = await t.database.db
        .selectFrom('audit_log')
        .select(['actor_name'])
        .where('action', '=', 'case.report')
        .where('target_id', '=', String(row.id))
        .executeTakeFirstOrThrow();
      expect(audit.actor_name).toBe('key:12345热线平台');

      const one = await get(`/open311/v2/requests/${number}.json`);
      expect(one.statusCode, one.body).toBe(200);
      const [r] = one.json<Req[]>();
      expect(r).toMatchObject({ service_request_id: number, status: 'open', status_notes: '已收到，等待受理', service_code: 'E01-01' });
      expect(r!.requested_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
      // Coarse, not the exact point.
      expect(r!.lat).not.toBe(Number(POINT.lat));
      expect(Math.abs(r!.lat! - Number(POINT.lat))).toBeLessThan(0.01);
      for (const secretBit of ['13800138000', 'li@example.com', '李 四', '四']) expect(one.body).not.toContain(secretBit);

      const xml = await get(`/open311/v2/requests/${number}.xml`);
      expect(xml.statusCode).toBe(200);
      expect(xml.headers['content-type']).toMatch(/^text\/xml; charset=utf-8/);
      const doc = parseXml(xml.body);
      expect(doc.name).toBe('service_requests');
      const req = child(doc, 'request');
      expect(child(req, 'service_request_id').text).toBe(number);
      expect(child(req, 'status').text).toBe('open');
      expect(child(req, 'lat').text).toBe(String(r!.lat));

      const list = await get('/open311/v2/requests.json');
      expect(list.json<Req[]>().map((x) => x.service_request_id)).toContain(number);
    });

    it('POST requests.xml as multipart with a media photo, and with an address only', async () => {
      const f = multipartForm([
        { name: 'api_key', value: secret },
        { name: 'service_code', value: 'E02-01' },
        { name: 'address_string', value: '文昌大道 18 号' },
        { name: 'description', value: '占道经营' },
        { name: 'media', filename: 'a.jpg', type: 'image/jpeg', value: await jpeg() },
      ]);
      const res = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.xml', payload: f.payload, headers: f.headers });
      expect(res.statusCode, res.body).toBe(200);
      const number = child(child(parseXml(res.body), 'request'), 'service_request_id').text;
      const row = await t.database.db
        .selectFrom('cases')
        .select(['id', 'lon', 'address'])
        .where('number', '=', number)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ lon: null, address: '文昌大道 18 号' });
      const files = await t.database.db.selectFrom('files').select('id').where('case_id', '=', row.id).execute();
      expect(files.length).toBe(1);
      const back = parseXml((await get(`/open311/v2/requests.xml?service_request_id=${number}`)).body);
      expect(child(child(back, 'request'), 'lat').text).toBe('');
      expect(child(child(back, 'request'), 'address').text).toBe('文昌大道 18 号');
    });

    it('errors in the spec format: 403 without or with a bad key, 404 unknown service/jurisdiction/request, 400 bad input', async () => {
      const cases = [
        [await post('json', { service_code: 'E01-01', ...POINT, description: 'x' }), 403],
        [await post('xml', { api_key: 'dd311_wrong', service_code: 'E01-01', ...POINT, description: 'x' }), 403],
        [await post('json', { api_key: secret, service_code: 'C01', ...POINT, description: 'x' }), 404],
        [
          await post('json', { api_key: secret, service_code: 'E01-01', ...POINT, description: 'x', jurisdiction_id: 'elsewhere.gov' }),
          404,
        ],
        [await post('json', { api_key: secret, ...POINT, description: 'x' }), 400],
        [await post('json', { api_key: secret, service_code: 'E01-01', description: 'x' }), 400],
        [await post('json', { api_key: secret, service_code: 'E01-01', address_id: '7', description: 'x' }), 400],
        [await post('json', { api_key: secret, service_code: 'E01-01', ...POINT }), 400],
        [await post('json', { api_key: secret, service_code: 'E01-01', lat: '0', long: '0', description: 'x' }), 400],
        [await post('json', { api_key: secret, service_code: 'E01-01', ...POINT, description: 'x', media_url: 'file:///etc/passwd' }), 400],
        [await get('/open311/v2/services/C01.json'), 404],
        [await get('/open311/v2/requests/1999-000001.xml'), 404],
        [await get('/open311/v2/services.json?jurisdiction_id=elsewhere.gov'), 404],
        [await get('/open311/v2/requests.json?start_date=yesterday'), 400],
        [await get('/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z'), 400],
        [await get('/open311/v2/requests.json?status=pending'), 400],
        [await get('/open311/v2/services.csv'), 404],
        [await get('/open311/v2/nothing.json'), 404],
      ] as const;
      for (const [res, status] of cases) {
        expect(res.statusCode, `${res.raw.req.url}: ${res.body}`).toBe(status);
        if (res.headers['content-type']?.toString().startsWith('application/json')) {
          const body = res.json<{ code: number; description: string }[]>();
          expect(body).toEqual([{ code: status, description: expect.any(String) }]);
        } else {
          const doc = parseXml(res.body);
          expect(doc.name).toBe('errors');
          expect(child(child(doc, 'error'), 'code').text).toBe(String(status));
        }
      }
      // Nothing was created by the refused writes.
      const n = await t.database.db
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('api_key_id', 'is not', null)
        .executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(2);
      // The right jurisdiction is accepted.
      expect((await get('/open311/v2/services.json?jurisdiction_id=411600')).statusCode).toBe(200);
    });

    it('rate limit: over the key’s rate per minute → 429 with Retry-After, the next minute works again', async () => {
      const res = await w.hq.post('/api/api-keys', { name: '限流测试', source: 'citizen', ratePerMinute: 2 });
      const limited = res.json<{ secret: string }>().secret;
      const fields = { api_key: limited, service_code: 'E01-01', ...POINT, description: '限流' };
      expect((await post('json', fields)).statusCode).toBe(200);
      expect((await post('json', fields)).statusCode).toBe(200);
      const third = await post('json', fields);
      expect(third.statusCode).toBe(429);
      expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
      expect(third.json()).toEqual([{ code: 429, description: expect.stringContaining('limit') }]);
      t.env.clock.advance(60_000);
      expect((await post('json', fields)).statusCode).toBe(200);
      const row = await t.database.db.selectFrom('cases').select('source').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
      expect(row.source).toBe('citizen');
    });

    it('paused intake refuses with the pause message (400, spec format)', async () => {
      const hq = await contextFor(t.database, w.users.hq.id);
      await t.env.services.publicSettings.update(hq, { intakeOpen: false, pausedMessage: '系统维护中' });
      const res = await post('xml', { api_key: secret, service_code: 'E01-01', ...POINT, description: 'x' });
      expect(res.statusCode).toBe(400);
      expect(child(child(parseXml(res.body), 'error'), 'description').text).toContain('系统维护中');
      await t.env.services.publicSettings.update(hq, { intakeOpen: true });
    });

    it('revoked key → 403; revoke is audited', async () => {
      const res = await w.hq.post(`/api/api-keys/${keyId}/revoke`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<{ revokedAt: string | null }>().revokedAt).not.toBeNull();
      expect((await w.handler.post(`/api/api-keys/${keyId}/revoke`)).statusCode).toBe(403);
      expect((await w.hq.post(`/api/api-keys/99999/revoke`)).statusCode).toBe(404);
      const refused = await post('json', { api_key: secret, service_code: 'E01-01', ...POINT, description: 'x' });
      expect(refused.statusCode).toBe(403);
      const audit = await t.database.db.selectFrom('audit_log').select('summary').where('action', '=', 'api_key.revoke').execute();
      expect(audit.length).toBe(1);
      expect(audit[0]!.summary).toContain('12345热线平台');
    });
  });
}
