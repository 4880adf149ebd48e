import type { CreateTableBuilder, Kysely } from 'kysely';
import type { Dialect } from '../database.js';

/** A migration that may need to know which engine it runs on. */
export interface DialectMigration {
  name: string;
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}

/** Adds an auto-incrementing integer primary key the way each engine spells it. */
export function withId<T extends string>(t: CreateTableBuilder<T, never>, dialect: Dialect, name = 'id'): CreateTableBuilder<T, never> {
  return dialect === 'pg'
    ? t.addColumn(name, 'serial', (c) => c.primaryKey())
    : t.addColumn(name, 'integer', (c) => c.primaryKey().autoIncrement());
}
