import { Command } from 'commander';
import { unitRepository } from '../db/repositories/unit.repository.js';
import { systemContext } from '../core/context.js';
import { AppError } from '../core/errors.js';
import { parseRoleList } from '../services/units/directory-sheet.js';
import { checkPassword } from '../domain/auth/password-policy.js';
import { withServices } from './with-services.js';
import type { Role } from '../shared/enums.js';
import { argon2Hasher } from '../services/accounts/crypto.js';
import { readPassword } from './password-prompt.js';

/** `dudao user add|passwd|lock|unlock`: account care from the server's shell, audited as "cli". */
export function userCommands(): Command {
  const user = new Command('user').description('manage accounts from the command line');
  const ctx = systemContext('cli');

  user
    .command('add')
    .description('create an account')
    .argument('<username>')
    .requiredOption('--name <displayName>', 'display name')
    .option('--password <password>', 'initial password (else asked on the terminal, or read from standard input)')
    .option('--unit <code>', 'unit code the person belongs to')
    .option('--role <role@unitCode...>', 'role grants, e.g. sysadmin@411600')
    .action(async (username: string, o: { name: string; password?: string; unit?: string; role?: string[] }) => {
      const password = o.password ?? (await readPassword(username));
      await withServices(async (s, database) => {
        // The policy needs the configured mode (the demo password is refused in production).
        const problems = checkPassword(password, username, s.users.passwords);
        if (problems.length) throw new AppError(422, 'invalid_input', `password: ${problems.join('; ')}`);
        const db = database.db;
        const unit = o.unit ? await unitRepository.byCode(db, o.unit) : undefined;
        if (o.unit && !unit) throw new AppError(422, 'invalid_input', `unit: ${o.unit} not found`);
        const { grants, error } = parseRoleList((o.role ?? []).join(';'));
        if (error) throw new AppError(422, 'invalid_input', `role: ${error.en}`);
        const roles: { role: Role; unitId: number }[] = [];
        for (const g of grants) {
          const u = await unitRepository.byCode(db, g.unitCode);
          if (!u) throw new AppError(422, 'invalid_input', `role: unit ${g.unitCode} not found`);
          roles.push({ role: g.role, unitId: u.id });
        }
        const hash = await argon2Hasher.hash(password);
        const id = await db.transaction().execute(async (trx) => {
          const id = await s.users.createIn(trx, null, {
            username,
            displayName: o.name,
            unitId: unit?.id ?? null,
            roles,
            passwordHash: hash,
          });
          await s.audit.record(trx, ctx, {
            action: 'user.create',
            targetType: 'user',
            targetId: id,
            summary: { username, roles: o.role ?? [] },
          });
          return id;
        });
        console.log(`user ${username} created (id ${id})`);
      });
    });

  user
    .command('passwd')
    .description("set an account's password (ends its sessions)")
    .argument('<username>')
    .option('--password <password>', 'new password (else asked on the terminal, or read from standard input)')
    .action(async (username: string, o: { password?: string }) => {
      const password = o.password ?? (await readPassword(username));
      await withServices(async (s) => {
        await s.users.writePassword(ctx, await s.users.byUsername(username), password);
        console.log(`password of ${username} changed; its sessions and API tokens were ended`);
      });
    });

  for (const [name, locked] of [
    ['lock', true],
    ['unlock', false],
  ] as const) {
    user
      .command(name)
      .description(locked ? 'lock an account and end its sessions' : 'unlock an account and clear its failed logins')
      .argument('<username>')
      .action(async (username: string) => {
        await withServices(async (s) => {
          await s.users.writeLock(ctx, await s.users.byUsername(username), locked);
          console.log(`${username} ${locked ? 'locked' : 'unlocked'}`);
        });
      });
  }
  return user;
}
