/**
 * The web app talks to the API through one typed client (web/src/api/): no page or
 * component spells an '/api/…' path itself, so every call carries the shared wire types.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const WEB = join(ROOT, 'web/src');

/** Files still to move onto the typed client; must shrink to empty (issue 12). */
const PENDING = new Set<string>([
  'web/src/auth/session.tsx',
  'web/src/components/ImportExport.tsx',
  'web/src/components/UserSelect.tsx',
  'web/src/features/admin-requests/AdminRequestsPage.tsx',
  'web/src/features/audit/AuditPage.tsx',
  'web/src/features/cases/CaseListPage.tsx',
  'web/src/features/cases/CasePage.tsx',
  'web/src/features/cases/actions/ActionDialog.tsx',
  'web/src/features/cases/actions/DispatchFields.tsx',
  'web/src/features/cases/map/CaseMap.tsx',
  'web/src/features/cases/useCaseList.ts',
  'web/src/features/evaluation/CampaignsPage.tsx',
  'web/src/features/evaluation/CheckpointsPage.tsx',
  'web/src/features/evaluation/FrameworksPage.tsx',
  'web/src/features/evaluation/PlansPage.tsx',
  'web/src/features/evaluation/ResultsPage.tsx',
  'web/src/features/home/DashboardHome.tsx',
  'web/src/features/inspect/data.ts',
  'web/src/features/inspect/pwa.ts',
  'web/src/features/inspect/sync.ts',
  'web/src/features/letters/DraftLetterModal.tsx',
  'web/src/features/settings/PasswordPage.tsx',
  'web/src/features/settings/TokensPage.tsx',
  'web/src/features/units/UnitsPage.tsx',
  'web/src/features/units/unitsStore.ts',
  'web/src/features/users/UserModals.tsx',
  'web/src/features/users/UsersTable.tsx',
  'web/src/pages/LoginPage.tsx',
  'web/src/shell/NotificationBell.tsx',
]);

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (/\.(ts|tsx)$/.test(name)) yield p;
  }
}

describe('typed client', () => {
  const offenders = [...files(WEB)]
    .map((f) => relative(ROOT, f))
    .filter((f) => !f.startsWith('web/src/api/'))
    .filter((f) => /['"`]\/api\//.test(readFileSync(join(ROOT, f), 'utf8')));

  it('no API path outside web/src/api', () => {
    expect(offenders.filter((f) => !PENDING.has(f))).toEqual([]);
  });

  it('the list of files still to convert names only files that still need it', () => {
    expect([...PENDING].filter((f) => !offenders.includes(f))).toEqual([]);
  });
});
