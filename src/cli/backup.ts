import SQLite from 'better-sqlite3';

/**
 * SQLite: copies the live database with the online backup API (consistent even
 * while the server writes). PostgreSQL: returns the pg_dump command, since
 * dumping is the database's own job.
 */
export async function backupDatabase(url: string, dest: string): Promise<string> {
  if (url.startsWith('sqlite:')) {
    const db = new SQLite(url.slice('sqlite:'.length), { readonly: true, fileMustExist: true });
    try {
      await db.backup(dest);
    } finally {
      db.close();
    }
    return `backup written to ${dest}`;
  }
  return `PostgreSQL: run\n  pg_dump --format=custom --file=${JSON.stringify(dest)} "${url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:<password>@')}"`;
}
