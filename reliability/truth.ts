import type { BenchTarget } from '../bench/target.js';
import { openDatabase } from '../src/db/database.js';
import { ROLE_PERMISSIONS } from '../src/domain/policies/permissions.js';
import type { Permission, Role } from '../src/shared/enums.js';

/** What one account may see, computed from the database with the documented rules (not the services). */
export interface Visibility {
  userId: number;
  /** Units under a grant holding the permission. */
  unitsWith(permission: Permission): Set<number>;
  /** Units under any grant. */
  anyUnit: Set<number>;
  /** Units of single-grant roles (for comparing figures with HQ's view of the same unit). */
  grantUnits: number[];
  cases: Set<number>;
  letters: Set<number>;
  files: Set<number>;
  notifications: Set<number>;
  tokens: Set<number>;
}

/** Every case, letter, file, notification and token id, with who may see each (per username). */
export interface Truth {
  caseIds: number[];
  letterIds: number[];
  fileIds: number[];
  unitIds: number[];
  of: Map<string, Visibility>;
}

/**
 * Reads the ground truth straight from the database: a case is visible to its reporter
 * and to holders of `case.read` on its assigned unit's subtree; a letter to `letter.manage`
 * on its unit (any status) and `letter.read` (issued or withdrawn only); a file with its
 * case; notifications and tokens to their owner only.
 */
export async function readTruth(target: BenchTarget, usernames: readonly string[]): Promise<Truth> {
  const database = openDatabase(target.url, { poolSize: 2 });
  try {
    const db = database.db;
    const units = await db.selectFrom('units').select(['id', 'path']).execute();
    const pathOf = new Map(units.map((u) => [u.id, u.path]));
    const users = await db
      .selectFrom('users')
      .select(['id', 'username'])
      .where('username', 'in', [...usernames])
      .execute();
    const grants = await db.selectFrom('role_grants').select(['user_id', 'role', 'unit_id']).execute();
    const cases = await db.selectFrom('cases').select(['id', 'reporter_id', 'assigned_unit_path']).execute();
    const letters = await db.selectFrom('letters').select(['id', 'unit_id', 'status']).execute();
    const files = await db.selectFrom('files').select(['id', 'case_id']).execute();
    const notes = await db.selectFrom('notifications').select(['id', 'user_id']).execute();
    const tokens = await db.selectFrom('api_tokens').select(['id', 'user_id']).execute();
    const of = new Map<string, Visibility>();
    for (const u of users) {
      const mine = grants.filter((g) => g.user_id === u.id);
      const pathsWith = (p: Permission) =>
        mine.filter((g) => ROLE_PERMISSIONS[g.role as Role]?.includes(p)).map((g) => pathOf.get(g.unit_id) ?? '\0');
      const unitsUnder = (paths: string[]) => new Set(units.filter((x) => paths.some((p) => x.path.startsWith(p))).map((x) => x.id));
      const caseRead = pathsWith('case.read');
      // case.read on a root unit sees every case, unassigned ones included (caseScope).
      const atRoot = caseRead.some((p) => /^\/\d+\/$/.test(p));
      const visibleCases = new Set(
        cases
          .filter(
            (c) =>
              atRoot ||
              c.reporter_id === u.id ||
              (c.assigned_unit_path !== null && caseRead.some((p) => c.assigned_unit_path!.startsWith(p))),
          )
          .map((c) => c.id),
      );
      const manage = unitsUnder(pathsWith('letter.manage'));
      const read = unitsUnder(pathsWith('letter.read'));
      of.set(u.username, {
        userId: u.id,
        unitsWith: (p) => unitsUnder(pathsWith(p)),
        anyUnit: unitsUnder(mine.map((g) => pathOf.get(g.unit_id) ?? '\0')),
        grantUnits: mine.map((g) => g.unit_id),
        cases: visibleCases,
        letters: new Set(letters.filter((l) => manage.has(l.unit_id) || (read.has(l.unit_id) && l.status !== 'draft')).map((l) => l.id)),
        files: new Set(files.filter((f) => f.case_id !== null && visibleCases.has(f.case_id)).map((f) => f.id)),
        notifications: new Set(notes.filter((n) => n.user_id === u.id).map((n) => n.id)),
        tokens: new Set(tokens.filter((t) => t.user_id === u.id).map((t) => t.id)),
      });
    }
    return {
      caseIds: cases.map((c) => c.id),
      letterIds: letters.map((l) => l.id),
      fileIds: files.map((f) => f.id),
      unitIds: units.map((x) => x.id),
      of,
    };
  } finally {
    await database.close();
  }
}
