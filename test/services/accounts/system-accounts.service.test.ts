/**
 * The public intake's and the API keys' system accounts are what citizens' and integrators'
 * reports are recorded under. The attack: an administrator (or someone holding one's session)
 * gives such an account a password, a role or an activation and then works under the name the
 * public's reports carry. Every way in is refused, and the account cannot log in.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicRepository } from '../../../src/db/repositories/public.repository.js';
import { userRepository } from '../../../src/db/repositories/user.repository.js';
import { USER_SHEET } from '../../../src/documents/xlsx/directory.sheets.js';
import { readSheet } from '../../../src/documents/xlsx/workbook.js';
import { SYSTEM_ACCOUNT_MARK } from '../../../src/domain/auth/system-accounts.js';
import type { ImportRowError } from '../../../src/shared/contracts/imports.contract.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { failure } from '../../helpers/errors.js';
import { contextFor, makeCity, makeEnv, type TestEnv } from '../../helpers/factories.js';
import { expectChinese } from '../../helpers/import-said.js';

for (const dialect of DIALECTS) {
  describe(`system accounts on ${dialect}`, () => {
    let database: TestDatabase;
    let env: TestEnv;
    let city: Awaited<ReturnType<typeof makeCity>>;
    let systemId: number;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      env = makeEnv(database);
      city = await makeCity(database);
      systemId = await publicRepository.systemUser(
        database.db,
        'public-intake',
        '市民（网页上报）',
        city.city.id,
        new Date().toISOString(),
      );
    });
    afterAll(async () => database.drop());

    const row = async () => (await userRepository.byId(database.db, systemId))!;

    async function expectRefused(p: Promise<unknown>): Promise<void> {
      const e = await failure(p);
      expect(e.status).toBe(409);
      expect(e.code).toBe('system_account');
      expectChinese((e.details as { text: { zh: string } }).text.zh);
    }

    it('is listed as a system account, inactive, with no roles', async () => {
      const sys = await contextFor(database, city.sysadmin.id);
      const list = await env.services.users.list(sys, { q: 'public-intake', page: 1, pageSize: 20 });
      expect(list.items).toEqual([expect.objectContaining({ username: 'public-intake', system: true, active: false, roles: [] })]);
      const others = await env.services.users.list(sys, { q: 'sys', page: 1, pageSize: 20 });
      expect(others.items.every((u) => !u.system)).toBe(true);
    });

    it('refuses activation, edits, roles, a password and a lock, from the UI, approvals and the CLI; the row is untouched', async () => {
      const before = await row();
      const sys = await contextFor(database, city.sysadmin.id);
      const sec = await contextFor(database, city.secadmin.id);
      await expectRefused(env.services.users.update(sys, systemId, { active: true }));
      await expectRefused(env.services.users.update(sys, systemId, { displayName: '冒名' }));
      await expectRefused(env.services.users.setRoles(sec, systemId, [{ role: 'hq_dispatcher', unitId: city.city.id }]));
      await expectRefused(env.services.users.resetPassword(sec, systemId, 'Brand-New-Pass-2026'));
      await expectRefused(env.services.users.setLocked(sec, systemId, true));
      // The CLI runs as the system (no actor) and goes through the same writes.
      await expectRefused(
        env.services.users.writePassword({ actor: null, requestId: 'cli', clientIp: '127.0.0.1' }, before, 'Brand-New-Pass-2026'),
      );
      await expectRefused(env.services.users.writeLock({ actor: null, requestId: 'cli', clientIp: '127.0.0.1' }, before, true));
      expect(await row()).toEqual(before);
      expect(before.password_hash).toBe(SYSTEM_ACCOUNT_MARK);
      expect(await userRepository.grantsOf(database.db, [systemId])).toEqual([]);
      expect(await database.db.selectFrom('admin_requests').selectAll().execute()).toEqual([]);
    });

    it('cannot log in, whatever the password', async () => {
      for (const password of [SYSTEM_ACCOUNT_MARK, '', 'Brand-New-Pass-2026']) {
        const e = await failure(
          env.services.auth.login({ actor: null, requestId: 't', clientIp: '10.9.8.7' }, 'public-intake', password, null),
        );
        expect(e.status).toBe(401);
      }
    });

    it('is left out of the users export, and a sheet naming it is refused with its row', async () => {
      const sys = await contextFor(database, city.sysadmin.id);
      const exported = await env.services.directory.exportUsers(sys);
      expect((await readSheet(exported, USER_SHEET)).map((r) => r.values.username)).not.toContain('public-intake');

      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet(USER_SHEET.name.zh);
      ws.addRow(USER_SHEET.columns.map((c) => c.header.zh));
      ws.addRow(
        USER_SHEET.columns.map(
          (c) => ({ username: 'public-intake', displayName: '冒名', roles: 'hq_dispatcher@' + city.city.code })[c.key] ?? null,
        ),
      );
      const e = await failure(env.services.directory.importUsers(sys, Buffer.from(await wb.xlsx.writeBuffer())));
      expect(e.code).toBe('import_invalid');
      const errors = (e.details as { errors: ImportRowError[] }).errors;
      expect(errors).toContainEqual(
        expect.objectContaining({ row: 2, field: 'username', text: expect.objectContaining({ zh: expect.stringContaining('系统账号') }) }),
      );
      expect((await row()).display_name).toBe('市民（网页上报）');
    });
  });
}
