/**
 * Turns the errors an operator meets when first pointing Dudao at a database (wrong
 * password, no server, no database, a user that may not create tables) into one line
 * naming the cause and the fix, instead of a driver stack trace. Pure: takes the error
 * and the configured URL, returns the line, or null when the error is not one of these.
 */

interface DriverError {
  code?: string;
  message?: string;
  cause?: unknown;
  address?: string;
  port?: number;
  hostname?: string;
}

/** The user, database, host and port a `postgres://` URL names (defaults as libpq's). */
function pgTarget(url: string): { user: string; database: string; host: string; port: string } {
  try {
    const u = new URL(url);
    const user = decodeURIComponent(u.username) || 'postgres';
    return {
      user,
      database: decodeURIComponent(u.pathname.replace(/^\//, '')) || user,
      host: u.hostname || 'localhost',
      port: u.port || '5432',
    };
  } catch {
    return { user: 'dudao', database: 'dudao', host: 'localhost', port: '5432' };
  }
}

/** The error itself or the first error in its `cause` chain that carries a code. */
function coded(e: unknown): DriverError | null {
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur && typeof cur === 'object'; i++) {
    const err = cur as DriverError;
    if (typeof err.code === 'string') return err;
    cur = err.cause;
  }
  return null;
}

/**
 * One line naming what is wrong with the database set-up and how to fix it, or null
 * when `e` is not a set-up error (then the caller reports it as it is).
 */
export function explainDatabaseError(e: unknown, url: string): string | null {
  const err = coded(e);
  if (!err?.code) return null;
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    if (err.code === 'SQLITE_CANTOPEN')
      return `cannot open the SQLite database ${file}: check that its folder exists and is writable by this user`;
    if (err.code === 'SQLITE_READONLY')
      return `the SQLite database ${file} is read-only for this user: give the user running Dudao write access to it and its folder`;
    return null;
  }
  const t = pgTarget(url);
  const create = `createuser -P ${t.user}; createdb -O ${t.user} ${t.database}`;
  switch (err.code) {
    case '42501':
      return (
        `PostgreSQL: permission denied for user "${t.user}" in database "${t.database}" (${err.message ?? 'insufficient privilege'}): ` +
        `Dudao's user must own its database. As postgres run \`${create}\` for a new one, ` +
        `or \`psql -c 'ALTER DATABASE ${t.database} OWNER TO ${t.user}' -c 'ALTER SCHEMA public OWNER TO ${t.user}' ${t.database}\` for an existing one`
      );
    case '28P01':
      return `PostgreSQL: password authentication failed for user "${t.user}": check the password in DUDAO_DATABASE_URL (set it with \`psql -c "\\password ${t.user}"\` as postgres, or create the user with \`${create}\`)`;
    case '28000':
      return `PostgreSQL refused user "${t.user}" on database "${t.database}" (${err.message ?? 'no pg_hba.conf entry or no such role'}): create the user with \`${create}\`, and allow it in pg_hba.conf`;
    case '3D000':
      return `PostgreSQL: database "${t.database}" does not exist on ${t.host}:${t.port}: create it owned by Dudao's user, as postgres run \`createdb -O ${t.user} ${t.database}\``;
    case 'ECONNREFUSED':
      return `PostgreSQL: connection to ${t.host}:${t.port} refused: is the server running and listening there (\`pg_isready -h ${t.host} -p ${t.port}\`)? Check the host and port in DUDAO_DATABASE_URL`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `PostgreSQL: host "${t.host}" not found: check the host in DUDAO_DATABASE_URL`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
      return `PostgreSQL: ${t.host}:${t.port} did not answer (${err.code}): check the host, the port and the firewall`;
    default:
      return null;
  }
}
