import type { Database } from '../../db/database.js';
import type { ExportLang } from '../../shared/export-lang.js';
import { isBilingual, ROW_PROBLEM } from '../../shared/import-problems.js';
import { unitRepository } from '../../db/repositories/unit.repository.js';
import { userRepository } from '../../db/repositories/user.repository.js';
import { passwordProblems } from '../../domain/auth/password-policy.js';
import { isSystemAccount, SYSTEM_ACCOUNT_REFUSAL } from '../../domain/auth/system-accounts.js';
import { decideAdminChange, isAdminRole } from '../../domain/policies/admin-separation.js';
import { can, canAtRoot, canGrantRole, type Actor } from '../../domain/policies/permissions.js';
import { subjectOf } from '../accounts/admin-request.service.js';
import { checkParentKind, checkUnitCode, orderParentsFirst } from '../../domain/units/unit-tree.js';
import { UNIT_SHEET, USER_SHEET } from '../../documents/xlsx/directory.sheets.js';
import { writeSheet } from '../../documents/xlsx/workbook.js';
import { readImportSheet, rowProblems } from '../imports/import-sheet.js';
import type { Role, UnitKind } from '../../shared/enums.js';
import { ROLE_LABELS, UNIT_KIND_LABELS } from '../../shared/labels.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import type { PasswordHasher } from '../accounts/crypto.js';
import { AppError, forbidden, forbiddenSaid, importRejected, unauthorized, type ImportRowError } from '../../core/errors.js';
import type { UnitService } from './unit.service.js';
import { USERNAME_PATTERN, USERNAME_PROBLEM, type UserService } from '../accounts/user.service.js';
import type { ImportResult } from '../../shared/contracts/imports.contract.js';
import { textOf } from '../../shared/text.js';
import { outsideUnits, parseRoleList, parseUnitKind, rowFailure, UNIT_EXAMPLE, USER_EXAMPLE, XLSX_NOTES } from './directory-sheet.js';

/** Excel import and export of the unit tree and the user directory. */
export class DirectoryImportService {
  constructor(
    private readonly database: Database,
    private readonly units: UnitService,
    private readonly users: UserService,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private actorWith(ctx: RequestContext, permission: 'unit.read' | 'unit.write' | 'user.read' | 'user.write'): Actor {
    if (!ctx.actor) throw unauthorized();
    if (!can(ctx.actor, permission)) throw forbidden();
    return ctx.actor;
  }

  /**
   * An import template in `lang` (headers, notes; values stay importable in either language).
   * The data sheet holds no rows: a sample row there (川汇区, zhangsan) was imported as data by
   * whoever filled the template below it, so the example is a line of the notes sheet instead.
   */
  async template(kind: 'units' | 'users', lang: ExportLang = 'zh-CN'): Promise<Buffer> {
    return kind === 'units'
      ? writeSheet(UNIT_SHEET, [], [...XLSX_NOTES, UNIT_EXAMPLE], lang)
      : writeSheet(USER_SHEET, [], [...XLSX_NOTES, USER_EXAMPLE], lang);
  }

  /** The unit tree as an importable workbook in `lang` (kinds as Chinese names or English keys). */
  async exportUnits(ctx: RequestContext, lang: ExportLang = 'zh-CN'): Promise<Buffer> {
    this.actorWith(ctx, 'unit.read');
    const db = this.database.db;
    const rows = await unitRepository.list(db);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const leaders = new Map(
      (
        await userRepository.byIds(
          db,
          rows.map((r) => r.leader_user_id).filter((x): x is number => x !== null),
        )
      ).map((u) => [u.id, u.username]),
    );
    return writeSheet(
      UNIT_SHEET,
      rows.map((r) => ({
        code: r.code,
        name: r.name,
        kind: lang === 'en-US' ? r.kind : (UNIT_KIND_LABELS[r.kind as UnitKind]?.zh ?? r.kind),
        parentCode: r.parent_id ? (byId.get(r.parent_id)?.code ?? '') : '',
        leaderUsername: r.leader_user_id ? (leaders.get(r.leader_user_id) ?? '') : '',
        sortOrder: r.sort_order,
      })),
      XLSX_NOTES,
      lang,
    );
  }

  /** The users the actor may read as an importable workbook in `lang` (no passwords). */
  async exportUsers(ctx: RequestContext, lang: ExportLang = 'zh-CN'): Promise<Buffer> {
    this.actorWith(ctx, 'user.read');
    const db = this.database.db;
    const users = await userRepository.all(db);
    const units = new Map((await unitRepository.list(db)).map((u) => [u.id, u]));
    const grants = await userRepository.grantsOf(
      db,
      users.map((u) => u.id),
    );
    // System accounts are nobody's to import: exporting them would make the file refuse itself.
    const visible = users.filter((u) => {
      if (isSystemAccount(u)) return false;
      const path = u.unit_id ? units.get(u.unit_id)?.path : null;
      return path ? can(ctx.actor!, 'user.read', path) : canAtRoot(ctx.actor!, 'user.read');
    });
    return writeSheet(
      USER_SHEET,
      visible.map((u) => ({
        username: u.username,
        displayName: u.display_name,
        unitCode: u.unit_id ? (units.get(u.unit_id)?.code ?? '') : '',
        phone: u.phone,
        email: u.email,
        roles: grants
          .filter((g) => g.user_id === u.id)
          .map((g) => `${g.role}@${g.unit_code}`)
          .join('; '),
        password: '',
      })),
      XLSX_NOTES,
      lang,
    );
  }

  /**
   * Imports units. Every row is checked first and all problems are reported
   * together; the rows are then written in one transaction, so a file is applied
   * whole or not at all.
   */
  async importUnits(ctx: RequestContext, buffer: Buffer): Promise<ImportResult> {
    this.actorWith(ctx, 'unit.write');
    const rows = await readImportSheet(buffer, UNIT_SHEET, 20000);
    const errors: ImportRowError[] = [];
    const err = rowProblems(UNIT_SHEET, errors);
    const db = this.database.db;
    const existing = new Map((await unitRepository.list(db)).map((u) => [u.code, u]));
    const seen = new Map<string, number>();
    const parsed: {
      row: number;
      code: string;
      name: string;
      kind: UnitKind;
      parentCode: string | null;
      leaderUsername: string;
      sortOrder: number;
    }[] = [];
    for (const r of rows) {
      const v = r.values;
      const code = v.code ?? '';
      const kind = parseUnitKind(v.kind ?? '');
      if (!code) err(r.row, 'code', ROW_PROBLEM.required);
      else if (checkUnitCode(code)) err(r.row, 'code', checkUnitCode(code)!);
      else if (seen.has(code)) err(r.row, 'code', ROW_PROBLEM.duplicate(code, seen.get(code)!));
      if (code) seen.set(code, r.row);
      if (!v.name) err(r.row, 'name', ROW_PROBLEM.required);
      else if (v.name.length > 100) err(r.row, 'name', ROW_PROBLEM.tooLong(100));
      if (!kind) err(r.row, 'kind', { zh: `未知单位类型“${v.kind ?? ''}”`, en: `unknown kind "${v.kind ?? ''}"` });
      const sortOrder = v.sortOrder ? Number(v.sortOrder) : 0;
      if (!Number.isInteger(sortOrder)) err(r.row, 'sortOrder', ROW_PROBLEM.notAnInteger(v.sortOrder ?? ''));
      if (code && kind)
        parsed.push({
          row: r.row,
          code,
          name: v.name ?? '',
          kind,
          parentCode: v.parentCode || null,
          leaderUsername: v.leaderUsername ?? '',
          sortOrder,
        });
    }
    const inFile = new Map(parsed.map((p) => [p.code, p]));
    const leaders = new Map(
      (await userRepository.byUsernames(db, parsed.map((p) => p.leaderUsername).filter(Boolean))).map((u) => [u.username, u.id]),
    );
    for (const p of parsed) {
      if (p.parentCode && p.parentCode === p.code)
        err(p.row, 'parentCode', { zh: '单位不能是自己的上级', en: 'a unit cannot be its own parent' });
      else if (p.parentCode && !inFile.has(p.parentCode) && !existing.has(p.parentCode))
        err(p.row, 'parentCode', { zh: `上级单位“${p.parentCode}”不存在`, en: `parent unit "${p.parentCode}" does not exist` });
      const parentKind = p.parentCode
        ? (inFile.get(p.parentCode)?.kind ?? (existing.get(p.parentCode)?.kind as UnitKind | undefined) ?? null)
        : null;
      if (!p.parentCode || parentKind) {
        const problem = checkParentKind(p.kind, parentKind);
        if (problem) err(p.row, p.parentCode ? 'parentCode' : 'kind', problem);
      }
      if (p.leaderUsername && !leaders.has(p.leaderUsername)) err(p.row, 'leaderUsername', ROW_PROBLEM.userMissing(p.leaderUsername));
    }
    const { ordered, cyclic } = orderParentsFirst(parsed);
    for (const c of cyclic)
      err(c.row, 'parentCode', { zh: `“${c.code}”的上级关系形成循环`, en: `parent chain of "${c.code}" forms a cycle` });
    if (errors.length) throw importRejected(errors.sort((a, b) => a.row - b.row));

    let created = 0;
    let updated = 0;
    await db.transaction().execute(async (trx) => {
      for (const p of ordered) {
        try {
          const parentId = p.parentCode ? (await unitRepository.byCode(trx, p.parentCode))!.id : null;
          const input = {
            code: p.code,
            name: p.name,
            kind: p.kind,
            parentId,
            leaderUserId: p.leaderUsername ? leaders.get(p.leaderUsername)! : null,
            sortOrder: p.sortOrder,
          };
          const current = await unitRepository.byCode(trx, p.code);
          const scopePath = current?.path ?? (parentId ? (await unitRepository.byId(trx, parentId))!.path : null);
          const allowed = scopePath ? can(ctx.actor!, 'unit.write', scopePath) : canAtRoot(ctx.actor!, 'unit.write');
          if (!allowed) throw forbiddenSaid(outsideUnits(p.code));
          if (current) {
            if (Object.keys(await this.units.updateIn(trx, current, input)).length) updated += 1;
          } else {
            await this.units.createIn(trx, input);
            created += 1;
          }
        } catch (e) {
          throw rowFailure(e, UNIT_SHEET, p.row);
        }
      }
      await this.audit.record(trx, ctx, { action: 'unit.import', targetType: 'unit', summary: { rows: rows.length, created, updated } });
    });
    return { created, updated };
  }

  /** Imports users, all or nothing, like {@link importUnits}. */
  async importUsers(ctx: RequestContext, buffer: Buffer): Promise<ImportResult> {
    this.actorWith(ctx, 'user.write');
    const rows = await readImportSheet(buffer, USER_SHEET, 20000);
    const errors: ImportRowError[] = [];
    const err = rowProblems(USER_SHEET, errors);
    const db = this.database.db;
    const units = new Map((await unitRepository.list(db)).map((u) => [u.code, u]));
    const existing = new Map(
      (
        await userRepository.byUsernames(
          db,
          rows.map((r) => (r.values.username ?? '').toLowerCase()),
        )
      ).map((u) => [u.username, u]),
    );
    const seen = new Map<string, number>();
    const parsed: {
      row: number;
      username: string;
      displayName: string;
      unitCode: string;
      phone: string;
      email: string;
      grants: { role: Role; unitCode: string }[];
      password: string;
    }[] = [];
    for (const r of rows) {
      const v = r.values;
      const username = (v.username ?? '').toLowerCase();
      if (!username) err(r.row, 'username', ROW_PROBLEM.required);
      else if (!USERNAME_PATTERN.test(username)) err(r.row, 'username', USERNAME_PROBLEM);
      else if (seen.has(username)) err(r.row, 'username', ROW_PROBLEM.duplicate(username, seen.get(username)!));
      if (username) seen.set(username, r.row);
      const held = existing.get(username);
      if (held && isSystemAccount(held)) err(r.row, 'username', SYSTEM_ACCOUNT_REFUSAL);
      if (!v.displayName) err(r.row, 'displayName', ROW_PROBLEM.required);
      if (v.unitCode && !units.has(v.unitCode)) err(r.row, 'unitCode', ROW_PROBLEM.unitMissing(v.unitCode));
      try {
        this.users.validateProfile({ phone: v.phone || null, email: v.email || null });
      } catch (e) {
        const d = (e as AppError).details;
        const said = isBilingual(d?.text) ? d.text : { zh: (e as AppError).message, en: (e as AppError).message };
        err(r.row, textOf(d?.field ?? 'phone'), said);
      }
      const { grants, error } = parseRoleList(v.roles ?? '');
      if (error) err(r.row, 'roles', error);
      for (const g of grants) if (!units.has(g.unitCode)) err(r.row, 'roles', ROW_PROBLEM.unitMissing(g.unitCode));
      const password = v.password ?? '';
      if (!existing.has(username) && !password) err(r.row, 'password', { zh: '新账号须填初始密码', en: 'is required for a new account' });
      // Resetting an existing password is the security administrator's job (and ends sessions).
      if (existing.has(username) && password)
        err(r.row, 'password', {
          zh: '已有账号的密码须留空：重置密码由安全管理员办理',
          en: 'must be empty for an existing account; a security administrator resets passwords',
        });
      else if (password) for (const p of passwordProblems(password, username, this.users.passwords)) err(r.row, 'password', p);
      parsed.push({
        row: r.row,
        username,
        displayName: v.displayName ?? '',
        unitCode: v.unitCode ?? '',
        phone: v.phone ?? '',
        email: v.email ?? '',
        grants,
        password,
      });
    }
    if (errors.length) throw importRejected(errors.sort((a, b) => a.row - b.row));

    const hashes = new Map<string, string>();
    for (const p of parsed) if (p.password) hashes.set(p.username, await this.hasher.hash(p.password));
    let created = 0;
    let updated = 0;
    const actor = ctx.actor!;
    await db.transaction().execute(async (trx) => {
      for (const p of parsed) {
        try {
          const unitId = p.unitCode ? units.get(p.unitCode)!.id : null;
          const roles = p.grants.map((g) => ({ role: g.role, unitId: units.get(g.unitCode)!.id }));
          const current = await userRepository.byUsername(trx, p.username);
          if (!current) {
            // Imports make plain accounts only: roles are the security admin's (三员分立), and an
            // administrator account needs a second administrator's approval on the users page.
            const d = decideAdminChange(subjectOf(actor), null, { kind: 'create', roles: roles.map((r) => r.role) });
            if (d !== 'allow')
              throw forbiddenSaid(
                d === 'needs_approval'
                  ? {
                      zh: '管理员账号须在用户管理页面创建，并经另一名管理员批准',
                      en: "administrator accounts are created on the users page, with a second administrator's approval",
                    }
                  : { zh: '导入不能创建管理员账号（三员分立）', en: d.deny },
              );
            await this.users.createIn(trx, actor, {
              username: p.username,
              displayName: p.displayName,
              unitId,
              phone: p.phone || null,
              email: p.email || null,
              roles,
              passwordHash: hashes.get(p.username)!,
            });
            created += 1;
            continue;
          }
          const path = current.unit_id ? (await unitRepository.byId(trx, current.unit_id))?.path : null;
          if (!(path ? can(actor, 'user.write', path) : canAtRoot(actor, 'user.write')))
            throw forbiddenSaid({
              zh: `账号“${p.username}”不在您管理的单位范围内`,
              en: `user "${p.username}" is outside the units you administer`,
            });
          if (current.id === actor.userId)
            throw forbiddenSaid({ zh: '不能通过导入修改自己的账号', en: 'you cannot change your own account by import' });
          const newPath = unitId ? units.get(p.unitCode)!.path : null;
          if (unitId !== current.unit_id && !(newPath ? can(actor, 'user.write', newPath) : canAtRoot(actor, 'user.write'))) {
            throw forbiddenSaid(outsideUnits(p.unitCode));
          }
          const held = await userRepository.grantsOf(trx, [current.id]);
          const admin = held.find((g) => isAdminRole(g.role as Role));
          if (admin) {
            throw forbiddenSaid({
              zh: `管理员账号（${ROLE_LABELS[admin.role as Role].zh}）不能通过导入修改`,
              en: `administrator accounts (${admin.role}) are not changed by import`,
            });
          }
          await this.users.validateGrants(trx, actor, roles);
          // Only grants that change need the right to grant them (the security admin's, 三员分立).
          for (const [i, r] of roles.entries()) {
            if (
              !held.some((g) => g.role === r.role && g.unit_id === r.unitId) &&
              !canGrantRole(actor, r.role, units.get(p.grants[i]!.unitCode)!.path)
            ) {
              throw forbiddenSaid({
                zh: `您不能授予“${ROLE_LABELS[r.role].zh}”角色：角色由安全管理员授予`,
                en: `you may not grant role ${r.role}; roles are granted by the security administrator`,
              });
            }
          }
          for (const g of held) {
            if (!roles.some((r) => r.role === g.role && r.unitId === g.unit_id) && !canGrantRole(actor, g.role as Role, g.unit_path)) {
              throw forbiddenSaid({
                zh: `您不能撤销单位 ${g.unit_code} 上的“${ROLE_LABELS[g.role as Role].zh}”角色`,
                en: `you may not revoke role ${g.role} on unit ${g.unit_code}`,
              });
            }
          }
          const nowIso = this.clock.now().toISOString();
          await userRepository.update(trx, current.id, {
            display_name: p.displayName,
            unit_id: unitId,
            phone: p.phone || null,
            email: p.email || null,
            updated_at: nowIso,
          });
          await userRepository.replaceGrants(trx, current.id, roles, nowIso);
          updated += 1;
        } catch (e) {
          throw rowFailure(e, USER_SHEET, p.row);
        }
      }
      await this.audit.record(trx, ctx, { action: 'user.import', targetType: 'user', summary: { rows: rows.length, created, updated } });
    });
    return { created, updated };
  }
}
