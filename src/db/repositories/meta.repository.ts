import type { Executor } from '../database.js';

/** Small key/value facts about this installation (demo loaded, etc.). */
export const metaRepository = {
  async get(db: Executor, key: string): Promise<string | undefined> {
    const r = await db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
    return r?.value;
  },
  async set(db: Executor, key: string, value: string): Promise<void> {
    await db
      .insertInto('meta')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  },
};
