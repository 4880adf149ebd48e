import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { expectBilingual, expectRowsSaidInBoth } from '../../helpers/import-said.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { contextFor, fastHasher, makeCity, makeEnv, type TestEnv, done } from '../../helpers/factories.js';
import { unitRepository } from '../../../src/db/repositories/unit.repository.js';
import { userRepository } from '../../../src/db/repositories/user.repository.js';
import { UNIT_SHEET, USER_SHEET } from '../../../src/documents/xlsx/directory.sheets.js';
import { readSheet, type SheetSpec } from '../../../src/documents/xlsx/workbook.js';
import type { RequestContext } from '../../../src/core/context.js';
import { AppError, type ImportRowError } from '../../../src/core/errors.js';

type UnitRowIn = { code?: string; name?: string; kind?: string; parentCode?: string; leaderUsername?: string; sortOrder?: string | number };
type UserRowIn = {
  username?: string;
  displayName?: string;
  unitCode?: string;
  phone?: string;
  email?: string;
  roles?: string;
  password?: string;
};

/** Builds an .xlsx the way a user would: the template's header row, then one row per record. */
async function xlsx(spec: SheetSpec, rows: Record<string, string | number | undefined>[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(spec.name.zh);
  ws.addRow(spec.columns.map((c) => c.header.zh));
  for (const r of rows) ws.addRow(spec.columns.map((c) => r[c.key] ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const unitsFile = (rows: UnitRowIn[]) => xlsx(UNIT_SHEET, rows);
const usersFile = (rows: UserRowIn[]) => xlsx(USER_SHEET, rows);

async function rejection(p: Promise<unknown>): Promise<{ err: AppError; errors: ImportRowError[] }> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  const err = e as AppError;
  return { err, errors: (err.details?.errors as ImportRowError[] | undefined) ?? [] };
}

for (const dialect of DIALECTS) {
  describe(`DirectoryImportService on ${dialect}`, () => {
    let database: TestDatabase;
    let env: TestEnv;
    let city: Awaited<ReturnType<typeof makeCity>>;
    let sysCtx: RequestContext;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      env = makeEnv(database);
      city = await makeCity(database);
      sysCtx = await contextFor(database, city.sysadmin.id);
    });
    afterAll(async () => database.drop());

    const dir = () => env.services.directory;
    const codesExist = async (codes: string[]) => (await unitRepository.byCodes(database.db, codes)).map((u) => u.code);

    it('the templates carry the headers the tests build files with', async () => {
      for (const [kind, spec] of [
        ['units', UNIT_SHEET],
        ['users', USER_SHEET],
      ] as const) {
        const buf = await dir().template(kind);
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(buf as unknown as ArrayBuffer);
        const header = (wb.getWorksheet(spec.name.zh)!.getRow(1).values as unknown[]).slice(1);
        expect(header).toEqual(spec.columns.map((c) => c.header.zh));
        // The example lives on the notes sheet: a template filled below it imports only what was filled.
        expect(await readSheet(buf, spec)).toEqual([]);
        const notes = (wb.getWorksheet('说明')!.getSheetValues() as unknown[][]).flat().join(' ');
        expect(notes).toMatch(kind === 'units' ? /示例.*川汇区/ : /示例.*zhangsan/);
      }
    });

    describe('units', () => {
      it('creates units, accepting a child listed before its parent and Chinese kind labels', async () => {
        const file = await unitsFile([
          { code: 'IMP-S1', name: '导入街道', kind: '街道', parentCode: 'IMP-D' },
          { code: 'IMP-D', name: '导入区', kind: 'district', parentCode: '411600', sortOrder: 7 },
          { code: 'IMP-W', name: '导入专班', kind: 'work_team', parentCode: 'D-CGJ', leaderUsername: 'handler' },
        ]);
        expect(await dir().importUnits(sysCtx, file)).toEqual({ created: 3, updated: 0 });
        const d = (await unitRepository.byCode(database.db, 'IMP-D'))!;
        const s = (await unitRepository.byCode(database.db, 'IMP-S1'))!;
        const w = (await unitRepository.byCode(database.db, 'IMP-W'))!;
        expect(d).toMatchObject({ kind: 'district', parent_id: city.city.id, sort_order: 7 });
        expect(s).toMatchObject({ kind: 'street', parent_id: d.id, path: `${d.path}${s.id}/` });
        expect(w).toMatchObject({ parent_id: city.dept.id, leader_user_id: city.handler.id });
        const audit = await database.db.selectFrom('audit_log').selectAll().where('action', '=', 'unit.import').execute();
        expect(JSON.parse(audit.at(-1)!.summary)).toMatchObject({ created: 3, updated: 0 });
      });

      it('updates an existing unit by code', async () => {
        const file = await unitsFile([{ code: 'IMP-D', name: '导入区（改）', kind: '区', parentCode: '411600', sortOrder: 7 }]);
        expect(await dir().importUnits(sysCtx, file)).toEqual({ created: 0, updated: 1 });
        expect((await unitRepository.byCode(database.db, 'IMP-D'))!.name).toBe('导入区（改）');
      });

      const bad: [string, UnitRowIn[], { row: number; field: string; message: RegExp }[]][] = [
        [
          'an unknown parent code',
          [
            { code: 'BAD-A1', name: 'A1', kind: 'department', parentCode: '411600' },
            { code: 'BAD-A2', name: 'A2', kind: 'department', parentCode: 'NO-SUCH' },
          ],
          [{ row: 3, field: 'parentCode', message: /NO-SUCH/ }],
        ],
        [
          'a duplicate code',
          [
            { code: 'BAD-B1', name: 'B1', kind: 'department', parentCode: '411600' },
            { code: 'BAD-B2', name: 'B2', kind: 'department', parentCode: '411600' },
            { code: 'BAD-B1', name: 'B1 again', kind: 'department', parentCode: '411600' },
          ],
          [{ row: 4, field: 'code', message: /duplicate.*row 2/ }],
        ],
        [
          'an unknown kind',
          [
            { code: 'BAD-C1', name: 'C1', kind: 'department', parentCode: '411600' },
            { code: 'BAD-C2', name: 'C2', kind: '居委会', parentCode: '411600' },
          ],
          [{ row: 3, field: 'kind', message: /居委会/ }],
        ],
        [
          'a cycle between two rows',
          [
            { code: 'BAD-D0', name: 'D0', kind: 'department', parentCode: '411600' },
            { code: 'BAD-D1', name: 'D1', kind: 'work_team', parentCode: 'BAD-D2' },
            { code: 'BAD-D2', name: 'D2', kind: 'department', parentCode: 'BAD-D1' },
          ],
          [
            { row: 3, field: 'parentCode', message: /cycle/ },
            { row: 4, field: 'parentCode', message: /cycle/ },
          ],
        ],
      ];
      it.each(bad)('rejects a file with %s: 422 import_invalid naming row and field, nothing written', async (_what, rows, expected) => {
        const units = await unitRepository.count(database.db);
        const { err, errors } = await rejection(dir().importUnits(sysCtx, await unitsFile(rows)));
        expect(err.status).toBe(422);
        expect(err.code).toBe('import_invalid');
        for (const x of expected) {
          expect(
            errors.some((e) => e.sheet === UNIT_SHEET.name.zh && e.row === x.row && e.field === x.field && x.message.test(e.message)),
            JSON.stringify(errors),
          ).toBe(true);
        }
        expect(errors.every((e) => e.row >= 2 && e.row <= rows.length + 1)).toBe(true);
        expectRowsSaidInBoth(errors, UNIT_SHEET);
        expect(await codesExist(rows.map((r) => r.code!))).toEqual([]);
        expect(await unitRepository.count(database.db)).toBe(units);
      });

      it('reports every bad row, with the real Excel row number after a blank line', async () => {
        const wb = new ExcelJS.Workbook();
        const ws = wb.addWorksheet(UNIT_SHEET.name.zh);
        ws.addRow(UNIT_SHEET.columns.map((c) => c.header.zh));
        ws.addRow(['BAD-E1', 'E1', 'department', '411600']);
        ws.addRow([]);
        ws.addRow(['BAD-E2', '', 'department', '411600']);
        ws.addRow(['BAD E3', 'E3', 'department', '411600']);
        const { errors } = await rejection(dir().importUnits(sysCtx, Buffer.from(await wb.xlsx.writeBuffer())));
        expect(errors.map((e) => [e.row, e.field])).toEqual([
          [4, 'name'],
          [5, 'code'],
        ]);
        expect(await codesExist(['BAD-E1', 'BAD-E2'])).toEqual([]);
      });

      it('rejects a unit of the wrong kind for its parent', async () => {
        const { errors } = await rejection(
          dir().importUnits(sysCtx, await unitsFile([{ code: 'BAD-F1', name: 'F1', kind: 'street', parentCode: '411600' }])),
        );
        expect(errors).toEqual([expect.objectContaining({ row: 2, field: 'parentCode' })]);
        expect(errors[0]!.column).toEqual({ zh: '上级编码', en: 'Parent code' });
        expect(errors[0]!.text).toEqual({
          zh: '街道不能设在市之下',
          en: 'a unit of kind street cannot be placed under a unit of kind city',
        });
      });

      it('a failure met while writing (outside the district) names the row and rolls back earlier rows', async () => {
        const ctx = await contextFor(database, city.districtAdmin.id);
        const file = await unitsFile([
          { code: 'BAD-G1', name: 'G1', kind: 'street', parentCode: '411602' },
          { code: 'BAD-G2', name: 'G2', kind: 'street', parentCode: '411603' },
        ]);
        const { err, errors } = await rejection(dir().importUnits(ctx, file));
        expect(err.code).toBe('import_invalid');
        expect(errors).toEqual([expect.objectContaining({ row: 3 })]);
        expect(errors[0]!.text?.zh).toBe('单位“BAD-G2”不在您管理的范围内');
        expect(await codesExist(['BAD-G1', 'BAD-G2'])).toEqual([]);
      });

      it('export then import changes nothing', async () => {
        const before = await unitRepository.list(database.db);
        const exported = await dir().exportUnits(sysCtx);
        expect((await readSheet(exported, UNIT_SHEET)).length).toBe(before.length);
        expect(await dir().importUnits(sysCtx, exported)).toEqual({ created: 0, updated: 0 });
        expect(await unitRepository.list(database.db)).toEqual(before);
      });

      it('refuses random bytes with 422 naming file', async () => {
        const { err } = await rejection(dir().importUnits(sysCtx, randomBytes(2048)));
        expect(err.status).toBe(422);
        expect(err.message).toMatch(/^file: /);
        expectBilingual(err.details?.text, err.message);
        expect(err.details).toMatchObject({ field: 'file' });
      });

      it('refuses a sheet without the required columns, naming file', async () => {
        const wb = new ExcelJS.Workbook();
        wb.addWorksheet(UNIT_SHEET.name.zh).addRow(['foo', 'bar']);
        const { err } = await rejection(dir().importUnits(sysCtx, Buffer.from(await wb.xlsx.writeBuffer())));
        expect(err.status).toBe(422);
        expect(err.message).toMatch(/^file: .*missing column/);
        expect((err.details as { text: unknown }).text).toEqual({
          zh: '工作表“单位”缺少必填列：编码、名称、类型',
          en: 'sheet "单位" is missing column(s): 编码 (code), 名称 (name), 类型 (kind)',
        });
      });

      it('an auditor cannot import units', async () => {
        const ctx = await contextFor(database, city.auditor.id);
        await expect(
          dir().importUnits(ctx, await unitsFile([{ code: 'AUD-X', name: 'x', kind: 'department', parentCode: '411600' }])),
        ).rejects.toMatchObject({ status: 403 });
      });
    });

    describe('users', () => {
      it("creates users with hashed passwords; roles in the file are the security admin's (三员分立)", async () => {
        const withRoles = [
          {
            username: 'Wangwu',
            displayName: '王五',
            unitCode: 'D-CGJ',
            phone: '13700000000',
            roles: 'unit_handler@D-CGJ; 督导员@411600',
            password: 'Green-Tea-2026w',
          },
          {
            username: 'zhaoliu',
            displayName: '赵六',
            unitCode: '411602001',
            email: 'zl@example.cn',
            roles: '',
            password: 'Blue-Sky-2026z',
          },
        ];
        const { errors } = await rejection(dir().importUsers(sysCtx, await usersFile(withRoles)));
        expect(errors[0]).toMatchObject({ row: 2, message: expect.stringContaining('security administrator') });
        expect(await userRepository.byUsername(database.db, 'zhaoliu')).toBeUndefined();
        const file = await usersFile(withRoles.map((r) => ({ ...r, roles: '' })));
        expect(await dir().importUsers(sysCtx, file)).toEqual({ created: 2, updated: 0 });
        const wid = (await userRepository.byUsername(database.db, 'wangwu'))!.id;
        done(
          await env.services.users.setRoles(await contextFor(database, city.secadmin.id), wid, [
            { role: 'unit_handler', unitId: city.dept.id },
            { role: 'inspector', unitId: city.city.id },
          ]),
        );
        const w = (await userRepository.byUsername(database.db, 'wangwu'))!;
        expect(w.display_name).toBe('王五');
        expect(w.unit_id).toBe(city.dept.id);
        expect(w.password_hash).not.toContain('Green-Tea-2026w');
        expect(await fastHasher.verify(w.password_hash, 'Green-Tea-2026w')).toBe(true);
        const grants = await userRepository.grantsOf(database.db, [w.id]);
        expect(grants.map((g) => `${g.role}@${g.unit_code}`).sort()).toEqual(['inspector@411600', 'unit_handler@D-CGJ']);
        const { session } = await env.services.auth.login(
          { actor: null, requestId: null, clientIp: null },
          'wangwu',
          'Green-Tea-2026w',
          null,
        );
        expect(session.actor.grants).toHaveLength(2);
      });

      it('a new user without a password is an error row', async () => {
        const users = await userRepository.count(database.db);
        const file = await usersFile([
          { username: 'okperson', displayName: 'ok', unitCode: 'D-CGJ', password: 'Calm-Lake-0001' },
          { username: 'nopass', displayName: '无密码', unitCode: 'D-CGJ' },
        ]);
        const { err, errors } = await rejection(dir().importUsers(sysCtx, file));
        expect(err.code).toBe('import_invalid');
        expect(errors).toEqual([expect.objectContaining({ sheet: USER_SHEET.name.zh, row: 3, field: 'password' })]);
        expect(await userRepository.count(database.db)).toBe(users);
      });

      it('refuses a password for an existing account (resets belong to the security admin)', async () => {
        const before = (await userRepository.byUsername(database.db, 'handler'))!;
        const file = await usersFile([
          { username: 'handler', displayName: '经办', unitCode: 'D-CGJ', roles: 'unit_handler@D-CGJ', password: 'Takeover-pass-2026' },
        ]);
        const { errors } = await rejection(dir().importUsers(sysCtx, file));
        expect(errors).toEqual([expect.objectContaining({ row: 2, field: 'password' })]);
        expect((await userRepository.byUsername(database.db, 'handler'))!.password_hash).toBe(before.password_hash);
      });

      it('rejects weak passwords, unknown units and unknown roles with their rows', async () => {
        const file = await usersFile([
          { username: 'weakpw', displayName: 'w', password: 'password123' },
          { username: 'badunit', displayName: 'b', unitCode: 'NOPE', password: 'Red-Brick-0001' },
          { username: 'badrole', displayName: 'r', roles: 'wizard@411600', password: 'Tall-Tree-0001' },
        ]);
        const { errors } = await rejection(dir().importUsers(sysCtx, file));
        expect(errors.map((e) => [e.row, e.field])).toEqual([
          [2, 'password'],
          [3, 'unitCode'],
          [4, 'roles'],
        ]);
        expectRowsSaidInBoth(errors, USER_SHEET);
        expect(errors.map((e) => e.text?.zh)).toEqual(['密码过于常见', '单位“NOPE”不存在', '未知角色“wizard”']);
        expect(await userRepository.byUsernames(database.db, ['weakpw', 'badunit', 'badrole'])).toEqual([]);
      });

      it('a sysadmin cannot hand out administrator roles by import', async () => {
        const file = await usersFile([
          { username: 'sneaky', displayName: 's', unitCode: '411600', roles: 'auditor@411600', password: 'Soft-Rain-2026' },
        ]);
        const { err, errors } = await rejection(dir().importUsers(sysCtx, file));
        expect(err.code).toBe('import_invalid');
        expect(errors[0]).toMatchObject({ row: 2 });
        expect(await userRepository.byUsername(database.db, 'sneaky')).toBeUndefined();
      });

      it('export then import of users changes nothing (rows the sysadmin may write)', async () => {
        const before = await userRepository.all(database.db);
        const grantsBefore = await userRepository.grantsOf(
          database.db,
          before.map((u) => u.id),
        );
        const exported = await dir().exportUsers(sysCtx);
        const rows = (await readSheet(exported, USER_SHEET)).map((r) => r.values);
        expect(rows.map((r) => r.username).sort()).toEqual(before.map((u) => u.username).sort());
        expect(rows.every((r) => r.password === '')).toBe(true);
        // Accounts holding administrator roles are the security admin's; the sysadmin's own row is refused.
        const mine = rows.filter((r) => r.username !== 'sys' && !/sysadmin|security_admin|auditor/.test(r.roles ?? ''));
        const result = await dir().importUsers(sysCtx, await usersFile(mine));
        expect(result.created).toBe(0);
        const after = await userRepository.all(database.db);
        const pick = (u: (typeof after)[number]) => [u.username, u.display_name, u.password_hash, u.unit_id, u.phone, u.email];
        expect(after.map(pick)).toEqual(before.map(pick));
        const grantsAfter = await userRepository.grantsOf(
          database.db,
          after.map((u) => u.id),
        );
        expect(grantsAfter.map((g) => [g.user_id, g.role, g.unit_id])).toEqual(grantsBefore.map((g) => [g.user_id, g.role, g.unit_id]));
      });

      it('a sysadmin cannot strip an administrator role by importing the account with other roles', async () => {
        const file = await usersFile([{ username: 'aud', displayName: '审计', unitCode: '411600', roles: 'leader@411600' }]);
        const { err, errors } = await rejection(dir().importUsers(sysCtx, file));
        expect(err.code).toBe('import_invalid');
        expect(errors[0]).toMatchObject({ row: 2 });
        expect(errors[0]!.message).toMatch(/auditor/);
        expect((await userRepository.grantsOf(database.db, [city.auditor.id])).map((g) => g.role)).toEqual(['auditor']);
      });

      it('a district sysadmin cannot move a user of the district to a unit outside it by import', async () => {
        const ctx = await contextFor(database, city.districtAdmin.id);
        await dir().importUsers(
          ctx,
          await usersFile([{ username: 'streetguy', displayName: '街道人', unitCode: '411602001', password: 'Warm-Wind-0001' }]),
        );
        const { err, errors } = await rejection(
          dir().importUsers(ctx, await usersFile([{ username: 'streetguy', displayName: '街道人', unitCode: '411603' }])),
        );
        expect(err.code).toBe('import_invalid');
        expect(errors[0]).toMatchObject({ row: 2 });
        expect((await userRepository.byUsername(database.db, 'streetguy'))!.unit_id).toBe(city.street.id);
      });

      it('refuses random bytes with 422 naming file', async () => {
        const { err } = await rejection(dir().importUsers(sysCtx, randomBytes(512)));
        expect(err.status).toBe(422);
        expect(err.message).toMatch(/^file: /);
      });
    });
  });
}
