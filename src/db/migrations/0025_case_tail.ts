import { sql, type Kysely } from 'kysely';
import type { DialectMigration } from './helpers.js';

/**
 * Issue 16 (speed): on PostgreSQL a report's serialized tail in one round trip. Every report
 * locks the year's counter row (gapless numbers) and the audit head (the chain); whoever holds
 * them makes every other report wait. Sent as separate statements, the holder spent most of that
 * time `idle in transaction`, waiting for a busy event loop to send its next statement
 * (docs/PERFORMANCE.md). This function takes the next number, writes it (and the snapshot that
 * carries the real id) on the case, and locks and returns the audit head, in that order (the
 * order a letter issued by hand takes them), all in the caller's transaction: rolled back with
 * it, so numbers stay gapless. SQLite needs none of this (one writer at a time; its path is
 * `caseRepository.nextCounter` + `update`).
 */
export const caseTail: DialectMigration = {
  name: '0025_case_tail',
  async up(db: Kysely<unknown>, dialect) {
    if (dialect !== 'pg') return;
    await sql`
      create function case_number_tail(p_case_id integer, p_year integer, p_version integer, p_snapshot text, p_updated_at varchar)
      returns table (case_number varchar, head_seq integer, head_hash varchar, head_chain_version integer)
      language plpgsql as $$
      declare
        v_value integer;
        v_number varchar;
      begin
        insert into counters (name, value) values ('case:' || p_year, 1)
          on conflict (name) do update set value = counters.value + 1
          returning value into v_value;
        v_number := p_year || '-' || lpad(v_value::text, 6, '0');
        update cases set number = v_number, snapshot = p_snapshot, updated_at = p_updated_at
          where id = p_case_id and version = p_version;
        if not found then
          raise exception 'case % at version % not found', p_case_id, p_version;
        end if;
        return query
          select v_number, h.seq, h.hash, h.chain_version from audit_head h where h.id = 1 for update;
      end
      $$`.execute(db);
  },
};
