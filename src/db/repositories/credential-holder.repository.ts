import type { Executor } from '../database.js';
import { prepared } from '../prepared.js';
import type { ApiTokenRow, SessionRow, UserRow } from '../schema.js';

/** The part of a user row that authenticating a request reads. */
export type HolderUser = Pick<UserRow, 'id' | 'username' | 'display_name' | 'is_active' | 'locked_at'>;

/** One of the holder's role grants with its unit's path. */
export interface HolderGrant {
  role: string;
  unit_id: number;
  unit_path: string;
}

/** A credential (session or API token) with its user and the user's grants, as one read. */
export interface CredentialHolder<C> {
  credential: C;
  user: HolderUser;
  grants: HolderGrant[];
}

interface HolderColumns {
  p_username: string;
  p_display_name: string;
  p_is_active: number;
  p_locked_at: string | null;
  g_role: string | null;
  g_unit_id: number | null;
  g_unit_path: string | null;
}

const HOLDER_COLUMNS = [
  'p.username as p_username',
  'p.display_name as p_display_name',
  'p.is_active as p_is_active',
  'p.locked_at as p_locked_at',
  'g.role as g_role',
  'g.unit_id as g_unit_id',
  'u.path as g_unit_path',
] as const;

/**
 * Folds the joined rows (one per grant, or one with null grant columns) back into the
 * credential, its user and the grants, in grant order.
 */
function fold<C extends { user_id: number }>(rows: (C & HolderColumns)[]): CredentialHolder<C> | undefined {
  const first = rows[0];
  if (!first) return undefined;
  const { p_username, p_display_name, p_is_active, p_locked_at, g_role: _r, g_unit_id: _u, g_unit_path: _p, ...credential } = first;
  return {
    credential: credential as unknown as C,
    user: { id: first.user_id, username: p_username, display_name: p_display_name, is_active: p_is_active, locked_at: p_locked_at },
    grants: rows
      .filter((r) => r.g_role !== null && r.g_unit_id !== null && r.g_unit_path !== null)
      .map((r) => ({ role: r.g_role!, unit_id: r.g_unit_id!, unit_path: r.g_unit_path! })),
  };
}

/**
 * Every authenticated request starts here: the session or token, its user and the user's
 * grants in one statement instead of three. On PostgreSQL each statement is a round trip that
 * costs the server more CPU than the rest of a small request (issue 16's profile), so the floor
 * of every request and a third of a report's round trips before its transaction were these.
 */
export const credentialHolderRepository = {
  async session(db: Executor, id: string): Promise<CredentialHolder<SessionRow> | undefined> {
    return fold<SessionRow>((await sessionHolder(db, { id })).rows);
  },

  async token(db: Executor, hash: string): Promise<CredentialHolder<ApiTokenRow> | undefined> {
    return fold<ApiTokenRow>((await tokenHolder(db, { hash })).rows);
  },
};

// Built once (src/db/prepared.ts): every authenticated request runs one of these.
const sessionHolder = prepared((db, p: { id: string }) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('users as p', 'p.id', 's.user_id')
    .leftJoin('role_grants as g', 'g.user_id', 'p.id')
    .leftJoin('units as u', 'u.id', 'g.unit_id')
    .selectAll('s')
    .select(HOLDER_COLUMNS)
    .where('s.id', '=', p.id)
    .orderBy('g.id'),
);

const tokenHolder = prepared((db, p: { hash: string }) =>
  db
    .selectFrom('api_tokens as t')
    .innerJoin('users as p', 'p.id', 't.user_id')
    .leftJoin('role_grants as g', 'g.user_id', 'p.id')
    .leftJoin('units as u', 'u.id', 'g.unit_id')
    .selectAll('t')
    .select(HOLDER_COLUMNS)
    .where('t.token_hash', '=', p.hash)
    .orderBy('g.id'),
);
