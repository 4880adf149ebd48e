import { loadConfig, type Config } from '../config/config.js';
import { openDatabase, type Database } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';
import { createServices, type Services } from '../services/index.js';

/** Opens the configured database, migrated, with services; closes it after `fn`. */
export async function withServices<T>(fn: (s: Services, db: Database, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(database);
    return await fn(createServices(database, config), database, config);
  } finally {
    await database.close();
  }
}
