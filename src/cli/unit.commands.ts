import { Command } from 'commander';
import { unitRepository } from '../db/repositories/unit.repository.js';
import { systemContext } from '../core/context.js';
import { AppError } from '../core/errors.js';
import { parseUnitKind } from '../services/units/directory-sheet.js';
import { withServices } from './with-services.js';

/** `dudao unit add`: lets an operator create the first units of a production install. */
export function unitCommands(): Command {
  const unit = new Command('unit').description('manage units from the command line');
  unit
    .command('add')
    .description('create a unit (e.g. the city root before the first administrator)')
    .argument('<code>', 'unit code, e.g. 411600')
    .argument('<name>', 'unit name, e.g. 周口市')
    .requiredOption('--kind <kind>', 'city, district, county, street, department, hq, work_team … (or 市/区/县…)')
    .option('--parent <code>', 'parent unit code')
    .action(async (code: string, name: string, o: { kind: string; parent?: string }) => {
      const kind = parseUnitKind(o.kind);
      if (!kind) throw new AppError(422, 'invalid_input', `kind: unknown kind "${o.kind}"`);
      await withServices(async (s, database) => {
        const parent = o.parent ? await unitRepository.byCode(database.db, o.parent) : null;
        if (o.parent && !parent) throw new AppError(422, 'invalid_input', `parent: unit ${o.parent} not found`);
        const row = await database.db.transaction().execute(async (trx) => {
          const row = await s.units.createIn(trx, { code, name, kind, parentId: parent?.id ?? null });
          await s.audit.record(trx, systemContext('cli'), {
            action: 'unit.create',
            targetType: 'unit',
            targetId: row.id,
            summary: { code, name, kind },
          });
          return row;
        });
        console.log(`unit ${row.code} ${row.name} created (id ${row.id})`);
      });
    });
  return unit;
}
